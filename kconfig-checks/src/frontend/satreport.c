// SPDX-License-Identifier: GPL-2.0-only
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "protocol.h"
#include "satreport.h"
#include "util.h"

/*
 * kcheck-sat's X lines come parsed (workers.c, protocol.h): each result is
 * read here by its fields' names.
 */

static const char *rule_text(const struct rules *r, int line)
{
	size_t i;

	for (i = 0; r && i < r->n; i++)
		if (r->v[i].line == line)
			return r->v[i].text;
	return "?";
}

/*
 * The baseline key of a result: "sat-unmet|TARGET|SELECTOR|ARCH" and
 * "sat-invariant|RULE|ARCH", as check's "unmet-dependency|TARGET|SELECTOR|
 * ARCH/CONFIG" and "invariant|RULE|ARCH/CONFIG".  NULL for other results.
 */
static char *result_key(const char *arch, const struct kc_msg *x,
			const struct rules *rules)
{
	if (x->fam == KC_X_UNMET)
		return kc_printf("sat-unmet|%s|%s|%s", x->u.X_UNMET.target,
				 x->u.X_UNMET.selector, arch);
	if (x->fam == KC_X_INVARIANT)
		return kc_printf("sat-invariant|%s|%s",
				 rule_text(rules, x->u.X_INVARIANT.rule_line),
				 arch);
	if (x->fam == KC_X_SAMPLE)
		return kc_printf("sat-encoding|%s|%s", x->u.X_SAMPLE.symbol,
				 arch);
	return NULL;
}

/* The status of a result that has one (not stats, not class). */
static const char *status_of(const struct kc_msg *x)
{
	switch (x->fam) {
	case KC_X_UNMET:
		return x->u.X_UNMET.status;
	case KC_X_INVARIANT:
		return x->u.X_INVARIANT.status;
	case KC_X_FIXED:
		return x->u.X_FIXED.status;
	case KC_X_EQUAL:
		return x->u.X_EQUAL.status;
	case KC_X_SELECTIF:
		return x->u.X_SELECTIF.status;
	case KC_X_DEPENDS:
		return x->u.X_DEPENDS.status;
	default:
		return NULL;
	}
}

static bool is(const char *status, const char *what)
{
	return status && !strcmp(status, what);
}

/* A counter of the X stats lines, "0" when there is none. */
static const char *stat_value(const struct arch_result *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nx; i++)
		if (r->x[i].fam == KC_X_STATS &&
		    !strcmp(r->x[i].u.X_STATS.name, name))
			return r->x[i].u.X_STATS.value;
	return "0";
}

/* A fragment (lines joined by \n) on one line, in a new string. */
static char *frag_line(const char *frag)
{
	char *s = kc_strdup(frag), *p;

	for (p = s; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return s;
}

static void frag_text(FILE *out, const char *frag)
{
	char *s = frag_line(frag);

	fputs(*s ? s : "(the defaults: an empty .config)", out);
	free(s);
}

/* Confirmed unmet dependencies (not in the baseline), then the others. */
static void text_unmet(FILE *out, const struct arch_result *r,
		       const struct rules *rules, const struct kc_set *known)
{
	size_t x;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (x = 0; x < r->nx; x++) {
			const struct kc_X_UNMET *u = &r->x[x].u.X_UNMET;
			char act[2] = { 0 }, dep[2] = { 0 }, *key;
			bool conf;

			if (r->x[x].fam != KC_X_UNMET)
				continue;
			act[0] = u->active;
			dep[0] = u->dependency_value;
			conf = is(u->status, "confirmed");
			/* --list-proved: in the JSON results, not the text */
			if (conf != !pass || is(u->status, "proved"))
				continue;
			key = result_key(r->arch, &r->x[x], rules);
			if (!conf || !kc_set_has(known, key)) {
				fprintf(out, "  %s:%d: %s: select %s in %s can be %s while %s's dependencies are %s: %s [sat-unmet, %s]\n",
					u->file, u->line, conf ? "warning" : "note",
					u->target, u->selector, conf ? act : "active",
					u->target, conf ? dep : "lower", u->dependency,
					u->status);
				fprintf(out, "      %s: ", conf ?
					"counterexample (as .config, then make olddefconfig)" :
					"solver model, not reproduced by the engine");
				frag_text(out, u->counterexample);
				fputc('\n', out);
			}
			free(key);
		}
	}
}

