# SPDX-License-Identifier: GPL-2.0-only
# kcheck's unit tests (kconfig-checks/tests/unit.c, ASan+UBSan), one test
# per group: the rules parser and evaluator, the protocol's escaping, the
# baseline reader, the findings model and its keys, the matrix's naming on
# the fixture tree.  Seconds; no kernel tree needed.  Each group's checks
# print as they run; the group passes when every one of them does and the
# sanitizers say nothing.
. "$(dirname "$0")/../lib.sh"

needs_unit() {
	once unit make -s -C "$TOP/kconfig-checks" build-unit/unit &&
	UNIT=$TOP/kconfig-checks/build-unit/unit
}
# group NAME [ARGS]: the group's checks, all passing, none missing
group() {
	run 0 "$UNIT" "$@" || return 1
	cat "$T/out"
	grep -v '^ok - ' "$T/out" "$T/err" && { echo "more than ok lines"; return 1; }
	# the list of checks itself is the expected file: a check that
	# disappears (or a new one not yet recorded) fails the test
	expect <"$T/out"
}
unit_rules() { group rules; }
unit_escape() { group escape; }
unit_remove() { group remove; }
unit_ident() { group ident; }
unit_baseline() { group baseline; }
unit_matrix() {
	mkdir "$T/frag" && echo 'CONFIG_A=y' >"$T/frag/foo-extra.config" &&
	group matrix "$TOP/selftests/fixtures/kc1" "$T/frag"
}

tcase rules "the rules parser and evaluator" unit_rules unit
tcase escape "the protocol's escaping" unit_escape unit
tcase remove "the removal of work directories (rm -rf, links not followed)" unit_remove unit
tcase ident "the cache keys' lookups: tools through PATH (with and without a memo), files in an open directory, a directory's identity (links counted, not walked through)" unit_ident unit
tcase baseline "the baseline reader, the findings model and its keys" unit_baseline unit
tcase matrix "the matrix's naming on the fixture tree kc1" unit_matrix unit
run_tests "$@"
