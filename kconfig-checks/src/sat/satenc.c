// SPDX-License-Identifier: GPL-2.0-only
/*
 * The encoding, rule by rule, against 6.12's symbol.c.  For a bool or
 * tristate symbol S that is not a choice member (sym_calc_value()):
 *
 *   eb   = S is bool, or tristate while MODULES is n (sym_get_type())
 *   vis  = OR of the prompts' prop->visible, m raised to y unless S is a
 *          tristate and MODULES is on (sym_calc_visibility())
 *   dep, rev, imp = dir_dep, rev_dep, implied, m raised to y when eb
 *   user = a free value (bool: n/y, tristate: n/m/y) and a free "the
 *          .config sets S" flag: any .config can set any symbol
 *   base = user && vis             if vis != n and the .config sets S
 *          otherwise the first default whose prop->visible is not n,
 *          value && prop->visible (n when there is none), then, if
 *          imp != n, (base || imp) && dep
 *   S    = base || rev, m raised to y when eb
 *
 * Choice members (6.12's sym_calc_choice()): a member that is not visible
 * is n; when any member is visible exactly one visible member is y, and
 * which one is free (a .config can pick any).  Selects of members have no
 * effect, as in sym_calc_value().
 *
 * Nodes: constants and symbols as above (a symbol that is not bool or
 * tristate, or is undefined, is n), ! && || as min/max, = and != between
 * bool/tristate symbols and y/m/n exact, and so are < <= > >= between them
 * (n < m < y, as expr_calc_value() compares them).  Every other comparison
 * (string, int, hex, undefined symbols compared) is a free value shared
 * by all occurrences of the same comparison: values of string, int and hex
 * symbols, their ranges and $(shell ...)-derived defaults are not modelled.
 * That is the only place the encoding is looser than the engine; it
 * admits more configurations, never fewer, so UNSAT stays a proof and a
 * model may need the engine to tell whether it is real.
 *
 * $(shell ...) and $(success ...) in Kconfig are expanded while parsing,
 * so the model, like the engine, is for this tree with this toolchain and
 * environment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ccadical.h>

#include "satenc.h"
#include "util.h"

enum { ST_NONE, ST_BUSY, ST_DONE };

struct symenc {
	int state;
	struct tl val;
	struct tl vis;		/* raised; only when the symbol has prompts */
	struct tl dep;		/* raised */
	int has;		/* the .config sets it; 0 if it has no prompt */
	struct tl user;
};

struct enc {
	const struct model *m;
	CCaDiCaL *ps;
	int nvars;
	int t;			/* the literal "true" */
	struct symenc *s;
	struct tl *node;	/* per node; .m == 0 when not yet encoded */
	int modules;		/* MODULES >= m, or -t */
	int nencoded;
	int clauses;
	bool fault_no_rev;	/* KCHECK_FAULT=sat-no-rev:ARCH (tests) */
};

static int fresh(struct enc *e)
{
	return ++e->nvars;
}

static void clause(struct enc *e, int a, int b, int c)
{
	ccadical_add(e->ps, a);
	if (b)
		ccadical_add(e->ps, b);
	if (c)
		ccadical_add(e->ps, c);
	ccadical_add(e->ps, 0);
	e->clauses++;
}

int enc_true(const struct enc *e)
{
	return e->t;
}

int enc_and(struct enc *e, int a, int b)
{
	int x;

	if (a == -e->t || b == -e->t || a == -b)
		return -e->t;
	if (a == e->t)
		return b;
	if (b == e->t || a == b)
		return a;
	x = fresh(e);
	clause(e, -x, a, 0);
	clause(e, -x, b, 0);
	clause(e, x, -a, -b);
	return x;
}

int enc_or(struct enc *e, int a, int b)
{
	return -enc_and(e, -a, -b);
}

