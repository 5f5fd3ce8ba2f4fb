// SPDX-License-Identifier: GPL-2.0-only
/* kcheck range's reports (rangereport.h); the JSON schema is in docs/kcheck.md. */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "rangereport.h"
#include "util.h"

static size_t value_changes(const struct range_step *st)
{
	size_t v = 0, o, d;

	if (st->diff)
		diff_counts(st->diff, &v, &o, &d);
	return v;
}

/* What was evaluated again and why, what was kept. */
static void text_evaluated(FILE *out, const struct range_step *st)
{
	size_t k;

	fputs("  evaluated: ", out);
	if (!st->nevaluated)
		fputs("nothing (no input of any arch changed)", out);
	for (k = 0; k < st->nevaluated; k++)
		fprintf(out, "%s%s (%s)", k ? ", " : "", st->evaluated[k].arch,
			st->evaluated[k].why);
	fputs("; kept:", out);
	if (!st->nkept)
		fputs(" none", out);
	for (k = 0; k < st->nkept; k++)
		fprintf(out, "%s %s", k ? "," : "", st->kept[k]);
	fprintf(out, "; CONFIG_ uses read in %zu file%s\n", st->code_files,
		st->code_files == 1 ? "" : "s");
}

/* --sat: the symbols the commit changes and where sat looked at them. */
static void text_sat(FILE *out, const struct range_step *st)
{
	size_t k;

	fputs("  sat: ", out);
	if (!st->nsat_symbols) {
		fputs("no Kconfig entry changed\n", out);
		return;
	}
	fprintf(out, "the selects of %zu symbol%s the commit changes (", st->nsat_symbols,
		st->nsat_symbols == 1 ? "" : "s");
	for (k = 0; k < st->nsat_symbols && k < 8; k++)
		fprintf(out, "%s%s", k ? " " : "", st->sat_symbols[k]);
	if (st->nsat_symbols > 8)
		fprintf(out, " and %zu more", st->nsat_symbols - 8);
	fputs(") on the parent and the commit, on ", out);
	if (!st->nsat_arches)
		fputs("no arch (no arch's parse read the files)", out);
	for (k = 0; k < st->nsat_arches; k++)
		fprintf(out, "%s%s", k ? ", " : "", st->sat_arches[k]);
	fputc('\n', out);
}

static void text_step(FILE *out, const struct range_result *r, size_t i)
{
	const struct range_step *st = &r->steps[i];
	char suffix[128];
	size_t k;

	fprintf(out, "\n[%zu/%zu] %s %s%s\n", i + 1, r->repo->n,
		range_short(st->c->sha), st->c->subject,
		st->c->merge ? " (a merge: against its first parent)" : "");
	text_evaluated(out, st);
	if (r->sat)
		text_sat(out, st);
	snprintf(suffix, sizeof(suffix), "[commit %s]", range_short(st->c->sha));
	for (k = 0; k < st->added.n; k++)
		report_finding(out, &st->added.v[k], "warning", suffix);
	for (k = 0; k < st->gone.n; k++) {
		snprintf(suffix, sizeof(suffix), "[gone: commit %s; added by %s]",
			 range_short(st->c->sha), st->gone_by[k] ?
			 range_short(st->gone_by[k]) : "a commit before the range");
		report_finding(out, &st->gone.v[k], "note", suffix);
	}
	for (k = 0; k < st->nwhy_not; k++) {
		report_one_line(out, st->why_not[k]);
		fprintf(out, " [could-not-run] [commit %s]\n", range_short(st->c->sha));
	}
	if (st->errors > st->nwhy_not)
		fprintf(out, "  %zu of the kept arches' configurations could not be evaluated (an earlier commit says why)\n",
			st->errors - st->nwhy_not);
	if (st->diff)
		diff_print_compact(out, st->diff, "  value: ",
				   "  defined or dropped, no value: ");
}

