#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# check.sh - the main job: prepare the base tree, apply the series in a
# worktree, check both with kcheck, print the report.
#
# What does not exist yet is named, not faked: until kcheck is built this
# prints the base and the applied series, says that no Kconfig check ran,
# and exits 2 ("could not run"), the same status kcheck uses.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base_repo=$("$GMEM_TOP/tools/prepare-base.sh")
wt=$("$GMEM_TOP/tools/apply.sh")
info=$(dirname "$base_repo")/base.info
get() { sed -n "s/^$1=//p" "$info"; }

n=$(pgit -C "$wt" rev-list --count refs/tags/base..HEAD)
echo "base:   Linux $(get kernelversion) from $(get source)${KERNEL_TREE:+ (read only)}$( [ "$(get source)" = debian ] && echo " $(get package) $(get package_version)"), commit $(get base_commit)"
echo "        $base_repo"
echo "series: $n patch(es) applied with git am, branch 'series' at $(pgit -C "$wt" rev-parse HEAD)"
echo "        $wt"

kcheck=$GMEM_TOP/kconfig-checks/kcheck
if [ ! -x "$kcheck" ]; then
	echo "kcheck: not built yet (kconfig-checks/ has no checker): no Kconfig check was run"
	exit 2
fi
exec "$kcheck" diff "$base_repo" "$wt"
