# SPDX-License-Identifier: GPL-2.0-only
# The series' mechanical renames are what their semantic patches make:
# tools/cocci-check.sh runs spatch (and the .sed beside each .cocci) on the
# tree before each rename and requires every file that names the old name
# to equal the file after the patch; a semantic patch with a rule missing
# must fail.
. "$(dirname "$0")/../lib.sh"
command -v spatch >/dev/null ||
	{ not_ok "spatch not found: apt-get install coccinelle (or make deps)"; exit 1; }
unset KERNEL_TREE
if "$TOP/tools/cocci-check.sh" >"$SCRATCH/out" 2>&1; then
	n=$(grep -c ': reproduced by spatch from tools/cocci/' "$SCRATCH/out")
	same "tools/cocci-check.sh: each rename patch reproduced by spatch" "$n" \
		"$(ls "$TOP"/tools/cocci/*.cocci | wc -l)"
	grep ': reproduced by spatch' "$SCRATCH/out"
else
	not_ok "tools/cocci-check.sh: each rename patch reproduced by spatch"
	sed 's/^/    /' "$SCRATCH/out" | tail -30
fi
mkdir "$SCRATCH/cocci"
cp "$TOP"/tools/cocci/0005-* "$SCRATCH/cocci/"
# drop the rule for the calls: only the definition is renamed
awk '/^expression list E;/ { stop = 1 } !stop' "$TOP/tools/cocci/0005-kvm-slot-has-gmem.cocci" |
	head -n -2 >"$SCRATCH/cocci/0005-kvm-slot-has-gmem.cocci"
fails_with "a semantic patch without its call rule: the files with calls differ, exit 1" 1 \
	"0005 .*: [0-9]+ of 4 files differ" env COCCI_DIR="$SCRATCH/cocci" "$TOP/tools/cocci-check.sh" 0005
