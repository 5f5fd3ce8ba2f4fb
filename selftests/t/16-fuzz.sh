# SPDX-License-Identifier: GPL-2.0-only
# The fuzz targets of kcheck's rules parser and baseline reader (libFuzzer,
# ASan+UBSan) run from their corpus (kconfig-checks/fuzz/corpus) for
# FUZZ_SECONDS each (default 20; CI: 60): any crash, leak or sanitizer report fails.
. "$(dirname "$0")/../lib.sh"
command -v clang >/dev/null ||
	{ not_ok "fuzz targets (clang not found: apt-get install clang libclang-rt-14-dev, or make deps)"; exit 1; }
if make -s -C "$TOP/kconfig-checks" fuzz-run FUZZ_SECONDS="${FUZZ_SECONDS:-20}" >"$SCRATCH/out" 2>&1; then
	ok "fuzz: rules parser and baseline reader clean for ${FUZZ_SECONDS:-20} s each ($(grep -o 'executed_units: *[0-9]*' "$SCRATCH/out" | awk '{ print $2 }' | paste -sd+ | bc) inputs)"
else
	not_ok "fuzz: a target failed"
	sed 's/^/    /' "$SCRATCH/out" | tail -40
fi
