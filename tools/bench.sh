#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bench.sh: kcheck over every defconfig of every arch against a loop of
# 'make ARCH=<arch> O=<dir> <defconfig>', on the base tree, same machine,
# same parallelism (BENCH_JOBS, default nproc), one run.  The make loop
# uses one build directory per arch whose scripts/kconfig/conf is built
# before the clock starts; arches run in parallel, an arch's defconfigs in
# sequence.  kcheck is timed twice: without its caches (every Kconfig
# $(shell) compiler probe and every arch's top Makefile run, as make runs
# them) and with the $(shell) and environment caches filled; its
# engine is built before the clock starts, as make's conf is.  This
# machine's speed drifts by tens of percent over minutes, so the warm
# kcheck run is timed once before and once after the ten-minute make loop
# and the ratio uses their mean.
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
kargs=(--tree "$tree" --no-fragments --no-all-targets --no-code-scan --quiet -j "$jobs")

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
KCHECK_CACHE=$work/kcache "$kcheck" check "${kargs[@]}" >/dev/null || [ $? -eq 1 ]	# fill the cache
warm() {
	local a b
	a=$(now)
	KCHECK_CACHE=$work/kcache "$kcheck" check "${kargs[@]}" >/dev/null || [ $? -eq 1 ]
	b=$(now)
	echo "$b - $a" | bc
}
log "kcheck, caches filled (timed before and after the make loop)"
k_warm1=$(warm)

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
k_warm2=$(warm)

k_lib=$(echo "$t7 - $t6" | bc)
k_cold=$(echo "$t1 - $t0" | bc) m=$(echo "$t5 - $t4" | bc)
k_warm=$(echo "($k_warm1 + $k_warm2) / 2" | bc -l)
printf 'defconfigs:                      %d on %d arches, %d jobs\n' "$ndef" "$(echo $arches | wc -w)" "$jobs"
printf 'make loop:                       %8.1f s\n' "$m"
printf 'kcheck (no caches):              %8.1f s  (%.1fx faster)\n' "$k_cold" "$(echo "$m / $k_cold" | bc -l)"
printf 'kcheck (caches filled):          %8.1f s  (%.1fx faster; mean of %.1f s before and %.1f s after the make loop)\n' \
	"$k_warm" "$(echo "$m / $k_warm" | bc -l)" "$k_warm1" "$k_warm2"
printf 'kconfiglib (kclib-check):        %8.1f s  (%.1fx faster)\n' "$k_lib" "$(echo "$m / $k_lib" | bc -l)"
