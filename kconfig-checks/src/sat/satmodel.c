// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copies the checked tree's parsed Kconfig model into struct model (see
 * satmodel.h) for the all-configurations mode.  Like treeconf.c, it is the only
 * file of its part that includes the tree's kconfig headers; written
 * against v6.12.
 *
 * What is copied, per bool/tristate symbol, is exactly what 6.12's
 * sym_calc_value() and sym_calc_visibility() read: the prompts'
 * prop->visible, dir_dep, rev_dep, implied, the defaults (value and
 * prop->visible) in order, and the choice a member belongs to.  Everything
 * is read after menu_finalize(), i.e. with enclosing menus, ifs and
 * choices already propagated into each property, as the engine sees them.
 *
 * One thing menu_finalize() merges away is kept: which 'depends on'
 * clauses an entry wrote itself, and what encloses it.  The tree's
 * conf_parse() calls menu_finalize(); the SAT worker is linked with
 * -Wl,--wrap=menu_finalize so that __wrap_menu_finalize() records every
 * menu node's own dependency and parent first (expressions are never
 * freed in 6.12, so the pointers stay valid).
 */
#pragma GCC diagnostic ignored "-Wsign-compare"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "lkc.h"
#include <list.h>

#include "satmodel.h"
#include "selectrule.h"
#include "treeconf.h"
#include "util.h"

/* ---- menu nodes as parsed, before menu_finalize() ---- */

struct raw_menu {
	struct menu *menu, *parent;
	struct expr *dep;
};

static struct raw_menu *raw;
static size_t nraw, capraw;

/* selects and implies written with 'if' */
static struct property **raw_if;
static size_t nraw_if;

static void record_raw(struct menu *m)
{
	for (; m; m = m->next) {
		if (nraw == capraw) {
			capraw = capraw ? capraw * 2 : 1024;
			raw = kc_realloc(raw, capraw * sizeof(*raw));
		}
		raw[nraw].menu = m;
		raw[nraw].parent = m->parent;
		raw[nraw].dep = m->dep;
		nraw++;
		if (m->sym) {
			struct property *p;

			for (p = m->sym->prop; p; p = p->next) {
				if (p->menu != m || !p->visible.expr ||
				    (p->type != P_SELECT && p->type != P_IMPLY))
					continue;
				raw_if = kc_realloc(raw_if, (nraw_if + 1) *
						    sizeof(*raw_if));
				raw_if[nraw_if++] = p;
			}
		}
		record_raw(m->list);
	}
}

void __real_menu_finalize(void);
void __wrap_menu_finalize(void);

void __wrap_menu_finalize(void)
{
	record_raw(rootmenu.list);
	__real_menu_finalize();
}


/* ---- pointer -> index maps ---- */

struct pmap {
	const void **key;
	int *val;
	size_t cap, n;
};

static size_t phash(const void *p, size_t cap)
{
	uint64_t x = (uint64_t)(uintptr_t)p;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x & (cap - 1);
}

static int *pmap_slot(struct pmap *m, const void *p, int *found)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		struct pmap n = { 0 };
		size_t k;

		n.cap = m->cap ? m->cap * 2 : 4096;
		n.key = kc_calloc(n.cap, sizeof(*n.key));
		n.val = kc_calloc(n.cap, sizeof(*n.val));
		for (k = 0; k < m->cap; k++) {
			if (!m->key[k])
				continue;
			i = phash(m->key[k], n.cap);
			while (n.key[i])
				i = (i + 1) & (n.cap - 1);
			n.key[i] = m->key[k];
			n.val[i] = m->val[k];
			n.n++;
		}
		free(m->key);
		free(m->val);
		*m = n;
	}
	for (i = phash(p, m->cap); m->key[i]; i = (i + 1) & (m->cap - 1))
		if (m->key[i] == p) {
			*found = 1;
			return &m->val[i];
		}
	*found = 0;
	m->key[i] = p;
	m->n++;
	return &m->val[i];
}

static bool pmap_has(const struct pmap *m, const void *p)
{
	size_t i;

	if (!m->cap)
		return false;
	for (i = phash(p, m->cap); m->key[i]; i = (i + 1) & (m->cap - 1))
		if (m->key[i] == p)
			return true;
	return false;
}

