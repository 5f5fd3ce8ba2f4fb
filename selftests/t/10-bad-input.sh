# SPDX-License-Identifier: GPL-2.0-only
# Bad input to the bootstrap (tools/prepare-base.sh, apply.sh, make apply)
# gets a clear error, exit 2 (messages against
# selftests/expected/10-bad-input/), and leaves nothing behind that a
# later run could mistake for a prepared tree.
. "$(dirname "$0")/../lib.sh"

# every test prepares in a cache of its own
needs_cache() { export GMEM_CACHE=$T/cache; }
# error_is STATUS CMD...: exits STATUS and its error line is the expected
# file (the fake tree's cache name and commit, which change with its path
# and the time it was made, read ID)
error_is() {
	run "$@" || return 1
	grep -E '(^|: )error: ' "$T/err" |
		sed -E 's/user-[0-9a-f]+-[0-9a-f]+/user-ID/g; s/base is [0-9a-f]+/base is ID/' | expect
}
# fails CMD...: error_is 2, and no prepared tree or temporary directory
# is left in the cache
fails() {
	error_is 2 "$@" || return 1
	left=$(find "$GMEM_CACHE" -name base.info -o -name '.tmp-*' 2>/dev/null)
	[ -z "$left" ] || { echo "left behind: $left"; return 1; }
}
not_kernel() {
	mkdir -p notkernel && echo hello >notkernel/README && git -C notkernel init -q &&
	git -C notkernel add -A && git -C notkernel -c user.name=T -c user.email=t@t commit -q -m x &&
	fails env KERNEL_TREE="$T/notkernel" "$TOP/tools/prepare-base.sh"
}
missing_tree() { fails env KERNEL_TREE="$T/nonexistent" "$TOP/tools/prepare-base.sh"; }
not_git() { mkdir plain && fails env KERNEL_TREE="$T/plain" "$TOP/tools/prepare-base.sh"; }
unknown_ref() {
	fake_kernel "$T/fk" && fails env KERNEL_TREE="$T/fk" KERNEL_REF=no-such-ref "$TOP/tools/prepare-base.sh"
}
unknown_package() { fails env LINUX_SOURCE_PKG=linux-source-0.0 "$TOP/tools/prepare-base.sh"; }
unknown_version() { fails env LINUX_SOURCE_VERSION=0.0-0 "$TOP/tools/prepare-base.sh"; }
no_patch_dir() {
	fake_kernel "$T/fk" && fails make -s -C "$TOP" apply KERNEL_TREE="$T/fk" PATCHES="$T/nopatches"
}
# A patch that does not apply names the patch and the file:line.
bad_patch() {
	fake_kernel "$T/fk" && mkdir badp && cat >badp/0001-bad.patch <<'P'
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: T <t@t>
Date: Mon, 1 Jan 2024 00:00:00 +0000
Subject: [PATCH] bad

---
 virt/kvm/Kconfig | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/virt/kvm/Kconfig b/virt/kvm/Kconfig
--- a/virt/kvm/Kconfig
+++ b/virt/kvm/Kconfig
@@ -1,2 +1,2 @@
-config NOT_THERE
+config KVM_GUEST_MEMFD
 	bool
P
	# (the base prepared from the fake tree is rightly kept)
	error_is 2 env KERNEL_TREE="$T/fk" PATCHES="$T/badp" "$TOP/tools/apply.sh"
}

tcase not-kernel "a git tree that is not a kernel is refused" not_kernel cache
tcase missing-tree "a missing KERNEL_TREE is named" missing_tree cache
tcase not-git "a KERNEL_TREE that is not a git repository is refused" not_git cache
tcase unknown-ref "an unknown KERNEL_REF is named" unknown_ref cache
tcase unknown-package "an unknown Debian package is named, with what to do" unknown_package cache
tcase unknown-version "a version apt cannot download is named" unknown_version cache
tcase no-patch-dir "make apply with a missing patch directory is refused" no_patch_dir cache
tcase bad-patch "a patch that does not apply names patch and file:line" bad_patch cache
run_tests "$@"
