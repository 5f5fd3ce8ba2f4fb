# SPDX-License-Identifier: GPL-2.0-only
# tier: all
# The runtime proof: the series' x86_64 kernel (tinyconfig + KVM) and the
# base kernel, built from a fresh cache, booted under QEMU TCG, run the
# conformance program gmem-abi and the KVM selftests of
# tools/runtime/x86_64.expect; every result must be the expected one: every
# gmem-abi check passes on the series, and on the base exactly the checks
# of tools/runtime/x86_64.gmem-abi-base fail.
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
	'x86_64 series: gmem-abi: ok' \
	'x86_64 series: gmem-abi: system: KVM_CAP_GUEST_MEMFD_FLAGS is 0x3: ok' \
	'x86_64 series: gmem-abi: x86 default VM: a vCPU runs from an all-guest_memfd memslot and writes what the host reads: ok' \
	'x86_64 series: gmem-abi: x86 SW-protected VM: KVM_CAP_GUEST_MEMFD_FLAGS is 0x1: ok' \
	'x86_64 series: guest_memfd_test: ok' \
	'x86_64 series: x86_64/private_mem_conversions_test: ok' \
	'x86_64 base: gmem-abi: fail' \
	'x86_64 base: gmem-abi: x86 default VM: KVM_CREATE_GUEST_MEMFD with flags 0x3 succeeds: fail' \
	'x86_64 base: guest_memfd_test: ok (guest test: shared guest_memfd not supported'; do
	if grep -qF -- "$want" <(sed -n 's/^ok [0-9]* - //p' "$out"); then
		ok "runtime: $want"
	else
		not_ok "runtime: $want"
	fi
done
check "the runtime log is stamped with patches/" \
	grep -qx "runtime-test-of: patch code sha256 $(bash -c '. "$1/tools/lib.sh" && patches_stamp "$1/patches"' _ "$TOP")" "$SCRATCH/runtime-log.txt"
