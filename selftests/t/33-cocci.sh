# SPDX-License-Identifier: GPL-2.0-only
# The series' mechanical renames are what their semantic patches make:
# tools/cocci-check.sh NNNN runs spatch (and the .sed beside the .cocci)
# on the tree before rename patch NNNN and requires every file that names
# the old name to equal the file after the patch; one test per semantic
# patch of tools/cocci/.  A semantic patch with a rule missing must fail.
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE

needs_spatch() { require spatch coccinelle; }
# cocci-check.sh says patch NNNN is reproduced (the test's name,
# rename-NNNN-..., names it; the expected file is reproduced.NNNN)
reproduced() {
	local nnnn=${TNAME#rename-}
	nnnn=${nnnn%%-*}
	run 0 "$TOP/tools/cocci-check.sh" "$nnnn" &&
	grep ': reproduced by spatch from tools/cocci/' "$T/out" | expect "$nnnn"
}
rule_missing() {
	mkdir cocci && cp "$TOP"/tools/cocci/0005-* cocci/ &&
	# drop the rule for the calls: only the definition is renamed
	awk '/^expression list E;/ { stop = 1 } !stop' "$TOP/tools/cocci/0005-kvm-slot-has-gmem.cocci" |
		head -n -2 >cocci/0005-kvm-slot-has-gmem.cocci &&
	run 1 env COCCI_DIR="$T/cocci" "$TOP/tools/cocci-check.sh" 0005 &&
	grep -E '^0005 ' "$T/out" | sed -E 's/[0-9]+(\.[0-9]+)? s\b/T s/g' | expect
}

for c in "$TOP"/tools/cocci/[0-9][0-9][0-9][0-9]-*.cocci; do
	c=${c##*/}
	tcase "rename-${c%.cocci}" "patch ${c%%-*} is what spatch makes from tools/cocci/$c" reproduced spatch
done
tcase rule-missing "a semantic patch without its call rule: the files with calls differ, exit 1" rule_missing spatch
run_tests "$@"
