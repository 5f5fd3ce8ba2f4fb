# SPDX-License-Identifier: GPL-2.0-only
# kcheck sat, the all-configurations mode, on a fixture tree
# (selftests/fixtures/sat1 plus the base tree's scripts/kconfig), its
# reports against selftests/expected/68-kcheck-sat/: every planted bug is
# found with a minimal counterexample; the tricky clean constructs are
# proved clean; invariants are proved or refuted; the planted
# redundancies are proved; each counterexample, run through kcheck's
# matrix path (the engine verify-exact compares with make), shows the same
# unmet dependency.  The sat tests run again under ASan+UBSan (asan-NAME).
# The differential test (--sample): models of the encoding resolved by
# kconfig agree symbol for symbol, and a wrong encoding (KCHECK_FAULT)
# makes it fail.  Then the property tests: every unmet dependency the engine finds in
# randconfigs (fixture, and x86 of the base tree) is one the SAT mode says
# is possible.
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE

sat() { SAT=(sat --tree "$FX" --rules "$FX/sat.rules" --symbols 'R*' --unmet all); }
kc() { expect_run "$@"; }

# the whole text report: the three planted bugs confirmed with their
# counterexamples (the five-switch one minimal: P1..P5 and BUG_DEEP), the
# clean constructs proved, the invariants, the redundancies
report() { sat && kc 1 "$KCHECK" "${SAT[@]}"; }
clean_scope() { kc 0 "$KCHECK" sat --tree "$FX" --symbols "CLEAN*" --no-redundancy; }
list_proved() {
	sat && run 1 "$KCHECK" "${SAT[@]}" --list-proved --format json --output "$T/lp.json" &&
	/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print("confirmed", r["confirmed"], "unconfirmed", r["unconfirmed"], "findings", r["summary"]["findings"])
for a in r["arches"]:
    for x in a["results"]:
        if x["what"] == "unmet":
            print(x["status"], x["target"], x["selector"], "dependency", x["dependency"])' "$T/lp.json" |
	expect || return 1
	# the text report is the same with and without it
	run 1 "$KCHECK" "${SAT[@]}" --list-proved && sed -E 's/[0-9]+\.[0-9]+ s/T s/' "$T/out" >"$T/with" &&
	run 1 "$KCHECK" "${SAT[@]}" && sed -E 's/[0-9]+\.[0-9]+ s/T s/' "$T/out" >"$T/without" &&
	diff "$T/without" "$T/with"
}
json_findings() {
	sat && run 1 "$KCHECK" "${SAT[@]}" --format json --output "$T/r.json" &&
	/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(r["kcheck-sat"], r["summary"])
for f in r["findings"]:
    print(f["check"], f["file"], f["line"], f["symbol"], f["configurations"],
          [k["key"] for k in f["keys"]], sep=" | ")' "$T/r.json" | expect
}
baseline() {
	sat && run 1 "$KCHECK" "${SAT[@]}" --format json --quiet --output "$T/base.json" &&
	grep -v "^invariant BUG_TRI" "$FX/sat.rules" >"$T/r2" &&
	kc 0 "$KCHECK" sat --tree "$FX" --rules "$T/r2" --symbols "R*" --unmet all --baseline "$T/base.json"
}

# each counterexample as a defconfig of the fixture, through kcheck check
counterexamples() {
	local n=0 line
	cp -r "$FX" "$T/tree"
	sat && run 1 "$KCHECK" "${SAT[@]}" && cp "$T/out" "$T/sat.txt" || return 1
	while IFS= read -r line; do
		n=$((n + 1))
		printf '%s\n' $line >"$T/tree/arch/sat/configs/cx${n}_defconfig"
	done < <(grep -A1 "sat-unmet, confirmed" "$T/sat.txt" | sed -n 's/.*make olddefconfig): //p')
	[ "$n" = 3 ] || { echo "$n counterexamples, wanted 3"; return 1; }
	kc 1 "$KCHECK" --tree "$T/tree" --no-code-scan --no-all-targets
}

# the differential test: every sample agrees; with rev_dep dropped from the
# encoding (a planted encoding bug) samples differ, a finding, exit 1
sample_fixture() { kc 0 "$KCHECK" sat --tree "$FX" --unmet none --no-redundancy --sample 100; }
sample_fault() {
	KCHECK_FAULT=sat-no-rev:sat run 1 "$KCHECK" sat --tree "$FX" --unmet none \
		--no-redundancy --sample 20 --quiet || return 1
	grep -q "^    differs: " "$T/out" && grep "^sat:" "$T/out" | sed 's/[0-9]* differ$/N differ/' | expect
}
sample_x86() {
	run 0 "$KCHECK" sat --tree "$BASE" --arch x86 --unmet none --no-redundancy --sample 40 --quiet &&
	grep -E "^  differential|^sat:" "$T/out" | expect
}

