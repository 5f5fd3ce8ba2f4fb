// SPDX-License-Identifier: GPL-2.0-only
/*
 * Redundancy mining over the scope's symbols: what a maintainer proves by
 * hand in review ("it's impossible to have A without B").
 *
 *   fixed    a symbol is always n / always y in every configuration, or,
 *            whenever its dependencies hold, always on (the prompt or
 *            default never matters) or never on; or its dependencies
 *            never hold at all
 *   equal    two symbols have the same value in every configuration
 *   selectif 'select T if C' where C never changes the select: in every
 *            configuration min(selector, C and the entry's dependencies)
 *            equals min(selector, the entry's dependencies)
 *   depends  a 'depends on' clause the entry's other dependencies and
 *            what encloses it (menus, ifs) already imply
 *
 * A candidate is first tested on real configurations resolved by the
 * engine (all{no,yes,mod,def}config and seeded randconfigs): one that
 * fails there is not a redundancy and costs no query.  The rest go to the
 * solver: UNSAT proves the redundancy for every configuration ("proved");
 * a model is run through the engine and, when it reproduces, the
 * candidate is dropped; when it does not, the candidate is reported as
 * "unknown".
 */
#include <stdlib.h>
#include <string.h>

#include "protocol.h"
#include "satwork.h"
#include "treeconf.h"
#include "util.h"

enum fixed_kind { F_ALWAYS_N, F_ALWAYS_Y, F_DEPS_NEVER, F_ON_WITH_DEPS,
		  F_OFF_WITH_DEPS, F_NKINDS };

static const char *const fixed_name[F_NKINDS] = {
	"always-n", "always-y", "deps-never-hold", "on-whenever-deps-hold",
	"off-whenever-deps-hold",
};

struct cand {
	int kind;		/* fixed kind, or -1 */
	int a, b;		/* symbols, select or clause index */
	bool dead;		/* refuted by a real configuration */
};

struct ctx {
	struct satwork *w;
	int *syms;		/* scope symbols */
	int nsyms;
	int *sels, nsels;	/* scope selects with 'if' */
	int *cls, ncls;		/* scope clauses */
	/* the candidates: fixed values, equal pairs, selectifs, depends */
	struct cand *fx, *eq, *si, *dp;
	int nfx, neq;
	bool *constant;		/* by symbol: proved always n or always y */
};

/* ---- the predicates, on the engine's current configuration ---- */

static bool fixed_fails(struct satwork *w, int kind, int s)
{
	const struct model *m = &w->m;
	int v = satmodel_value(m, s), d = satmodel_dep_value(m, s);

	switch (kind) {
	case F_ALWAYS_N:
		return v > 0;
	case F_ALWAYS_Y:
		return v < 2;
	case F_DEPS_NEVER:
		return d > 0;
	case F_ON_WITH_DEPS:
		return d > 0 && v == 0;
	default:
		return d > 0 && v > 0;
	}
}

static int tmin(int a, int b)
{
	return a < b ? a : b;
}

static bool selectif_fails(struct satwork *w, int i)
{
	const struct model *m = &w->m;
	const struct mselect *s = &m->sels[i];
	int v = satmodel_value(m, s->selector);
	int c = s->cond < 0 ? 2 : satmodel_expr_value(m, s->cond);
	int d = s->entry_dep < 0 ? 2 : satmodel_expr_value(m, s->entry_dep);

	return tmin(v, c) != tmin(v, d);
}

static bool depends_fails(struct satwork *w, int i)
{
	const struct model *m = &w->m;
	const struct mclause *c = &m->clauses[i];
	int rest = c->rest < 0 ? 2 : satmodel_expr_value(m, c->rest);

	return rest > satmodel_expr_value(m, c->clause);
}

struct pred_arg {
	char what;		/* 'f' fixed, 'e' equal, 's' selectif, 'd' depends */
	struct cand *c;
};

static bool fails(struct satwork *w, void *arg)
{
	struct pred_arg *p = arg;
	struct cand *c = p->c;

	switch (p->what) {
	case 'f':
		return fixed_fails(w, c->kind, c->a);
	case 'e':
		return satmodel_value(&w->m, c->a) != satmodel_value(&w->m, c->b);
	case 's':
		return selectif_fails(w, c->a);
	default:
		return depends_fails(w, c->a);
	}
}

