# SPDX-License-Identifier: GPL-2.0-only
# Bad input to the bootstrap gets a clear error, exit 2, and leaves nothing
# behind that a later run could mistake for a prepared tree.
. "$(dirname "$0")/../lib.sh"
export GMEM_CACHE=$SCRATCH/cache

mkdir -p "$SCRATCH/notkernel"
echo hello >"$SCRATCH/notkernel/README"
git -C "$SCRATCH/notkernel" init -q
git -C "$SCRATCH/notkernel" add -A
git -C "$SCRATCH/notkernel" -c user.name=T -c user.email=t@t commit -q -m x

fails_with "a git tree that is not a kernel is refused" 2 \
	'error: not a kernel tree: .*notkernel at HEAD has no Makefile' \
	env KERNEL_TREE="$SCRATCH/notkernel" "$TOP/tools/prepare-base.sh"
fails_with "a missing KERNEL_TREE is named" 2 \
	'error: KERNEL_TREE=.*/nonexistent does not exist' \
	env KERNEL_TREE="$SCRATCH/nonexistent" "$TOP/tools/prepare-base.sh"
mkdir -p "$SCRATCH/plain"
fails_with "a KERNEL_TREE that is not a git repository is refused" 2 \
	'is not a git repository' \
	env KERNEL_TREE="$SCRATCH/plain" "$TOP/tools/prepare-base.sh"
fake_kernel "$SCRATCH/fk"
fails_with "an unknown KERNEL_REF is named" 2 \
	"has no commit 'no-such-ref'" \
	env KERNEL_TREE="$SCRATCH/fk" KERNEL_REF=no-such-ref "$TOP/tools/prepare-base.sh"
fails_with "an unknown Debian package is named, with what to do" 2 \
	"apt knows no package 'linux-source-0.0'; run 'apt-get update'" \
	env LINUX_SOURCE_PKG=linux-source-0.0 "$TOP/tools/prepare-base.sh"
fails_with "a version apt cannot download is named" 2 \
	'apt-get download linux-source-6.12=0.0-0 failed' \
	env LINUX_SOURCE_VERSION=0.0-0 "$TOP/tools/prepare-base.sh"
fails_with "make apply with a missing patch directory is refused" 2 \
	'patch directory .*/nopatches does not exist' \
	make -s -C "$TOP" apply KERNEL_TREE="$SCRATCH/fk" PATCHES="$SCRATCH/nopatches"

left=$(find "$GMEM_CACHE" -name base.info -o -name '.tmp-*' 2>/dev/null)
same "failed runs left no tree and no temporary directory in the cache" \
	"none" "${left:-none}"

# A patch that does not apply names the patch and the file:line.
mkdir -p "$SCRATCH/badp"
cat >"$SCRATCH/badp/0001-bad.patch" <<'P'
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
fails_with "a patch that does not apply names patch and file:line" 2 \
	'patch 1 \(0001-bad.patch\) does not apply at virt/kvm/Kconfig:1' \
	env KERNEL_TREE="$SCRATCH/fk" PATCHES="$SCRATCH/badp" "$TOP/tools/apply.sh"
