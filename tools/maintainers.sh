#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# maintainers.sh [--check]: who each patch of patches/ goes to.
#
# Runs the base tree's own scripts/get_maintainer.pl (MAINTAINERS file
# only: --no-git --no-git-fallback, so the answer depends on the tree, not
# on its history) on every patch and writes MAINTAINERS-notes/generated/tools-maintainers.sh.txt:
# maintainers and supporters in To:, reviewers and lists in Cc:; the
# cover letter goes to everyone any patch goes to.  --check compares the
# committed file with what the tree says now and fails when they differ.
#
#   maintainers.sh --addresses to|cc PATCH   (for git send-email --to-cmd)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

notes=$GMEM_TOP/MAINTAINERS-notes/generated/tools-maintainers.sh.txt

if [ "${1:-}" = --addresses ]; then
	[ $# = 3 ] || die "usage: $0 --addresses to|cc PATCH"
	key=$(basename "$3")
	case $2 in to) field=To ;; cc) field=Cc ;; *) die "--addresses: to or cc, not '$2'" ;; esac
	[ -f "$notes" ] || die "$notes does not exist; run tools/maintainers.sh"
	awk -v p="$key" -v f="$field:" '
		/^[^ ]/ { cur = $1 }
		cur == p && $1 == f { sub(/^ *[A-Za-z]+: /, ""); n = split($0, a, /, /); for (i = 1; i <= n; i++) print a[i]; found = 1 }
		END { if (!found) exit 1 }' "$notes" ||
		{ [ "$field" = Cc ] || die "$key is not in $notes; run tools/maintainers.sh"; }
	exit 0
fi

check=0
[ "${1:-}" = --check ] && check=1
tree=$("$GMEM_TOP/tools/prepare-base.sh")
[ -f "$tree/scripts/get_maintainer.pl" ] || die "$tree has no scripts/get_maintainer.pl"
need perl perl

patches=$(cd "$GMEM_TOP/patches" && ls [0-9][0-9][0-9][0-9]-*.patch 2>/dev/null | grep -v '^0000-' || true)
[ -n "$patches" ] || die "patches/ holds no patches"

# get_maintainer.pl prints "Name <addr> (role:SECTION)"; keep the order it
# gives (its own ranking), one address once.
gm() {
	(cd "$tree" && perl scripts/get_maintainer.pl --no-git --no-git-fallback \
		--no-tree "$GMEM_TOP/patches/$1")
}
join() { paste -sd, - | sed 's/,/, /g'; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
{
	echo "# Written by tools/maintainers.sh from the base tree's"
	echo "# scripts/get_maintainer.pl --no-git --no-git-fallback; do not edit."
	echo "# To: maintainers and supporters; Cc: reviewers and lists."
	all=
	for p in $patches; do
		r=$(gm "$p") || die "get_maintainer.pl failed on $p"
		to=$(grep -E '\((maintainer|supporter|chief penguin)' <<<"$r" | sed 's/ (.*//' | awk '!s[$0]++')
		cc=$(grep -vE '\((maintainer|supporter|chief penguin)' <<<"$r" | sed 's/ (.*//' | awk '!s[$0]++')
		echo "$p"
		[ -z "$to" ] || echo "  To: $(join <<<"$to")"
		[ -z "$cc" ] || echo "  Cc: $(join <<<"$cc")"
		all=$(printf '%s\nTo\t%s\nCc\t%s' "$all" "$(join <<<"$to")" "$(join <<<"$cc")")
	done
	to=$(awk -F'\t' '$1 == "To" { n = split($2, a, /, /); for (i = 1; i <= n; i++) if (!s[a[i]]++) print a[i] }' <<<"$all")
	cc=$(awk -F'\t' '$1 == "Cc" { n = split($2, a, /, /); for (i = 1; i <= n; i++) if (!s[a[i]]++) print a[i] }' <<<"$all" |
		grep -vxF -f <(printf '%s\n' "$to") || true)
	echo "0000-cover-letter.patch"
	[ -z "$to" ] || echo "  To: $(join <<<"$to")"
	[ -z "$cc" ] || echo "  Cc: $(join <<<"$cc")"
} >"$out"

if [ "$check" = 1 ]; then
	if ! diff -u "$notes" "$out"; then
		die "$notes is not what get_maintainer.pl says for patches/; run tools/maintainers.sh"
	fi
	log "$notes matches get_maintainer.pl"
	exit 0
fi
cp "$out" "$notes"
cat "$notes"