static void text(FILE *out, const struct range_result *r)
{
	size_t i, added = 0, gone = 0, nadd = 0;

	fprintf(out, "kcheck range %s: %zu commit%s of %s, first-parent walk (each commit against its first parent; the commits a merge brings are not walked)\n",
		r->range, r->repo->n, r->repo->n == 1 ? "" : "s", r->repo->repo);
	fprintf(out, "start: %s%s: %zu configurations of %zu arch%s",
		range_short(r->repo->start),
		strcmp(r->repo->start, r->repo->base) ? "" : " (BASE)",
		r->start.configs, r->start.nevaluated,
		r->start.nevaluated == 1 ? "" : "es");
	if (r->start.errors)
		fprintf(out, ", %zu could not be evaluated", r->start.errors);
	fputc('\n', out);
	for (i = 0; i < r->start.nwhy_not; i++) {
		report_one_line(out, r->start.why_not[i]);
		fprintf(out, " [could-not-run] [start %s]\n",
			range_short(r->repo->start));
	}
	for (i = 0; i < r->repo->n; i++) {
		text_step(out, r, i);
		added += r->steps[i].added.n;
		gone += r->steps[i].gone.n;
		nadd += r->steps[i].added.n != 0;
	}
	fprintf(out, "\nkcheck range: %zu commit%s, %zu adding findings (%zu added, %zu gone, %zu of those added still at HEAD); %zu times an arch or configuration could not be evaluated\n",
		r->repo->n, r->repo->n == 1 ? "" : "s", nadd, added, gone,
		r->open.n, r->errors);
}

static struct json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

/* FS as json_findings() writes them, each with MEMBER: its commit. */
static struct json_object *json_attributed(const struct findings *fs,
					   const char *member,
					   const char *const *by)
{
	struct json_object *a = json_findings(fs);
	size_t k;

	for (k = 0; k < fs->n; k++)
		json_object_object_add(json_object_array_get_idx(a, k), member,
				       jstr(by[k]));
	return a;
}

static struct json_object *json_strv(char **v, size_t n)
{
	struct json_object *a = json_object_new_array();
	size_t k;

	for (k = 0; k < n; k++)
		json_object_array_add(a, jstr(v[k]));
	return a;
}

static struct json_object *json_step(const struct range_result *r,
				     const struct range_step *st)
{
	struct json_object *o = json_object_new_object();
	struct json_object *ev = json_object_new_array();
	struct json_object *kept = json_object_new_array();
	size_t k;

	json_object_object_add(o, "commit", jstr(st->c->sha));
	json_object_object_add(o, "parent", jstr(st->c->parent));
	json_object_object_add(o, "subject", jstr(st->c->subject));
	json_object_object_add(o, "merge", json_object_new_boolean(st->c->merge));
	for (k = 0; k < st->nevaluated; k++) {
		struct json_object *e = json_object_new_object();

		json_object_object_add(e, "arch", jstr(st->evaluated[k].arch));
		json_object_object_add(e, "why", jstr(st->evaluated[k].why));
		json_object_array_add(ev, e);
	}
	for (k = 0; k < st->nkept; k++)
		json_object_array_add(kept, jstr(st->kept[k]));
	json_object_object_add(o, "evaluated", ev);
	json_object_object_add(o, "kept", kept);
	json_object_object_add(o, "configurations", json_object_new_int64(st->configs));
	json_object_object_add(o, "errors", json_object_new_int64(st->errors));
	json_object_object_add(o, "code_files", json_object_new_int64(st->code_files));
	if (r->sat) {
		struct json_object *sat = json_object_new_object();

		json_object_object_add(sat, "symbols", json_strv(st->sat_symbols,
								  st->nsat_symbols));
		json_object_object_add(sat, "arches", json_strv(st->sat_arches,
								 st->nsat_arches));
		json_object_object_add(o, "sat", sat);
	}
	json_object_object_add(o, "added", json_findings(&st->added));
	json_object_object_add(o, "gone", json_attributed(&st->gone, "added_by",
							  st->gone_by));
	json_object_object_add(o, "changes", st->diff ? diff_json(st->diff) :
			       json_object_new_array());
	return o;
}

