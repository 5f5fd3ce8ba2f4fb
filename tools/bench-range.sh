#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bench-range.sh: kcheck range over the series (base..series of the base
# tree, series-check's arches, BENCH_RAND randconfigs per arch plain and
# with the KVM fragments, default 20), with its caches (the model servers
# and the result cache a first, untimed run filled) against
# --no-model-cache (the $(shell) and environment caches only: every
# re-evaluated arch parsed and every configuration resolved), run in
# turn, BENCH_RUNS pairs (default 3), by farm-bench --vs.  Both
# report the same findings (compared after the timing).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

command -v farm-bench >/dev/null || die "farm-bench (the tool library's) is not on PATH"
base_repo=$("$GMEM_TOP/tools/prepare-base.sh")
"$GMEM_TOP/tools/apply.sh" >/dev/null
make -s -C "$GMEM_TOP/kconfig-checks" >&2
rand=${BENCH_RAND:-20}
runs=${BENCH_RUNS:-3}
case $rand$runs in *[!0-9]*|'') die "BENCH_RAND and BENCH_RUNS take decimal numbers" ;; esac
work=$GMEM_CACHE/bench-range
rm -rf "$work"
mkdir -p "$work"
k=$GMEM_TOP/tools/kcheck
set -- range --tree "$base_repo" --arch x86,arm64,riscv,s390,powerpc,mips,loongarch \
	--rand "$rand" --rand-fragments --quiet refs/tags/base..refs/heads/series
log "filling the caches: one untimed run"
rc=0
"$k" "$@" --format json --output "$work/warm.json" || rc=$?
[ "$rc" -le 1 ] || die "kcheck range could not run (exit $rc)"
log "timing: $runs pairs, cached against --no-model-cache"
farm-bench -n "$runs" --warmup 0 --timeout 3600 \
	--vs "$k $* --no-model-cache" -- "$k" "$@"
"$k" "$@" --no-model-cache --format json --output "$work/uncached.json" || true
if diff <(grep -v '"seconds":' "$work/warm.json") <(grep -v '"seconds":' "$work/uncached.json") >/dev/null; then
	echo "the cached and the uncached run report the same (JSON but the seconds)"
else
	echo "the cached and the uncached run differ: $work/warm.json $work/uncached.json"
	exit 1
fi
