# Patch 11, the line spatch does not parse: the KVM_X86_OP table entry.
s/^KVM_X86_OP_OPTIONAL_RET0(private_max_mapping_level)$/KVM_X86_OP_OPTIONAL_RET0(gmem_max_mapping_level)/
