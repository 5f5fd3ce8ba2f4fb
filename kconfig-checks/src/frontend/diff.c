// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "diff.h"
#include "util.h"

#define MAX_LISTED 6

/*
 * One (symbol, before, after) change and the configurations it is in; its
 * strings are its own (a diff outlives the results it was made from), but
 * for the two placeholders below.
 */
struct change {
	char *symbol;
	const char *before, *after;
	char **configs;
	size_t n;
};

struct per_config {
	char *config;
	size_t n;
};

static const char *NOT_DEFINED = "(undefined)";
static const char *NOT_SET = "(not in .config)";

static const char *value(const struct arch_result *r, size_t c, const char *sym)
{
	char **slot;
	size_t lo = 0, hi = r->nnames;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int d = strcmp(r->names[mid], sym);

		if (!d) {
			slot = &r->cfgs[c].vals[mid];
			return *slot ? *slot : NOT_SET;
		}
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NOT_DEFINED;
}

static const struct arch_result *find_arch(const struct diff_side *s,
					   const char *arch)
{
	size_t i;

	for (i = 0; i < s->m->narches; i++)
		if (!strcmp(s->res[i].arch, arch))
			return &s->res[i];
	return NULL;
}

static long find_cfg(const struct arch_result *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ncfgs; i++)
		if (!strcmp(r->cfgs[i].name, name))
			return i;
	return -1;
}

static int cmp_change(const void *a, const void *b)
{
	const struct change *x = *(struct change *const *)a;
	const struct change *y = *(struct change *const *)b;
	int d = strcmp(x->symbol, y->symbol);

	if (d)
		return d;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	d = strcmp(x->before, y->before);
	return d ? d : strcmp(x->after, y->after);
}

/* A value .config shows (y, m, n, a number, a string), not a placeholder. */
static int has_value(const char *v)
{
	return v != NOT_DEFINED && v != NOT_SET;
}

/* Does the change show in some .config, or only in the symbol table? */
static int is_value_change(const struct change *c)
{
	return has_value(c->before) || has_value(c->after);
}

static struct json_object *json_change(const struct change *c)
{
	struct json_object *o = json_object_new_object();
	struct json_object *cs = json_object_new_array();
	size_t k;

	json_object_object_add(o, "symbol", json_object_new_string(c->symbol));
	json_object_object_add(o, "before", json_object_new_string(c->before));
	json_object_object_add(o, "after", json_object_new_string(c->after));
	json_object_object_add(o, "kind", json_object_new_string(
		is_value_change(c) ? "value" : "no-value"));
	for (k = 0; k < c->n; k++)
		json_object_array_add(cs, json_object_new_string(c->configs[k]));
	json_object_object_add(o, "configurations", cs);
	return o;
}

static void print_list(FILE *out, char **v, size_t n)
{
	size_t k;

	for (k = 0; k < n && k < MAX_LISTED; k++)
		fprintf(out, "%s%s", k ? ", " : "", v[k]);
	if (n > MAX_LISTED)
		fprintf(out, ", and %zu more", n - MAX_LISTED);
}

/* The differences between the two trees, computed before any is printed. */
struct diff {
	struct kc_set changes;	/* "symbol\tbefore\tafter" -> struct change */
	struct change **cv;
	size_t ncv;
	struct per_config *pc;	/* configurations that differ */
	size_t npc;
	size_t compared, only;	/* configurations compared and not */
	size_t nval;		/* changes that are value changes */
};

static void add_change(struct diff *df, const char *sym, const char *bv,
		       const char *hv, const char *cfg)
{
	char *key = kc_printf("%s\t%s\t%s", sym, bv, hv);
	int added;
	void **slot = kc_set_put(&df->changes, key, &added);
	struct change *c;

	if (added) {
		c = kc_calloc(1, sizeof(*c));
		c->symbol = kc_strdup(sym);
		c->before = has_value(bv) ? kc_strdup(bv) : bv;
		c->after = has_value(hv) ? kc_strdup(hv) : hv;
		*slot = c;
		df->cv = kc_realloc(df->cv, (df->ncv + 1) * sizeof(*df->cv));
		df->cv[df->ncv++] = c;
	}
	c = *slot;
	c->configs = kc_realloc(c->configs, (c->n + 1) * sizeof(char *));
	c->configs[c->n++] = kc_strdup(cfg);
	free(key);
}