/* HEAD's check report (the range's findings), with the range and its commits. */
static void json(FILE *out, const struct range_result *r)
{
	struct json_object *root = json_report(&r->head);
	struct json_object *range = json_object_new_object();
	struct json_object *commits = json_object_new_array();
	struct json_object *finds;
	size_t i, k;

	json_object_object_get_ex(root, "findings", &finds);
	for (k = 0; k < r->open.n; k++)
		json_object_object_add(json_object_array_get_idx(finds, k),
				       "commit", jstr(r->open_by[k]));
	json_object_object_add(root, "kcheck-range", json_object_new_int(1));
	json_object_object_add(range, "repository", jstr(r->repo->repo));
	json_object_object_add(range, "range", jstr(r->range));
	json_object_object_add(range, "base", jstr(r->repo->base));
	json_object_object_add(range, "head", jstr(r->repo->head));
	json_object_object_add(range, "start", jstr(r->repo->start));
	json_object_object_add(range, "walk", jstr("first-parent"));
	json_object_object_add(range, "start_errors",
			       json_object_new_int64(r->start.errors));
	json_object_object_add(root, "range", range);
	for (i = 0; i < r->repo->n; i++)
		json_object_array_add(commits, json_step(r, &r->steps[i]));
	json_object_object_add(root, "commits", commits);
	kc_json_print(out, root);
	json_object_put(root);
}

/* A table cell: no '|' or line break of its own. */
static void md_cell(FILE *out, const char *s)
{
	for (; *s; s++)
		if (*s == '|')
			fputs("\\|", out);
		else
			fputc(*s == '\n' ? ' ' : *s, out);
}

static void md_findings(FILE *out, const struct range_result *r)
{
	size_t i, k;

	for (i = 0; i < r->repo->n; i++) {
		const struct range_step *st = &r->steps[i];

		for (k = 0; k < st->added.n; k++)
			fprintf(out, "- `%s` adds %s:%d: %s [%s]\n",
				range_short(st->c->sha), st->added.v[k].file,
				st->added.v[k].line, st->added.v[k].message,
				st->added.v[k].check);
		for (k = 0; k < st->gone.n; k++)
			fprintf(out, "- `%s` removes %s:%d: %s [%s]\n",
				range_short(st->c->sha), st->gone.v[k].file,
				st->gone.v[k].line, st->gone.v[k].message,
				st->gone.v[k].check);
	}
}

static void md(FILE *out, const struct range_result *r)
{
	size_t i, k;

	fprintf(out, "kcheck range `%s`: %zu commits, first-parent walk; %zu configurations at the start.\n\n",
		r->range, r->repo->n, r->start.configs);
	fputs("| commit | subject | evaluated again | new findings | gone findings | value changes | not evaluated |\n", out);
	fputs("|---|---|---|---:|---:|---:|---:|\n", out);
	for (i = 0; i < r->repo->n; i++) {
		const struct range_step *st = &r->steps[i];

		fprintf(out, "| `%s` | ", range_short(st->c->sha));
		md_cell(out, st->c->subject);
		fputs(" | ", out);
		for (k = 0; k < st->nevaluated; k++)
			fprintf(out, "%s%s", k ? ", " : "", st->evaluated[k].arch);
		if (!st->nevaluated)
			fputs("-", out);
		if (st->nsat_arches)
			fprintf(out, " (sat: %zu symbol%s)", st->nsat_symbols,
				st->nsat_symbols == 1 ? "" : "s");
		fprintf(out, " | %zu | %zu | %zu | %zu |\n", st->added.n,
			st->gone.n, value_changes(st), st->errors);
	}
	fputc('\n', out);
	md_findings(out, r);
}

void range_report(FILE *out, enum format fmt, const struct range_result *r)
{
	switch (fmt) {
	case FMT_JSON:
		json(out, r);
		break;
	case FMT_MD:
		md(out, r);
		break;
	default:
		text(out, r);
	}
}
