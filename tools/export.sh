#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# export.sh - regenerate patches/ from the 'series' branch.
#
# The branch lives in the worktree tools/apply.sh made.  Writes, replacing
# what was there:
#   NNNN-*.patch          git format-patch output, base-commit: trailer
#   0000-cover-letter.patch  from MAINTAINERS-notes/cover-letter.txt
#                         (first line: subject; rest: body), then a testing
#                         summary of at most 15 lines drawn from the kcheck
#                         summary (make series-check), the build log (make
#                         bisect-build) and the runtime log (make
#                         runtime-test), each only when it was made for this
#                         series; the full evidence stays in those files.
#                         git adds the shortlog and diffstat.
#   series                quilt series file
#   series.mbox           every patch in order, for 'git am' / 'b4 am'
# The output depends only on the branch and the cover text: no clock, no
# git version string.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PATCHES=${PATCHES:-$GMEM_TOP/patches}
COVER=${COVER:-$GMEM_TOP/MAINTAINERS-notes/cover-letter.txt}

base_repo=$("$GMEM_TOP/tools/prepare-base.sh")
wt=$(dirname "$base_repo")/series
[ -e "$wt/.git" ] || die "no series worktree at $wt; run 'make apply' first"
pgit -C "$wt" rev-parse -q --verify refs/heads/series >/dev/null ||
	die "$wt has no 'series' branch; run 'make apply' first"
[ -z "$(pgit -C "$wt" status --porcelain -uno)" ] ||
	die "$wt has uncommitted changes; commit them to the series branch first"

n=$(pgit -C "$wt" rev-list --count refs/tags/base..refs/heads/series)
mkdir -p "$PATCHES"
tmpd=$(mktemp -d "$PATCHES/.export-XXXXXX")
trap 'rm -rf "$tmpd"' EXIT
out=$tmpd/p

if [ "$n" -gt 0 ]; then
	desc=
	[ -f "$COVER" ] && desc=$(cat "$COVER")
	# The cover letter is from whoever wrote the last patch.
	fp() {
		rm -rf "$out" && mkdir "$out"
		GIT_AUTHOR_NAME=$(pgit -C "$wt" log -1 --format=%an refs/heads/series) \
		GIT_AUTHOR_EMAIL=$(pgit -C "$wt" log -1 --format=%ae refs/heads/series) \
		GIT_COMMITTER_NAME=$(pgit -C "$wt" log -1 --format=%an refs/heads/series) \
		GIT_COMMITTER_EMAIL=$(pgit -C "$wt" log -1 --format=%ae refs/heads/series) \
		pgit -C "$wt" -c branch.series.description="$1" format-patch -q \
			--cover-letter --cover-from-description=subject \
			--base=refs/tags/base --signature=gmem-kconfig \
			--subject-prefix=PATCH \
			-o "$out" refs/tags/base..refs/heads/series
	}
	fp "$desc"
	# The testing summary, from the notes made for exactly this series.
	testing=$("$GMEM_TOP/tools/cover-testing.sh" "$(series_stamp "$wt")" "$(patches_stamp "$out")")
	[ -z "$testing" ] || fp "$(printf '%s\n\n%s' "$desc" "$testing")"
	# format-patch dates the cover letter with the clock; use the last
	# commit's author date instead so that export is reproducible.
	date=$(pgit -C "$wt" log -1 --format=%aD refs/heads/series)
	sed -i "0,/^Date: .*/s//Date: $date/" "$out/0000-cover-letter.patch"
	# format-patch folds a long From: over two lines; b4 (0.12) copies
	# header values as they are and stops on the line break, so each
	# header is unfolded onto one line (RFC 5322 allows 998 characters).
	for p in "$out"/[0-9][0-9][0-9][0-9]-*.patch; do
		awk 'h && /^[ \t]/ { sub(/^[ \t]+/, " "); hdr = hdr $0; next }
		     h && hdr != "" { print hdr; hdr = "" }
		     h && /^$/ { h = 0 }
		     h { hdr = $0; next }
		     NR == 1 { h = 1 }
		     { print }' "$p" >"$p.unfolded" && mv "$p.unfolded" "$p"
	done
	# A thread, as git send-email and b4 make one: each patch answers
	# the cover letter.  Message-Ids are derived from the commit ids, so
	# that an export is reproducible (format-patch's would carry the
	# clock and the host name); b4 am needs them to find the series.
	msgid() { printf '<%s.%s@gmem-kconfig.invalid>' "$(head -1 "$1" | cut -d' ' -f2 | cut -c1-12)" "$(basename "$1" | cut -c1-4)"; }
	cover=$(msgid "$out/0000-cover-letter.patch")
	for p in "$out"/[0-9][0-9][0-9][0-9]-*.patch; do
		id=$(msgid "$p")
		case ${p##*/} in
		0000-*) hdr="Message-Id: $id" ;;
		*) hdr=$(printf 'Message-Id: %s\nIn-Reply-To: %s\nReferences: %s' "$id" "$cover" "$cover") ;;
		esac
		awk -v h="$hdr" '!done && /^Subject: / { print; print h; done = 1; next } { print }' \
			"$p" >"$p.threaded" && mv "$p.threaded" "$p"
	done
	(cd "$out" && ls [0-9][0-9][0-9][0-9]-*.patch | grep -v '^0000-') >"$out/series"
	while read -r p; do cat "$out/$p"; done <"$out/series" >"$out/series.mbox"
else
	log "branch 'series' has no commits over base; patches/ will hold none"
	mkdir "$out"
	: >"$out/series"
fi

rm -f "$PATCHES"/[0-9][0-9][0-9][0-9]-*.patch "$PATCHES/series" "$PATCHES/series.mbox"
mv "$out"/* "$PATCHES"/ 2>/dev/null || true
log "exported $n patch(es) from $wt to $PATCHES"
