# Patch 1, the lines spatch does not rewrite: preprocessor conditionals,
# Kconfig and kbuild.
s/\(#\(ifdef\|endif \/\*\) CONFIG_\)KVM_PRIVATE_MEM\b/\1KVM_GUEST_MEMFD/
/^#if /s/IS_ENABLED(CONFIG_KVM_PRIVATE_MEM)/IS_ENABLED(CONFIG_KVM_GUEST_MEMFD)/
s/^\(config\|\s*select\|\s*depends on\) KVM_PRIVATE_MEM$/\1 KVM_GUEST_MEMFD/
s/^kvm-\$(CONFIG_KVM_PRIVATE_MEM)/kvm-$(CONFIG_KVM_GUEST_MEMFD)/
