// SPDX-License-Identifier: GPL-2.0-only
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "satreport.h"
#include "util.h"

/* An X line split into fields (in place, in a copy). */
struct xl {
	char *buf;
	char *f[12];
	int n;
};

static void split(const char *line, struct xl *x)
{
	char *p;

	x->buf = kc_strdup(line);
	x->n = 0;
	for (p = x->buf; p && x->n < 12; ) {
		char *t = strchr(p, '\t');

		if (t)
			*t++ = '\0';
		x->f[x->n++] = p;
		p = t;
	}
}

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
static char *result_key(const char *arch, const struct xl *l,
			const struct rules *rules)
{
	if (l->n >= 10 && !strcmp(l->f[0], "unmet"))
		return kc_printf("sat-unmet|%s|%s|%s", l->f[2], l->f[3], arch);
	if (l->n >= 4 && !strcmp(l->f[0], "invariant"))
		return kc_printf("sat-invariant|%s|%s",
				 rule_text(rules, atoi(l->f[2])), arch);
	return NULL;
}

static const char *stat(const struct arch_result *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nx; i++)
		if (!strncmp(r->xlines[i], "stats\t", 6) &&
		    !strncmp(r->xlines[i] + 6, name, strlen(name)) &&
		    r->xlines[i][6 + strlen(name)] == '\t')
			return r->xlines[i] + 7 + strlen(name);
	return "0";
}

/* Print a fragment (escaped, lines joined by \n) on one line. */
static void frag_text(FILE *out, const char *esc)
{
	char *s = kc_unescape(esc), *p;

	for (p = s; *p; p++)
		if (*p == '\n')
			*p = ' ';
	fputs(*s ? s : "(the defaults: an empty .config)", out);
	free(s);
}

static int find(char **v, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return i;
	return -1;
}

