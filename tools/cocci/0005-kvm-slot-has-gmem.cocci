// SPDX-License-Identifier: GPL-2.0-only
// Patch 5: rename kvm_slot_can_be_private() to kvm_slot_has_gmem(), its
// definition and every call.  Nothing outside C mentions it.
// Names: kvm_slot_can_be_private
// Options: --include-headers

@@
type T;
parameter list P;
@@
T
- kvm_slot_can_be_private
+ kvm_slot_has_gmem
  (P) { ... }

@@
expression list E;
@@
- kvm_slot_can_be_private
+ kvm_slot_has_gmem
  (E)