static int ite(struct enc *e, int c, int a, int b)
{
	if (c == e->t || a == b)
		return a;
	if (c == -e->t)
		return b;
	return enc_or(e, enc_and(e, c, a), enc_and(e, -c, b));
}

static int iff(struct enc *e, int a, int b)
{
	return enc_or(e, enc_and(e, a, b), enc_and(e, -a, -b));
}

struct tl enc_const(const struct enc *e, int v)
{
	struct tl r = { v >= 1 ? e->t : -e->t, v == 2 ? e->t : -e->t };

	return r;
}

struct tl enc_free_value(struct enc *e)
{
	struct tl r = { fresh(e), fresh(e) };

	clause(e, -r.y, r.m, 0);
	return r;
}

struct tl enc_tmin(struct enc *e, struct tl a, struct tl b)
{
	struct tl r = { enc_and(e, a.m, b.m), enc_and(e, a.y, b.y) };

	return r;
}

struct tl enc_tmax(struct enc *e, struct tl a, struct tl b)
{
	struct tl r = { enc_or(e, a.m, b.m), enc_or(e, a.y, b.y) };

	return r;
}

struct tl enc_tnot(struct tl a)
{
	struct tl r = { -a.y, -a.m };

	return r;
}

static struct tl tite(struct enc *e, int c, struct tl a, struct tl b)
{
	struct tl r = { ite(e, c, a.m, b.m), ite(e, c, a.y, b.y) };

	return r;
}

/* m raised to y when COND (sym_calc_visibility(), sym_calc_value()) */
static struct tl raise_m(struct enc *e, struct tl v, int cond)
{
	struct tl r = { v.m, enc_or(e, v.y, enc_and(e, cond, v.m)) };

	return r;
}

int enc_gt(struct enc *e, struct tl a, struct tl b)
{
	return enc_or(e, enc_and(e, a.m, -b.m), enc_and(e, a.y, -b.y));
}

int enc_ne(struct enc *e, struct tl a, struct tl b)
{
	return enc_or(e, -iff(e, a.m, b.m), -iff(e, a.y, b.y));
}

static void equal(struct enc *e, int a, int b)
{
	clause(e, -a, b, 0);
	clause(e, a, -b, 0);
}

struct enc *enc_new(const struct model *m)
{
	struct enc *e = kc_calloc(1, sizeof(*e));

	e->m = m;
	e->fault_no_rev = kc_fault_is("sat-no-rev:");
	e->ps = ccadical_init();
	ccadical_set_option(e->ps, "phase", 0);
	e->t = fresh(e);
	clause(e, e->t, 0, 0);
	e->s = kc_calloc(m->nsyms ? m->nsyms : 1, sizeof(*e->s));
	e->node = kc_calloc(m->nexprs ? m->nexprs : 1, sizeof(*e->node));
	e->modules = -e->t;
	if (m->modules >= 0) {
		/* a placeholder, in case MODULES's own cone reads it */
		int p = fresh(e);

		e->modules = p;
		equal(e, p, enc_sym(e, m->modules).m);
	}
	return e;
}

void enc_free(struct enc *e)
{
	if (!e)
		return;
	ccadical_release(e->ps);
	free(e->s);
	free(e->node);
	free(e);
}

struct tl enc_node(struct enc *e, int n, int dflt)
{
	const struct mexpr *x;
	struct tl r, a, b;

