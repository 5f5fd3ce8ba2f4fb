# SPDX-License-Identifier: GPL-2.0-only
# The project's own series: it applies with git am on a fresh base tree,
# export regenerates patches/ byte for byte (so patches/ is what the
# export tool writes, not hand edits), and every patch is
# checkpatch.pl --strict clean.  Imports the base tree once (a minute).
. "$(dirname "$0")/../lib.sh"
export GMEM_CACHE=$SCRATCH/cache
unset KERNEL_TREE
cp -a "$TOP/patches" "$SCRATCH/p"
check "patches/ applies with git am on the base tree" \
	env PATCHES="$SCRATCH/p" "$TOP/tools/apply.sh"
wt=$(sed -n '$p' "$SCRATCH/out")
check "export from the applied branch" env PATCHES="$SCRATCH/p" "$TOP/tools/export.sh"
check "patches/ is byte for byte what export writes" diff -r "$TOP/patches" "$SCRATCH/p"
n=0
while read -r p; do
	n=$((n + 1))
	check "checkpatch.pl --strict: $p" \
		"$wt/scripts/checkpatch.pl" --strict --quiet "$TOP/patches/$p"
	grep -q '^Signed-off-by: ' "$TOP/patches/$p" && ok "Signed-off-by: $p" ||
		not_ok "Signed-off-by: $p"
done <"$TOP/patches/series"
[ "$n" -gt 0 ] && ok "the series file names $n patches" || not_ok "the series file names no patch"
