#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# verify-exact.sh [--sample] [--fragments] [--arch A,B]: prove that kcheck
# resolves configurations exactly as make does.
#
# For every configuration of the matrix (all defconfigs; --sample: the first
# defconfig and all{no,yes,mod}config of each arch, x86_64_defconfig with
# each x86 fragment, and two x86 randconfigs, plain and with each x86
# fragment as KCONFIG_ALLCONFIG), run 'make O=<dir> ARCH=<arch> <target>'
# (fragments: defconfig, scripts/kconfig/merge_config.sh -m, olddefconfig),
# run 'kcheck dump' on the same matrix, and compare the symbol lines of the
# two .config files (every CONFIG_FOO=... and "# CONFIG_FOO is not set"
# line, in order).  kcheck runs without its caches and with them (every
# result from a cache entry); both must equal make.  Prints one line per
# difference, "N/N identical (kcheck without caches)" and "N/N identical".
# Exit 0 when all are identical, 1 when one differs, 2 when a side failed.
#
# The tree is the prepared base tree (or KERNEL_TREE's private copy); make
# writes only to build directories under the cache.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sample=0 frags=0 arches=
while [ $# -gt 0 ]; do
	case $1 in
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
tree=$("$GMEM_TOP/tools/prepare-base.sh")
make -s -C "$GMEM_TOP/kconfig-checks" >&2
fragdir=$KVM_FRAGMENTS

work=$GMEM_CACHE/verify-exact
rm -rf "$work/kcheck" "$work/make" "$work/list"
mkdir -p "$work/kcheck" "$work/make" "$work/obj"

[ -n "$arches" ] || arches=$(cd "$tree/arch" && for d in */; do
	[ -f "$d/Kconfig" ] && printf '%s\n' "${d%/}"; done | paste -sd, -)

# The list: ARCH NAME KIND ARG [FRAGMENT]
for a in ${arches//,/ }; do
	# as kcheck: not the files the arch Makefile has a rule of its own for
	defs=$(cd "$tree/arch/$a/configs" 2>/dev/null &&
		find . -maxdepth 2 -type f -name '*defconfig' | sed 's|^\./||' | LC_ALL=C sort |
		while read -r d; do grep -q "^$d:" "$tree/arch/$a/Makefile" || echo "$d"; done)
	if [ "$sample" = 1 ]; then
		d=$(printf '%s\n' "$defs" | head -1)
		[ "$a" = x86 ] && d=x86_64_defconfig
		[ -n "$d" ] && echo "$a $d defconfig $d"
		for t in allnoconfig allyesconfig allmodconfig; do
			echo "$a $t all $t"
		done
		if [ "$a" = x86 ]; then
			for f in "$fragdir"/x86-*.config; do
				echo "$a $d+$(basename "$f" .config) frag $d $f"
			done
			for seed in 0x1 0x2; do
				echo "$a randconfig-$seed rand $seed"
				for f in "$fragdir"/x86-*.config; do
					echo "$a randconfig-$seed+$(basename "$f" .config) rand $seed $f"
				done
			done
		fi
	else
		for d in $defs; do
			echo "$a $d defconfig $d"
			if [ "$frags" = 1 ]; then
				for f in "$fragdir/$a"-*.config; do
					[ -e "$f" ] && echo "$a $d+$(basename "$f" .config) frag $d $f"
				done
			fi
		done
	fi
done > "$work/list"
total=$(wc -l < "$work/list")
log "$total configurations on $(echo "${arches//,/ }" | wc -w) arches"

# kcheck side: the same configurations, three runs.  "cached" is what
# users run: the $(shell) and environment caches, filled by the run
# before it ("filling"), so every result comes from a cache entry; the
# "uncached" run (--no-shell-cache) runs every command.  Each is compared
# with make's output below.
kside() {
	local dir=$1 a d args
	shift
	rm -rf "$dir"
	mkdir -p "$dir"
	if [ "$sample" = 1 ]; then
		# dump what the list names: per arch, its defconfig (+ fragments)
		# and all*config; the randconfigs (plain and with each fragment
		# as KCONFIG_ALLCONFIG) come from --rand 2 on x86 only.  One
		# worker resolves all of an arch's configurations in sequence, so
		# this also proves that each starts from a fresh state.
		for a in ${arches//,/ }; do
			d=$(awk -v a="$a" '$1 == a && $3 == "defconfig" { print $4 }' "$work/list")
			args=(--arch "$a" --dump-dir "$dir" --quiet --no-fragments)
			[ -n "$d" ] && args+=(--defconfig "$d") || args+=(--no-defconfigs)
			if [ "$a" = x86 ]; then
				args=(--arch x86 --dump-dir "$dir" --quiet --defconfig "$d" --rand 2 --seed 1 --rand-fragments)
			fi
			"$kcheck" dump --tree "$tree" "${args[@]}" "$@" || die "kcheck dump failed for $a"
		done
	else
		args=(--arch "$arches" --dump-dir "$dir" --quiet --no-all-targets)
		[ "$frags" = 1 ] || args+=(--no-fragments)
		"$kcheck" dump --tree "$tree" "${args[@]}" "$@" || die "kcheck dump failed"
	fi
}
kside "$work/kcheck-uncached" --no-shell-cache
kside "$work/kcheck"
t0=$(date +%s.%N)
kside "$work/kcheck"
t1=$(date +%s.%N)

# make side: arches in parallel, configurations of one arch in sequence in
# that arch's build directory.
one_arch() {
	local a=$1 name kind arg frag obj out cc
	obj=$work/obj/$a
	# the compiler kcheck uses for this arch (kconfig-checks/cross-compile.map)
	cc=$("$GMEM_TOP/kconfig-checks/cross-compile.sh" "$a")
	[ -n "$cc" ] && export CROSS_COMPILE=$cc
	while read -r arch name kind arg frag; do
		[ "$arch" = "$a" ] || continue
		out=$work/make/$a/${name//\//_}.config
		mkdir -p "$work/make/$a"
		case $kind in
		defconfig) make -s -C "$tree" O="$obj" ARCH="$a" "$arg" >/dev/null 2>&1 ;;
		all) make -s -C "$tree" O="$obj" ARCH="$a" "$arg" >/dev/null 2>&1 ;;
		rand) make -s -C "$tree" O="$obj" ARCH="$a" KCONFIG_SEED="$arg" ${frag:+KCONFIG_ALLCONFIG="$frag"} randconfig >/dev/null 2>&1 ;;
		frag) make -s -C "$tree" O="$obj" ARCH="$a" "$arg" >/dev/null 2>&1 &&
		      "$tree/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$frag" >/dev/null 2>&1 &&
		      make -s -C "$tree" O="$obj" ARCH="$a" olddefconfig >/dev/null 2>&1 ;;
		esac && cp "$obj/.config" "$out" || echo "make failed: $a $name" > "$out.failed"
	done < "$work/list"
}
export -f one_arch
export work tree GMEM_TOP
printf '%s\n' ${arches//,/ } | xargs -P "$(nproc)" -I{} bash -c 'one_arch {}'
t2=$(date +%s.%N)

syms() { grep -E '^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set$)' "$1"; }
# compare DIR LABEL: kcheck's dumps in DIR against make's
failed=0 diff=0
compare() {
	local dir=$1 label=$2 same=0 a name kind arg frag f m k
	while read -r a name kind arg frag; do
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
[ "$failed" = 0 ] || exit 2
[ "$diff" = 0 ] || exit 1
