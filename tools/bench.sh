#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bench.sh: kcheck over every defconfig of every arch against a loop of
# 'make ARCH=<arch> O=<dir> <defconfig>', on the base tree, same machine,
# same parallelism (BENCH_JOBS, default nproc), one run.  The make loop
# uses one build directory per arch whose scripts/kconfig/conf is built
# before the clock starts; arches run in parallel, an arch's defconfigs in
# sequence.  kcheck is timed three ways: without its caches (every Kconfig
# $(shell) compiler probe and every arch's top Makefile run and every
# arch's Kconfig parsed, as make does), with the $(shell) and environment
# caches filled but every arch parsed (--no-model-cache), and with the
# caches and the model servers the run before left (what users get: no
# parse at all); its engine is built before the clock starts, as make's
# conf is.  The resolution alone, the limit, is the sum of the per-arch
# times of the model-server run (each worker only resolves) divided by
# the number of jobs.  This machine's speed drifts by tens of percent over
# minutes, so each warm kcheck run is timed once before and once after the
# ten-minute make loop and the ratios use their mean; the model servers
# are kept for the whole bench (KCHECK_MODEL_IDLE=3600).
# kconfiglib (kclib-check, Python, no caches) runs the same defconfigs at
# the same parallelism.  Prints the wall times and the ratios.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

jobs=${BENCH_JOBS:-$(nproc)}
tree=$("$GMEM_TOP/tools/prepare-base.sh")
make -s -C "$GMEM_TOP/kconfig-checks" >&2
work=$GMEM_CACHE/bench
mkdir -p "$work/obj"

arches=$("$kcheck" list --tree "$tree" --arch help)
# the matrix, as kcheck runs it: every defconfig of every arch; kconfiglib
# and the make loop run exactly this list
"$kcheck" list --tree "$tree" --no-fragments --no-all-targets >"$work/list" 2>/dev/null
ndef=$(wc -l <"$work/list")
now() { date +%s.%N; }
kbase=(--tree "$tree" --no-fragments --no-all-targets --no-code-scan -j "$jobs")
kargs=("${kbase[@]}" --quiet)

log "building scripts/kconfig/conf in one build directory per arch (not timed)"
for a in $arches; do
	cc=$("$GMEM_TOP/kconfig-checks/cross-compile.sh" "$a")
	make -s -C "$tree" O="$work/obj/$a" ARCH="$a" ${cc:+CROSS_COMPILE=$cc} scripts_basic >/dev/null 2>&1 || true
	make -s -C "$tree" O="$work/obj/$a" ARCH="$a" ${cc:+CROSS_COMPILE=$cc} scripts/kconfig/conf >/dev/null 2>&1 ||
		make -s -C "$tree" O="$work/obj/$a" ARCH="$a" ${cc:+CROSS_COMPILE=$cc} allnoconfig >/dev/null 2>&1
done

log "kcheck, no caches: $ndef defconfigs"
rm -rf "$work/kcache"
# the engine (the tree's scripts/kconfig + kcheck's worker) is built once
# per tree and cached, like make's conf: not timed
"$GMEM_TOP/kconfig-checks/engine.sh" "$tree" "$work/kcache/engine" >/dev/null
t0=$(now)
KCHECK_CACHE=$work/kcache "$kcheck" check "${kargs[@]}" --no-shell-cache >/dev/null || [ $? -eq 1 ]
t1=$(now)
export KCHECK_MODEL_IDLE=3600
# fill the caches; leaves the model servers
KCHECK_CACHE=$work/kcache "$kcheck" check "${kargs[@]}" >/dev/null || [ $? -eq 1 ]
# warm [ARGS]: seconds of a kcheck run with the filled caches; the
# progress lines in $work/warm.err
warm() {
	local a b
	a=$(now)
	KCHECK_CACHE=$work/kcache "$kcheck" check "${kbase[@]}" "$@" >/dev/null 2>"$work/warm.err" ||
		[ $? -eq 1 ] || die "kcheck failed: $(tail -n 3 "$work/warm.err")"
	b=$(now)
	echo "$b - $a" | bc
}
# served: the run took every arch's model from a model server; prints the
# resolution limit (the per-arch times summed, over the jobs)
served() {
	local runs n
	runs=$(grep -cE '^kcheck: \[[0-9]+/[0-9]+\] ' "$work/warm.err")
	n=$(grep -cE '^kcheck: \[[0-9]+/[0-9]+\] .*\(model cache\)' "$work/warm.err")
	[ "$n" = "$runs" ] || die "only $n of $runs arches took their model from a model server"
	sed -nE 's/^kcheck: \[[0-9]+\/[0-9]+\] .*, ([0-9.]+) s \(model cache\)$/\1/p' "$work/warm.err" |
		awk -v j="$jobs" '{ s += $1 } END { printf "%.2f\n", s / j }'
}
log "kcheck, caches filled, with and without the model servers (timed before and after the make loop)"
k_nomodel1=$(warm --no-model-cache)
k_warm1=$(warm)
k_res1=$(served)

