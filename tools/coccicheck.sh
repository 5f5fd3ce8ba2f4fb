#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# coccicheck.sh: the kernel's own 'make coccicheck MODE=report' on the base
# tree and on the last patch of the series, on each C file the series
# touches (M=<file>, ARCH of the file's arch/ directory); reports the
# warnings about those files that
# the series adds (matched on file and message, not line number), like the
# W=1 and sparse columns of the build log.  Writes the note
# make-coccicheck.txt (note_path in lib.sh: RECORD=1, the committed
# MAINTAINERS-notes/generated/ one), stamped with the code of the patches,
# and prints it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need spatch coccinelle
base=$("$GMEM_TOP/tools/prepare-base.sh")
wt=$("$GMEM_TOP/tools/apply.sh")
out=$(note_path make-coccicheck.txt)
work=$GMEM_CACHE/coccicheck
rm -rf "$work"
mkdir -p "$work"

mapfile -t files < <(pgit -C "$wt" diff --name-only refs/tags/base refs/heads/series -- '*.c' |
	grep -v '^tools/')
[ "${#files[@]}" -gt 0 ] || die "the series touches no kernel C file"

# report TREE NAME: coccicheck's report lines about the touched files
report() {
	local tree=$1 name=$2 f arch
	: >"$work/$name.raw"
	for f in "${files[@]}"; do
		[ -f "$tree/$f" ] || continue
		arch=x86
		case $f in arch/*) arch=${f#arch/}; arch=${arch%%/*} ;; esac
		make -s -C "$tree" coccicheck MODE=report M="$f" ARCH="$arch" J="$(nproc)" \
			>>"$work/$name.raw" 2>>"$work/$name.err" ||
			die "make coccicheck M=$f failed on $name (see $work)"
	done
	# "path:line:col-col: message" -> "path: message", touched files only
	grep -E '^[^ :]+\.[ch]:[0-9]+' "$work/$name.raw" |
		sed -E 's#^(\./)?([^:]+):[0-9]+(:[0-9-]+)?: #\2: #' |
		grep -F -f <(printf '%s:\n' "${files[@]}") | sort >"$work/$name.txt" || true
}
t0=$SECONDS
report "$base" base
report "$wt" series
new=$(comm -13 <(sort -u "$work/base.txt") <(sort -u "$work/series.txt"))
nnew=$(printf '%s' "$new" | grep -c . || true)
{
	echo "coccicheck-log-of: patch code sha256 $(patches_stamp "$GMEM_TOP/patches")"
	echo "Written by tools/coccicheck.sh; do not edit."
	echo "make coccicheck MODE=report M=<file> ($(spatch --version | sed -n '1s/ compiled.*//p'))"
	echo "on the ${#files[@]} C files the series touches (tools/ aside):"
	printf '  %s\n' "${files[@]}"
	echo "warnings about those files: base $(wc -l <"$work/base.txt"), last patch $(wc -l <"$work/series.txt"); new: $nnew"
	[ -z "$new" ] || printf '%s\n' "$new" | sed 's/^/  /'
	echo "($((SECONDS - t0)) s on $(nproc) cores)"
} >"$out"
cat "$out"
[ "$nnew" = 0 ]
