#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bench-pair.sh [--runs N] A-REV B-REV: kcheck of two commits of this
# project side by side, on the pinned base tree, paired (farm-bench --vs:
# A B A B ..., the ratio taken pair by pair, so that the machine's drift
# falls on both): the warm matrix (every defconfig of every arch, -j2,
# model servers up), the same run without caches (--no-shell-cache) and
# kcheck sat on x86 (every select).  Each commit's kcheck is built in a
# worktree of its own under the cache, and runs with a kcheck cache of its
# own, filled before the clock starts.  --runs: pairs (default 6, at least
# the 6 a "no regression" claim needs).  Prints farm-bench's reports;
# quote the medians of A/B.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
# 'make bench-pair A=... B=...' exports A and B and puts them in
# MAKEFLAGS, which every make below would inherit: kconfig-checks/
# Makefile's build directory is B, and kcheck runs make for each arch.
# The revisions come as arguments; nothing here is make's child.
unset A B MAKEFLAGS MFLAGS MAKELEVEL

runs=6
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=${2:?}; shift 2 ;;
	-*) die "usage: bench-pair.sh [--runs N] A-REV B-REV" ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || die "usage: bench-pair.sh [--runs N] A-REV B-REV"
case $runs in ''|*[!0-9]*) die "--runs takes a number, not '$runs'" ;; esac
[ "$runs" -ge 2 ] && [ "$runs" -le 50 ] || die "--runs: 2 to 50"
for r in "$1" "$2"; do
	git -C "$GMEM_TOP" rev-parse --verify -q "$r^{commit}" >/dev/null ||
		die "'$r': not a commit of this repository"
done
command -v farm-bench >/dev/null || die "farm-bench not found (the machine's paired timer; see /work/.library)"
tree=$("$GMEM_TOP/tools/prepare-base.sh")
work=$GMEM_CACHE/bench-pair
# farm-bench splits its --vs command into words (no shell)
case $work$tree in *[[:space:]]*) die "$work or $tree has a space: farm-bench's commands are split into words; set GMEM_CACHE to a path without one" ;; esac
mkdir -p "$work"

# build REV: a worktree of REV with its kcheck built; prints its directory
build() {
	local sha dir
	sha=$(git -C "$GMEM_TOP" rev-parse --verify -q "$1^{commit}")
	dir=$work/$sha
	if [ ! -x "$dir/kconfig-checks/build/kcheck" ]; then
		rm -rf -- "$dir"
		git -C "$GMEM_TOP" worktree prune
		git -C "$GMEM_TOP" worktree add -q --detach "$dir" "$sha" >&2
		make -s -C "$dir/kconfig-checks" >&2
	fi
	echo "$dir"
}
a=$(build "$1")
b=$(build "$2")
log "A = $1 ($a), B = $2 ($b), $runs pairs each"

# kc DIR: the command that runs DIR's kcheck with its own cache
kc() { echo "env KCHECK_CACHE=$1/kcheck-cache KCHECK_MODEL_IDLE=7200 $1/kconfig-checks/build/kcheck"; }
m="check --tree $tree --no-fragments --no-all-targets --no-code-scan -j2 --quiet"
s="sat --tree $tree --arch x86 --quiet"
for d in "$a" "$b"; do
	log "filling $d's caches (not timed)"
	# exit 1: findings, as on every run timed here
	$(kc "$d") $m >/dev/null || [ $? -eq 1 ]
done
echo "== warm matrix"
farm-bench -n "$runs" --timeout 1800 --vs "$(kc "$b") $m" -- $(kc "$a") $m
echo "== no caches (--no-shell-cache)"
farm-bench -n "$runs" --timeout 3600 --vs "$(kc "$b") $m --no-shell-cache" -- $(kc "$a") $m --no-shell-cache
echo "== kcheck sat, x86, every select"
farm-bench -n "$runs" --timeout 3600 --vs "$(kc "$b") $s" -- $(kc "$a") $s
