# SPDX-License-Identifier: GPL-2.0-only
# The fuzz targets of kcheck's rules parser and baseline reader (libFuzzer,
# ASan+UBSan), one test each, run from their corpus
# (kconfig-checks/fuzz/corpus) for FUZZ_SECONDS (default 20; CI: 60): any
# crash, leak or sanitizer report fails.
. "$(dirname "$0")/../lib.sh"

needs_clang() { require clang "clang libclang-rt-14-dev"; }
fuzz() {
	run 0 make -s -C "$TOP/kconfig-checks" fuzz-run FUZZ_TARGETS="$1" FUZZ_SECONDS="${FUZZ_SECONDS:-20}" || return 1
	sed -n 's/.*number_of_executed_units: */note: inputs tried: /p' "$T/out"
	grep -q 'number_of_executed_units: *[1-9]' "$T/out"
}
fuzz_rules() { fuzz rules; }
fuzz_baseline() { fuzz baseline; }

tcase rules "fuzz: the rules parser, ${FUZZ_SECONDS:-20} s from its corpus" fuzz_rules clang
tcase baseline "fuzz: the baseline reader, ${FUZZ_SECONDS:-20} s from its corpus" fuzz_baseline clang
run_tests "$@"