/* Classes of proved-equal symbols, printed "A = B = C". */
static void equal_classes(FILE *out, const struct arch_result *r)
{
	char **names = NULL;
	int *cls = NULL, n = 0, i, k, c;
	size_t x;

	for (x = 0; x < r->nx; x++) {
		struct xl l;
		int a, b;

		split(r->xlines[x], &l);
		if (l.n >= 4 && !strcmp(l.f[0], "equal") &&
		    !strcmp(l.f[1], "proved")) {
			a = find(names, n, l.f[2]);
			if (a < 0) {
				names = kc_realloc(names, (n + 1) * sizeof(char *));
				cls = kc_realloc(cls, (n + 1) * sizeof(int));
				names[n] = kc_strdup(l.f[2]);
				cls[n] = n;
				a = n++;
			}
			b = find(names, n, l.f[3]);
			if (b < 0) {
				names = kc_realloc(names, (n + 1) * sizeof(char *));
				cls = kc_realloc(cls, (n + 1) * sizeof(int));
				names[n] = kc_strdup(l.f[3]);
				cls[n] = cls[a];
				n++;
			} else {
				int from = cls[b], to = cls[a];

				for (k = 0; k < n; k++)
					if (cls[k] == from)
						cls[k] = to;
			}
		}
		free(l.buf);
	}
	for (c = 0; c < n; c++) {
		int first = 1;

		for (i = 0; i < n; i++) {
			if (cls[i] != c)
				continue;
			fprintf(out, first ? "    equal in every configuration: %s" :
				" = %s", names[i]);
			first = 0;
		}
		if (!first)
			fputc('\n', out);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(cls);
}

static void text_arch(FILE *out, const struct arch_result *r,
		      const struct rules *rules, const struct kc_set *known)
{
	size_t x;
	int pass;

	fprintf(out, "\n%s: %s symbols, %s in the cone (%s variables, %s clauses, %s comparisons left free); %s queries, %s engine runs, %.1f s\n",
		r->arch, stat(r, "symbols"), stat(r, "encoded-symbols"),
		stat(r, "variables"), stat(r, "clauses"),
		stat(r, "unknown-comparisons"), stat(r, "queries"),
		stat(r, "engine-runs"), r->seconds);
	if (r->error) {
		fprintf(out, "  could not be evaluated: %s\n", r->error);
		return;
	}
	fprintf(out, "  unmet dependencies: %s selects checked, %s proved impossible\n",
		stat(r, "selects"), stat(r, "selects-proved"));
	/* confirmed first, then the others */
	for (pass = 0; pass < 2; pass++) {
		for (x = 0; x < r->nx; x++) {
			struct xl l;
			char *key;
			bool conf;

			split(r->xlines[x], &l);
			if (l.n < 10 || strcmp(l.f[0], "unmet")) {
				free(l.buf);
				continue;
			}
			conf = !strcmp(l.f[1], "confirmed");
			/* --list-proved: in the JSON results, not the text */
			if (conf != !pass || !strcmp(l.f[1], "proved")) {
				free(l.buf);
				continue;
			}
			key = result_key(r->arch, &l, rules);
			if (!conf || !kc_set_has(known, key)) {
				fprintf(out, "  %s:%s: %s: select %s in %s can be %s while %s's dependencies are %s: %s [sat-unmet, %s]\n",
					l.f[4], l.f[5], conf ? "warning" : "note",
					l.f[2], l.f[3], conf ? l.f[6] : "active",
					l.f[2], conf ? l.f[7] : "lower", l.f[8],
					l.f[1]);
				fprintf(out, "      %s: ", conf ?
					"counterexample (as .config, then make olddefconfig)" :
					"solver model, not reproduced by the engine");
				frag_text(out, l.f[9]);
				fputc('\n', out);
			}
			free(key);
			free(l.buf);
		}
	}
	for (x = 0; x < r->nx; x++) {
		struct xl l;
		char *key;

		split(r->xlines[x], &l);
		if (l.n >= 4 && !strcmp(l.f[0], "invariant")) {
			int line = atoi(l.f[2]);
			const char *t = rule_text(rules, line);

			key = result_key(r->arch, &l, rules);
			if (strcmp(l.f[1], "refuted") || !kc_set_has(known, key)) {
				fprintf(out, "  %s:%d: invariant %s: %s\n",
					rules ? rules->file : "rules", line,
					l.f[1], t);
				if (strcmp(l.f[1], "proved")) {
					fputs("      counterexample: ", out);
					frag_text(out, l.f[3]);
					fputc('\n', out);
				}
			}
			free(key);
		}
		free(l.buf);
	}
	fputs("  redundancy in the scope (proved for every configuration):\n", out);
	equal_classes(out, r);
	for (pass = 0; pass < 2; pass++) {
		if (pass)
			fputs("  redundancy candidates not proved (no counterexample reproduced either):\n", out);
		for (x = 0; x < r->nx; x++) {
			struct xl l;
			bool proved;

			split(r->xlines[x], &l);
			proved = l.n > 1 && !strcmp(l.f[1], "proved");
			if (l.n < 4 || proved == !!pass) {
				free(l.buf);
				continue;
			}
			if (!strcmp(l.f[0], "equal") && pass)
				fprintf(out, "    equal?: %s = %s\n", l.f[2], l.f[3]);
			else if (!strcmp(l.f[0], "fixed") && l.n >= 6)
				fprintf(out, "    %s:%s: %s: %s\n", l.f[4], l.f[5],
					l.f[2], l.f[3]);
			else if (!strcmp(l.f[0], "selectif") && l.n >= 6)
				fprintf(out, "    %s:%s: %s: the condition of 'select %s if ...' never changes the select\n",
					l.f[4], l.f[5], l.f[2], l.f[3]);
			else if (!strcmp(l.f[0], "depends") && l.n >= 6)
				fprintf(out, "    %s:%s: %s: 'depends on %s' is implied by its other dependencies and what encloses it\n",
					l.f[3], l.f[4], l.f[2], l.f[5]);
			free(l.buf);
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
	c->selects += atoi(stat(r, "selects"));
	c->proved_selects += atoi(stat(r, "selects-proved"));
	for (x = 0; x < r->nx; x++) {
		struct xl l;
		char *key = NULL;

		split(r->xlines[x], &l);
		if (l.n >= 10 && !strcmp(l.f[0], "unmet")) {
			key = result_key(r->arch, &l, rules);
			if (!strcmp(l.f[1], "proved"))
				;	/* --list-proved; counted by the stats */
			else if (strcmp(l.f[1], "confirmed"))
				c->unconfirmed++;
			else if (!kc_set_has(known, key))
				c->confirmed++;
			else
				c->suppressed++;
		} else if (l.n >= 4 && !strcmp(l.f[0], "invariant")) {
			key = result_key(r->arch, &l, rules);
			if (!strcmp(l.f[1], "proved"))
				c->inv_proved++;
			else if (!strcmp(l.f[1], "unknown"))
				c->inv_unknown++;
			else if (!kc_set_has(known, key))
				c->inv_refuted++;
			else
				c->suppressed++;
		} else if (l.n >= 2 && strcmp(l.f[0], "stats") &&
			   !strcmp(l.f[1], "proved")) {
			c->redundancies++;
		}
		free(key);
		free(l.buf);
	}
}

/* A fragment (escaped, lines joined by \n) on one line, in a new string. */
static char *frag_line(const char *esc)
{
	char *s = kc_unescape(esc), *p;

	for (p = s; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return s;
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
			struct xl l;
			char *cx;

			split(r->xlines[x], &l);
			if (l.n >= 10 && !strcmp(l.f[0], "unmet") &&
			    !strcmp(l.f[1], "confirmed")) {
				cx = frag_line(l.f[9]);
				findings_add(f, &groups, "sat-unmet",
					     kc_printf("U|%s|%s|%s|%s", l.f[2], l.f[3],
						       l.f[4], l.f[5]),
					     l.f[4], atoi(l.f[5]), l.f[2],
					     kc_printf("select %s in %s can be %s while %s's dependencies are %s: %s; counterexample: %s",
						       l.f[2], l.f[3], l.f[6], l.f[2],
						       l.f[7], l.f[8], cx),
					     r->arch, result_key(r->arch, &l, rules));
				free(cx);
			} else if (l.n >= 4 && !strcmp(l.f[0], "invariant") &&
				   strcmp(l.f[1], "proved")) {
				const char *t = rule_text(rules, atoi(l.f[2]));

				cx = frag_line(l.f[3]);
				findings_add(f, &groups, "sat-invariant",
					     kc_printf("I|%s", l.f[2]),
					     rules ? rules->file : "rules",
					     atoi(l.f[2]), "",
					     kc_printf("invariant '%s' %s%s%s", t, l.f[1],
						       *cx ? "; counterexample: " : "", cx),
					     r->arch, result_key(r->arch, &l, rules));
				free(cx);
			}
			free(l.buf);
		}
	}
	kc_set_free(&groups, NULL);
}

/* The named fields of each X line family (protocol.h), after "what". */
static const struct {
	const char *what;
	const char *names[9];
} xfields[] = {
	{ "unmet", { "status", "target", "selector", "file", "line",
		     "active", "dependency_value", "dependency",
		     "counterexample" } },
	{ "invariant", { "status", "rule_line", "counterexample" } },
	{ "fixed", { "status", "symbol", "kind", "file", "line" } },
	{ "equal", { "status", "symbol", "other" } },
	{ "selectif", { "status", "selector", "target", "file", "line" } },
	{ "depends", { "status", "symbol", "file", "line", "clause" } },
	{ "stats", { "name", "value" } },
};

static struct json_object *json_result(const char *arch, const struct xl *l,
				       const struct rules *rules)
{
	struct json_object *o = json_object_new_object();
	size_t t;
	int i;

	json_object_object_add(o, "what", json_object_new_string(l->f[0]));
	for (t = 0; t < sizeof(xfields) / sizeof(xfields[0]); t++)
		if (!strcmp(xfields[t].what, l->f[0]))
			break;
	for (i = 1; i < l->n && i <= 9; i++) {
		const char *name = t < sizeof(xfields) / sizeof(xfields[0]) ?
				   xfields[t].names[i - 1] : NULL;
		char *u = kc_unescape(l->f[i]);
		char *end;
		long v = strtol(u, &end, 10);

		if (!name)
			name = "extra";
		if ((!strcmp(name, "line") || !strcmp(name, "rule_line") ||
		     !strcmp(name, "value")) && *u && !*end)
			json_object_object_add(o, name, json_object_new_int64(v));
		else
			json_object_object_add(o, name, json_object_new_string(u));
		free(u);
	}
	if (l->n >= 2 && strcmp(l->f[1], "proved") && strcmp(l->f[1], "unknown") &&
	    strcmp(l->f[1], "unconfirmed")) {
		char *key = result_key(arch, l, rules);

		if (key)
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
	for (x = 0; x < r->nx; x++) {
		struct xl l;

		split(r->xlines[x], &l);
		json_object_array_add(results, json_result(r->arch, &l, rules));
		free(l.buf);
	}
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
		if (c->suppressed)
			fprintf(out, "; %zu findings in the baseline", c->suppressed);
		if (c->errors)
			fprintf(out, "; %zu arches could not be evaluated", c->errors);
		fputc('\n', out);
	}
	return 0;
}