static void text_invariants(FILE *out, const struct arch_result *r,
			    const struct rules *rules,
			    const struct kc_set *known)
{
	size_t x;

	for (x = 0; x < r->nx; x++) {
		const struct kc_X_INVARIANT *v = &r->x[x].u.X_INVARIANT;
		char *key;

		if (r->x[x].fam != KC_X_INVARIANT)
			continue;
		key = result_key(r->arch, &r->x[x], rules);
		if (!is(v->status, "refuted") || !kc_set_has(known, key)) {
			fprintf(out, "  %s:%d: invariant %s: %s\n",
				rules ? rules->file : "rules", v->rule_line,
				v->status, rule_text(rules, v->rule_line));
			if (!is(v->status, "proved")) {
				fputs("      counterexample: ", out);
				frag_text(out, v->counterexample);
				fputc('\n', out);
			}
		}
		free(key);
	}
}

/* Classes of proved-equal symbols, printed "A = B = C". */
static void equal_classes(FILE *out, const struct arch_result *r)
{
	size_t x, i;

	for (x = 0; x < r->nx; x++) {
		const struct kc_X_CLASS *c = &r->x[x].u.X_CLASS;

		if (r->x[x].fam != KC_X_CLASS || !c->symbols_n)
			continue;
		for (i = 0; i < c->symbols_n; i++)
			fprintf(out, i ? " = %s" : "    equal in every configuration: %s",
				c->symbols[i]);
		fputc('\n', out);
	}
}

/* A redundancy result (equal only when not proved: classes have those). */
static void text_redundancy(FILE *out, const struct kc_msg *x)
{
	switch (x->fam) {
	case KC_X_EQUAL:
		if (!is(x->u.X_EQUAL.status, "proved"))
			fprintf(out, "    equal?: %s = %s\n", x->u.X_EQUAL.symbol,
				x->u.X_EQUAL.other);
		break;
	case KC_X_FIXED:
		fprintf(out, "    %s:%d: %s: %s\n", x->u.X_FIXED.file,
			x->u.X_FIXED.line, x->u.X_FIXED.symbol, x->u.X_FIXED.kind);
		break;
	case KC_X_SELECTIF:
		fprintf(out, "    %s:%d: %s: the condition of 'select %s if ...' never changes the select\n",
			x->u.X_SELECTIF.file, x->u.X_SELECTIF.line,
			x->u.X_SELECTIF.selector, x->u.X_SELECTIF.target);
		break;
	case KC_X_DEPENDS:
		fprintf(out, "    %s:%d: %s: 'depends on %s' is implied by its other dependencies and what encloses it\n",
			x->u.X_DEPENDS.file, x->u.X_DEPENDS.line,
			x->u.X_DEPENDS.symbol, x->u.X_DEPENDS.clause);
		break;
	default:
		break;
	}
}

/* --sample: the differential test's counts and each sample that differs. */
static void text_samples(FILE *out, const struct arch_result *r)
{
	const struct kc_X_SAMPLE *s;
	size_t x;
	char *cx;

	if (!atoi(stat_value(r, "samples")))
		return;
	fprintf(out, "  differential test: %s models resolved by kconfig: %s agreed on every symbol, %s differ through a free comparison, %s differ otherwise, %s not read\n",
		stat_value(r, "samples"), stat_value(r, "samples-agreed"),
		stat_value(r, "samples-explained"),
		stat_value(r, "samples-differ"), stat_value(r, "samples-unread"));
	for (x = 0; x < r->nx; x++) {
		if (r->x[x].fam != KC_X_SAMPLE)
			continue;
		s = &r->x[x].u.X_SAMPLE;
		cx = frag_line(s->counterexample);
		fprintf(out, "    %s: %s is %c in the model, %c in kconfig (%d symbols differ)%s%s\n      .config: %s\n",
			s->status, s->symbol, s->model, s->engine, s->differing,
			*s->comparison ? "; free comparison " : "",
			s->comparison, cx);
		free(cx);
	}
}