/* Configuration i of rb against j of rh: how many symbols differ. */
static size_t diff_config(struct diff *df, const struct arch_result *rb,
			  size_t i, const struct arch_result *rh, size_t j,
			  const char *cfg)
{
	size_t x = 0, y = 0, changed = 0;

	/* merge the two sorted symbol lists */
	while (x < rb->nnames || y < rh->nnames) {
		const char *sym, *bv, *hv;
		int d;

		if (x == rb->nnames)
			d = 1;
		else if (y == rh->nnames)
			d = -1;
		else
			d = strcmp(rb->names[x], rh->names[y]);
		sym = d <= 0 ? rb->names[x] : rh->names[y];
		bv = d <= 0 ? value(rb, i, sym) : NOT_DEFINED;
		hv = d >= 0 ? value(rh, j, sym) : NOT_DEFINED;
		if (d <= 0)
			x++;
		if (d >= 0)
			y++;
		if (!strcmp(bv, hv))
			continue;
		changed++;
		add_change(df, sym, bv, hv, cfg);
	}
	return changed;
}

static void diff_arch(struct diff *df, const struct arch_result *rb,
		      const struct arch_result *rh)
{
	size_t i, changed;

	for (i = 0; i < rb->ncfgs; i++) {
		long j = find_cfg(rh, rb->cfgs[i].name);
		char *cfg;

		if (j < 0 || rb->cfgs[i].error || rh->cfgs[j].error ||
		    !rb->cfgs[i].vals || !rh->cfgs[j].vals) {
			df->only++;
			continue;
		}
		df->compared++;
		cfg = kc_printf("%s/%s", rb->arch, rb->cfgs[i].name);
		changed = diff_config(df, rb, i, rh, j, cfg);
		if (changed) {
			df->pc = kc_realloc(df->pc, (df->npc + 1) * sizeof(*df->pc));
			df->pc[df->npc].config = cfg;
			df->pc[df->npc++].n = changed;
		} else {
			free(cfg);
		}
	}
}

static void diff_compute(struct diff *df, const struct diff_side *base,
			 const struct diff_side *head)
{
	size_t a, i;

	for (a = 0; a < base->m->narches; a++) {
		const struct arch_result *rb = &base->res[a];
		const struct arch_result *rh = find_arch(head, rb->arch);

		if (!rh || rb->error || rh->error)
			continue;
		diff_arch(df, rb, rh);
	}
	/* configurations only the head tree has */
	for (a = 0; a < head->m->narches; a++) {
		const struct arch_result *rh = &head->res[a];
		const struct arch_result *rb = find_arch(base, rh->arch);

		for (i = 0; i < rh->ncfgs; i++)
			if (!rb || find_cfg(rb, rh->cfgs[i].name) < 0)
				df->only++;
	}
	if (df->ncv)
		qsort(df->cv, df->ncv, sizeof(*df->cv), cmp_change);

	for (i = 0; i < df->ncv; i++)
		df->nval += is_value_change(df->cv[i]);
}

static struct json_object *json_changes(const struct diff *df)
{
	struct json_object *ch = json_object_new_array();
	size_t i;

	for (i = 0; i < df->ncv; i++)
		json_object_array_add(ch, json_change(df->cv[i]));
	return ch;
}

static void render_json(FILE *out, const struct diff *df,
			const struct diff_side *base,
			const struct diff_side *head)
{
	struct json_object *root = json_object_new_object();
	struct json_object *d = json_object_new_object();
	struct json_object *bc = json_object_new_array();
	size_t i;

	json_object_object_add(root, "kcheck-diff", json_object_new_int(1));
	json_object_object_add(d, "base", json_object_new_string(base->tree));
	json_object_object_add(d, "head", json_object_new_string(head->tree));
	json_object_object_add(root, "diff", d);
	json_object_object_add(root, "compared", json_object_new_int64(df->compared));
	json_object_object_add(root, "not_compared", json_object_new_int64(df->only));
	json_object_object_add(root, "differing", json_object_new_int64(df->npc));
	json_object_object_add(root, "changes", json_changes(df));
	for (i = 0; i < df->npc; i++) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "configuration",
				       json_object_new_string(df->pc[i].config));
		json_object_object_add(o, "symbols", json_object_new_int64(df->pc[i].n));
		json_object_array_add(bc, o);
	}
	json_object_object_add(root, "by_configuration", bc);
	kc_json_print(out, root);
	json_object_put(root);
}