static void pmap_free(struct pmap *m)
{
	free(m->key);
	free(m->val);
}

struct builder {
	struct model *m;
	struct pmap syms, exprs, raws, ifs;
	struct pmap fixed;	/* symbol -> FIXED_* (fixed_sym()) */
	void **kexpr;		/* per node: the tree's expr, or NULL */
	int cap_exprs, cap_syms;
	struct kc_set unknown;	/* dedup of M_UNKNOWN comparisons */
};

static void **kexprs;		/* the builder's, kept for evaluation */

static int add_node(struct builder *b, enum mop op, int x, int y, void *k)
{
	struct model *m = b->m;

	if (m->nexprs == b->cap_exprs) {
		b->cap_exprs = b->cap_exprs ? b->cap_exprs * 2 : 4096;
		m->exprs = kc_realloc(m->exprs, b->cap_exprs * sizeof(*m->exprs));
		b->kexpr = kc_realloc(b->kexpr, b->cap_exprs * sizeof(void *));
	}
	m->exprs[m->nexprs].op = op;
	m->exprs[m->nexprs].a = x;
	m->exprs[m->nexprs].b = y;
	b->kexpr[m->nexprs] = k;
	return m->nexprs++;
}

static int sym_index(struct builder *b, struct symbol *sym)
{
	struct model *m = b->m;
	int found, *slot = pmap_slot(&b->syms, sym, &found);
	struct msym *s;

	if (found)
		return *slot;
	if (m->nsyms == b->cap_syms) {
		b->cap_syms = b->cap_syms ? b->cap_syms * 2 : 4096;
		m->syms = kc_realloc(m->syms, b->cap_syms * sizeof(*m->syms));
	}
	*slot = m->nsyms;
	s = &m->syms[m->nsyms++];
	memset(s, 0, sizeof(*s));
	s->name = sym->name ? sym->name : "<choice>";
	s->type = treeconf_sym_type(sym);
	s->vis = s->dep = s->rev = s->imp = -1;
	s->choice = -1;
	s->ksym = sym;
	return *slot;
}

static bool tri_valued(const struct symbol *sym)
{
	return sym == &symbol_yes || sym == &symbol_mod || sym == &symbol_no ||
	       (!(sym->flags & SYMBOL_CONST) &&
		(sym->type == S_BOOLEAN || sym->type == S_TRISTATE));
}

static int sym_node(struct builder *b, struct symbol *sym)
{
	if (sym == &symbol_yes)
		return add_node(b, M_Y, 0, 0, NULL);
	if (sym == &symbol_mod)
		return add_node(b, M_M, 0, 0, NULL);
	if (sym == &symbol_no)
		return add_node(b, M_N, 0, 0, NULL);
	return add_node(b, M_SYM, sym_index(b, sym), 0, NULL);
}

/*
 * A comparison of two bool/tristate symbols: expr_calc_value() compares
 * their values as the numbers n=0, m=1, y=2.
 */
static int compare_node(struct builder *b, struct expr *e)
{
	int x = sym_node(b, e->left.sym);
	int y = sym_node(b, e->right.sym);

	if (e->type == E_EQUAL || e->type == E_UNEQUAL)
		return add_node(b, e->type == E_EQUAL ? M_EQ : M_NE, x, y, e);
	if (e->type == E_GTH)
		return add_node(b, M_GT, x, y, e);
	if (e->type == E_LTH)
		return add_node(b, M_GT, y, x, e);
	if (e->type == E_LEQ)	/* !(x > y) */
		return add_node(b, M_NOT, add_node(b, M_GT, x, y, NULL), 0, e);
	/* !(y > x) */
	return add_node(b, M_NOT, add_node(b, M_GT, y, x, NULL), 0, e);
}

/*
 * A symbol no configuration can change: a constant, or a symbol without a
 * prompt (so no .config value is ever taken), without select or imply at
 * it, no choice (member), whose dependencies and defaults, values and
 * conditions, read only such symbols.  A cycle is not fixed.  Its value is
 * then what sym_calc_value() gives with no configuration at all: the
 * tree's and toolchain's (GCC_VERSION, $(ARCH) compared as strings...).
 */
enum { FIXED_BUSY = 1, FIXED_YES, FIXED_NO };

