#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# export.sh - regenerate patches/ from the 'series' branch.
#
# The branch lives in the worktree tools/apply.sh made.  Writes, replacing
# what was there:
#   NNNN-*.patch          git format-patch output, base-commit: trailer
#   0000-cover-letter.patch  from MAINTAINERS-notes/cover-letter.txt
#                         (first line: subject; rest: body), then the
#                         kcheck summary (make series-check) and the build
#                         log (make bisect-build) when they were made for
#                         this series, with the shortlog and diffstat git adds
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
	# The kcheck summary (make series-check) goes into the cover letter,
	# but only when it was made for exactly this series.
	summary=${KCHECK_SUMMARY:-$GMEM_TOP/MAINTAINERS-notes/kcheck-summary.txt}
	if [ -f "$summary" ]; then
		stamp=$(series_stamp "$wt")
		if grep -q "^kcheck-summary-of: base..series diff sha256 $stamp\$" "$summary"; then
			desc=$(printf '%s\n\n%s' "$desc" "$(cat "$summary")")
		elif [ "$PATCHES" = "$GMEM_TOP/patches" ]; then
			die "$summary was made for another version of the series (its stamp is not $stamp); run 'make series-check'"
		else
			log "note: $summary is not for this series; the cover letter goes without it"
		fi
	fi
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
	# The build log (make bisect-build) and the runtime log (make
	# runtime-test) go in too, each when it was made from exactly these
	# patches (the cover letter aside).
	stamp=$(patches_stamp "$out")
	more=
	for note in "${BUILD_LOG:-$GMEM_TOP/MAINTAINERS-notes/build-log.txt} build-log-of bisect-build" \
		    "${RUNTIME_LOG:-$GMEM_TOP/MAINTAINERS-notes/runtime-log.txt} runtime-test-of runtime-test"; do
		read -r file key target <<<"$note"
		[ -f "$file" ] || continue
		if grep -q "^$key: patches sha256 $stamp\$" "$file"; then
			more=$(printf '%s\n\n%s' "$more" "$(cat "$file")")
		else
			log "note: $file is not for these patches (run 'make $target'); the cover letter goes without it"
		fi
	done
	[ -z "$more" ] || fp "$desc$more"
	# format-patch dates the cover letter with the clock; use the last
	# commit's author date instead so that export is reproducible.
	date=$(pgit -C "$wt" log -1 --format=%aD refs/heads/series)
	sed -i "0,/^Date: .*/s//Date: $date/" "$out/0000-cover-letter.patch"
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