static void render_markdown(FILE *out, const struct diff *df)
{
	struct change *const *cv = df->cv;
	size_t ncv = df->ncv, nval = df->nval, i;

	fprintf(out, "%zu configurations compared, %zu differ; %zu value changes, %zu symbols defined or dropped without a value.\n\n",
		df->compared, df->npc, nval, ncv - nval);
	if (nval) {
		fprintf(out, "| symbol | before | after | configurations |\n|---|---|---|---|\n");
		for (i = 0; i < ncv; i++) {
			if (!is_value_change(cv[i]))
				continue;
			fprintf(out, "| %s | %s | %s | %zu: ", cv[i]->symbol,
				cv[i]->before, cv[i]->after, cv[i]->n);
			print_list(out, cv[i]->configs, cv[i]->n);
			fprintf(out, " |\n");
		}
	}
	if (ncv > nval) {
		fprintf(out, "\nWithout a value in any .config:\n\n");
		for (i = 0; i < ncv; i++)
			if (!is_value_change(cv[i]))
				fprintf(out, "- %s: %s -> %s in %zu configurations\n",
					cv[i]->symbol, cv[i]->before,
					cv[i]->after, cv[i]->n);
	}
}

/* The compact lines of the value changes (VALUES) or the others. */
static void print_changes(FILE *out, const struct diff *df,
			  const char *indent, int values)
{
	struct change *const *cv = df->cv;
	size_t i;

	for (i = 0; i < df->ncv; i++) {
		if (is_value_change(cv[i]) != values)
			continue;
		fprintf(out, "%s%s: %s -> %s in %zu", indent, cv[i]->symbol,
			cv[i]->before, cv[i]->after, cv[i]->n);
		if (values) {
			fputs(": ", out);
			print_list(out, cv[i]->configs, cv[i]->n);
		} else {
			fputs(" configurations", out);
		}
		fputc('\n', out);
	}
}

static void render_text(FILE *out, const struct diff *df, int by_config)
{
	const struct per_config *pc = df->pc;
	size_t ncv = df->ncv, npc = df->npc, nval = df->nval, i;

	fprintf(out, "kcheck diff: %zu configurations compared, %zu differ; %zu value changes, %zu symbols defined or dropped without a value",
		df->compared, npc, nval, ncv - nval);
	if (df->only)
		fprintf(out, " (%zu configurations not in both trees or not resolved)",
			df->only);
	fprintf(out, "\n");
	if (nval)
		fprintf(out, "\nValue changes (a value in .config on at least one side):\n");
	print_changes(out, df, "  ", 1);
	if (ncv > nval)
		fprintf(out, "\nDefined or dropped, without a value in any .config:\n");
	print_changes(out, df, "  ", 0);
	if (npc && by_config)
		fprintf(out, "\nBy configuration:\n");
	for (i = 0; by_config && i < npc; i++)
		fprintf(out, "  %s: %zu symbol%s\n", pc[i].config, pc[i].n,
			pc[i].n == 1 ? "" : "s");
}

static void diff_free(struct diff *df)
{
	size_t i, k;

	for (i = 0; i < df->ncv; i++) {
		struct change *c = df->cv[i];

		for (k = 0; k < c->n; k++)
			free(c->configs[k]);
		free(c->configs);
		free(c->symbol);
		if (has_value(c->before))
			free((char *)c->before);
		if (has_value(c->after))
			free((char *)c->after);
		free(c);
	}
	free(df->cv);
	for (i = 0; i < df->npc; i++)
		free(df->pc[i].config);
	free(df->pc);
	kc_set_free(&df->changes, NULL);
}

size_t diff_report(FILE *out, enum format fmt, const struct diff_side *base,
		   const struct diff_side *head, int by_config)
{
	struct diff df = { 0 };
	size_t differing;

	diff_compute(&df, base, head);
	if (fmt == FMT_JSON)
		render_json(out, &df, base, head);
	else if (fmt == FMT_MD)
		render_markdown(out, &df);
	else
		render_text(out, &df, by_config);
	differing = df.npc;
	diff_free(&df);
	return differing;
}

struct diff *diff_new(const struct diff_side *base, const struct diff_side *head)
{
	struct diff *df = kc_calloc(1, sizeof(*df));

	diff_compute(df, base, head);
	return df;
}

void diff_counts(const struct diff *df, size_t *values, size_t *others,
		 size_t *differing)
{
	*values = df->nval;
	*others = df->ncv - df->nval;
	*differing = df->npc;
}

void diff_print_compact(FILE *out, const struct diff *df, const char *values,
			const char *others)
{
	print_changes(out, df, values, 1);
	print_changes(out, df, others, 0);
}

struct json_object *diff_json(const struct diff *df)
{
	return json_changes(df);
}

void diff_delete(struct diff *df)
{
	if (!df)
		return;
	diff_free(df);
	free(df);
}
