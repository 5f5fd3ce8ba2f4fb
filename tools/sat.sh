#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# sat.sh: kcheck sat on the series (branch 'series' from patches/, as make
# check prepares it): every select touching a KVM symbol, redundancy among
# the KVM symbols and the resting-state rules, on every KVM architecture,
# for every configuration Kconfig allows.  SAT_ARGS adds kcheck options.
# Exit status as kcheck sat: 0 clean, 1 findings, 2 could not run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

wt=$("$GMEM_TOP/tools/apply.sh")
make -s -C "$GMEM_TOP/kconfig-checks" >&2
# shellcheck disable=SC2086
exec "$kcheck" sat --tree "$wt" \
	--arch x86,arm64,riscv,s390,powerpc,mips,loongarch --symbols '*KVM*' \
	--rules "$KVM_RULES" ${SAT_ARGS:-}
