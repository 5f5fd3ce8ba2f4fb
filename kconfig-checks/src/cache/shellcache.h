/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kconfig's $(shell ...) goes through these (engine.mk compiles the tree's
 * preprocess.c with popen/pclose renamed to them).
 */
#ifndef KCHECK_SHELLCACHE_H
#define KCHECK_SHELLCACHE_H

#include <stdio.h>

FILE *kcheck_popen(const char *command, const char *type);
int kcheck_pclose(FILE *f);

#endif /* KCHECK_SHELLCACHE_H */
