#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# apply.sh - recreate the series branch from patches/ with 'git am'.
#
# Works in a git worktree of the prepared base repository (never in a tree
# the user owns): $GMEM_CACHE/trees/<key>/series, branch 'series'.  The
# branch is reset to the 'base' tag and every patch named in the quilt
# 'series' file (or, without one, every NNNN-*.patch except the cover
# letter) is applied in order with a fixed committer identity and
# --committer-date-is-author-date, so the same patches give the same
# commit ids everywhere.
#
# Prints the worktree path on stdout.  On a patch that does not apply it
# names the patch, the file and the hunk, leaves the worktree at base and
# exits 2.
#
# Environment: PATCHES (default: the project's patches/), plus whatever
# prepare-base.sh takes (KERNEL_TREE, GMEM_CACHE, ...).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PATCHES=${PATCHES:-$GMEM_TOP/patches}
[ -d "$PATCHES" ] || die "patch directory $PATCHES does not exist"
PATCHES=$(cd "$PATCHES" && pwd)

base_repo=$("$GMEM_TOP/tools/prepare-base.sh")
wt=$(dirname "$base_repo")/series

# list_patches: the patches to apply, in order, one path per line.
list_patches() {
	local p
	if [ -f "$PATCHES/series" ]; then
		while read -r p _; do
			case $p in ''|'#'*) continue ;; esac
			[ -f "$PATCHES/$p" ] ||
				die "$PATCHES/series names $p, which does not exist"
			printf '%s\n' "$PATCHES/$p"
		done <"$PATCHES/series"
	else
		for p in "$PATCHES"/[0-9][0-9][0-9][0-9]-*.patch; do
			[ -e "$p" ] || continue
			case $(basename "$p") in 0000-cover-letter.patch) continue ;; esac
			printf '%s\n' "$p"
		done
	fi
}

cache_lock
if [ ! -e "$wt/.git" ]; then
	rm -rf "$wt"
	pgit -C "$base_repo" worktree prune
	pgit -C "$base_repo" worktree add -q --detach "$wt" refs/tags/base
fi
pgit -C "$wt" am --abort >/dev/null 2>&1 || true
pgit -C "$wt" checkout -q -f -B series refs/tags/base
pgit -C "$wt" clean -q -fdx

mapfile -t list < <(list_patches)
if [ "${#list[@]}" -eq 0 ]; then
	log "no patches in $PATCHES: branch 'series' is the base commit"
fi

n=0
for p in "${list[@]}"; do
	n=$((n + 1))
	if ! out=$(GIT_COMMITTER_NAME="$(sed -n 's/^From: \(.*\) <.*/\1/p' "$p" | head -n 1)" \
		   GIT_COMMITTER_EMAIL="$(sed -n 's/^From: .*<\(.*\)>.*/\1/p' "$p" | head -n 1)" \
		   pgit -C "$wt" am -q --committer-date-is-author-date "$p" 2>&1); then
		printf '%s\n' "$out" | sed 's/^/  /' >&2
		where=$(printf '%s\n' "$out" | sed -n 's/^error: patch failed: //p' | head -n 1)
		pgit -C "$wt" am --abort >/dev/null 2>&1 || true
		pgit -C "$wt" checkout -q -f -B series refs/tags/base
		die "patch $n ($(basename "$p")) does not apply${where:+ at $where (file:line of the hunk)}; the base is $(pgit -C "$base_repo" rev-parse --short refs/tags/base) ($base_repo)"
	fi
done

log "applied ${#list[@]} patch(es) from $PATCHES onto base in $wt (branch 'series', $(pgit -C "$wt" rev-parse --short HEAD))"
printf '%s\n' "$wt"