log "kconfiglib (kclib-check, the second opinion): the same $ndef defconfigs"
t6=$(now)
/usr/bin/python3 "$GMEM_TOP/kconfig-checks/kclib/kclib-check" --tree "$tree" --out "$work/kclib" \
	--list "$work/list" -j "$jobs" >/dev/null 2>"$work/kclib.err" ||
	die "kclib-check failed: $(tail -3 "$work/kclib.err")"
t7=$(now)

log "make loop: $ndef x make ARCH=<arch> <defconfig>, -P $jobs"
loop() {
	local a=$1 d cc
	cc=$("$GMEM_TOP/kconfig-checks/cross-compile.sh" "$a")	# as kcheck
	[ -n "$cc" ] && export CROSS_COMPILE=$cc
	for d in $(awk -F'\t' -v a="$a" '$1 == a { print $4 }' "$work/list"); do
		d=${d#arch/$a/configs/}
		make -s -C "$tree" O="$work/obj/$a" ARCH="$a" "$d" >/dev/null 2>&1 || echo "make failed: $a $d" >&2
	done
}
t4=$(now)
# exported in a subshell only: kcheck's cache keys cover its environment,
# so the warm run after the loop must see the same one as before it
(
	export -f loop
	export tree work GMEM_TOP
	printf '%s\n' $arches | xargs -P "$jobs" -I{} bash -c 'loop {}'
)
t5=$(now)
log "kcheck, caches filled, again"
k_nomodel2=$(warm --no-model-cache)
k_warm2=$(warm)
k_res2=$(served)

k_lib=$(echo "$t7 - $t6" | bc)
k_cold=$(echo "$t1 - $t0" | bc) m=$(echo "$t5 - $t4" | bc)
k_warm=$(echo "($k_warm1 + $k_warm2) / 2" | bc -l)
k_nomodel=$(echo "($k_nomodel1 + $k_nomodel2) / 2" | bc -l)
k_res=$(echo "($k_res1 + $k_res2) / 2" | bc -l)
printf 'defconfigs:                         %d on %d arches, %d jobs\n' "$ndef" "$(echo $arches | wc -w)" "$jobs"
printf 'make loop:                          %8.1f s\n' "$m"
printf 'kconfiglib (kclib-check):           %8.1f s  (%.1fx faster than make)\n' "$k_lib" "$(echo "$m / $k_lib" | bc -l)"
printf 'kcheck (no caches):                 %8.1f s  (%.1fx faster than make)\n' "$k_cold" "$(echo "$m / $k_cold" | bc -l)"
printf 'kcheck (caches, every arch parsed): %8.1f s  (%.1fx faster than make; %.1f s before and %.1f s after the make loop)\n' \
	"$k_nomodel" "$(echo "$m / $k_nomodel" | bc -l)" "$k_nomodel1" "$k_nomodel2"
printf 'kcheck (caches and model servers):  %8.1f s  (%.1fx faster than make, %.1fx than kconfiglib; %.1f s before and %.1f s after the make loop)\n' \
	"$k_warm" "$(echo "$m / $k_warm" | bc -l)" "$(echo "$k_lib / $k_warm" | bc -l)" "$k_warm1" "$k_warm2"
printf 'resolution alone (the limit):       %8.1f s  (the model-server runs'"'"' per-arch times summed, over %d jobs; %.1f s and %.1f s)\n' \
	"$k_res" "$jobs" "$k_res1" "$k_res2"