	if (n < 0)
		return enc_const(e, dflt);
	if (e->node[n].m)
		return e->node[n];
	x = &e->m->exprs[n];
	switch (x->op) {
	case M_N:
	case M_M:
	case M_Y:
		r = enc_const(e, x->op == M_N ? 0 : x->op == M_M ? 1 : 2);
		break;
	case M_SYM:
		r = enc_sym(e, x->a);
		break;
	case M_NOT:
		r = enc_tnot(enc_node(e, x->a, 0));
		break;
	case M_AND:
	case M_OR:
		a = enc_node(e, x->a, 0);
		b = enc_node(e, x->b, 0);
		r = x->op == M_AND ? enc_tmin(e, a, b) : enc_tmax(e, a, b);
		break;
	case M_EQ:
	case M_NE:
		a = enc_node(e, x->a, 0);
		b = enc_node(e, x->b, 0);
		r.y = enc_ne(e, a, b);
		if (x->op == M_EQ)
			r.y = -r.y;
		r.m = r.y;
		break;
	case M_GT:
		r.y = r.m = enc_gt(e, enc_node(e, x->a, 0), enc_node(e, x->b, 0));
		break;
	default:
		r = enc_free_value(e);
		break;
	}
	e->node[n] = r;
	return r;
}

static void encode_choice(struct enc *e, int g)
{
	const struct mchoice *c = &e->m->choices[g];
	int i, k, any_vis = -e->t, any_y = -e->t;

	for (i = 0; i < c->n; i++) {
		struct symenc *s = &e->s[c->members[i]];

		s->state = ST_BUSY;
		s->val.m = s->val.y = fresh(e);
	}
	for (i = 0; i < c->n; i++) {
		const struct msym *ms = &e->m->syms[c->members[i]];
		struct symenc *s = &e->s[c->members[i]];

		/* members are bool: visibility m counts as y */
		s->vis = enc_node(e, ms->vis, 0);
		s->vis.y = s->vis.m;
		s->dep = raise_m(e, enc_node(e, ms->dep, 2), e->t);
		clause(e, -s->val.y, s->vis.m, 0);
		any_vis = enc_or(e, any_vis, s->vis.m);
		any_y = enc_or(e, any_y, s->val.y);
		for (k = 0; k < i; k++)
			clause(e, -s->val.y, -e->s[c->members[k]].val.y, 0);
	}
	clause(e, -any_vis, any_y, 0);
	for (i = 0; i < c->n; i++)
		e->s[c->members[i]].state = ST_DONE;
	e->nencoded += c->n;
}

static struct tl defaults(struct enc *e, const struct msym *ms)
{
	struct tl r = enc_const(e, 0);
	int taken = -e->t, i;

	for (i = 0; i < ms->ndefs; i++) {
		struct tl c = enc_node(e, ms->defs[i].cond, 2);
		struct tl v = enc_node(e, ms->defs[i].expr, 0);
		int first = enc_and(e, c.m, -taken);
		struct tl d = enc_tmin(e, v, c);

		r.m = enc_or(e, r.m, enc_and(e, first, d.m));
		r.y = enc_or(e, r.y, enc_and(e, first, d.y));
		taken = enc_or(e, taken, c.m);
	}
	return r;
}

static void encode_sym(struct enc *e, int i)
{
	const struct msym *ms = &e->m->syms[i];
	struct symenc *s = &e->s[i];
	struct tl rev, imp, base, v, uv;
	int eb, use_user;

	if (ms->choice >= 0) {
		encode_choice(e, ms->choice);
		return;
	}
	s->state = ST_BUSY;
	s->val.m = fresh(e);
	s->val.y = fresh(e);
	/* MODULES is bool, so its own encoding does not read e->modules */
	eb = ms->type == 'b' ? e->t : -e->modules;
	s->dep = raise_m(e, enc_node(e, ms->dep, 2), eb);
	rev = raise_m(e, enc_node(e, ms->rev, 0), eb);
	imp = raise_m(e, enc_node(e, ms->imp, 0), eb);

	base = defaults(e, ms);
	if (ms->imp >= 0)
		base = tite(e, imp.m, enc_tmin(e, enc_tmax(e, base, imp), s->dep),
			    base);
	if (ms->vis >= 0) {
		s->vis = raise_m(e, enc_node(e, ms->vis, 0),
				 ms->type == 't' ? -e->modules : e->t);
		s->has = fresh(e);
		if (ms->type == 't') {
			s->user = enc_free_value(e);
		} else {
			s->user.m = s->user.y = fresh(e);
		}
		uv = enc_tmin(e, s->user, s->vis);
		use_user = enc_and(e, s->has, s->vis.m);
		base = tite(e, use_user, uv, base);
	}
	/* the fault: a wrong encoding, for the differential test's test */
	v = raise_m(e, e->fault_no_rev ? base : enc_tmax(e, base, rev), eb);
	equal(e, s->val.m, v.m);
	equal(e, s->val.y, v.y);
	clause(e, -s->val.y, s->val.m, 0);
	s->state = ST_DONE;
	e->nencoded++;
}