/* ---- the solver side ---- */

static int fixed_lit(struct satwork *w, int kind, int s)
{
	struct tl v = enc_sym(w->e, s), d = enc_dep(w->e, s);

	switch (kind) {
	case F_ALWAYS_N:
		return v.m;
	case F_ALWAYS_Y:
		return -v.y;
	case F_DEPS_NEVER:
		return d.m;
	case F_ON_WITH_DEPS:
		return enc_and(w->e, d.m, -v.m);
	default:
		return enc_and(w->e, d.m, v.m);
	}
}

static int fail_lit(struct satwork *w, char what, struct cand *c)
{
	const struct model *m = &w->m;
	struct tl v, x, y;

	switch (what) {
	case 'f':
		return fixed_lit(w, c->kind, c->a);
	case 'e':
		return enc_ne(w->e, enc_sym(w->e, c->a), enc_sym(w->e, c->b));
	case 's':
		v = enc_sym(w->e, m->sels[c->a].selector);
		x = enc_tmin(w->e, v, enc_node(w->e, m->sels[c->a].cond, 2));
		y = enc_tmin(w->e, v, enc_node(w->e, m->sels[c->a].entry_dep, 2));
		return enc_ne(w->e, x, y);
	default:
		return enc_gt(w->e, enc_node(w->e, m->clauses[c->a].rest, 2),
			      enc_node(w->e, m->clauses[c->a].clause, 2));
	}
}

/* "proved", "unknown", or NULL when a real configuration refutes it. */
static const char *decide(struct satwork *w, char what, struct cand *c)
{
	struct pred_arg p = { what, c };
	char **lines;
	int r, n;
	bool real;

	r = sat_query(w, fail_lit(w, what, c));
	if (r == 0)
		return "proved";
	if (r < 0)
		return "unknown";
	n = enc_fragment(w->e, &lines);
	real = sat_reproduces(w, lines, n, fails, &p);
	kc_strv_free(lines, n);
	return real ? NULL : "unknown";
}

/* ---- real configurations ---- */

static void observe(struct ctx *x, struct cand *fx, int nfx, struct cand *eq,
		    int neq, struct cand *si, struct cand *dp)
{
	struct satwork *w = x->w;
	int i;

	for (i = 0; i < nfx; i++)
		if (!fx[i].dead && fixed_fails(w, fx[i].kind, fx[i].a))
			fx[i].dead = true;
	for (i = 0; i < neq; i++)
		if (!eq[i].dead && satmodel_value(&w->m, eq[i].a) !=
		    satmodel_value(&w->m, eq[i].b))
			eq[i].dead = true;
	for (i = 0; i < x->nsels; i++)
		if (!si[i].dead && selectif_fails(w, si[i].a))
			si[i].dead = true;
	for (i = 0; i < x->ncls; i++)
		if (!dp[i].dead && depends_fails(w, dp[i].a))
			dp[i].dead = true;
}

static int resolve_real(int k)
{
	static const enum treeconf_kind all[] = { TREECONF_ALLNO, TREECONF_ALLYES,
		TREECONF_ALLMOD, TREECONF_ALLDEF };

	if (k < 4)
		return treeconf_resolve(all[k], NULL, 0);
	return treeconf_resolve(TREECONF_RANDOM, NULL, (unsigned int)(k - 3));
}

/* ---- the scope ---- */

static void collect(struct ctx *x)
{
	const struct model *m = &x->w->m;
	int i;

	for (i = 0; i < m->nsyms; i++) {
		const struct msym *s = &m->syms[i];

		if ((s->type != 'b' && s->type != 't') || !s->file ||
		    !sat_in_scope(x->w, s->name))
			continue;
		x->syms = kc_realloc(x->syms, (x->nsyms + 1) * sizeof(int));
		x->syms[x->nsyms++] = i;
	}
	for (i = 0; i < m->nsels; i++) {
		const struct mselect *s = &m->sels[i];

		if (s->imply || !s->has_if ||
		    (!sat_in_scope(x->w, m->syms[s->selector].name) &&
		     !sat_in_scope(x->w, m->syms[s->target].name)))
			continue;
		x->sels = kc_realloc(x->sels, (x->nsels + 1) * sizeof(int));
		x->sels[x->nsels++] = i;
	}
	for (i = 0; i < m->nclauses; i++) {
		if (!sat_in_scope(x->w, m->syms[m->clauses[i].sym].name))
			continue;
		x->cls = kc_realloc(x->cls, (x->ncls + 1) * sizeof(int));
		x->cls[x->ncls++] = i;
	}
}