static bool fixed_expr(struct builder *b, struct expr *e);

static bool fixed_props(struct builder *b, struct symbol *sym)
{
	struct property *prop;

	if (sym_is_choice(sym) || sym_is_choice_value(sym))
		return false;
	for_all_prompts(sym, prop)
		return false;
	if (sym->rev_dep.expr || sym->implied.expr)
		return false;
	if (sym->dir_dep.expr && !fixed_expr(b, sym->dir_dep.expr))
		return false;
	for_all_defaults(sym, prop)
		if ((prop->expr && !fixed_expr(b, prop->expr)) ||
		    (prop->visible.expr && !fixed_expr(b, prop->visible.expr)))
			return false;
	return true;
}

static bool fixed_sym(struct builder *b, struct symbol *sym)
{
	int found, *slot, v;

	if (sym->flags & SYMBOL_CONST)
		return true;
	slot = pmap_slot(&b->fixed, sym, &found);
	if (found)
		return *slot == FIXED_YES;	/* FIXED_BUSY: a cycle */
	*slot = FIXED_BUSY;
	v = fixed_props(b, sym) ? FIXED_YES : FIXED_NO;
	/* the table may have grown: look the slot up again */
	*pmap_slot(&b->fixed, sym, &found) = v;
	return v == FIXED_YES;
}

static bool fixed_expr(struct builder *b, struct expr *e)
{
	switch (e->type) {
	case E_SYMBOL:
		return fixed_sym(b, e->left.sym);
	case E_NOT:
		return fixed_expr(b, e->left.expr);
	case E_AND:
	case E_OR:
		return fixed_expr(b, e->left.expr) &&
		       fixed_expr(b, e->right.expr);
	case E_EQUAL:
	case E_UNEQUAL:
	case E_LTH:
	case E_LEQ:
	case E_GTH:
	case E_GEQ:
		return fixed_sym(b, e->left.sym) && fixed_sym(b, e->right.sym);
	default:
		return false;
	}
}

/* A comparison of two fixed sides: the constant the tree's kconfig gives. */
static int fixed_compare_node(struct builder *b, struct expr *e)
{
	sym_calc_value(e->left.sym);
	sym_calc_value(e->right.sym);
	b->m->fixed_nodes++;
	return add_node(b, expr_calc_value(e) == yes ? M_Y : M_N, 0, 0, NULL);
}

/* One free node per distinct comparison the encoding cannot decide. */
static int unknown_node(struct builder *b, struct expr *e)
{
	char *k = kc_printf("%d\t%s\t%s", (int)e->type,
			    e->left.sym->name ? e->left.sym->name : "",
			    e->right.sym && e->right.sym->name ?
			    e->right.sym->name : "");
	int added, r;
	void **v = kc_set_put(&b->unknown, k, &added);

	free(k);
	if (added) {
		r = add_node(b, M_UNKNOWN, 0, 0, e);
		*v = (void *)(intptr_t)(r + 1);
		b->m->unknown_nodes++;
	} else {
		r = (int)(intptr_t)*v - 1;
	}
	return r;
}

/*
 * The node of a tree expression.  REWRITE_M: the expression is a raw
 * 'depends on' clause, which menu_finalize() would pass through
 * rewrite_m(): the constant m becomes 'm && MODULES'.
 */
static int node_of(struct builder *b, struct expr *e, bool rewrite_m)
{
	int found, *slot, x, y, r;
	const void *key = (const char *)e + (rewrite_m ? 1 : 0);

	slot = pmap_slot(&b->exprs, key, &found);
	if (found)
		return *slot;
	*slot = -1;
	switch (e->type) {
	case E_SYMBOL:
		if (rewrite_m && e->left.sym == &symbol_mod && modules_sym &&
		    modules_sym != &symbol_no) {
			x = add_node(b, M_M, 0, 0, NULL);
			y = sym_node(b, modules_sym);
			r = add_node(b, M_AND, x, y, NULL);
		} else {
			r = sym_node(b, e->left.sym);
		}
		break;
	case E_NOT:
		x = node_of(b, e->left.expr, rewrite_m);
		r = add_node(b, M_NOT, x, 0, e);
		break;
	case E_AND:
	case E_OR:
		x = node_of(b, e->left.expr, rewrite_m);
		y = node_of(b, e->right.expr, rewrite_m);
		r = add_node(b, e->type == E_AND ? M_AND : M_OR, x, y, e);
		break;
	case E_EQUAL:
	case E_UNEQUAL:
	case E_LTH:
	case E_LEQ:
	case E_GTH:
	case E_GEQ:
		if (tri_valued(e->left.sym) && tri_valued(e->right.sym)) {
			r = compare_node(b, e);
			break;
		}
		if (fixed_sym(b, e->left.sym) && fixed_sym(b, e->right.sym)) {
			r = fixed_compare_node(b, e);
			break;
		}
		/* fall through */
	default:
		r = unknown_node(b, e);
		break;
	}
	/* the table may have grown: look the slot up again */
	slot = pmap_slot(&b->exprs, key, &found);
	*slot = r;
	return r;
}

