// SPDX-License-Identifier: GPL-2.0-only
/* The kcheck-sat workers of a matrix (satrun.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "satrun.h"
#include "util.h"

/* kcheck-sat's own arguments (workers.h adds the common ones). */
static char **sat_args(const struct opts *o, const char *symbols, char *real,
		       char *sample)
{
	char **args = kc_calloc(16, sizeof(char *));
	int n = 0;

	if (symbols) {
		args[n++] = "--symbols";
		args[n++] = (char *)symbols;
	}
	args[n++] = "--unmet";
	args[n++] = (char *)(o->unmet ? o->unmet : symbols ? "symbols" : "all");
	if (o->no_redundancy || !symbols)
		args[n++] = "--no-redundancy";
	if (o->list_proved)
		args[n++] = "--list-proved";
	if (o->real >= 0) {
		args[n++] = "--real";
		args[n++] = real;
	}
	if (o->sample > 0) {
		args[n++] = "--sample";
		args[n++] = sample;
	}
	if (o->implications)
		args[n++] = "--implications";
	if (o->assume) {
		args[n++] = "--assume";
		args[n++] = o->assume;
	}
	args[n] = NULL;
	return args;
}

char *sat_scope_arg(char *const *globs, size_t n)
{
	size_t i, len = 0;
	char *s, *p;

	if (!n)
		return NULL;
	for (i = 0; i < n; i++)
		len += strlen(globs[i]) + 1;
	s = p = kc_realloc(NULL, len);
	for (i = 0; i < n; i++)
		p += sprintf(p, "%s%s", i ? "," : "", globs[i]);
	return s;
}

int sat_run(const struct session *ss, const struct opts *o, const char *tree,
	    struct matrix *m, const char *symbols, struct arch_result *res)
{
	struct run_opts ro;
	char real[32], sample[32], **args, *worker;
	int failed;

	snprintf(real, sizeof(real), "%ld", o->real);
	snprintf(sample, sizeof(sample), "%ld", o->sample);
	args = sat_args(o, symbols, real, sample);
	worker = session_engine(ss, tree, o->quiet, "kcheck-sat");
	session_run_opts(ss, o, tree, worker, ss->workdir, &ro);
	/* sat's worker is no model server's: it runs once per arch */
	ro.speed.model_cache = NULL;
	ro.extra_args = args;
	if (!o->quiet)
		fprintf(stderr, "kcheck: sat on %s: %zu arches, symbols %s, %d workers\n",
			tree, m->narches, symbols ? symbols : "(every symbol)",
			ro.jobs);
	failed = run_matrix(&ro, m, res);
	free(args);
	free(worker);
	if (*ss->interrupted)
		kc_die("interrupted by signal %d; no report was written",
		       (int)*ss->interrupted);
	return failed;
}
