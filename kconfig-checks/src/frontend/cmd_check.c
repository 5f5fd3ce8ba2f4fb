// SPDX-License-Identifier: GPL-2.0-only
/* kcheck check: findings over the matrix (findings.h), reported (report.h). */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "findings.h"
#include "output.h"
#include "report.h"
#include "rules.h"
#include "scan.h"
#include "treerun.h"
#include "util.h"

int cmd_check(struct opts *o, struct session *ss)
{
	struct tree_run s = { 0 };
	struct rules rules;
	struct findings f;
	struct scan scan = { 0 };
	struct scan_bg bg;
	struct check_input in;
	struct report_input ri;
	char err[1024];
	double t0 = kc_now();
	size_t errors;
	FILE *out;
	int ret;

	if (o->rules && rules_load(o->rules, &rules, err, sizeof(err)))
		kc_die("%s", err);
	s.tree = kc_strdup(o->tree);
	tree_run_matrix(o, &s);
	/* the tree's files, read while the workers resolve */
	scan_tree_start(&bg, s.tree, o->scope, o->nscope, !o->no_code_scan,
			&scan);
	tree_run(ss, o, &s, "tree", 0);
	if (!o->quiet)
		fprintf(stderr, "kcheck: scanning Kconfig files%s\n",
			o->no_code_scan ? "" : o->nscope ?
			" and the scope for CONFIG_ uses" :
			" and the tree for CONFIG_ uses");
	if (scan_tree_wait(&bg, err, sizeof(err)))
		kc_die("%s", err);
	in.m = &s.m;
	in.res = s.res;
	in.rules = o->rules ? &rules : NULL;
	in.scan = &scan;
	findings_collect(&in, &f);
	if (o->have_baseline)
		findings_apply_baseline(&f, &o->baseline);

	ri.tree = s.tree;
	ri.m = &s.m;
	ri.res = s.res;
	ri.f = &f;
	ri.scan = in.scan;
	ri.seed = o->mo.seed;
	ri.rand = o->mo.rand;
	ri.seconds = kc_now() - t0;
	out = output_open(o->output);
	report(out, o->fmt, &ri);
	output_commit(out, o->output);
	errors = report_errors(&ri);
	if (!o->quiet)
		fprintf(stderr, "kcheck: %zu configurations, %zu findings%s, %zu could not be evaluated, %.1f s\n",
			matrix_count(&s.m), f.n,
			f.suppressed ? " (after the baseline)" : "", errors,
			ri.seconds);
	ret = errors ? 2 : f.n ? 1 : 0;
	findings_free(&f);
	scan_free(&scan);
	if (o->rules)
		rules_free(&rules);
	tree_run_free(&s);
	return ret;
}
