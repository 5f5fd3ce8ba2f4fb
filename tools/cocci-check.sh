#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# cocci-check.sh [NNNN...]: regenerate the mechanical renames of the series
# from their semantic patches and prove they equal the series' patches.
#
# For each tools/cocci/NNNN-*.cocci (patch NNNN of patches/): take every
# file of the tree before patch NNNN that names what the patch renames (the
# .cocci's "// Names:" words, as whole words, in C, headers, Kconfig and
# kbuild files) plus the files the patch touches; run spatch with the
# .cocci (its "// Options:" line) on the C files and headers, then the
# .sed beside it (the preprocessor, Kconfig and kbuild lines spatch does
# not rewrite) on them all; the result must equal every one of those files
# after patch NNNN, byte for byte: no change missed, none added anywhere
# else in the tree.  Prints one line per patch; exit 1 on a difference.
# COCCI_DIR: another directory of semantic patches (a test plants one with
# a rule missing).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need spatch coccinelle
wt=$("$GMEM_TOP/tools/apply.sh")
work=$(mktemp -d "${TMPDIR:-/tmp}/cocci-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
mapfile -t commits < <(pgit -C "$wt" rev-list --reverse refs/tags/base..HEAD)

rc=0
for cocci in "${COCCI_DIR:-$GMEM_TOP/tools/cocci}"/[0-9][0-9][0-9][0-9]-*.cocci; do
	name=$(basename "$cocci" .cocci)
	nnnn=${name%%-*}
	[ $# -eq 0 ] || [[ " $* " == *" $nnnn "* ]] || continue
	n=$((10#$nnnn))
	[ "$n" -ge 1 ] && [ "$n" -le "${#commits[@]}" ] || die "$name: no patch $nnnn in the series"
	after=${commits[$((n - 1))]}
	before=$after^
	names=$(sed -n 's|^// Names: ||p' "$cocci")
	read -ra opts <<<"$(sed -n 's|^// Options: ||p' "$cocci")"
	[ -n "$names" ] || die "$cocci has no '// Names:' line"
	dir=$work/$nnnn
	rm -rf "$dir"; mkdir -p "$dir"
	# the candidates: files naming the old names, and the files the patch touches
	{
		for w in $names; do
			pgit -C "$wt" grep -lw -e "$w" "$before" -- '*.c' '*.h' '*Kconfig*' '*Makefile*' '*.kvm' |
				sed "s|^$before:||"
		done
		pgit -C "$wt" diff --name-only "$before" "$after"
	} | sort -u >"$dir.files"
	while read -r f; do
		mkdir -p "$dir/$(dirname "$f")"
		pgit -C "$wt" show "$before:$f" >"$dir/$f" 2>/dev/null || : >"$dir/$f"
	done <"$dir.files"
	mapfile -t cfiles < <(grep -E '\.[ch]$' "$dir.files" || true)
	if [ "${#cfiles[@]}" -gt 0 ]; then
		(cd "$dir" && spatch --sp-file "$cocci" "${opts[@]}" --in-place --very-quiet \
			"${cfiles[@]}" >"$dir.spatch.log" 2>&1) ||
			{ sed 's/^/    /' "$dir.spatch.log"; die "$name: spatch failed"; }
	fi
	sedf=${cocci%.cocci}.sed
	if [ -f "$sedf" ]; then
		while read -r f; do sed -i -f "$sedf" "$dir/$f"; done <"$dir.files"
	fi
	ndiff=0
	while read -r f; do
		if ! pgit -C "$wt" show "$after:$f" 2>/dev/null | cmp -s - "$dir/$f"; then
			echo "  $f differs from patch $nnnn:"
			diff <(pgit -C "$wt" show "$after:$f" 2>/dev/null) "$dir/$f" | sed 's/^/    /' | head -20 || true
			ndiff=$((ndiff + 1))
		fi
	done <"$dir.files"
	nfiles=$(wc -l <"$dir.files")
	subject=$(pgit -C "$wt" log -1 --format=%s "$after")
	if [ "$ndiff" = 0 ]; then
		echo "$nnnn $subject: reproduced by spatch from tools/cocci/$name.cocci$([ -f "$sedf" ] && echo " + $name.sed"), $nfiles files equal"
	else
		echo "$nnnn $subject: $ndiff of $nfiles files differ"
		rc=1
	fi
done
exit "$rc"
