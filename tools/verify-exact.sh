#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# verify-exact.sh [--sample] [--fragments] [--arch A,B] [--tree DIR]: prove
# that kcheck resolves configurations exactly as make does.
#
# For every configuration of the matrix (all defconfigs; --sample: the first
# defconfig and all{no,yes,mod}config of each arch, x86_64_defconfig with
# each x86 fragment, and two x86 randconfigs, plain and with each x86
# fragment as KCONFIG_ALLCONFIG), run 'make O=<dir> ARCH=<arch> <target>'
# (fragments: defconfig, scripts/kconfig/merge_config.sh -m, olddefconfig),
# run 'kcheck dump' on the same matrix, and compare the symbol lines of the
# two .config files (every CONFIG_FOO=... and "# CONFIG_FOO is not set"
# line, in order).  kcheck runs without its caches, with them (every
# result from a cache entry, every model from a model server) and once more
# with them (each model server's runner reused); all must equal make.
# Prints one line per difference, "N/N identical (kcheck without caches)",
# "N/N identical", "N/N identical (again, ...)", and how many arch runs of
# the cached runs took their model from a model server.
# Exit 0 when all are identical, 1 when one differs, 2 when a side failed.
#
# The tree is the prepared base tree (or KERNEL_TREE's private copy, or
# --tree DIR, such as tools/upstream/tree.sh's); make writes only to build
# directories under the cache.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sample=0 frags=0 arches= tree=
while [ $# -gt 0 ]; do
	case $1 in
	--tree) tree=$2; shift ;;
	--sample) sample=1 ;;
	--fragments) frags=1 ;;
	--arch) arches=$2; shift ;;
	*) die "unknown option '$1' (see the top of $0)" ;;
	esac
	shift
done

need make make
need flex flex
need bison bison
if [ -n "$tree" ]; then
	why=$(is_kernel_tree "$tree") || die "--tree: $why"
else
	tree=$("$GMEM_TOP/tools/prepare-base.sh")
fi
make -s -C "$GMEM_TOP/kconfig-checks" >&2
fragdir=$KVM_FRAGMENTS

work=$GMEM_CACHE/verify-exact
rm -rf "$work/kcheck" "$work/kcheck-again" "$work/make" "$work/list"
mkdir -p "$work/kcheck" "$work/make" "$work/obj"

[ -n "$arches" ] || arches=$("$kcheck" list --tree "$tree" --arch help | paste -sd, -)

