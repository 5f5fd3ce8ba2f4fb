/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kcheck range's result, as cmd_range.c computes it, and its renderings:
 * text (file:line: warning: ... [check] [commit SHA]), JSON (a check
 * report of HEAD's findings that the range added, readable as a
 * --baseline, with "range" and "commits") and markdown (a table).
 */
#ifndef KCHECK_RANGEREPORT_H
#define KCHECK_RANGEREPORT_H

#include <stdio.h>

#include "diff.h"
#include "findings.h"
#include "rangegit.h"
#include "report.h"

/* An arch evaluated again at a commit, and why. */
struct range_eval {
	char *arch, *why;
};

/* One commit against its first parent (or the start, evaluated whole). */
struct range_step {
	const struct range_commit *c;	/* NULL: the start */
	struct range_eval *evaluated;
	size_t nevaluated;
	char **kept;			/* arches whose results were kept */
	size_t nkept;
	size_t code_files;		/* files of the code scan */
	struct findings added, gone;
	const char **gone_by;		/* per gone finding: the commit that
					 * added it, NULL: it was at the start */
	struct diff *diff;		/* NULL when no arch was evaluated */
	char **why_not;			/* "WHERE: error: MESSAGE" of each
					 * arch or configuration evaluated
					 * again that could not be */
	size_t nwhy_not;
	size_t configs;			/* configurations evaluated again */
	/* --sat: the symbols the commit changes, the arches sat ran on */
	char **sat_symbols, **sat_arches;
	size_t nsat_symbols, nsat_arches;
	size_t errors;			/* configurations (or arches) of the
					 * commit's matrix that could not be
					 * evaluated, kept ones included */
};

struct range_result {
	const struct range_repo *repo;
	const char *range;		/* BASE..HEAD as given */
	int sat;			/* --sat */
	struct range_step start;
	struct range_step *steps;	/* one per commit of repo */
	/* the findings the range added that HEAD still has */
	struct findings open;
	const char **open_by;		/* per open finding: its commit */
	struct report_input head;	/* HEAD's matrix, results, open */
	size_t errors;			/* not evaluated: at the start and
					 * each time an arch was evaluated */
};

void range_report(FILE *out, enum format fmt, const struct range_result *r);

#endif /* KCHECK_RANGEREPORT_H */
