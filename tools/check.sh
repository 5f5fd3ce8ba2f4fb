#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# check.sh - the main job: prepare the base tree, apply the series in a
# worktree, check both with kcheck, print the report.
#
#   1. kcheck on the base tree, recorded as the baseline (JSON);
#   2. kcheck on the series tree with the resting-state rules
#      (kvm/kvm-guest-memfd.rules) and that baseline: only
#      what the series adds is reported;
#   3. kcheck diff base series: every symbol value the series changes.
#
# The matrix: every arch's defconfigs, each with the KVM fragments of
# kvm/fragments, all{no,yes,mod}config, and KCHECK_RAND (default
# 20) seeded randconfigs per arch, each also with the KVM fragments as
# KCONFIG_ALLCONFIG.  KCHECK_ARGS adds kcheck options (e.g. --arch x86).
# Exit: 0 the series adds no finding, 1 it does, 2 something could not run.
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

need flex flex
need bison bison
make -s -C "$GMEM_TOP/kconfig-checks" >&2
rules=$KVM_RULES
out=$(dirname "$base_repo")/report
mkdir -p "$out"
# shellcheck disable=SC2206
matrix=(--rand "${KCHECK_RAND:-20}" --rand-fragments ${KCHECK_ARGS:-})

rc=0
"$kcheck" check --tree "$base_repo" "${matrix[@]}" --format json --output "$out/base.json" || rc=$?
[ "$rc" -le 1 ] || die "kcheck could not check the base tree (exit $rc)"

echo
echo "== kcheck on the series: findings the base tree does not have, and the rules of $(basename "$rules")"
rc=0
"$kcheck" check --tree "$wt" "${matrix[@]}" --rules "$rules" --baseline "$out/base.json" || rc=$?
check_rc=$rc

echo
echo "== kcheck diff: what the series changes in resolved configurations"
rc=0
"$kcheck" diff "$base_repo" "$wt" "${matrix[@]}" || rc=$?
[ "$rc" -le 1 ] || check_rc=2
echo
case $check_rc in
0) echo "check: the series adds no finding over the base tree and every rule holds" ;;
1) echo "check: the series adds findings (above)" ;;
*) echo "check: something could not be evaluated (above)" ;;
esac
exit "$check_rc"