static int opt_node(struct builder *b, struct expr *e)
{
	return e ? node_of(b, e, false) : -1;
}

static void add_select(struct builder *b, struct symbol *sym,
		       struct property *prop)
{
	struct model *m = b->m;
	struct symbol *t = prop_get_symbol(prop);
	struct mselect *s;

	if (!t || !t->name)
		return;
	m->sels = kc_realloc(m->sels, (m->nsels + 1) * sizeof(*m->sels));
	s = &m->sels[m->nsels++];
	s->selector = sym_index(b, sym);
	s->target = sym_index(b, t);
	s->cond = opt_node(b, prop->visible.expr);
	s->imply = prop->type == P_IMPLY;
	s->entry_dep = opt_node(b, prop->menu ? prop->menu->dep : NULL);
	s->has_if = pmap_has(&b->ifs, prop);
	s->file = prop->filename;
	s->line = prop->lineno;
	s->prop = prop;
}

static void and_terms(struct expr *e, struct expr ***v, int *n)
{
	if (!e)
		return;
	if (e->type == E_AND) {
		and_terms(e->left.expr, v, n);
		and_terms(e->right.expr, v, n);
		return;
	}
	*v = kc_realloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = e;
}

static int and_nodes(struct builder *b, int x, int y)
{
	if (x < 0)
		return y;
	if (y < 0)
		return x;
	return add_node(b, M_AND, x, y, NULL);
}

static struct raw_menu *raw_of(struct builder *b, const struct menu *m)
{
	int found, *slot = pmap_slot(&b->raws, m, &found);

	if (!found) {
		*slot = -1;
		return NULL;
	}
	return *slot < 0 ? NULL : &raw[*slot];
}

/* The 'depends on' clauses an entry adds to what encloses it. */
static void add_clauses(struct builder *b, struct raw_menu *r)
{
	struct model *m = b->m;
	struct expr **own = NULL;
	int n = 0, i, k, ctx = -1;
	const struct menu *p;

	and_terms(r->dep, &own, &n);
	for (p = r->parent; p; ) {
		struct raw_menu *rp = raw_of(b, p);

		if (!rp)
			break;
		if (rp->dep)
			ctx = and_nodes(b, ctx, node_of(b, rp->dep, true));
		p = rp->parent;
	}
	for (i = 0; i < n; i++) {
		struct mclause *c;
		int rest = ctx;

		for (k = 0; k < n; k++)
			if (k != i)
				rest = and_nodes(b, rest, node_of(b, own[k], true));
		m->clauses = kc_realloc(m->clauses,
					(m->nclauses + 1) * sizeof(*m->clauses));
		c = &m->clauses[m->nclauses++];
		c->sym = sym_index(b, r->menu->sym);
		c->clause = node_of(b, own[i], true);
		c->rest = rest;
		c->file = r->menu->filename;
		c->line = r->menu->lineno;
	}
	free(own);
}

