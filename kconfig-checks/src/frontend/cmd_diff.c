// SPDX-License-Identifier: GPL-2.0-only
/* kcheck diff: the .config values that differ between two trees (diff.h). */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "diff.h"
#include "output.h"
#include "report.h"
#include "treerun.h"
#include "util.h"

int cmd_diff(struct opts *o, struct session *ss)
{
	struct tree_run b = { 0 }, h = { 0 };
	struct diff_side db, dh;
	struct report_input ri = { 0 };
	size_t ndiff, errors;
	FILE *out;

	b.tree = kc_strdup(o->tree);
	h.tree = kc_strdup(o->tree2);
	tree_run_matrix(o, &b);
	tree_run_matrix(o, &h);
	tree_run(ss, o, &b, "base", 1);
	tree_run(ss, o, &h, "head", 1);
	db.tree = b.tree;
	db.m = &b.m;
	db.res = b.res;
	dh.tree = h.tree;
	dh.m = &h.m;
	dh.res = h.res;
	out = output_open(o->output);
	ndiff = diff_report(out, o->fmt, &db, &dh, o->by_config);
	output_commit(out, o->output);
	ri.m = &b.m;
	ri.res = b.res;
	errors = report_errors(&ri);
	ri.m = &h.m;
	ri.res = h.res;
	errors += report_errors(&ri);
	if (errors)
		fprintf(stderr, "kcheck: %zu configurations could not be evaluated; see kcheck check\n",
			errors);
	tree_run_free(&b);
	tree_run_free(&h);
	return errors ? 2 : ndiff ? 1 : 0;
}
