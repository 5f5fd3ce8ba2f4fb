#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bisect-build.sh [--last-only] [--only NAME,...] [--no-warnings] [--log FILE]
#
# The series' build proof.  Every patch of branch "series" (made from
# patches/ by apply.sh) is checked out in turn in one worktree of the base
# repository, and the KVM directories are built in each configuration of
# the per-patch matrix below; the last patch also on the other KVM
# architectures.  Build directories (O=, under the cache) are kept per
# configuration, so patch i+1 rebuilds what it changes.  Then arch/x86/kvm/
# (which builds virt/kvm/ too) is built with W=1 and checked with sparse
# (C=2) on the base tree and on the last patch, and the warnings in the
# files the series touches are compared.
#
# Writes the note make-bisect-build.txt (note_path in lib.sh: RECORD=1, the
# committed MAINTAINERS-notes/generated/ one) or --log FILE, whose first line
# stamps it with the sha256 of the patches it built, and prints it.
# --last-only builds the last patch only; --only limits the configurations;
# --no-warnings skips the W=1/sparse comparison.
# Exit 0: everything built, no new warning; 1: a build failed or the series
# adds a warning; 2: could not run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

last_only=0 only= warnings=1 logfile=$(note_path make-bisect-build.txt)
while [ $# -gt 0 ]; do
	case $1 in
	--last-only) last_only=1 ;;
	--only) only=$2; shift ;;
	--no-warnings) warnings=0 ;;
	--log) logfile=$2; shift ;;
	*) die "unknown option '$1' (see the top of $0)" ;;
	esac
	shift
done

frag=$KVM_FRAGMENTS
bfrag=$GMEM_TOP/tools/build-fragments
# NAME ARCH CROSS_COMPILE DEFCONFIG FRAGMENT DIR WHEN (every patch | last)
matrix="
x86_64-kvm-host    x86     -                        x86_64_defconfig    $frag/x86-kvm-host.config     arch/x86/kvm/     every
x86_64-kvm-module  x86     -                        x86_64_defconfig    $frag/x86-kvm-module.config   arch/x86/kvm/     every
i386-kvm-module    x86     -                        i386_defconfig      $frag/x86-kvm-module.config   arch/x86/kvm/     every
arm64-kvm-host     arm64   aarch64-linux-gnu-       defconfig           $frag/arm64-kvm-host.config   arch/arm64/kvm/   every
riscv64-kvm-host   riscv   riscv64-linux-gnu-       defconfig           $frag/riscv-kvm-host.config   arch/riscv/kvm/   last
s390x-kvm-host     s390    s390x-linux-gnu-         defconfig           $frag/s390-kvm-host.config    arch/s390/kvm/    last
ppc64le-kvm-hv     powerpc powerpc64le-linux-gnu-   ppc64le_defconfig   $bfrag/ppc64le-kvm.config     arch/powerpc/kvm/ last
mips64el-kvm       mips    mips64el-linux-gnuabi64- loongson3_defconfig $frag/mips-kvm-host.config    arch/mips/kvm/    last
"
selected() {
	[ -z "$only" ] && return 0
	case ",$only," in *",$1,"*) return 0 ;; esac
	return 1
}
if [ -n "$only" ]; then
	for n in ${only//,/ }; do
		grep -q "^$n " <<<"$matrix" || die "--only: no configuration named '$n'"
	done
fi
while read -r name arch cross def f dir when; do
	[ -n "$name" ] && selected "$name" || continue
	[ "$cross" = - ] || need "${cross}gcc" "gcc-${cross%-}"
done <<<"$matrix"
need make make
[ "$warnings" = 0 ] || need sparse sparse

base_repo=$("$GMEM_TOP/tools/prepare-base.sh")
wt=$("$GMEM_TOP/tools/apply.sh")
top=$(dirname "$base_repo")
n=$(pgit -C "$wt" rev-list --count refs/tags/base..series)
[ "$n" -gt 0 ] || die "the series is empty"
stamp=$(patches_stamp "$GMEM_TOP/patches")

# One worktree, checked out patch after patch (incremental builds).
bw=$top/bisect
if [ ! -e "$bw/.git" ]; then
	rm -rf "$bw"
	pgit -C "$base_repo" worktree prune
	pgit -C "$base_repo" worktree add -q --detach "$bw" refs/tags/base
fi
logs=$top/report/build
mkdir -p "$logs"

# build NAME SRC LOGTAG [SIDE]: one configuration of the matrix on SRC,
# in its reused build directory, or with SIDE (base or series) with W=1 in
# a directory of its own; prints "ok, N warnings (T s)" or "FAILED (T s)";
# the output is in $logs/LOGTAG-NAME.log.
build() {
	local name=$1 src=$2 tag=$3 side=${4:-} arch cross def f dir when t0 rc nw
	read -r _ arch cross def f dir when < <(grep "^$name " <<<"$matrix")
	t0=$(date +%s)
	rc=0
	CROSS_COMPILE=$([ "$cross" = - ] || echo "$cross") W=${side:+1} \
	BUILD_NAME=bisect-$name${side:+-W1-$side} \
		"$GMEM_TOP/tools/build-kvm.sh" "$src" "$arch" "$def" "$f" -- "$dir" \
		>"$logs/$tag-$name.log" 2>&1 || rc=$?
	nw=$(grep -c ': warning:' "$logs/$tag-$name.log" || true)
	if [ "$rc" != 0 ]; then
		printf 'FAILED (%ss)' "$(($(date +%s) - t0))"
		return 1
	fi
	printf 'ok, %s warnings (%ss)' "$nw" "$(($(date +%s) - t0))"
}

status=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
{
	echo "build-log-of: patch code sha256 $stamp"
	echo "Written by tools/bisect-build.sh (make bisect-build); do not edit."
	echo "Base: $(pgit -C "$base_repo" rev-parse refs/tags/base) ($(kernel_version "$base_repo"))."
	echo "Compilers: $(gcc --version | head -1)$(grep -v '^$' <<<"$matrix" | awk '$3 != "-" { print $3 }' | sort -u |
		while read -r c; do if command -v "${c}gcc" >/dev/null; then printf '; %s' "$("${c}gcc" --version | head -1)"; fi; done)."
	echo "Each cell: the KVM directory of that configuration built on that patch"
	echo "(make prepare, then the directory; build directories are reused from"
	echo "patch to patch, so the warning count is for what the patch rebuilt)."
	echo
} >"$out"

