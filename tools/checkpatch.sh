#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# checkpatch.sh TREE PATCH... - scripts/checkpatch.pl --strict of TREE on
# each PATCH, with exactly two documented exceptions, which are the
# series' own conventions and not style problems:
#
#  - the 75-column warning on the "Upstream: <id> ("<subject>")" line that
#    maps each patch to its mainline commit (a reference line, like
#    Fixes:, which checkpatch exempts; mainline subjects are long);
#  - the BIT() suggestion for KVM_MEMSLOT_GMEM_ONLY, written (1UL << 17)
#    like its neighbour KVM_MEMSLOT_INVALID (1UL << 16), as mainline has it.
#
# FILE_PATH_CHANGES (does MAINTAINERS need updating for a new file?) is
# answered by selftests/t/30 with get_maintainer.pl instead.
# Prints what remains; exit 0 if nothing does, 1 otherwise.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || die "usage: $0 TREE PATCH..."
tree=$1
shift
[ -x "$tree/scripts/checkpatch.pl" ] || die "$tree has no scripts/checkpatch.pl"
# Run from the tree: checkpatch looks at the git repository around it.
paths=()
for p in "$@"; do
	[ -f "$p" ] || die "no patch file $p"
	paths+=("$(cd "$(dirname "$p")" && pwd)/$(basename "$p")")
done
cd "$tree"
rc=0
for p in "${paths[@]}"; do
	# checkpatch prints one block per finding, separated by blank lines:
	# keep the blocks that are not one of the two exceptions.
	left=$("$tree/scripts/checkpatch.pl" --strict --quiet --ignore FILE_PATH_CHANGES \
		--no-summary "$p" 2>&1 | awk -v RS= '
		/^WARNING: Prefer a maximum 75 chars per line/ && /\nUpstream: [0-9a-f]+ \("/ { next }
		/^CHECK: Prefer using the BIT macro/ && /#define KVM_MEMSLOT_GMEM_ONLY\t\(1UL << 17\)/ { next }
		{ print; print "" }') || true
	if [ -n "$left" ]; then
		printf '%s:\n%s\n' "$p" "$left"
		rc=1
	fi
done
exit "$rc"
