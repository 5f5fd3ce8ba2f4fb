// SPDX-License-Identifier: GPL-2.0-only
// Patch 11: rename kvm_x86_ops' .private_max_mapping_level to
// .gmem_max_mapping_level, SEV's implementation with it: the member, its
// initializer, the call through kvm_x86_call() and
// sev_private_max_mapping_level()'s prototype and definition.  The
// KVM_X86_OP table of kvm-x86-ops.h is a list of bare macro calls that
// spatch does not parse: 0011-gmem-max-mapping-level.sed.
// Names: private_max_mapping_level
// Options: --include-headers

@@
identifier ops;
@@
struct kvm_x86_ops ops = {
  ...,
- .private_max_mapping_level = sev_private_max_mapping_level,
+ .gmem_max_mapping_level = sev_gmem_max_mapping_level,
  ...
};

@@
@@
- kvm_x86_call(private_max_mapping_level)
+ kvm_x86_call(gmem_max_mapping_level)

@@
type T;
parameter list P;
@@
T
- sev_private_max_mapping_level
+ sev_gmem_max_mapping_level
  (P) { ... }

@@
type T;
parameter list P;
@@
T
- sev_private_max_mapping_level
+ sev_gmem_max_mapping_level
  (P);

@@
type T;
parameter list P;
@@
struct kvm_x86_ops {
  ...
  T (*
- private_max_mapping_level
+ gmem_max_mapping_level
  )(P);
  ...
};
