/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The environment 'make ARCH=<arch> *config' gives scripts/kconfig/conf,
 * cached per (tree, arch, kcheck's environment); see envcache.c.
 */
#ifndef KCHECK_ENVCACHE_H
#define KCHECK_ENVCACHE_H

/* NULL-terminated environment, or NULL when there is no valid entry */
char **envcache_load(const char *dir, const char *tree, const char *arch);
/* MAKEFILES: the top Makefile's MAKEFILE_LIST, space separated */
void envcache_store(const char *dir, const char *tree, const char *arch,
		    const char *makefiles, char *const *envp);

#endif /* KCHECK_ENVCACHE_H */