first=1
[ "$last_only" = 1 ] && first=$n
# (if, not &&: a loop whose last test fails would fail the assignment)
pick() { awk -v w="$1" '$7 == w { print $1 }' <<<"$matrix" | while read -r c; do if selected "$c"; then echo "$c"; fi; done; }
every=$(pick every)
lastc=$(pick last)
if [ -n "$every" ]; then
	{
		printf '| patch |'; for c in $every; do printf ' %s |' "$c"; done; echo
		printf '|---|'; for c in $every; do printf -- '---|'; done; echo
	} >>"$out"
	for i in $(seq "$first" "$n"); do
		commit=$(pgit -C "$wt" rev-parse "series~$((n - i))")
		subject=$(pgit -C "$wt" log -1 --format=%s "$commit")
		pgit -C "$bw" checkout -q -f --detach "$commit"
		row="| $i/$n $subject |"
		for c in $every; do
			log "patch $i/$n: $c"
			r=$(build "$c" "$bw" "patch-$i") || status=1
			row="$row $r |"
		done
		echo "$row" >>"$out"
	done
fi
if [ -n "$lastc" ]; then
	pgit -C "$bw" checkout -q -f --detach series
	printf '\nThe last patch (%s/%s) on the other KVM architectures:\n\n' "$n" "$n" >>"$out"
	for c in $lastc; do
		log "patch $n/$n: $c"
		r=$(build "$c" "$bw" "patch-$n") || status=1
		echo "- $c: $r" >>"$out"
	done
fi

# W=1 and sparse, base against the last patch, in the files it touches.
if [ "$warnings" = 1 ]; then
	touched=$(pgit -C "$wt" diff --name-only refs/tags/base series)
	# file: warning: message, without line numbers and build paths
	norm() {
		sed -nE "s|^($1/)?([^: ]+):[0-9]+:([0-9]+:)? warning: (.*)|\2: warning: \4|p" "$2" |
			sed -E ':a; s#(^|/)[^/: ]+/\.\./#\1#; ta' |
			grep -F -f <(printf '%s:\n' $touched) | sort -u || true
	}
	pgit -C "$bw" checkout -q -f --detach series
	for side in base series; do
		src=$bw
		[ "$side" = base ] && src=$base_repo
		log "W=1 and sparse on $side: x86_64-kvm-host arch/x86/kvm/"
		build x86_64-kvm-host "$src" "w1-$side" "$side" >/dev/null ||
			{ status=1; echo "W=1 build of $side FAILED" >>"$out"; }
		make -s -C "$src" O="$GMEM_CACHE/build/bisect-x86_64-kvm-host-W1-$side" ARCH=x86 \
			W=1 C=2 -j"$(nproc)" arch/x86/kvm/ >"$logs/sparse-$side.log" 2>&1 ||
			{ status=1; echo "sparse run on $side FAILED" >>"$out"; }
	done
	w1b=$(norm "$base_repo" "$logs/w1-base-x86_64-kvm-host.log")
	w1s=$(norm "$bw" "$logs/w1-series-x86_64-kvm-host.log")
	spb=$(norm "$base_repo" "$logs/sparse-base.log")
	sps=$(norm "$bw" "$logs/sparse-series.log")
	new_w1=$(comm -13 <(printf '%s\n' "$w1b" | sed '/^$/d') <(printf '%s\n' "$w1s" | sed '/^$/d'))
	new_sp=$(comm -13 <(printf '%s\n' "$spb" | sed '/^$/d') <(printf '%s\n' "$sps" | sed '/^$/d'))
	count() { printf '%s\n' "$1" | sed '/^$/d' | wc -l; }
	{
		echo
		echo "W=1 and sparse (make C=2) on arch/x86/kvm/ (with virt/kvm/), x86_64-kvm-host,"
		echo "base and last patch, in the $(count "$touched") files the series touches:"
		echo
		echo "- W=1: $(count "$w1b") distinct warnings on the base, $(count "$w1s") with the series, $(count "$new_w1") new"
		echo "- sparse: $(count "$spb") distinct warnings on the base, $(count "$sps") with the series, $(count "$new_sp") new"
		[ -z "$new_w1$new_sp" ] || printf '\nNew:\n%s\n%s\n' "$new_w1" "$new_sp"
	} >>"$out"
	[ -z "$new_w1$new_sp" ] || status=1
fi

mkdir -p "$(dirname "$logfile")"
cp "$out" "$logfile.tmp" && mv "$logfile.tmp" "$logfile"
cat "$logfile"
log "build logs: $logs"
exit "$status"
