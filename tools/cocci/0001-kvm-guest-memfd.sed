# Patch 1, the lines spatch does not rewrite: preprocessor conditionals,
# Kconfig and kbuild.
s/\(#\(ifdef\|endif \/\*\) CONFIG_KVM\)_PRIVATE_MEM\b/\1_GUEST_MEMFD/
/^#if /s/(CONFIG_KVM_PRIVATE_MEM)/(CONFIG_KVM_GUEST_MEMFD)/
/^\s*\(config\|select\|depends on\) /s/KVM_PRIVATE_MEM$/KVM_GUEST_MEMFD/
s/^kvm-\$(CONFIG_KVM_PRIVATE_MEM)/kvm-$(CONFIG_KVM_GUEST_MEMFD)/
