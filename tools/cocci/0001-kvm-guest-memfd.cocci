// SPDX-License-Identifier: GPL-2.0-only
// Patch 1: rename CONFIG_KVM_PRIVATE_MEM to CONFIG_KVM_GUEST_MEMFD where C
// tests it as an expression.  The #ifdef/#endif lines, Kconfig and the
// Makefile, which spatch does not rewrite, are in 0001-kvm-guest-memfd.sed.
// Names: KVM_PRIVATE_MEM
// Options: --include-headers

@@
@@
- IS_ENABLED(CONFIG_KVM_PRIVATE_MEM)
+ IS_ENABLED(CONFIG_KVM_GUEST_MEMFD)
