// SPDX-License-Identifier: GPL-2.0-only
/*
 * Implications (kcheck sat --implications): every A -> B that holds in
 * every configuration (under --assume), for A in the scope and B in the
 * scope or defined under the arch's own arch/ directory, at two levels:
 * "on" (A != n implies B != n) and "y" (A = y implies B = y).
 *
 * Candidates are every pair; random models of the encoding (as the
 * differential test makes them) refute most, each solver call on a
 * survivor either proves it (UNSAT) or refutes it and, through its model,
 * others.  Then only the minimal ones are reported: an implication that
 * follows from two others (A -> C from A -> B and B -> C) is dropped, and
 * symbols that imply each other are one class.  Each is "direct" when a
 * 'depends on' or an unconditional 'select' line of A names B, otherwise
 * "derived", with the chain of such lines from A to B when there is one
 * (else the solver's proof is all there is: defaults, visibility, choices).
 */
#include <stdlib.h>
#include <string.h>

#include "protocol.h"
#include "satwork.h"
#include "util.h"

#define IMPLY_SAMPLES 64
/* pairs asked at most: a scope of a few hundred symbols */
#define IMPLY_MAX_PAIRS (4L << 20)

enum { LV_ON, LV_Y, LV_N };

struct implied {
	struct satwork *w;
	const int *assume;
	int nassume;
	int *ante, nante;	/* scope symbols, not constant */
	int *cons, ncons;	/* candidate consequents */
	/* holds[level][a * ncons + c]: 1 not refuted, 2 proved */
	unsigned char *holds[LV_N];
	bool *seen_on, *seen_off;	/* per antecedent / consequent */
	int *lits;
};

static bool is_tri(const struct model *m, int i)
{
	return m->syms[i].type == 'b' || m->syms[i].type == 't';
}

static bool own_arch(const struct model *m, int i)
{
	const char *arch = getenv("SRCARCH"), *f = m->syms[i].file;
	size_t n;

	if (!arch || !f || strncmp(f, "arch/", 5))
		return false;
	n = strlen(arch);
	return !strncmp(f + 5, arch, n) && f[5 + n] == '/';
}

/* Drop the candidates the last model refutes. */
static void refute(struct implied *p)
{
	struct enc *e = p->w->e;
	int a, c, va, vc;

	for (c = 0; c < p->ncons; c++)
		if (!enc_tl_value(e, enc_sym(e, p->cons[c])))
			p->seen_off[c] = true;
	for (a = 0; a < p->nante; a++) {
		va = enc_tl_value(e, enc_sym(e, p->ante[a]));
		if (!va)
			continue;
		p->seen_on[a] = true;
		for (c = 0; c < p->ncons; c++) {
			vc = enc_tl_value(e, enc_sym(e, p->cons[c]));
			if (!vc)
				p->holds[LV_ON][a * p->ncons + c] = 0;
			if (va == 2 && vc < 2)
				p->holds[LV_Y][a * p->ncons + c] = 0;
		}
	}
}

/* Symbols the models never showed off (on): always on (never on)? */
static void constants(struct implied *p, int *always, int *never)
{
	struct enc *e = p->w->e;
	int a, c, k, n = p->nassume;
	size_t i;

	for (c = 0; c < p->ncons; c++) {
		if (p->seen_off[c])
			continue;
		memcpy(p->lits, p->assume, n * sizeof(int));
		p->lits[n] = -enc_sym(e, p->cons[c]).m;
		if (sat_query_n(p->w, p->lits, n + 1) != 0)
			continue;
		/* implied by everything: not a fact about A */
		(*always)++;
		for (a = 0; a < p->nante; a++)
			for (k = 0; k < LV_N; k++)
				p->holds[k][a * p->ncons + c] = 0;
	}
	for (a = 0; a < p->nante; a++) {
		if (p->seen_on[a])
			continue;
		memcpy(p->lits, p->assume, n * sizeof(int));
		p->lits[n] = enc_sym(e, p->ante[a]).m;
		if (sat_query_n(p->w, p->lits, n + 1) != 0)
			continue;
		(*never)++;
		for (i = 0; i < (size_t)p->ncons; i++)
			for (k = 0; k < LV_N; k++)
				p->holds[k][a * p->ncons + i] = 0;
	}
}

