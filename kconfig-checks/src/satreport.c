// SPDX-License-Identifier: GPL-2.0-only
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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
			if (conf != !pass) {
				free(l.buf);
				continue;
			}
			key = kc_printf("sat-unmet:%s:%s:%s", r->arch, l.f[2], l.f[3]);
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

			key = kc_printf("sat-invariant:%s:%s", r->arch, t);
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
			key = kc_printf("sat-unmet:%s:%s:%s", r->arch, l.f[2], l.f[3]);
			if (strcmp(l.f[1], "confirmed"))
				c->unconfirmed++;
			else if (!kc_set_has(known, key))
				c->confirmed++;
			else
				c->suppressed++;
		} else if (l.n >= 4 && !strcmp(l.f[0], "invariant")) {
			key = kc_printf("sat-invariant:%s:%s", r->arch,
					rule_text(rules, atoi(l.f[2])));
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

static void json_arch(FILE *out, const struct arch_result *r,
		      const struct rules *rules, int first)
{
	size_t x;
	int i, k = 0;

	fprintf(out, "%s\n    {\"arch\": ", first ? "" : ",");
	json_str(out, r->arch);
	fprintf(out, ", \"seconds\": %.2f, \"error\": ", r->seconds);
	if (r->error)
		json_str(out, r->error);
	else
		fputs("null", out);
	fputs(", \"results\": [", out);
	for (x = 0; x < r->nx; x++) {
		struct xl l;
		char *key = NULL;

		split(r->xlines[x], &l);
		fprintf(out, "%s\n      {\"what\": ", k++ ? "," : "");
		json_str(out, l.f[0]);
		if (!strcmp(l.f[0], "unmet") && l.n >= 10)
			key = kc_printf("sat-unmet:%s:%s:%s", r->arch, l.f[2], l.f[3]);
		if (!strcmp(l.f[0], "invariant") && l.n >= 4)
			key = kc_printf("sat-invariant:%s:%s", r->arch,
					rule_text(rules, atoi(l.f[2])));
		if (key && strcmp(l.f[1], "proved") && strcmp(l.f[1], "unknown") &&
		    strcmp(l.f[1], "unconfirmed")) {
			fputs(", \"key\": ", out);
			json_str(out, key);
		}
		fputs(", \"fields\": [", out);
		for (i = 1; i < l.n; i++) {
			char *u = kc_unescape(l.f[i]);

			fputs(i > 1 ? ", " : "", out);
			json_str(out, u);
			free(u);
		}
		fputs("]}", out);
		free(key);
		free(l.buf);
	}
	fputs("]}", out);
}

int sat_report(FILE *out, enum format fmt, const char *tree,
	       const struct matrix *m, const struct arch_result *res,
	       const struct rules *rules, const struct baseline *baseline,
	       struct sat_counts *c)
{
	struct kc_set none = { 0 };
	const struct kc_set *known = baseline ? &baseline->keys : &none;
	size_t a;

	memset(c, 0, sizeof(*c));
	for (a = 0; a < m->narches; a++)
		count(&res[a], rules, known, c);
	if (fmt == FMT_JSON) {
		fputs("{\"kcheck-sat\": 1, \"tree\": ", out);
		json_str(out, tree);
		fprintf(out, ", \"confirmed\": %zu, \"unconfirmed\": %zu, \"invariants_refuted\": %zu, \"invariants_unknown\": %zu, \"arches\": [",
			c->confirmed, c->unconfirmed, c->inv_refuted,
			c->inv_unknown);
		for (a = 0; a < m->narches; a++)
			json_arch(out, &res[a], rules, !a);
		fputs("\n  ]}\n", out);
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