# --implications' arguments: --assume alone, a bad value, an unknown symbol
imply_args() {
	local a
	for a in "--symbols R* --assume RS=y" "--implications" \
		"--symbols R* --implications --assume RS=x" \
		"--symbols R* --implications --assume NOSUCH=y" \
		"--symbols R* --implications --assume RS=y,"; do
		# shellcheck disable=SC2086
		set -f && run 2 "$KCHECK" sat --tree "$FX" --no-redundancy --unmet none --quiet $a || return 1
		echo "$a:"
		grep -h "error\|could not" "$T/out" "$T/err"
	done | expect
}

# a scope too wide for the pairs it would ask: refused after the parse,
# before any solving, with the way out
imply_wide() {
	run 2 "$KCHECK" sat --tree "$BASE" --arch x86 --symbols '*' --implications \
		--unmet none --no-redundancy --quiet &&
	grep -h "could not\|error" "$T/out" "$T/err" | sed -E 's/[0-9]+ symbols/N symbols/; s/x [0-9]+ candidates/x N candidates/' | expect
}

# property: unmet dependencies of randconfigs (the engine) are a subset
# of what the SAT mode says is possible
pairs() {	# kcheck check JSON -> "TARGET SELECTOR" lines
	grep -o '"key": "unmet-dependency|[^|]*|[^|]*|' "$1" | cut -d'|' -f2,3 | tr '|' ' ' | sort -u
}
satpairs() {	# kcheck sat text -> "TARGET SELECTOR" lines, confirmed or not
	sed -n 's/^  .*: \(warning\|note\): select \([A-Za-z0-9_]*\) in \([A-Za-z0-9_]*\) .*/\2 \3/p' "$1" | sort -u
}
subset() {	# RAND SAT
	[ -s "$1" ] || { echo "no unmet dependency in the randconfigs"; return 1; }
	echo "$(wc -l <"$1") pairs from the randconfigs:"
	cat "$1"
	comm -23 "$1" "$2" >"$T/missing"
	[ ! -s "$T/missing" ] || { echo "not possible for the SAT mode:"; cat "$T/missing"; return 1; }
}
property_fixture() {
	sat && run 1 "$KCHECK" "${SAT[@]}" && satpairs "$T/out" >"$T/fx.sat" &&
	run 1 "$KCHECK" check --tree "$FX" --no-code-scan --rand 300 --format json --output "$T/fx.json" &&
	pairs "$T/fx.json" >"$T/fx.rand" && subset "$T/fx.rand" "$T/fx.sat"
}
property_x86() {
	local scope
	run 1 "$KCHECK" check --tree "$BASE" --arch x86 --no-defconfigs --no-code-scan --rand 300 \
		--fragments "$KVM_FRAGMENTS" --rand-fragments --format json --output "$T/x86.json" &&
	pairs "$T/x86.json" >"$T/x86.rand" || return 1
	scope=$(cut -d' ' -f2 "$T/x86.rand" | sort -u | paste -sd,)
	run 1 "$KCHECK" sat --tree "$BASE" --arch x86 --symbols "${scope:-NONE}" --no-redundancy &&
	satpairs "$T/out" >"$T/x86.sat" && subset "$T/x86.rand" "$T/x86.sat"
}

for k in kcheck kcheck_asan; do
	p=
	[ "$k" = kcheck_asan ] && p=asan-
	tcase "${p}report" "the three planted unmet dependencies confirmed with minimal counterexamples; clean constructs, invariants and redundancies; exit 1" report $k sat1
	tcase "${p}clean-scope" "a scope of clean selects exits 0" clean_scope $k sat1
	tcase "${p}list-proved" "--list-proved: the clean selects and RS (no dependencies: y) proved in the JSON only, the counts unchanged" list_proved $k sat1
	tcase "${p}json" "--format json: the confirmed findings with keys" json_findings $k sat1
	tcase "${p}baseline" "--baseline: findings in the baseline are not new, exit 0 once the invariant is gone" baseline $k sat1
done
tcase sample-fixture "--sample 100 on the fixture: every model resolved by kconfig agrees" sample_fixture kcheck sat1
tcase sample-fault "--sample with the encoding broken on purpose (rev_dep dropped): samples differ, a sat-encoding finding, exit 1" sample_fault kcheck sat1
tcase sample-x86 "--sample 40 on the base tree's x86: every model agrees with kconfig" sample_x86 kcheck base
tcase implications-args "--implications: --assume without it, no scope, a bad value and an unknown symbol are clear errors (exit 2)" imply_args kcheck sat1
tcase implications-wide "--implications on every symbol of x86: refused with 'narrow --symbols' before solving (exit 2)" imply_wide kcheck base
tcase counterexamples "each counterexample, as a defconfig in kcheck check, shows its unmet dependency" counterexamples kcheck sat1
tcase property-fixture "property (fixture): 300 randconfigs' unmet dependencies are all possible for the SAT mode" property_fixture kcheck sat1
tcase property-x86 "property (base tree, x86): 300 randconfigs x 4 fragment sets' unmet dependencies are all possible for the SAT mode" property_x86 kcheck base
run_tests "$@"
