# SPDX-License-Identifier: GPL-2.0-only
# tier: all
# kcheck served == kcheck fresh == make under random edits of a copy of
# the base tree (tools/served-property.sh): same-size in-place edits of
# Kconfig files with the mtime put back, files swapped by rename, the
# helper script that scripts/cc-version.sh runs, environment changes; x86
# and arm64 in turn.  A few edits here (PROPERTY_EDITS, default 6); make
# served-property runs 200.
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE

served_property() {
	run 0 env GMEM_CACHE="$BASE_CACHE" "$TOP/tools/served-property.sh" \
		--edits "${PROPERTY_EDITS:-6}" --seed 7 || { cat "$T/out"; return 1; }
	sed 's/^/note: /' "$T/out"
	grep -q ' 0 disagreed' "$T/out"
}

tcase served-property "served == --no-model-cache == --no-shell-cache == make, under random edits" served_property base
run_tests "$@"
