// SPDX-License-Identifier: GPL-2.0-only
/*
 * Output: diagnostics (file:line: warning: message [check]), JSON (schema
 * in kconfig-checks/README.md) and a markdown matrix.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "util.h"

#define MAX_LISTED 8

void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* A message on one line: line breaks become " | ", trailing ones go. */
static void one_line(FILE *out, const char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	for (; n; s++, n--)
		if (*s == '\n')
			fputs(" | ", out);
		else
			fputc(*s, out);
}

size_t report_errors(const struct report_input *in)
{
	size_t a, c, n = 0;

	for (a = 0; a < in->m->narches; a++) {
		if (in->res[a].error) {
			n++;
			continue;
		}
		for (c = 0; c < in->res[a].ncfgs; c++)
			n += !!in->res[a].cfgs[c].error;
	}
	return n;
}

static void text(FILE *out, const struct report_input *in)
{
	const struct findings *f = in->f;
	size_t i, k, a, c;

	for (a = 0; a < in->m->narches; a++) {
		const struct arch_result *r = &in->res[a];

		if (r->error) {
			fprintf(out, "arch/%s: error: ", r->arch);
			one_line(out, r->error);
			fputs(" [could-not-run]\n", out);
			continue;
		}
		for (c = 0; c < r->ncfgs; c++)
			if (r->cfgs[c].error) {
				fprintf(out, "%s/%s: error: ", r->arch,
					r->cfgs[c].name);
				one_line(out, r->cfgs[c].error);
				fputs(" [could-not-run]\n", out);
			}
	}
	for (i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];

		fprintf(out, "%s:%d: warning: %s", x->file, x->line, x->message);
		if (x->nconfigs) {
			fprintf(out, "; in %zu configuration%s:", x->nconfigs,
				x->nconfigs == 1 ? "" : "s");
			for (k = 0; k < x->nconfigs && k < MAX_LISTED; k++)
				fprintf(out, " %s", x->configs[k]);
			if (x->nconfigs > MAX_LISTED)
				fprintf(out, " (and %zu more)",
					x->nconfigs - MAX_LISTED);
		}
		fprintf(out, " [%s]\n", x->check);
	}
}

static void json(FILE *out, const struct report_input *in)
{
	const struct findings *f = in->f;
	size_t i, k, a, c, ncfg = 0;
	const char *sep = "";

	fprintf(out, "{\n  \"kcheck\": 1,\n  \"tree\": ");
	json_str(out, in->tree);
	fprintf(out, ",\n  \"seed\": %u,\n  \"randconfigs_per_arch\": %d,\n",
		in->seed, in->rand);
	fprintf(out, "  \"seconds\": %.2f,\n  \"configurations\": [", in->seconds);
	for (a = 0; a < in->m->narches; a++) {
		const struct arch_result *r = &in->res[a];

		for (c = 0; c < r->ncfgs; c++, ncfg++) {
			const char *err = r->error ? r->error : r->cfgs[c].error;

			fprintf(out, "%s\n    {\"arch\": ", sep);
			json_str(out, r->arch);
			fprintf(out, ", \"name\": ");
			json_str(out, r->cfgs[c].name);
			fprintf(out, ", \"job\": ");
			json_str(out, in->m->arches[a].jobs[c].line);
			fprintf(out, ", \"status\": \"%s\"", err ? "error" : "ok");
			if (err) {
				fprintf(out, ", \"error\": ");
				json_str(out, err);
			}
			fputc('}', out);
			sep = ",";
		}
	}
	fprintf(out, "\n  ],\n  \"skipped\": [");
	sep = "";
	for (i = 0; i < in->m->nskips; i++) {
		fprintf(out, "%s\n    {\"arch\": ", sep);
		json_str(out, in->m->skips[i].arch);
		fprintf(out, ", \"target\": ");
		json_str(out, in->m->skips[i].target);
		fprintf(out, ", \"reason\": ");
		json_str(out, in->m->skips[i].reason);
		fputc('}', out);
		sep = ",";
	}
	fprintf(out, "\n  ],\n  \"findings\": [");
	sep = "";
	for (i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];

		fprintf(out, "%s\n    {\"check\": \"%s\", \"file\": ", sep, x->check);
		json_str(out, x->file);
		fprintf(out, ", \"line\": %d, \"symbol\": ", x->line);
		json_str(out, x->symbol);
		fprintf(out, ", \"message\": ");
		json_str(out, x->message);
		fprintf(out, ",\n     \"configurations\": [");
		for (k = 0; k < x->nconfigs; k++) {
			fprintf(out, "%s", k ? ", " : "");
			json_str(out, x->configs[k]);
		}
		fprintf(out, "],\n     \"keys\": [");
		for (k = 0; k < x->nkeys; k++) {
			fprintf(out, "%s{\"key\": ", k ? ", " : "");
			json_str(out, x->keys[k]);
			fputc('}', out);
		}
		fprintf(out, "]}");
		sep = ",";
	}
	fprintf(out, "\n  ],\n  \"summary\": {\"configurations\": %zu, \"errors\": %zu, \"findings\": %zu, \"suppressed_by_baseline\": %zu}\n}\n",
		ncfg, report_errors(in), f->n, f->suppressed);
}

static size_t count_in_arch(const struct finding *x, const char *arch,
			    size_t *cfgs)
{
	size_t k, n = 0, al = strlen(arch);

	for (k = 0; k < x->nconfigs; k++)
		if (!strncmp(x->configs[k], arch, al) && x->configs[k][al] == '/')
			n++;
	*cfgs += n;
	return n;
}

static void md(FILE *out, const struct report_input *in)
{
	static const char *const checks[] = {
		"unmet-dependency", "invariant",
	};
	const struct findings *f = in->f;
	size_t a, i, k, c;

	fprintf(out, "| arch | configurations | errors |");
	for (k = 0; k < 2; k++)
		fprintf(out, " %s |", checks[k]);
	fprintf(out, "\n|---|---:|---:|---:|---:|\n");
	for (a = 0; a < in->m->narches; a++) {
		const struct arch_result *r = &in->res[a];
		size_t errs = 0;

		for (c = 0; c < r->ncfgs; c++)
			errs += r->error || r->cfgs[c].error;
		fprintf(out, "| %s | %zu | %zu |", r->arch, r->ncfgs, errs);
		for (k = 0; k < 2; k++) {
			size_t n = 0;

			for (i = 0; i < f->n; i++)
				if (!strcmp(f->v[i].check, checks[k]))
					count_in_arch(&f->v[i], r->arch, &n);
			fprintf(out, " %zu |", n);
		}
		fputc('\n', out);
	}
	fprintf(out, "\nCounts are (finding, configuration) pairs.  Tree-wide findings:");
	for (k = 0, c = 0; k < f->n; k++)
		c += !f->v[k].nconfigs;
	fprintf(out, " %zu (undefined symbols, existence rules).", c);
	if (f->suppressed)
		fprintf(out, "  %zu known from the baseline are not counted.",
			f->suppressed);
	fputc('\n', out);
	if (in->m->nskips) {
		fprintf(out, "\nSkipped targets:\n\n");
		for (i = 0; i < in->m->nskips; i++)
			fprintf(out, "- %s `%s`: %s\n", in->m->skips[i].arch,
				in->m->skips[i].target, in->m->skips[i].reason);
	}
}

void report(FILE *out, enum format fmt, const struct report_input *in)
{
	switch (fmt) {
	case FMT_JSON:
		json(out, in);
		break;
	case FMT_MD:
		md(out, in);
		break;
	default:
		text(out, in);
	}
}
