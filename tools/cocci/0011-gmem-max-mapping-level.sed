# Patch 11, the line spatch does not parse: the KVM_X86_OP table entry.
s/^\(KVM_X86_OP_OPTIONAL_RET0(\)private_max/\1gmem_max/
