# SPDX-License-Identifier: GPL-2.0-only
#
# Read after the kernel's top Makefile (make -f Makefile -f env.mk ...), this
# prints, NUL separated, the makefiles make read (MAKEFILE_LIST, for the
# environment cache, envcache.c) and then the environment in which
# 'make ARCH=... *config' runs scripts/kconfig/conf.  The goal name ends in
# "config" so that the top Makefile takes its configuration-target path, as
# for a defconfig.

kcheck-envconfig:
	@printf '%s\0' '$(subst ','\'',$(abspath $(MAKEFILE_LIST)))'
	@env -0
