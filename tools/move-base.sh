#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# move-base.sh VERSION [--no-evidence] - move the pinned base tree
# (tools/base.pin) to another version of its Debian package, on purpose,
# in one commit with everything that depends on the base.
#
#   1. prepares linux-source-6.12=VERSION (apt-get download) and reads what
#      it gives: the .deb's sha256, 'make kernelversion', the base commit;
#   2. rewrites tools/base.pin;
#   3. applies patches/ on the new base with git am (make apply); a patch
#      that does not apply puts the old pin back and names the patch and
#      file:line: rebase the series first (docs/series.md, "Moving the
#      base");
#   4. regenerates patches/ (make export: the cover letter's
#      base-commit:), the base named in README.md and docs/series.md, and,
#      unless --no-evidence, the stamped notes in MAINTAINERS-notes/generated/
#      (RECORD=1 make runtime-test for x86_64 and arm64, coccicheck,
#      series-check, bisect-build; two hours on two cores), then exports again so that the cover
#      letter's testing lines come from them;
#   5. commits exactly those files: "base: move the pin to ...".
#
# patches/ and MAINTAINERS-notes/cover-letter.txt may hold a rebase of the
# series for the new base (git format-patch of the rebased branch into
# patches/, same file names): it is applied, exported and committed with
# the move.  Refuses to start when any other of those files has
# uncommitted changes, so the commit holds nothing but the move.  Exit 0
# moved, 1 the series does not apply or a proof failed (the pin is put
# back), 2 could not run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { die "usage: make move-base VERSION=<version apt has> [EVIDENCE=0] (tools/move-base.sh VERSION [--no-evidence])"; }
[ $# -ge 1 ] || usage
ver=$1
shift
evidence=1
for a in "$@"; do
	case $a in
	--no-evidence) evidence=0 ;;
	*) usage ;;
	esac
done
# A Debian version: digits, letters, and . + ~ - : only
[[ $ver =~ ^[0-9][0-9A-Za-z.+~:-]*$ ]] || die "'$ver' is not a Debian package version"

PIN=$GMEM_TOP/tools/base.pin
moved=(tools/base.pin patches README.md docs/series.md MAINTAINERS-notes/cover-letter.txt MAINTAINERS-notes/generated)
cd "$GMEM_TOP"
need git git
rebased=(patches MAINTAINERS-notes/cover-letter.txt)
[ -z "$(git status --porcelain -- "${moved[@]}" ":!${rebased[0]}" ":!${rebased[1]}")" ] ||
	die "uncommitted changes in ${moved[*]} (patches/ and the cover letter aside); commit or stash them first, the move is one commit of its own"
rebase_note=
[ -z "$(git status --porcelain -- "${rebased[@]}")" ] ||
	rebase_note="  patches/ and the cover letter carry the series as rebased for it."


old_ver=$(pin_get package_version)
old_kv=$(pin_get kernelversion)
old_commit=$(pin_get base_commit)
pkg=$(pin_get package)
[ "$ver" != "$old_ver" ] || { log "the pin is already $pkg $ver"; exit 0; }

log "preparing $pkg $ver"
tree=$(LINUX_SOURCE_PKG=$pkg LINUX_SOURCE_VERSION=$ver "$GMEM_TOP/tools/prepare-base.sh")
info=$(dirname "$tree")/base.info
get() { sed -n "s/^$1=//p" "$info"; }
sha=$(get deb_sha256) kv=$(get kernelversion) commit=$(get base_commit)
[ -n "$sha" ] && [ -n "$kv" ] && [ -n "$commit" ] || die "$info is incomplete; delete $(dirname "$tree") and rerun"

cp "$PIN" "$PIN.old"
restore() { mv "$PIN.old" "$PIN"; log "the pin is back at $pkg $old_ver"; }
sed -e "s|^package_version=.*|package_version=$ver|" \
    -e "s|^deb_sha256=.*|deb_sha256=$sha|" \
    -e "s|^kernelversion=.*|kernelversion=$kv|" \
    -e "s|^base_commit=.*|base_commit=$commit|" "$PIN.old" >"$PIN.tmp"
mv "$PIN.tmp" "$PIN"

if ! "$GMEM_TOP/tools/apply.sh" >/dev/null; then
	restore
	log "the series does not apply on $kv (above); rebase it on the new base first (docs/series.md, \"Moving the base\")"
	exit 1
fi
# The base as the docs and the cover letter's "Base:" paragraph name it
script="s/$old_commit/$commit/g; s/${old_commit:0:8}/${commit:0:8}/g; s/${old_ver//./\\.}/$ver/g; s/\\b${old_kv//./\\.}\\b/$kv/g"
sed -i "$script" README.md docs/series.md
sed -i "/^Base: /,/^\$/{ $script; }" MAINTAINERS-notes/cover-letter.txt
"$GMEM_TOP/tools/export.sh"

if [ "$evidence" = 1 ]; then
	# the quickest first, so that a failure shows early
	RECORD=1 make -s runtime-test RUNTIME_ARCH=x86_64,arm64 ||
		{ restore; die "make runtime-test failed on $kv; nothing committed (git checkout -- ${moved[*]} undoes the rest)"; }
	RECORD=1 make -s coccicheck ||
		{ restore; die "make coccicheck failed on $kv; nothing committed (git checkout -- ${moved[*]} undoes the rest)"; }
	# the two long ones side by side (an hour, not an hour and a half);
	# each keeps its output in the cache
	mkdir -p "$GMEM_CACHE/notes"
	RECORD=1 make -s series-check >"$GMEM_CACHE/notes/move-base-series-check.log" 2>&1 &
	sc=$!
	rc=0
	RECORD=1 make -s bisect-build >"$GMEM_CACHE/notes/move-base-bisect-build.log" 2>&1 || rc=$?
	wait "$sc" || rc=$?
	[ "$rc" = 0 ] || { restore; die "make series-check or bisect-build failed on $kv (logs: $GMEM_CACHE/notes/move-base-*.log); nothing committed (git checkout -- ${moved[*]} undoes the rest)"; }
	"$GMEM_TOP/tools/export.sh"
fi
rm -f "$PIN.old"

git add -- "${moved[@]}"
git commit -q -F - <<MSG
base: move the pin to $pkg $ver (Linux $kv)

Made by 'make move-base VERSION=$ver'.  The base commit is now
$commit (was $old_commit, Linux $old_kv); the series applies on it
with git am.$rebase_note  Regenerated: patches/ (cover letter base-commit:), the base
named in README.md and docs/series.md$([ "$evidence" = 1 ] && printf ', and the stamped notes\nin MAINTAINERS-notes/generated/ (series-check, bisect-build, coccicheck,\nruntime-test x86_64,arm64)' || printf ';\nnot the stamped notes (--no-evidence)').
MSG
log "moved the pin to $pkg $ver: $(git log -1 --format='%h %s')"