static void add_symbol(struct builder *b, struct symbol *sym)
{
	struct model *m = b->m;
	struct property *prop;
	struct menu *choice;
	int i = sym_index(b, sym), vis = -1, d;
	struct msym *s;

	for_all_prompts(sym, prop) {
		int v = prop->visible.expr ? node_of(b, prop->visible.expr, false) :
			add_node(b, M_Y, 0, 0, NULL);

		vis = vis < 0 ? v : add_node(b, M_OR, vis, v, NULL);
	}
	m->syms[i].vis = vis;
	d = opt_node(b, sym->dir_dep.expr);
	m->syms[i].dep = d;
	d = opt_node(b, sym->rev_dep.expr);
	m->syms[i].rev = d;
	d = opt_node(b, sym->implied.expr);
	m->syms[i].imp = d;
	for_all_defaults(sym, prop) {
		int e = node_of(b, prop->expr, false);
		int c = opt_node(b, prop->visible.expr);

		s = &m->syms[i];
		s->defs = kc_realloc(s->defs, (s->ndefs + 1) * sizeof(*s->defs));
		s->defs[s->ndefs].expr = e;
		s->defs[s->ndefs].cond = c;
		s->ndefs++;
	}
	for (prop = sym->prop; prop; prop = prop->next)
		if (prop->type == P_SELECT || prop->type == P_IMPLY)
			add_select(b, sym, prop);
	choice = sym_get_choice_menu(sym);
	if (choice) {
		int c = sym_index(b, choice->sym);

		/* the choice's own symbol slot numbers the group */
		m->syms[i].choice = c;
	}
	if (!list_empty(&sym->menus)) {
		struct menu *menu = list_first_entry(&sym->menus, struct menu, link);

		m->syms[i].file = menu->filename;
		m->syms[i].line = menu->lineno;
	}
}

static void add_choices(struct builder *b)
{
	struct model *m = b->m;
	int i, *group;

	/* renumber: choice symbol index -> group */
	group = kc_calloc(m->nsyms, sizeof(int));
	for (i = 0; i < m->nsyms; i++)
		group[i] = -1;
	for (i = 0; i < m->nsyms; i++) {
		int c = m->syms[i].choice, g;
		struct mchoice *ch;

		if (c < 0)
			continue;
		if (group[c] < 0) {
			m->choices = kc_realloc(m->choices, (m->nchoices + 1) *
						sizeof(*m->choices));
			memset(&m->choices[m->nchoices], 0, sizeof(*m->choices));
			group[c] = m->nchoices++;
		}
		g = group[c];
		ch = &m->choices[g];
		ch->members = kc_realloc(ch->members, (ch->n + 1) * sizeof(int));
		ch->members[ch->n++] = i;
		m->syms[i].choice = g;
	}
	free(group);
}

void satmodel_build(struct model *m)
{
	struct builder b = { .m = m };
	struct symbol *sym;
	size_t r;

	memset(m, 0, sizeof(*m));
	m->modules = -1;
	for (r = 0; r < nraw_if; r++) {
		int found;

		*pmap_slot(&b.ifs, raw_if[r], &found) = 1;
	}
	for_all_symbols(sym) {
		if (!sym->name || (sym->flags & SYMBOL_CONST))
			continue;
		if (sym->type != S_BOOLEAN && sym->type != S_TRISTATE) {
			sym_index(&b, sym);
			continue;
		}
		add_symbol(&b, sym);
	}
	if (modules_sym && modules_sym != &symbol_no)
		m->modules = sym_index(&b, modules_sym);
	for (r = 0; r < nraw; r++) {
		int found;

		*pmap_slot(&b.raws, raw[r].menu, &found) = (int)r;
	}

	for (r = 0; r < nraw; r++) {
		struct menu *menu = raw[r].menu;

		if (!menu->sym || !menu->sym->name || !raw[r].dep ||
		    (menu->sym->type != S_BOOLEAN && menu->sym->type != S_TRISTATE))
			continue;
		add_clauses(&b, &raw[r]);
	}
	add_choices(&b);
	kexprs = b.kexpr;
	pmap_free(&b.syms);
	pmap_free(&b.exprs);
	pmap_free(&b.raws);
	pmap_free(&b.ifs);
	pmap_free(&b.fixed);
	kc_set_free(&b.unknown, NULL);
}

void satmodel_free(struct model *m)
{
	int i;

	for (i = 0; i < m->nsyms; i++)
		free(m->syms[i].defs);
	for (i = 0; i < m->nchoices; i++)
		free(m->choices[i].members);
	free(m->syms);
	free(m->exprs);
	free(m->sels);
	free(m->choices);
	free(m->clauses);
	free(kexprs);
	kexprs = NULL;
	free(raw);
	raw = NULL;
	free(raw_if);
	raw_if = NULL;
	nraw_if = 0;
	nraw = capraw = 0;
}