/* --implications: the minimal ones, each with its Kconfig lines. */
static void text_implications(FILE *out, const struct arch_result *r)
{
	const struct kc_X_IMPLY *i;
	size_t x;

	if (!atoi(stat_value(r, "implications-antecedents")))
		return;
	fprintf(out, "  implications in every configuration (%s symbols of the scope, %s candidates each; %s proved, the minimal ones below; %s always on, %s never on, left out):\n",
		stat_value(r, "implications-antecedents"),
		stat_value(r, "implications-consequents"),
		stat_value(r, "implications-proved"),
		stat_value(r, "implications-always-on"),
		stat_value(r, "implications-never-on"));
	for (x = 0; x < r->nx; x++) {
		if (r->x[x].fam != KC_X_IMPLY)
			continue;
		i = &r->x[x].u.X_IMPLY;
		fprintf(out, "    %s %s %s %s %s [%s]%s%s\n", i->antecedent,
			strcmp(i->level, "y") ? "on" : "=y",
			strcmp(i->status, "equivalent") ? "->" : "<->", i->consequent,
			strcmp(i->level, "y") ? "on" : "=y", i->status,
			*i->chain ? ": " : " (no chain of depends/select lines: defaults, visibility or choices)",
			i->chain);
	}
}

static void text_arch(FILE *out, const struct arch_result *r,
		      const struct rules *rules, const struct kc_set *known)
{
	size_t x;
	int pass;

	fprintf(out, "\n%s: %s symbols, %s in the cone (%s variables, %s clauses, %s comparisons left free, %s fixed by the tree); %s queries, %s engine runs, %.1f s\n",
		r->arch, stat_value(r, "symbols"),
		stat_value(r, "encoded-symbols"), stat_value(r, "variables"),
		stat_value(r, "clauses"), stat_value(r, "unknown-comparisons"),
		stat_value(r, "fixed-comparisons"),
		stat_value(r, "queries"), stat_value(r, "engine-runs"),
		r->seconds);
	if (r->error) {
		fprintf(out, "  could not be evaluated: %s\n", r->error);
		return;
	}
	fprintf(out, "  unmet dependencies: %s selects checked, %s proved impossible\n",
		stat_value(r, "selects"), stat_value(r, "selects-proved"));
	text_unmet(out, r, rules, known);
	text_invariants(out, r, rules, known);
	text_samples(out, r);
	text_implications(out, r);
	fputs("  redundancy in the scope (proved for every configuration):\n", out);
	equal_classes(out, r);
	for (pass = 0; pass < 2; pass++) {
		if (pass)
			fputs("  redundancy candidates not proved (no counterexample reproduced either):\n", out);
		for (x = 0; x < r->nx; x++) {
			const char *st = status_of(&r->x[x]);

			if (st && is(st, "proved") == !pass)
				text_redundancy(out, &r->x[x]);
		}
	}
}

static void count(const struct arch_result *r, const struct rules *rules,
		  const struct kc_set *known, struct sat_counts *c)
{
	size_t x;

	if (r->error) {
		c->errors++;
		return;
	}
	c->selects += atoi(stat_value(r, "selects"));
	c->proved_selects += atoi(stat_value(r, "selects-proved"));
	c->samples += atoi(stat_value(r, "samples"));
	c->samples_agreed += atoi(stat_value(r, "samples-agreed"));
	c->samples_explained += atoi(stat_value(r, "samples-explained"));
	c->samples_differ += atoi(stat_value(r, "samples-differ"));
	for (x = 0; x < r->nx; x++) {
		const struct kc_msg *m = &r->x[x];
		const char *st = status_of(m);
		char *key = result_key(r->arch, m, rules);

		if (m->fam == KC_X_UNMET) {
			if (is(st, "proved"))
				;	/* --list-proved; counted by the stats */
			else if (!is(st, "confirmed"))
				c->unconfirmed++;
			else if (!kc_set_has(known, key))
				c->confirmed++;
			else
				c->suppressed++;
		} else if (m->fam == KC_X_INVARIANT) {
			if (is(st, "proved"))
				c->inv_proved++;
			else if (is(st, "unknown"))
				c->inv_unknown++;
			else if (!kc_set_has(known, key))
				c->inv_refuted++;
			else
				c->suppressed++;
		} else if (is(st, "proved")) {
			c->redundancies++;
		}
		free(key);
	}
}

static void finding_unmet(struct findings *f, struct kc_set *groups,
			  const char *arch, const struct kc_msg *x,
			  const struct rules *rules)
{
	const struct kc_X_UNMET *u = &x->u.X_UNMET;
	char *cx = frag_line(u->counterexample);

	findings_add(f, groups, "sat-unmet",
		     kc_printf("U|%s|%s|%s|%d", u->target, u->selector, u->file,
			       u->line),
		     u->file, u->line, u->target,
		     kc_printf("select %s in %s can be %c while %s's dependencies are %c: %s; counterexample: %s",
			       u->target, u->selector, u->active, u->target,
			       u->dependency_value, u->dependency, cx),
		     arch, result_key(arch, x, rules));
	free(cx);
}

