// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the rules parser (rules_read) and the evaluator
 * (rule_eval, rule_symbols) on whatever parses.  Built by 'make fuzz'.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *lookup(const char *name, void *arg)
{
	(void)arg;
	switch (name[0] % 4) {
	case 0:
		return "y";
	case 1:
		return "m";
	case 2:
		return "0x10";
	default:
		return NULL;
	}
}

static void count(const char *name, void *arg)
{
	(void)name;
	(*(size_t *)arg)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen((void *)data, size, "r");
	struct rules r;
	char err[512];
	size_t i, n = 0;

	if (!f)
		return 0;
	if (!rules_read(f, "fuzz.rules", &r, err, sizeof(err))) {
		for (i = 0; i < r.n; i++) {
			if (!r.v[i].expr)
				continue;
			rule_eval(r.v[i].expr, lookup, NULL);
			rule_symbols(r.v[i].expr, count, &n);
		}
		rules_free(&r);
	}
	fclose(f);
	return 0;
}