# The matrix: each_call FN calls FN with the kcheck arguments of each run;
# 'kcheck list' with the same arguments names the configurations that run
# dumps, so make is run on exactly the list kcheck runs.  --sample: per
# arch its first defconfig (x86: x86_64_defconfig) and all*config; on x86
# also the KVM fragments and two randconfigs, plain and with each fragment
# as KCONFIG_ALLCONFIG.  Otherwise every defconfig (--fragments: + each
# KVM fragment).
each_call() {
	local fn=$1 a d
	shift
	if [ "$sample" = 1 ]; then
		for a in ${arches//,/ }; do
			if [ "$a" = x86 ]; then
				"$fn" --arch x86 --defconfig x86_64_defconfig --rand 2 --seed 1 \
					--fragments "$fragdir" --rand-fragments "$@"
				continue
			fi
			d=$("$kcheck" list --tree "$tree" --arch "$a" --no-all-targets --no-fragments 2>/dev/null |
				awk -F'\t' 'NR == 1 { print $2 }')
			if [ -n "$d" ]; then
				"$fn" --arch "$a" --no-fragments --defconfig "$d" "$@"
			else
				"$fn" --arch "$a" --no-fragments --no-defconfigs "$@"
			fi
		done
	elif [ "$frags" = 1 ]; then
		"$fn" --arch "$arches" --no-all-targets --fragments "$fragdir" "$@"
	else
		"$fn" --arch "$arches" --no-all-targets --no-fragments "$@"
	fi
}
list_call() { "$kcheck" list --tree "$tree" "$@" 2>/dev/null || die "kcheck list failed: $*"; }
# The list: ARCH NAME KIND TARGET FRAGMENT ('-' when none), tab separated
each_call list_call > "$work/list"
total=$(wc -l < "$work/list")
log "$total configurations on $(echo "${arches//,/ }" | wc -w) arches"

# kcheck side: the same configurations, three runs.  "cached" is what
# users run: the $(shell) and environment caches and the model servers,
# filled and left by the run before it ("filling"), so every result comes
# from a cache entry and every arch's parsed model from a model server
# (the progress lines say "(model cache)"; any other fails the proof); the
# "uncached" run (--no-shell-cache) runs every command and parses every
# arch.  Each is compared with make's output below.  One worker resolves
# all of an arch's configurations in sequence, so this also proves that
# each starts from a fresh state.  The cached run's arches are each the
# first run of their model server's runner (a copy of the parsed model
# that serves run after run, cache/serve.c); a fourth run ("again") is
# served by the same runners, each starting from the state the run
# before left, and is compared too.
dump_call() {
	"$kcheck" dump --tree "$tree" --dump-dir "$dir" "$@" >/dev/null 2>>"$dir.progress" ||
		die "kcheck dump failed: $* ($(tail -n 3 "$dir.progress"))"
}
kside() {
	local dir=$1
	shift
	rm -rf "$dir" "$dir.progress"
	mkdir -p "$dir"
	each_call dump_call "$@"
}
kside "$work/kcheck-uncached" --no-shell-cache
kside "$work/kcheck"
t0=$(date +%s.%N)
kside "$work/kcheck"
t1=$(date +%s.%N)
kside "$work/kcheck-again"
# (grep -c prints 0 and fails when none matches: the count is the verdict)
runs=$(cat "$work/kcheck.progress" "$work/kcheck-again.progress" | grep -cE '^kcheck: \[[0-9]+/[0-9]+\] ' || true)
served=$(cat "$work/kcheck.progress" "$work/kcheck-again.progress" |
	grep -cE '^kcheck: \[[0-9]+/[0-9]+\] .*\(model cache\)' || true)

# make side: arches in parallel, configurations of one arch in sequence in
# that arch's build directory.
one_arch() {
	local a=$1 name kind arg frag obj out cc
	obj=$work/obj/$a
	# the compiler kcheck uses for this arch (kconfig-checks/cross-compile.map)
	cc=$("$GMEM_TOP/kconfig-checks/cross-compile.sh" "$a")
	[ -n "$cc" ] && export CROSS_COMPILE=$cc
	while IFS=$'\t' read -r arch name kind arg frag; do
		[ "$arch" = "$a" ] || continue
		out=$work/make/$a/${name//\//_}.config
		mkdir -p "$work/make/$a"
		[ "$frag" = - ] && frag=
		case $kind in
		defconfig)
			arg=${arg#arch/$a/configs/}
			make -s -C "$tree" O="$obj" ARCH="$a" "$arg" >/dev/null 2>&1 &&
			if [ -n "$frag" ]; then
				"$tree/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$frag" >/dev/null 2>&1 &&
				make -s -C "$tree" O="$obj" ARCH="$a" olddefconfig >/dev/null 2>&1
			fi ;;
		all) make -s -C "$tree" O="$obj" ARCH="$a" "$arg" >/dev/null 2>&1 ;;
		randconfig) make -s -C "$tree" O="$obj" ARCH="$a" KCONFIG_SEED="$arg" ${frag:+KCONFIG_ALLCONFIG="$frag"} randconfig >/dev/null 2>&1 ;;
		*) false ;;
		esac && cp "$obj/.config" "$out" || echo "make failed: $a $name" > "$out.failed"
	done < "$work/list"
}
export -f one_arch
export work tree GMEM_TOP
printf '%s\n' ${arches//,/ } | xargs -P "$(nproc)" -n 1 bash -c 'one_arch "$1"' _
t2=$(date +%s.%N)

syms() { grep -E '^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set$)' "$1"; }
# compare DIR LABEL: kcheck's dumps in DIR against make's
failed=0 diff=0
compare() {
	local dir=$1 label=$2 same=0 a name kind arg frag f m k
	while IFS=$'\t' read -r a name kind arg frag; do
		f=${name//\//_}.config
		m=$work/make/$a/$f k=$dir/$a/$f
		if [ ! -f "$m" ] || [ ! -f "$k" ]; then
			echo "MISSING $a/$name$label (make: $([ -f "$m" ] && echo ok || echo none), kcheck: $([ -f "$k" ] && echo ok || echo none))"
			failed=$((failed + 1))
		elif cmp -s <(syms "$m") <(syms "$k"); then
			same=$((same + 1))
		else
			echo "DIFFERENT $a/$name$label: $(diff <(syms "$m") <(syms "$k") | grep -c '^[<>]') lines"
			diff=$((diff + 1))
		fi
	done < "$work/list"
	echo "$same/$total identical$label"
}
printf 'kcheck %.1f s (cached), make loop %.1f s (-j%s)\n' "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$(nproc)"
compare "$work/kcheck-uncached" " (kcheck without caches)"
compare "$work/kcheck" ""
compare "$work/kcheck-again" " (again, the model servers' runners reused)"
echo "$served/$runs arch runs of the cached kcheck (both runs) took their parsed model from a model server"
[ "$served" = "$runs" ] || failed=$((failed + 1))
[ "$failed" = 0 ] || exit 2
[ "$diff" = 0 ] || exit 1
