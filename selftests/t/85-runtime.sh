# SPDX-License-Identifier: GPL-2.0-only
# The runtime proof: the series' x86_64 kernel (tinyconfig + KVM) and the
# base kernel, built from a fresh cache, booted under QEMU TCG, run the KVM
# selftests of tools/runtime/x86_64.expect; every result must be the
# expected one, and the new tests must be new (skipped on the base).
. "$(dirname "$0")/../lib.sh"
export GMEM_CACHE=$SCRATCH/cache
unset KERNEL_TREE
out=$SCRATCH/runtime.tap
rc=0
"$TOP/tools/runtime-test.sh" --arch x86_64 --log "$SCRATCH/runtime-log.txt" >"$out" 2>"$SCRATCH/runtime.err" || rc=$?
if [ "$rc" = 0 ]; then
	ok "runtime-test.sh --arch x86_64: every selftest result as expected ($(tail -1 "$out"))"
else
	not_ok "runtime-test.sh --arch x86_64 exited $rc"
	sed 's/^/    /' "$out" "$SCRATCH/runtime.err" | tail -60
fi
# The results themselves, not only the exit status.
for want in \
	'x86_64 series: the kernel booted and ran every selftest' \
	'x86_64 base: the kernel booted and ran every selftest' \
	'x86_64 series: guest_memfd_test: ok' \
	'x86_64 series: guest_memfd_only_test: ok' \
	'x86_64 series: x86_64/private_mem_conversions_test: ok' \
	'x86_64 base: guest_memfd_only_test: skip' \
	'x86_64 base: guest_memfd_test: ok (KVM_CAP_GUEST_MEMFD_MMAP not supported'; do
	if grep -q "^ok [0-9]* - $want" "$out"; then
		ok "runtime: $want"
	else
		not_ok "runtime: $want"
	fi
done
check "the runtime log is stamped with patches/" \
	grep -qx "runtime-test-of: patches sha256 $(bash -c '. "$1/tools/lib.sh" && patches_stamp "$1/patches"' _ "$TOP")" "$SCRATCH/runtime-log.txt"