/* Is "A at LEVEL and B below it" possible?  Refutes through the model. */
static void prove(struct implied *p, int a, int c, int level)
{
	struct enc *e = p->w->e;
	struct tl va = enc_sym(e, p->ante[a]), vc = enc_sym(e, p->cons[c]);
	int n = p->nassume;

	memcpy(p->lits, p->assume, n * sizeof(int));
	p->lits[n++] = level == LV_Y ? va.y : va.m;
	p->lits[n++] = level == LV_Y ? -vc.y : -vc.m;
	if (sat_query_n(p->w, p->lits, n) == 0)
		p->holds[level][a * p->ncons + c] = 2;
	else
		refute(p);
}

/* The index of consequent symbol SYM, or -1. */
static int cons_index(const struct implied *p, int sym)
{
	int c;

	for (c = 0; c < p->ncons; c++)
		if (p->cons[c] == sym)
			return c;
	return -1;
}

/* Does antecedent A imply symbol S at LEVEL (proved)? */
static bool holds(const struct implied *p, int level, int a, int sym)
{
	int c = cons_index(p, sym);

	return c >= 0 && p->holds[level][a * p->ncons + c] == 2;
}

/* The antecedent index of symbol SYM, or -1. */
static int ante_index(const struct implied *p, int sym)
{
	int a;

	for (a = 0; a < p->nante; a++)
		if (p->ante[a] == sym)
			return a;
	return -1;
}

/* The first antecedent equivalent to A (A and it imply each other). */
static int rep_of(const struct implied *p, int level, int a)
{
	int k;

	for (k = 0; k < a; k++)
		if (holds(p, level, a, p->ante[k]) &&
		    holds(p, level, k, p->ante[a]))
			return k;
	return a;
}

/*
 * Is A -> C (A a class's first member) worth stating?  Not when C is of
 * A's class or another class's later member (its first member is
 * stated), nor when it follows from A -> B -> C, B a class's first member
 * of neither A's nor C's class.
 */
static bool minimal(const struct implied *p, int level, int a, int c)
{
	int sym = p->cons[c], ca = ante_index(p, sym), b;

	if (ca >= 0 && rep_of(p, level, ca) != ca)
		return false;
	for (b = 0; b < p->nante; b++) {
		if (b == a || b == ca || rep_of(p, level, b) != b)
			continue;
		if (holds(p, level, a, p->ante[b]) && holds(p, level, b, sym) &&
		    !(ca >= 0 && holds(p, level, ca, p->ante[b])))
			return false;
	}
	return true;
}

/* A 'depends on B' term of A's dependencies or an unconditional select. */
struct step {
	int to;
	const char *file;
	int line;
	bool select;
	int cond;		/* a select's 'if' node, or -1 */
	int holds;		/* step_holds(): 0 not asked, 1 yes, 2 no */
};

struct steps {
	struct step *v;
	int n;
};

static void add_step(struct steps *g, int from, struct step st)
{
	struct steps *x = &g[from];

	x->v = kc_realloc(x->v, (x->n + 1) * sizeof(*x->v));
	x->v[x->n++] = st;
}

static void dep_steps(const struct model *m, struct steps *g, int a, int node)
{
	const struct mexpr *x = &m->exprs[node];

	if (x->op == M_AND) {
		dep_steps(m, g, a, x->a);
		dep_steps(m, g, a, x->b);
	} else if (x->op == M_SYM && is_tri(m, x->a)) {
		add_step(g, a, (struct step){ x->a, m->syms[a].file,
					      m->syms[a].line, false, -1, 0 });
	}
}

/* Every symbol's direct steps: what its own Kconfig lines say it implies. */
static struct steps *direct_steps(const struct model *m)
{
	struct steps *g = kc_calloc(m->nsyms + 1, sizeof(*g));
	int i;

	for (i = 0; i < m->nsyms; i++)
		if (is_tri(m, i) && m->syms[i].dep >= 0)
			dep_steps(m, g, i, m->syms[i].dep);
	for (i = 0; i < m->nsels; i++) {
		const struct mselect *x = &m->sels[i];

		if (!x->imply)
			add_step(g, x->selector, (struct step){ x->target,
				 x->file, x->line, true,
				 x->has_if ? x->cond : -1, 0 });
	}
	return g;
}

