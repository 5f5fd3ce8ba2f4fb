/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KCHECK_REPORT_H
#define KCHECK_REPORT_H

#include <stdio.h>

#include "findings.h"

enum format { FMT_TEXT, FMT_JSON, FMT_MD };

struct report_input {
	const char *tree;
	const struct matrix *m;
	const struct arch_result *res;
	const struct findings *f;
	const struct scan *scan;
	unsigned int seed;
	int rand;
	double seconds;
};

/*
 * Problems that stopped part of the run: failed arches, unresolvable
 * configurations.  These make the exit status 2.
 */
size_t report_errors(const struct report_input *in);

void report(FILE *out, enum format fmt, const struct report_input *in);

struct json_object;
/*
 * Print a json-c document, pretty, with a final newline; valid UTF-8
 * (report.c says how).
 */
void kc_json_print(FILE *out, struct json_object *o);

/* The "findings" array every report (check, sat) writes and baselines read. */
struct json_object *json_findings(const struct findings *f);

/* The check report's JSON document (docs/kcheck.md), for range to extend. */
struct json_object *json_report(const struct report_input *in);

/*
 * One finding as the text report prints it: file:line: SEVERITY: message,
 * its configurations, [check], then SUFFIX (or nothing).
 */
void report_finding(FILE *out, const struct finding *x, const char *severity,
		    const char *suffix);

/* S on one line: line breaks become " | ", trailing ones go. */
void report_one_line(FILE *out, const char *s);

#endif /* KCHECK_REPORT_H */
