// SPDX-License-Identifier: GPL-2.0-only
/*
 * The differential test of the encoding (kcheck sat --sample N).  The
 * unmet sweep trusts UNSAT as a proof, which holds only if every
 * configuration kconfig can resolve is a model of the clauses; this tests
 * the converse direction too, on the tree itself: N models of the
 * encoding, each steered by random assumptions on the .config's
 * literals, are written as a .config (enc_fragment()) and resolved by the
 * tree's own kconfig (treeconf_olddefconfig(), as make olddefconfig).
 * Every encoded bool/tristate symbol must come back with the model's
 * value.  A sample that differs is "explained" when a free comparison
 * (M_UNKNOWN: string, int and hex values a configuration can set) took
 * another value than kconfig computes in the resolved configuration, the
 * encoding's one documented looseness; otherwise it "differs": an
 * encoding bug, reported with its .config (a finding).  A free comparison
 * is free in the model but not in a configuration, so a sample first
 * takes kconfig's values for the free comparisons that differ (assumed,
 * solved again, resolved again, up to SAMPLE_ROUNDS times): what is left
 * explained is a configuration whose free comparisons do not settle.
 *
 * The random sequence is fixed (xorshift from seed 1), so a run is
 * reproducible.
 */
#include <stdlib.h>
#include <string.h>

#include "protocol.h"
#include "satwork.h"
#include "util.h"

/*
 * .config lines per sample: every other sample a few, as a user writes
 * them, the others up to half the settable symbols, as randconfig does
 */
#define SAMPLE_FEW_LINES 24
/* rounds of taking kconfig's values for the free comparisons */
#define SAMPLE_ROUNDS 8

struct sample_arg {
	int differing;		/* symbols whose values differ */
	int first;		/* the first of them, or -1 */
	int model, engine;	/* its two values */
	int comparison;		/* a free comparison that differs, or -1 */
	int *lits, n;		/* assumptions; kconfig's comparisons added */
};