static void free_steps(struct steps *g, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(g[i].v);
	free(g);
}

static char *step_text(const struct model *m, int from, const struct step *st)
{
	char *cond = st->cond >= 0 ? satmodel_expr_string(m, st->cond) : NULL;
	char *s = kc_printf("%s:%d: %s %s %s%s%s", st->file, st->line,
			    m->syms[from].name,
			    st->select ? "selects" : "depends on",
			    m->syms[st->to].name, cond ? " if " : "",
			    cond ? cond : "");

	free(cond);
	return s;
}

/*
 * May a chain take step ST from FROM?  A select with 'if C' (C includes
 * what encloses the select) only when C is on whenever FROM is, in every
 * configuration under --assume: one solver call, remembered.
 */
static bool step_holds(struct implied *p, int from, struct step *st)
{
	int n = p->nassume;

	if (st->cond < 0)
		return true;
	if (!st->holds) {
		memcpy(p->lits, p->assume, n * sizeof(int));
		p->lits[n] = enc_sym(p->w->e, from).m;
		p->lits[n + 1] = -enc_node(p->w->e, st->cond, 0).m;
		st->holds = sat_query_n(p->w, p->lits, n + 2) == 0 ? 1 : 2;
	}
	return st->holds == 1;
}

/* A chain of direct steps from A to B (breadth first), or NULL. */
static char *chain(struct implied *p, struct steps *g, int a, int b)
{
	const struct model *m = &p->w->m;
	int *prev = kc_calloc(m->nsyms, sizeof(int));
	const struct step **via = kc_calloc(m->nsyms, sizeof(*via));
	int *queue = kc_calloc(m->nsyms, sizeof(int));
	int head = 0, tail = 0, x, k, y;
	char *out = NULL, *line, *t;

	for (x = 0; x < m->nsyms; x++)
		prev[x] = -1;
	prev[a] = a;
	queue[tail++] = a;
	while (head < tail && prev[b] < 0) {
		x = queue[head++];
		for (k = 0; k < g[x].n; k++) {
			y = g[x].v[k].to;
			if (prev[y] >= 0 || !step_holds(p, x, &g[x].v[k]))
				continue;
			prev[y] = x;
			via[y] = &g[x].v[k];
			queue[tail++] = y;
		}
	}
	for (y = b; prev[b] >= 0 && y != a; y = prev[y]) {
		line = step_text(m, prev[y], via[y]);
		t = out ? kc_printf("%s; %s", line, out) : line;
		if (out) {
			free(out);
			free(line);
		}
		out = t;
	}
	free(prev);
	free(via);
	free(queue);
	return out;
}

static void emit(struct implied *p, struct steps *g, int level,
		 int from, int to, bool equal)
{
	const struct model *m = &p->w->m;
	int k;
	const struct step *direct = NULL;
	char *ch;

	for (k = 0; k < g[from].n && !direct; k++)
		if (g[from].v[k].to == to && g[from].v[k].cond < 0)
			direct = &g[from].v[k];
	ch = direct ? step_text(m, from, direct) : chain(p, g, from, to);
	/* of two equivalent symbols, the lines may lead the other way */
	if (!ch && equal)
		ch = chain(p, g, to, from);
	KC_EMIT(p->w->out, X_IMPLY,
		.status = equal ? "equivalent" : direct ? "direct" : "derived",
		.antecedent = m->syms[from].name,
		.level = level == LV_Y ? "y" : "on",
		.consequent = m->syms[to].name, .chain = ch ? ch : "");
	free(ch);
}

/* A bool's "=y" says what "on" says: only tristates add to it. */
static bool says_more(const struct implied *p, int level, int a, int c)
{
	const struct model *m = &p->w->m;

	return level == LV_ON || m->syms[p->ante[a]].type == 't' ||
	       m->syms[p->cons[c]].type == 't';
}