static int find_root(int *parent, int i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

struct member {
	int label, order, sym;
};

static int by_label(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	if (x->label != y->label)
		return x->label < y->label ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/*
 * The X class lines of the proved pairs, in the order the report prints
 * them: a symbol is numbered as it first appears in the pairs; a class is
 * labelled with the number of the first symbol of a pair that began it
 * (a pair's first symbol new) or took it over (joined to that symbol's
 * class), and the classes come by label, each's symbols by number.
 */
static void emit_classes(struct satwork *w, struct cand **pairs, int n)
{
	int nsyms = w->m.nsyms ? w->m.nsyms : 1, i, k, nmem = 0;
	int *order = kc_calloc(nsyms, sizeof(int)), *up = kc_calloc(nsyms, sizeof(int));
	int *label = kc_calloc(nsyms, sizeof(int));
	struct member *mem = kc_calloc(2 * n + 1, sizeof(*mem));
	const char **names;

	for (i = 0; i < nsyms; i++)
		order[i] = -1;
	for (i = 0; i < n; i++) {
		int a = pairs[i]->a, b = pairs[i]->b;

		if (order[a] < 0) {
			order[a] = nmem;
			mem[nmem++].sym = a;
			up[a] = a;
			label[a] = order[a];
		}
		if (order[b] < 0) {
			order[b] = nmem;
			mem[nmem++].sym = b;
			up[b] = find_root(up, a);
		} else {
			up[find_root(up, b)] = find_root(up, a);
		}
	}
	for (i = 0; i < nmem; i++) {
		mem[i].order = i;
		mem[i].label = label[find_root(up, mem[i].sym)];
	}
	qsort(mem, nmem, sizeof(*mem), by_label);
	names = kc_calloc(nmem + 1, sizeof(*names));
	for (i = 0; i < nmem; i = k) {
		for (k = i; k < nmem && mem[k].label == mem[i].label; k++)
			names[k - i] = w->m.syms[mem[k].sym].name;
		KC_EMIT(w->out, X_CLASS, .symbols = (char *const *)names,
			.symbols_n = k - i);
	}
	free(names);
	free(mem);
	free(label);
	free(up);
	free(order);
}

static void candidates(struct ctx *x)
{
	int i, k;

	x->nfx = x->nsyms * F_NKINDS;
	x->fx = kc_calloc(x->nfx ? x->nfx : 1, sizeof(*x->fx));
	for (i = 0; i < x->nsyms; i++)
		for (k = 0; k < F_NKINDS; k++) {
			x->fx[i * F_NKINDS + k].kind = k;
			x->fx[i * F_NKINDS + k].a = x->syms[i];
		}
	/* equal pairs: every pair, filtered below */
	for (i = 0; i < x->nsyms; i++)
		for (k = i + 1; k < x->nsyms; k++) {
			x->eq = kc_realloc(x->eq, (x->neq + 1) * sizeof(*x->eq));
			x->eq[x->neq].kind = -1;
			x->eq[x->neq].a = x->syms[i];
			x->eq[x->neq].b = x->syms[k];
			x->eq[x->neq++].dead = false;
		}
	x->si = kc_calloc(x->nsels ? x->nsels : 1, sizeof(*x->si));
	for (i = 0; i < x->nsels; i++)
		x->si[i].a = x->sels[i];
	x->dp = kc_calloc(x->ncls ? x->ncls : 1, sizeof(*x->dp));
	for (i = 0; i < x->ncls; i++)
		x->dp[i].a = x->cls[i];
}

/* Fixed values first: constants take no part in the pairs. */
static void report_fixed(struct ctx *x)
{
	struct satwork *w = x->w;
	const struct model *m = &w->m;
	struct cand *fx = x->fx;
	const char *st;
	int i;

	for (i = 0; i < x->nfx; i++) {
		struct cand *c = &fx[i];

		if (c->dead)
			continue;
		/* without dependencies only always-n/always-y say anything */
		if (c->kind >= F_DEPS_NEVER && m->syms[c->a].dep < 0)
			continue;
		/* deps that never hold say everything about the symbol */
		if (c->kind >= F_ON_WITH_DEPS &&
		    !fx[i - c->kind + F_DEPS_NEVER].dead)
			continue;
		if ((c->kind == F_DEPS_NEVER || c->kind >= F_ON_WITH_DEPS) &&
		    (x->constant[c->a]))
			continue;
		st = decide(w, 'f', c);
		if (!st) {
			c->dead = true;
			continue;
		}
		if (!strcmp(st, "proved") && c->kind <= F_ALWAYS_Y)
			x->constant[c->a] = true;
		KC_EMIT(w->out, X_FIXED, .status = st, .symbol = m->syms[c->a].name,
			.kind = fixed_name[c->kind], .file = m->syms[c->a].file,
			.line = m->syms[c->a].line);
	}
}

/* Equal classes: union-find over proved pairs. */
static void report_equal(struct ctx *x)
{
	struct satwork *w = x->w;
	const struct model *m = &w->m;
	struct cand **pairs;
	const char *st;
	int i, *parent, npairs = 0;

	parent = kc_calloc(m->nsyms ? m->nsyms : 1, sizeof(int));
	pairs = kc_calloc(x->neq ? x->neq : 1, sizeof(*pairs));
	for (i = 0; i < m->nsyms; i++)
		parent[i] = i;
	for (i = 0; i < x->neq; i++) {
		struct cand *c = &x->eq[i];

		if (c->dead || x->constant[c->a] || x->constant[c->b] ||
		    find_root(parent, c->a) == find_root(parent, c->b))
			continue;
		st = decide(w, 'e', c);
		if (!st)
			continue;
		if (!strcmp(st, "proved")) {
			parent[find_root(parent, c->b)] = find_root(parent, c->a);
			pairs[npairs++] = c;
		}
		KC_EMIT(w->out, X_EQUAL, .status = st, .symbol = m->syms[c->a].name,
			.other = m->syms[c->b].name);
	}
	emit_classes(w, pairs, npairs);
	free(pairs);
	free(parent);
}

static void report_selects_depends(struct ctx *x)
{
	struct satwork *w = x->w;
	const struct model *m = &w->m;
	const char *st;
	int i;

	for (i = 0; i < x->nsels; i++) {
		const struct mselect *s = &m->sels[x->si[i].a];

		if (x->si[i].dead || !(st = decide(w, 's', &x->si[i])))
			continue;
		KC_EMIT(w->out, X_SELECTIF, .status = st,
			.selector = m->syms[s->selector].name,
			.target = m->syms[s->target].name, .file = s->file,
			.line = s->line);
	}
	for (i = 0; i < x->ncls; i++) {
		const struct mclause *c = &m->clauses[x->dp[i].a];
		char *cs;

		if (x->dp[i].dead || x->constant[c->sym] ||
		    !(st = decide(w, 'd', &x->dp[i])))
			continue;
		cs = satmodel_expr_string(m, c->clause);
		KC_EMIT(w->out, X_DEPENDS, .status = st,
			.symbol = m->syms[c->sym].name, .file = c->file,
			.line = c->line, .clause = cs);
		free(cs);
	}
}

void sat_redundancy(struct satwork *w, int nreal)
{
	struct ctx x = { .w = w };
	int i;

	collect(&x);
	candidates(&x);
	for (i = 0; i < 4 + nreal; i++)
		if (!resolve_real(i))
			observe(&x, x.fx, x.nfx, x.eq, x.neq, x.si, x.dp);

	x.constant = kc_calloc(w->m.nsyms ? w->m.nsyms : 1, sizeof(bool));
	report_fixed(&x);
	report_equal(&x);
	report_selects_depends(&x);
	sat_stat(w, "scope-symbols", x.nsyms);
	free(x.constant);
	free(x.fx);
	free(x.eq);
	free(x.si);
	free(x.dp);
	free(x.syms);
	free(x.sels);
	free(x.cls);
}