int satmodel_find(const struct model *m, const char *name)
{
	struct symbol *sym = sym_find(name);
	int i;

	if (!sym)
		return -1;
	for (i = 0; i < m->nsyms; i++)
		if (m->syms[i].ksym == sym)
			return i;
	return -1;
}

static int tri_int(tristate t)
{
	return t == yes ? 2 : t == mod ? 1 : 0;
}

int satmodel_value(const struct model *m, int i)
{
	struct symbol *sym = m->syms[i].ksym;

	if (sym->type != S_BOOLEAN && sym->type != S_TRISTATE)
		return 0;
	sym_calc_value(sym);
	return tri_int(sym->curr.tri);
}

int satmodel_dep_value(const struct model *m, int i)
{
	struct symbol *sym = m->syms[i].ksym;

	sym_calc_value(sym);
	return tri_int(sym->dir_dep.tri);
}

int satmodel_select_active(const struct model *m, int i)
{
	const struct mselect *s = &m->sels[i];
	struct property *prop = s->prop;
	int a = satmodel_value(m, s->selector);
	int c = prop->visible.expr ? tri_int(expr_calc_value(prop->visible.expr)) : 2;

	return select_active(a, c);
}

int satmodel_expr_value(const struct model *m, int e)
{
	const struct mexpr *x = &m->exprs[e];
	int a, b;

	switch (x->op) {
	case M_N:
		return 0;
	case M_M:
		return 1;
	case M_Y:
		return 2;
	case M_SYM:
		return satmodel_value(m, x->a);
	case M_NOT:
		return 2 - satmodel_expr_value(m, x->a);
	case M_AND:
	case M_OR:
		a = satmodel_expr_value(m, x->a);
		b = satmodel_expr_value(m, x->b);
		return x->op == M_AND ? (a < b ? a : b) : (a > b ? a : b);
	case M_EQ:
	case M_NE:
		a = satmodel_expr_value(m, x->a);
		b = satmodel_expr_value(m, x->b);
		return (a == b) == (x->op == M_EQ) ? 2 : 0;
	case M_GT:
		a = satmodel_expr_value(m, x->a);
		b = satmodel_expr_value(m, x->b);
		return a > b ? 2 : 0;
	default:
		return tri_int(expr_calc_value(kexprs[e]));
	}
}

static void expr_string(const struct model *m, int e, struct gstr *gs,
			int parent)
{
	const struct mexpr *x = &m->exprs[e];
	struct expr *k = kexprs[e];
	bool paren;

	/* comparisons as the tree wrote them */
	if (k && k->type != E_SYMBOL && k->type != E_NOT && k->type != E_AND &&
	    k->type != E_OR) {
		if (parent == M_NOT)
			str_append(gs, "(");
		expr_gstr_print(k, gs);
		if (parent == M_NOT)
			str_append(gs, ")");
		return;
	}
	switch (x->op) {
	case M_N:
	case M_M:
	case M_Y:
		str_append(gs, x->op == M_N ? "n" : x->op == M_M ? "m" : "y");
		return;
	case M_SYM:
		str_append(gs, m->syms[x->a].name);
		return;
	case M_NOT:
		str_append(gs, "!");
		expr_string(m, x->a, gs, M_NOT);
		return;
	case M_AND:
	case M_OR:
		paren = parent == M_NOT || (parent == M_AND && x->op == M_OR);
		if (paren)
			str_append(gs, "(");
		expr_string(m, x->a, gs, x->op);
		str_append(gs, x->op == M_AND ? " && " : " || ");
		expr_string(m, x->b, gs, x->op);
		if (paren)
			str_append(gs, ")");
		return;
	case M_GT:
		expr_string(m, x->a, gs, M_NOT);
		str_append(gs, " > ");
		expr_string(m, x->b, gs, M_NOT);
		return;
	default:
		str_append(gs, "?");
		return;
	}
}

char *satmodel_expr_string(const struct model *m, int e)
{
	struct gstr gs = str_new();
	char *s;

	if (e < 0)
		return kc_strdup("y");
	expr_string(m, e, &gs, -1);
	s = kc_strdup(str_get(&gs));
	str_free(&gs);
	return s;
}