/* The classes of equivalent symbols, then the minimal implications. */
static void report_level(struct implied *p, struct steps *g,
			 int level)
{
	int a, c, k;

	for (a = 0; a < p->nante; a++) {
		if (rep_of(p, level, a) != a)
			continue;
		for (k = a + 1; k < p->nante; k++)
			if (rep_of(p, level, k) == a &&
			    (level == LV_ON || !holds(p, LV_ON, a, p->ante[k]) ||
			     !holds(p, LV_ON, k, p->ante[a])))
				emit(p, g, level, p->ante[a], p->ante[k], true);
		for (c = 0; c < p->ncons; c++) {
			k = ante_index(p, p->cons[c]);
			if (p->holds[level][a * p->ncons + c] != 2 ||
			    (k >= 0 && rep_of(p, level, k) == a) ||
			    !says_more(p, level, a, c) ||
			    (level == LV_Y && holds(p, LV_ON, a, p->cons[c]) &&
			     p->w->m.syms[p->cons[c]].type == 'b') ||
			    !minimal(p, level, a, c))
				continue;
			emit(p, g, level, p->ante[a], p->cons[c], false);
		}
	}
}

/* The scope's antecedents and the candidate consequents. */
static void candidates(struct implied *p)
{
	const struct model *m = &p->w->m;
	int i;

	p->ante = kc_calloc(m->nsyms + 1, sizeof(int));
	p->cons = kc_calloc(m->nsyms + 1, sizeof(int));
	for (i = 0; i < m->nsyms; i++) {
		if (!is_tri(m, i) || m->syms[i].choice >= 0)
			continue;
		if (sat_in_scope(p->w, m->syms[i].name))
			p->ante[p->nante++] = i;
		if (sat_in_scope(p->w, m->syms[i].name) || own_arch(m, i))
			p->cons[p->ncons++] = i;
	}
}

void sat_implications(struct satwork *w, const int *assume, int nassume)
{
	struct implied p = { .w = w, .assume = assume, .nassume = nassume };
	struct steps *g = direct_steps(&w->m);
	int a, c, level, s, proved = 0, always = 0, never = 0;
	size_t n;

	candidates(&p);
	if ((long)p.nante * p.ncons > IMPLY_MAX_PAIRS)
		kc_die("--implications: %d symbols in the scope x %d candidates is more than %ld pairs: narrow --symbols",
		       p.nante, p.ncons, IMPLY_MAX_PAIRS);
	n = (size_t)p.nante * p.ncons + 1;
	p.lits = kc_calloc(nassume + 3, sizeof(int));
	p.seen_on = kc_calloc(p.nante + 1, sizeof(bool));
	p.seen_off = kc_calloc(p.ncons + 1, sizeof(bool));
	for (level = 0; level < LV_N; level++)
		p.holds[level] = memset(kc_calloc(n, 1), 1, n);
	for (a = 0; a < p.nante; a++)
		for (c = 0; c < p.ncons; c++)
			if (p.ante[a] == p.cons[c])
				p.holds[LV_ON][a * p.ncons + c] =
					p.holds[LV_Y][a * p.ncons + c] = 0;
	/* random models refute most candidates cheaply */
	for (s = 0; s < IMPLY_SAMPLES; s++)
		if (sat_random_model(w, assume, nassume, s) > 0)
			refute(&p);
	constants(&p, &always, &never);
	for (level = 0; level < LV_N; level++)
		for (a = 0; a < p.nante; a++)
			for (c = 0; c < p.ncons; c++)
				if (p.holds[level][a * p.ncons + c] == 1)
					prove(&p, a, c, level);
	for (level = 0; level < LV_N; level++)
		for (a = 0; a < p.nante; a++)
			for (c = 0; c < p.ncons; c++)
				proved += p.holds[level][a * p.ncons + c] == 2;
	for (level = 0; level < LV_N; level++)
		report_level(&p, g, level);
	sat_stat(w, "implications-proved", proved);
	sat_stat(w, "implications-antecedents", p.nante);
	sat_stat(w, "implications-consequents", p.ncons);
	sat_stat(w, "implications-always-on", always);
	sat_stat(w, "implications-never-on", never);
	for (level = 0; level < LV_N; level++)
		free(p.holds[level]);
	free(p.ante);
	free(p.cons);
	free(p.seen_on);
	free(p.seen_off);
	free(p.lits);
	free_steps(g, w->m.nsyms);
}
