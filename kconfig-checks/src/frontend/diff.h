/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kcheck diff: for every configuration both trees have, the symbols whose
 * .config value differs, grouped by symbol and by configuration.
 */
#ifndef KCHECK_DIFF_H
#define KCHECK_DIFF_H

#include <stdio.h>

#include "report.h"
#include "workers.h"

struct diff_side {
	const char *tree;
	const struct matrix *m;
	const struct arch_result *res;
};

/*
 * Prints the report: value changes (a value in .config on either side)
 * first, then symbols defined or dropped without a value anywhere, one line
 * each with a count; with by_config (text), a line per configuration.
 * Returns the number of differing configurations.
 */
size_t diff_report(FILE *out, enum format fmt, const struct diff_side *base,
		   const struct diff_side *head, int by_config);

#endif /* KCHECK_DIFF_H */
