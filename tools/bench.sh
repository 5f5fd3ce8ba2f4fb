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
# minutes, so the warm kcheck runs are timed BENCH_RUNS times (default 5)
# each way, alternating, before and again after the ten-minute make loop,
# and the ratios use their median; the model servers are kept for the
# whole bench (KCHECK_MODEL_IDLE=3600).
# kconfiglib (kclib-check, Python, no caches) runs the same defconfigs at
# the same parallelism, twice: after the warm kcheck runs before the make
# loop and after those after it, so that each period of the machine's
# speed has its own (the ratio to kcheck uses their mean; each period's
# ratio is printed too).  Prints the wall times and the ratios.
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
# warm [ARGS]: one kcheck run with the filled caches; prints its seconds
# and, for a run served by the model servers (no ARGS), the resolution
# alone: the per-arch times summed, over the jobs ("-" otherwise)
warm() {
	local a b runs n res=-
	a=$(now)
	KCHECK_CACHE=$work/kcache "$kcheck" check "${kbase[@]}" "$@" >/dev/null 2>"$work/warm.err" ||
		[ $? -eq 1 ] || die "kcheck failed: $(tail -n 3 "$work/warm.err")"
	b=$(now)
	if [ $# -eq 0 ]; then
		runs=$(grep -cE '^kcheck: \[[0-9]+/[0-9]+\] ' "$work/warm.err")
		n=$(grep -cE '^kcheck: \[[0-9]+/[0-9]+\] .*\(model cache\)' "$work/warm.err")
		[ "$n" = "$runs" ] || die "only $n of $runs arches took their model from a model server"
		res=$(sed -nE 's/^kcheck: \[[0-9]+\/[0-9]+\] .*, ([0-9.]+) s \(model cache\)$/\1/p' "$work/warm.err" |
			awk -v j="$jobs" '{ s += $1 } END { printf "%.3f", s / j }')
	fi
	echo "$(echo "$b - $a" | bc) $res"
}
# warm_runs: $runs runs each way, alternating, appended to warm.runs as
# "parsed SECONDS - PERIOD" and "served SECONDS RESOLUTION PERIOD"
warm_runs() {	# PERIOD
	local i
	for i in $(seq "$runs"); do
		echo "parsed $(warm --no-model-cache) $1" >>"$work/warm.runs"
		echo "served $(warm) $1" >>"$work/warm.runs"
	done
}
# median KIND FIELD [PERIOD], range KIND FIELD: over warm.runs
median() {
	awk -v k="$1" -v f="$2" -v p="${3:-}" '$1 == k && (p == "" || $4 == p) { print $f }' "$work/warm.runs" | sort -n |
		awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
range() {
	awk -v k="$1" -v f="$2" '$1 == k { print $f }' "$work/warm.runs" | sort -n |
		awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }'
}
runs=${BENCH_RUNS:-5}
: >"$work/warm.runs"
log "kcheck, caches filled, with and without the model servers: $runs runs each before the make loop"
warm_runs before

# kclib: one run of kconfiglib on the list; prints its seconds
kclib() {
	local a b
	log "kconfiglib (kclib-check, the second opinion): the same $ndef defconfigs"
	a=$(now)
	/usr/bin/python3 "$GMEM_TOP/kconfig-checks/kclib/kclib-check" --tree "$tree" --out "$work/kclib" \
		--list "$work/list" -j "$jobs" >/dev/null 2>"$work/kclib.err" ||
		die "kclib-check failed: $(tail -3 "$work/kclib.err")"
	b=$(now)
	echo "$b - $a" | bc
}
k_lib1=$(kclib)

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
log "kcheck, caches filled: $runs runs each after the make loop"
warm_runs after
k_lib2=$(kclib)

k_lib=$(echo "($k_lib1 + $k_lib2) / 2" | bc -l)
k_cold=$(echo "$t1 - $t0" | bc) m=$(echo "$t5 - $t4" | bc)
k_warm=$(median served 2)
k_nomodel=$(median parsed 2)
k_res=$(median served 3)
printf 'defconfigs:                         %d on %d arches, %d jobs\n' "$ndef" "$(echo $arches | wc -w)" "$jobs"
printf 'make loop:                          %8.1f s\n' "$m"
printf 'kconfiglib (kclib-check):           %8.1f s  (%.1fx faster than make; mean of %.1f s before and %.1f s after the make loop)\n' \
	"$k_lib" "$(echo "$m / $k_lib" | bc -l)" "$k_lib1" "$k_lib2"
printf 'kcheck (no caches):                 %8.1f s  (%.1fx faster than make)\n' "$k_cold" "$(echo "$m / $k_cold" | bc -l)"
printf 'kcheck (caches, every arch parsed): %8.2f s  (%.1fx faster than make; median of %d runs, %s s)\n' \
	"$k_nomodel" "$(echo "$m / $k_nomodel" | bc -l)" "$((2 * runs))" "$(range parsed 2)"
printf 'kcheck (caches and model servers):  %8.2f s  (%.1fx faster than make, %.1fx than kconfiglib; median of %d runs, %s s)\n' \
	"$k_warm" "$(echo "$m / $k_warm" | bc -l)" "$(echo "$k_lib / $k_warm" | bc -l)" "$((2 * runs))" "$(range served 2)"
printf 'kcheck against kconfiglib, by period: %.1fx before the make loop (%.2f s, median of %d), %.1fx after it (%.2f s)\n' \
	"$(echo "$k_lib1 / $(median served 2 before)" | bc -l)" "$(median served 2 before)" "$runs" \
	"$(echo "$k_lib2 / $(median served 2 after)" | bc -l)" "$(median served 2 after)"
printf 'resolution alone (the limit):       %8.2f s  (the model-server runs'"'"' per-arch times summed, over %d jobs; median, %s s)\n' \
	"$k_res" "$jobs" "$(range served 3)"