static void finding_invariant(struct findings *f, struct kc_set *groups,
			      const char *arch, const struct kc_msg *x,
			      const struct rules *rules)
{
	const struct kc_X_INVARIANT *v = &x->u.X_INVARIANT;
	char *cx = frag_line(v->counterexample);

	findings_add(f, groups, "sat-invariant",
		     kc_printf("I|%d", v->rule_line),
		     rules ? rules->file : "rules", v->rule_line, "",
		     kc_printf("invariant '%s' %s%s%s",
			       rule_text(rules, v->rule_line), v->status,
			       *cx ? "; counterexample: " : "", cx),
		     arch, result_key(arch, x, rules));
	free(cx);
}

/* A sample kconfig resolved differently, no free comparison to explain it. */
static void finding_sample(struct findings *f, struct kc_set *groups,
			   const char *arch, const struct kc_msg *x,
			   const struct rules *rules)
{
	const struct kc_X_SAMPLE *s = &x->u.X_SAMPLE;
	char *cx = frag_line(s->counterexample);

	findings_add(f, groups, "sat-encoding",
		     kc_printf("M|%s", s->symbol), "Kconfig", 0, s->symbol,
		     kc_printf("the SAT model gives %s=%c where kconfig resolves %c (%d symbols differ): an encoding bug; .config: %s",
			       s->symbol, s->model, s->engine, s->differing, cx),
		     arch, result_key(arch, x, rules));
	free(cx);
}

void sat_findings(const struct matrix *m, const struct arch_result *res,
		  const struct rules *rules, struct findings *f)
{
	struct kc_set groups = { 0 };
	size_t a, x;

	memset(f, 0, sizeof(*f));
	for (a = 0; a < m->narches; a++) {
		const struct arch_result *r = &res[a];

		for (x = 0; x < r->nx; x++) {
			const struct kc_msg *l = &r->x[x];

			if (l->fam == KC_X_UNMET &&
			    is(l->u.X_UNMET.status, "confirmed"))
				finding_unmet(f, &groups, r->arch, l, rules);
			else if (l->fam == KC_X_INVARIANT &&
				 !is(l->u.X_INVARIANT.status, "proved"))
				finding_invariant(f, &groups, r->arch, l, rules);
			else if (l->fam == KC_X_SAMPLE &&
				 is(l->u.X_SAMPLE.status, "differs"))
				finding_sample(f, &groups, r->arch, l, rules);
		}
	}
	kc_set_free(&groups, NULL);
}

/* A field of a result as JSON: named as in protocol.h. */
static struct json_object *json_field(const struct kc_msg *x,
				      const struct kc_field *f)
{
	const void *p = (const char *)&x->u + f->off;
	const char *s = NULL;
	char c[2] = { 0 }, *end;
	long v;

	if (f->kind != KC_KIND_INT && f->kind != KC_KIND_CHAR &&
	    f->kind != KC_KIND_LIST && f->kind != KC_KIND_VALUES)
		s = *(const char *const *)p;
	switch (f->kind) {
	case KC_KIND_INT:
		return json_object_new_int64(*(const int *)p);
	case KC_KIND_CHAR:
		c[0] = *(const char *)p;
		return json_object_new_string(c);
	case KC_KIND_NUMBER:
		v = strtol(s, &end, 10);
		if (*s && !*end)
			return json_object_new_int64(v);
		return json_object_new_string(s);
	case KC_KIND_LIST:
	case KC_KIND_VALUES: {
		struct json_object *a = json_object_new_array();
		char *const *items = *(char *const *const *)p;
		size_t i, n = *(const size_t *)((const char *)&x->u + f->noff);

		for (i = 0; i < n; i++)
			json_object_array_add(a, items[i] ?
					      json_object_new_string(items[i]) : NULL);
		return a;
	}
	default:
		return json_object_new_string(s);
	}
}

