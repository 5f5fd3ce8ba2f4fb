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

/*
 * The same differences as an object of their own (its strings copied: it
 * outlives the results), for kcheck range: each commit against its parent.
 */
struct diff;
struct json_object;

struct diff *diff_new(const struct diff_side *base,
		      const struct diff_side *head);
/* value changes, the others (defined or dropped), differing configurations */
void diff_counts(const struct diff *df, size_t *values, size_t *others,
		 size_t *differing);
/*
 * each change on one line, as kcheck diff prints it, after VALUES (value
 * changes) or OTHERS (defined or dropped without a value)
 */
void diff_print_compact(FILE *out, const struct diff *df, const char *values,
			const char *others);
/* the "changes" array of kcheck diff's JSON */
struct json_object *diff_json(const struct diff *df);
void diff_delete(struct diff *df);

#endif /* KCHECK_DIFF_H */