struct tl enc_sym(struct enc *e, int i)
{
	const struct msym *ms = &e->m->syms[i];

	if (ms->type != 'b' && ms->type != 't')
		return enc_const(e, 0);
	if (e->s[i].state == ST_NONE)
		encode_sym(e, i);
	return e->s[i].val;
}

struct tl enc_dep(struct enc *e, int i)
{
	enc_sym(e, i);
	if (e->m->syms[i].type != 'b' && e->m->syms[i].type != 't')
		return enc_node(e, e->m->syms[i].dep, 2);
	return e->s[i].dep;
}

int enc_any(struct enc *e, const int *lits, int n)
{
	int i, a = fresh(e);

	ccadical_add(e->ps, -a);
	for (i = 0; i < n; i++)
		ccadical_add(e->ps, lits[i]);
	ccadical_add(e->ps, 0);
	e->clauses++;
	return a;
}

void enc_retire(struct enc *e, int a)
{
	clause(e, -a, 0, 0);
}

int enc_solve(struct enc *e, const int *assume, int n)
{
	int i, r;

	for (i = 0; i < n; i++)
		ccadical_assume(e->ps, assume[i]);
	r = ccadical_solve(e->ps);
	return r == 10 ? 1 : r == 20 ? 0 : -1;
}

int enc_lit_value(struct enc *e, int lit)
{
	return ccadical_val(e->ps, lit) > 0;
}

int enc_tl_value(struct enc *e, struct tl v)
{
	return enc_lit_value(e, v.y) ? 2 : enc_lit_value(e, v.m) ? 1 : 0;
}

int enc_fragment(struct enc *e, char ***lines)
{
	const struct model *m = e->m;
	int i, n = 0;

	*lines = NULL;
	for (i = 0; i < m->nsyms; i++) {
		const struct symenc *s = &e->s[i];
		const char *name = m->syms[i].name;
		char *l = NULL;
		int u;

		if (s->state != ST_DONE)
			continue;
		if (m->syms[i].choice >= 0) {
			if (enc_lit_value(e, s->val.y) && enc_lit_value(e, s->vis.m))
				l = kc_printf("CONFIG_%s=y", name);
		} else if (s->has && enc_lit_value(e, s->has) &&
			   enc_lit_value(e, s->vis.m)) {
			u = enc_tl_value(e, s->user);
			l = u ? kc_printf("CONFIG_%s=%c", name, u == 2 ? 'y' : 'm') :
				kc_printf("# CONFIG_%s is not set", name);
		}
		if (!l)
			continue;
		*lines = kc_realloc(*lines, (n + 1) * sizeof(char *));
		(*lines)[n++] = l;
	}
	return n;
}

bool enc_sym_done(const struct enc *e, int sym)
{
	return e->s[sym].state == ST_DONE;
}

bool enc_node_done(const struct enc *e, int n)
{
	return e->node[n].m != 0;
}

int enc_user(const struct enc *e, int sym, struct tl *user)
{
	*user = e->s[sym].user;
	return e->s[sym].state == ST_DONE ? e->s[sym].has : 0;
}

void enc_stats(struct enc *e, int *vars, int *clauses, int *syms)
{
	*vars = e->nvars;
	*clauses = e->clauses;
	*syms = e->nencoded;
}