static struct json_object *json_result(const char *arch, const struct kc_msg *x,
				       const struct rules *rules)
{
	const struct kc_family_desc *d = kc_describe(x->fam);
	struct json_object *o = json_object_new_object();
	const char *st = x->fam == KC_X_UNMET || x->fam == KC_X_INVARIANT ?
			 status_of(x) : NULL;
	size_t i;

	json_object_object_add(o, "what", json_object_new_string(d->what));
	for (i = 0; i < d->nfields; i++) {
		const struct kc_field *f = &d->fields[i];

		if (f->kind == KC_KIND_OPT &&
		    !*(const char *const *)((const char *)&x->u + f->off))
			continue;
		json_object_object_add(o, f->name, json_field(x, f));
	}
	if (st && !is(st, "proved") && !is(st, "unknown") &&
	    !is(st, "unconfirmed")) {
		char *key = result_key(arch, x, rules);

		json_object_object_add(o, "key", json_object_new_string(key));
		free(key);
	}
	return o;
}

static struct json_object *json_arch(const struct arch_result *r,
				     const struct rules *rules)
{
	struct json_object *a = json_object_new_object();
	struct json_object *results = json_object_new_array();
	size_t x;

	json_object_object_add(a, "arch", json_object_new_string(r->arch));
	json_object_object_add(a, "seconds", json_object_new_double(r->seconds));
	json_object_object_add(a, "error", r->error ?
			       json_object_new_string(r->error) : NULL);
	/* the results; a class is what the "equal" results add up to */
	for (x = 0; x < r->nx; x++)
		if (r->x[x].fam != KC_X_CLASS)
			json_object_array_add(results,
					      json_result(r->arch, &r->x[x], rules));
	json_object_object_add(a, "results", results);
	return a;
}

int sat_report(FILE *out, enum format fmt, const char *tree,
	       const struct matrix *m, const struct arch_result *res,
	       const struct rules *rules, const struct baseline *baseline,
	       const struct findings *f, struct sat_counts *c)
{
	struct kc_set none = { 0 };
	const struct kc_set *known = baseline ? &baseline->keys : &none;
	size_t a;

	memset(c, 0, sizeof(*c));
	for (a = 0; a < m->narches; a++)
		count(&res[a], rules, known, c);
	if (fmt == FMT_JSON) {
		struct json_object *root = json_object_new_object();
		struct json_object *arches = json_object_new_array();

		json_object_object_add(root, "kcheck-sat", json_object_new_int(1));
		json_object_object_add(root, "tree", json_object_new_string(tree));
		json_object_object_add(root, "confirmed", json_object_new_int64(c->confirmed));
		json_object_object_add(root, "unconfirmed", json_object_new_int64(c->unconfirmed));
		json_object_object_add(root, "invariants_refuted", json_object_new_int64(c->inv_refuted));
		json_object_object_add(root, "invariants_unknown", json_object_new_int64(c->inv_unknown));
		struct json_object *sum = json_object_new_object();

		for (a = 0; a < m->narches; a++)
			json_object_array_add(arches, json_arch(&res[a], rules));
		json_object_object_add(root, "arches", arches);
		json_object_object_add(root, "findings", json_findings(f));
		json_object_object_add(sum, "findings", json_object_new_int64(f->n));
		json_object_object_add(sum, "suppressed_by_baseline",
				       json_object_new_int64(f->suppressed));
		json_object_object_add(root, "summary", sum);
		kc_json_print(out, root);
		json_object_put(root);
	} else {
		fprintf(out, "kcheck sat: %s, %zu arches, every configuration Kconfig allows\n",
			tree, m->narches);
		for (a = 0; a < m->narches; a++)
			text_arch(out, &res[a], rules, known);
		fprintf(out, "\nsat: unmet dependencies: %zu confirmed, %zu unconfirmed, %zu of %zu selects proved impossible",
			c->confirmed, c->unconfirmed, c->proved_selects,
			c->selects);
		if (rules)
			fprintf(out, "; invariants: %zu proved, %zu refuted, %zu unknown",
				c->inv_proved, c->inv_refuted, c->inv_unknown);
		fprintf(out, "; %zu redundancies proved", c->redundancies);
		if (c->samples)
			fprintf(out, "; differential test: %zu of %zu models agreed, %zu through a free comparison, %zu differ",
				c->samples_agreed, c->samples,
				c->samples_explained, c->samples_differ);
		if (c->suppressed)
			fprintf(out, "; %zu findings in the baseline", c->suppressed);
		if (c->errors)
			fprintf(out, "; %zu arches could not be evaluated", c->errors);
		fputc('\n', out);
	}
	return 0;
}
