// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "treerun.h"
#include "util.h"

void tree_run_matrix(const struct opts *o, struct tree_run *t)
{
	struct matrix_opts mo = o->mo;
	char err[4096];

	mo.tree = t->tree;
	if (matrix_build(&mo, &t->m, err, sizeof(err)))
		kc_die("%s", err);
	if (!matrix_count(&t->m) && o->cmd != CMD_SAT)
		kc_die("%s: these options select no configuration", t->tree);
}

void tree_run(const struct session *ss, const struct opts *o,
	      struct tree_run *s, const char *label, int values)
{
	struct run_opts ro;
	char *wd;

	s->worker = session_engine(ss, s->tree, o->quiet, "kcheck-worker");
	wd = kc_printf("%s/%s", ss->workdir, label);
	session_run_opts(ss, o, s->tree, s->worker, wd, &ro);
	ro.values = values;
	ro.label = !strcmp(label, "tree") ? NULL :
		   !strcmp(label, "base") ? "base " : "head ";
	if (!o->quiet)
		fprintf(stderr, "kcheck: %s%s: %zu arches, %zu configurations, %d workers\n",
			ro.label ? ro.label : "", s->tree, s->m.narches,
			matrix_count(&s->m), ro.jobs);
	s->res = kc_calloc(s->m.narches ? s->m.narches : 1, sizeof(*s->res));
	s->failed = run_matrix(&ro, &s->m, s->res);
	free(wd);
	if (*ss->interrupted && o->dump_dir)
		kc_die("interrupted by signal %d; no report was written; the configurations resolved before it are in %s",
		       (int)*ss->interrupted, o->dump_dir);
	if (*ss->interrupted)
		kc_die("interrupted by signal %d; no report was written", (int)*ss->interrupted);
}

void tree_run_free(struct tree_run *s)
{
	size_t i;

	for (i = 0; s->res && i < s->m.narches; i++)
		arch_result_free(&s->res[i]);
	free(s->res);
	matrix_free(&s->m);
	free(s->tree);
	free(s->worker);
}
