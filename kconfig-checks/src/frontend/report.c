// SPDX-License-Identifier: GPL-2.0-only
/*
 * Output: diagnostics (file:line: warning: message [check]), JSON (schema
 * in docs/kcheck.md, "JSON") and a markdown matrix.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "report.h"
#include "util.h"

#define MAX_LISTED 8

/* A message on one line: line breaks become " | ", trailing ones go. */
void report_one_line(FILE *out, const char *s)
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

/*
 * The length of the valid UTF-8 sequence at S, or 0: no overlong forms, no
 * surrogates, nothing above U+10FFFF.
 */
static size_t utf8_len(const unsigned char *s)
{
	unsigned int c = s[0], lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	for (i = 1; i < n; i++) {
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xbf;
	}
	return n;
}

/*
 * A report is UTF-8: a byte of a string (a file name, a configuration
 * name) that is not part of a valid UTF-8 sequence is written as U+FFFD,
 * the replacement character.  json-c copies such bytes as they are.
 */
void kc_json_print(FILE *out, struct json_object *o)
{
	const unsigned char *s = (const unsigned char *)
		json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
					       JSON_C_TO_STRING_SPACED |
					       JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t n;

	while (*s) {
		n = utf8_len(s);
		if (n) {
			fwrite(s, 1, n, out);
			s += n;
		} else {
			fputs("\xef\xbf\xbd", out);
			s++;
		}
	}
	fputc('\n', out);
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
	size_t i, a, c;

	for (a = 0; a < in->m->narches; a++) {
		const struct arch_result *r = &in->res[a];

		if (r->error) {
			fprintf(out, "arch/%s: error: ", r->arch);
			report_one_line(out, r->error);
			fputs(" [could-not-run]\n", out);
			continue;
		}
		for (c = 0; c < r->ncfgs; c++)
			if (r->cfgs[c].error) {
				fprintf(out, "%s/%s: error: ", r->arch,
					r->cfgs[c].name);
				report_one_line(out, r->cfgs[c].error);
				fputs(" [could-not-run]\n", out);
			}
	}
	for (i = 0; i < f->n; i++)
		report_finding(out, &f->v[i], "warning", NULL);
}

void report_finding(FILE *out, const struct finding *x, const char *severity,
		    const char *suffix)
{
	size_t k;

	fprintf(out, "%s:%d: %s: %s", x->file, x->line, severity, x->message);
	if (x->nconfigs) {
		fprintf(out, "; in %zu configuration%s:", x->nconfigs,
			x->nconfigs == 1 ? "" : "s");
		for (k = 0; k < x->nconfigs && k < MAX_LISTED; k++)
			fprintf(out, " %s", x->configs[k]);
		if (x->nconfigs > MAX_LISTED)
			fprintf(out, " (and %zu more)", x->nconfigs - MAX_LISTED);
	}
	fprintf(out, " [%s]%s%s\n", x->check, suffix ? " " : "",
		suffix ? suffix : "");
}

static struct json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

struct json_object *json_findings(const struct findings *f)
{
	struct json_object *finds = json_object_new_array();
	size_t i, k;

	for (i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		struct json_object *o = json_object_new_object();
		struct json_object *cs = json_object_new_array();
		struct json_object *ks = json_object_new_array();

		json_object_object_add(o, "check", jstr(x->check));
		json_object_object_add(o, "file", jstr(x->file));
		json_object_object_add(o, "line", json_object_new_int(x->line));
		json_object_object_add(o, "symbol", jstr(x->symbol));
		json_object_object_add(o, "message", jstr(x->message));
		for (k = 0; k < x->nconfigs; k++)
			json_object_array_add(cs, jstr(x->configs[k]));
		for (k = 0; k < x->nkeys; k++) {
			struct json_object *kk = json_object_new_object();

			json_object_object_add(kk, "key", jstr(x->keys[k]));
			json_object_array_add(ks, kk);
		}
		json_object_object_add(o, "configurations", cs);
		json_object_object_add(o, "keys", ks);
		json_object_array_add(finds, o);
	}
	return finds;
}

/* The check report; the schema is in docs/kcheck.md. */
static void json(FILE *out, const struct report_input *in)
{
	struct json_object *root = json_report(in);

	kc_json_print(out, root);
	json_object_put(root);
}

struct json_object *json_report(const struct report_input *in)
{
	const struct findings *f = in->f;
	struct json_object *root = json_object_new_object();
	struct json_object *cfgs = json_object_new_array();
	struct json_object *skips = json_object_new_array();
	struct json_object *finds;
	struct json_object *sum = json_object_new_object();
	size_t i, a, c, ncfg = 0;

	json_object_object_add(root, "kcheck", json_object_new_int(1));
	json_object_object_add(root, "tree", jstr(in->tree));
	json_object_object_add(root, "seed", json_object_new_int64(in->seed));
	json_object_object_add(root, "randconfigs_per_arch", json_object_new_int(in->rand));
	json_object_object_add(root, "seconds", json_object_new_double(in->seconds));
	for (a = 0; a < in->m->narches; a++) {
		const struct arch_result *r = &in->res[a];

		for (c = 0; c < r->ncfgs; c++, ncfg++) {
			const char *err = r->error ? r->error : r->cfgs[c].error;
			struct json_object *o = json_object_new_object();

			json_object_object_add(o, "arch", jstr(r->arch));
			json_object_object_add(o, "name", jstr(r->cfgs[c].name));
			json_object_object_add(o, "job", jstr(in->m->arches[a].jobs[c].line));
			json_object_object_add(o, "status", jstr(err ? "error" : "ok"));
			if (err)
				json_object_object_add(o, "error", jstr(err));
			json_object_array_add(cfgs, o);
		}
	}
	for (i = 0; i < in->m->nskips; i++) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "arch", jstr(in->m->skips[i].arch));
		json_object_object_add(o, "target", jstr(in->m->skips[i].target));
		json_object_object_add(o, "reason", jstr(in->m->skips[i].reason));
		json_object_array_add(skips, o);
	}
	finds = json_findings(f);
	json_object_object_add(root, "configurations", cfgs);
	json_object_object_add(root, "skipped", skips);
	json_object_object_add(root, "findings", finds);
	json_object_object_add(sum, "configurations", json_object_new_int64(ncfg));
	json_object_object_add(sum, "errors", json_object_new_int64(report_errors(in)));
	json_object_object_add(sum, "findings", json_object_new_int64(f->n));
	json_object_object_add(sum, "suppressed_by_baseline", json_object_new_int64(f->suppressed));
	json_object_object_add(root, "summary", sum);
	return root;
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
