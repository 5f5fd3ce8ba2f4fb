# SPDX-License-Identifier: GPL-2.0-only
# tier: all
# The runtime proof: the series' x86_64 kernel (tinyconfig + KVM) and the
# base kernel, built from a fresh cache, booted under QEMU TCG, run the
# conformance program gmem-abi and the KVM selftests of
# tools/runtime/x86_64.expect; every result must be the expected one: every
# gmem-abi check passes on the series, and on the base exactly the checks
# of tools/runtime/x86_64.gmem-abi-base fail.  Built and booted once per
# run; each test reads the results.
. "$(dirname "$0")/../lib.sh"
export GMEM_CACHE=$SCRATCH/cache
unset KERNEL_TREE

needs_booted() {
	once runtime bash -c '"$1/tools/runtime-test.sh" --arch x86_64 --log "$2/runtime-log.txt" >"$2/runtime.tap"' _ \
		"$TOP" "$SCRATCH" && TAP=$SCRATCH/runtime.tap
}
# the results themselves, not only the exit status: every line of the
# TAP the program and the selftests printed, in both kernels
results() {
	echo "note: $(tail -n 1 "$TAP")"
	sed -n 's/^\(not \)\{0,1\}ok [0-9]* - //p' "$TAP" | expect
}
stamped() {
	grep -x "runtime-test-of: patch code sha256 $(bash -c '. "$1/tools/lib.sh" && patches_stamp "$1/patches"' _ "$TOP")" \
		"$SCRATCH/runtime-log.txt"
}

tcase as-expected "runtime-test.sh --arch x86_64: every selftest result as expected" true booted
tcase results "the results, line by line: gmem-abi and the selftests on the series and on the base" results booted
tcase stamped "the runtime log is stamped with patches/" stamped booted
run_tests "$@"
