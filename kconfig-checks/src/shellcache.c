// SPDX-License-Identifier: GPL-2.0-only
/*
 * $(shell ...) for the Kconfig preprocessor.  For now a plain popen();
 * the cache comes with its benchmark.
 */
#include <stdio.h>

#include "shellcache.h"

#undef popen
#undef pclose

FILE *kcheck_popen(const char *command, const char *type)
{
	return popen(command, type);
}

int kcheck_pclose(FILE *f)
{
	return pclose(f);
}