static unsigned int next_rand(unsigned int *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Compare the resolved configuration with the last model. */
static bool sample_compare(struct satwork *w, void *arg)
{
	struct sample_arg *a = arg;
	int i, mv, ev;

	for (i = 0; i < w->m.nsyms; i++) {
		if (!enc_sym_done(w->e, i) ||
		    (w->m.syms[i].type != 'b' && w->m.syms[i].type != 't'))
			continue;
		mv = enc_tl_value(w->e, enc_sym(w->e, i));
		ev = satmodel_value(&w->m, i);
		if (mv == ev)
			continue;
		if (!a->differing++) {
			a->first = i;
			a->model = mv;
			a->engine = ev;
		}
	}
	for (i = 0; a->differing && i < w->m.nexprs; i++) {
		struct tl v;

		if (w->m.exprs[i].op != M_UNKNOWN || !enc_node_done(w->e, i))
			continue;
		v = enc_node(w->e, i, 0);
		ev = satmodel_expr_value(&w->m, i);
		if (enc_tl_value(w->e, v) == ev)
			continue;
		if (a->comparison < 0)
			a->comparison = i;
		/* the next round assumes kconfig's value */
		a->lits[a->n++] = ev ? v.m : -v.m;
		a->lits[a->n++] = ev == 2 ? v.y : -v.y;
	}
	return true;
}

/* The most literals random_assumptions() writes: 3 per line. */
static size_t random_lits_max(const struct satwork *w)
{
	return 3 * (size_t)(SAMPLE_FEW_LINES + w->m.nsyms / 2 + 1);
}

/* Assume ".config sets symbol I to V" for N random settable symbols. */
static int random_assumptions(struct satwork *w, const int *settable,
			      int nset, unsigned int *seed, int *lits)
{
	int k, n = 0, want;
	struct tl u;

	want = 1 + next_rand(seed) % (*seed & 1 ? SAMPLE_FEW_LINES : nset / 2 + 1);
	for (k = 0; k < want && nset; k++) {
		int i = settable[next_rand(seed) % nset];
		int v = next_rand(seed) % 3;

		lits[n++] = enc_user(w->e, i, &u);
		if (w->m.syms[i].type == 'b' && v == 1)
			v = 2;
		if (v == 0) {
			lits[n++] = -u.m;
		} else {
			lits[n++] = u.m;
			lits[n++] = v == 2 ? u.y : -u.y;
		}
	}
	return n;
}

static void emit_sample(struct satwork *w, const struct sample_arg *a,
			char **lines, int n)
{
	char *frag = sat_join(lines, n);
	char *cmp = a->comparison >= 0 ?
		    satmodel_expr_string(&w->m, a->comparison) : kc_strdup("");

	KC_EMIT(w->out, X_SAMPLE,
		.status = a->comparison >= 0 ? "explained" : "differs",
		.symbol = w->m.syms[a->first].name,
		.model = kc_tri_char(a->model), .engine = kc_tri_char(a->engine),
		.differing = a->differing, .comparison = cmp,
		.counterexample = frag);
	free(cmp);
	free(frag);
}

/*
 * One sample; returns 0 agreed, 1 explained, 2 differs, 3 kconfig could
 * not read the .config.
 */
static int one_sample(struct satwork *w, const int *settable, int nset,
		      unsigned int *seed, int *lits)
{
	struct sample_arg a = { .lits = lits };
	char **lines = NULL;
	int r, nl = 0, round;

	a.n = random_assumptions(w, settable, nset, seed, lits);
	/* assumptions that contradict each other: fewer of them */
	while ((r = sat_query_n(w, lits, a.n)) == 0 && a.n > 0)
		a.n /= 2;
	for (round = 0; r > 0 && round < SAMPLE_ROUNDS; round++) {
		kc_strv_free(lines, nl);
		nl = enc_fragment(w->e, &lines);
		a.differing = 0;
		a.first = a.comparison = -1;
		if (!sat_reproduces(w, lines, nl, sample_compare, &a)) {
			kc_strv_free(lines, nl);
			return 3;
		}
		if (a.comparison < 0)
			break;
		r = sat_query_n(w, lits, a.n);
	}
	if (r <= 0)	/* kconfig's comparisons and the model disagree */
		a.comparison = a.comparison < 0 ? 0 : a.comparison;
	if (a.differing)
		emit_sample(w, &a, lines, nl);
	kc_strv_free(lines, nl);
	return !a.differing ? 0 : a.comparison >= 0 ? 1 : 2;
}

/* The symbols a .config can set, every bool/tristate symbol encoded. */
static int settable_syms(struct satwork *w, int *settable)
{
	struct tl u;
	int i, n = 0;

	for (i = 0; i < w->m.nsyms; i++)
		enc_sym(w->e, i);
	for (i = 0; i < w->m.nsyms; i++)
		if (enc_user(w->e, i, &u))
			settable[n++] = i;
	return n;
}

int sat_random_model(struct satwork *w, const int *assume, int nassume,
		     int k)
{
	int *settable = kc_calloc(w->m.nsyms + 1, sizeof(*settable));
	int *lits = kc_calloc(nassume + random_lits_max(w) + 1, sizeof(*lits));
	unsigned int seed = 1 + (unsigned int)k * 2654435761u;
	int nset = settable_syms(w, settable), n, r;

	if (!seed)
		seed = 1;
	memcpy(lits, assume, nassume * sizeof(int));
	n = random_assumptions(w, settable, nset, &seed, lits + nassume);
	while ((r = sat_query_n(w, lits, nassume + n)) == 0 && n > 0)
		n /= 2;
	free(settable);
	free(lits);
	return r;
}

void sat_sample(struct satwork *w, int samples)
{
	int *settable = kc_calloc(w->m.nsyms + 1, sizeof(*settable));
	int *lits = kc_calloc(random_lits_max(w) + 2 * w->m.nexprs + 1,
			      sizeof(*lits));
	int count[4] = { 0 }, s;
	unsigned int seed = 1;
	/* every bool/tristate symbol, so that every one is compared */
	int nset = settable_syms(w, settable);

	for (s = 0; s < samples; s++)
		count[one_sample(w, settable, nset, &seed, lits)]++;
	sat_stat(w, "samples", samples);
	sat_stat(w, "samples-agreed", count[0]);
	sat_stat(w, "samples-explained", count[1]);
	sat_stat(w, "samples-differ", count[2]);
	sat_stat(w, "samples-unread", count[3]);
	free(settable);
	free(lits);
}
