// SPDX-License-Identifier: GPL-2.0-only
/*
 * kcheck-sat: the all-configurations mode for one (tree, arch).  Runs like
 * kcheck-worker (same environment, same private directory), parses the
 * tree's Kconfig with the tree's own parser, copies the finalized model
 * (satmodel.c), encodes it on CaDiCaL on demand (satenc.c) and answers:
 *
 *   unmet dependencies: for each select in scope whose target has
 *     dependencies, is there a configuration where the select is active
 *     above the target's dependencies?  UNSAT: proved impossible.  A model
 *     becomes a .config fragment that the engine must reproduce
 *     (satverify.c): confirmed, else unconfirmed.
 *   invariants of a rules file: proved, or refuted with a reproduced
 *     fragment, or unknown.
 *   redundancy over the scope (satredund.c).
 *   the differential test of the encoding, --sample N (satsample.c).
 *   implications over the scope, --implications (satimply.c).
 *
 * Output: the P, X and Z lines of protocol.h.
 */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"
#include "rules.h"
#include "satwork.h"
#include "selectrule.h"
#include "treeconf.h"
#include "util.h"

static struct {
	const char *kconfig;
	struct rules rules;
	int have_rules;
	int unmet;		/* 0 none, 1 scope, 2 every select */
	int redundancy;
	int real;		/* real configurations for redundancy */
	int list_proved;	/* an X unmet proved line per proved select */
	int sample;		/* models for the differential test */
	int implications;
	char *assume;		/* SYM=V,... for the implications */
} opt = { .unmet = 1, .redundancy = 1, .real = 8 };

/* ---- unmet dependencies ---- */

struct unmet_arg {
	int sel;
};

static bool unmet_holds(struct satwork *w, void *arg)
{
	int i = ((struct unmet_arg *)arg)->sel;

	return select_unmet(satmodel_select_active(&w->m, i),
			    satmodel_dep_value(&w->m, w->m.sels[i].target));
}

/* The X unmet line of select I. */
static void emit_unmet(struct satwork *w, int i, const char *status,
		       char active, char depval, const char *dep,
		       const char *frag)
{
	const struct mselect *s = &w->m.sels[i];

	KC_EMIT(w->out, X_UNMET, .status = status,
		.target = w->m.syms[s->target].name,
		.selector = w->m.syms[s->selector].name, .file = s->file,
		.line = s->line, .active = active, .dependency_value = depval,
		.dependency = dep, .counterexample = frag);
}

/* The literal "select I is active above its target's dependencies". */
static int unmet_lit(struct satwork *w, int i)
{
	const struct mselect *s = &w->m.sels[i];
	struct tl active, dep;
	int q;

	/* selectrule.h's rule, on the encoding's values */
#define ENC_MIN(a, b) enc_tmin(w->e, a, b)
#define ENC_GT(a, b) enc_gt(w->e, a, b)
	active = SELECT_ACTIVE(ENC_MIN, enc_sym(w->e, s->selector),
			       enc_node(w->e, s->cond, 2));
	dep = enc_dep(w->e, s->target);
	q = SELECT_UNMET(ENC_GT, active, dep);
#undef ENC_MIN
#undef ENC_GT
	return q;
}

static void emit_proved(struct satwork *w, int i)
{
	char *depstr;

	if (!opt.list_proved)
		return;
	depstr = satmodel_expr_string(&w->m, w->m.syms[w->m.sels[i].target].dep);
	emit_unmet(w, i, "proved", '-', '-', depstr, "");
	free(depstr);
}

/*
 * Select I (literal Q, unmet_lit()) on its own: proved, or a
 * counterexample the engine checks.
 */
static void check_select(struct satwork *w, int i, int q, int *proved)
{
	const struct mselect *s = &w->m.sels[i];
	const struct msym *t = &w->m.syms[s->target];
	struct unmet_arg ua = { i };
	char **lines, *frag, *depstr;
	int r, n;
	bool ok;

	r = sat_query(w, q);
	if (r == 0) {
		(*proved)++;
		emit_proved(w, i);
		return;
	}
	n = r > 0 ? enc_fragment(w->e, &lines) : 0;
	if (r < 0)
		lines = NULL;
	ok = r > 0 && sat_reproduces(w, lines, n, unmet_holds, &ua);
	if (ok)
		n = sat_minimize(w, lines, n, unmet_holds, &ua);
	frag = sat_join(lines, n);
	/* with the values of the reproduced configuration, when there is one */
	depstr = ok ? treeconf_dep_string(t->name) :
		 satmodel_expr_string(&w->m, t->dep);
	emit_unmet(w, i, ok ? "confirmed" : r < 0 ? "unknown" : "unconfirmed",
		   ok ? kc_tri_char(satmodel_select_active(&w->m, i)) : '-',
		   ok ? kc_tri_char(satmodel_dep_value(&w->m, s->target)) : '-',
		   depstr, frag);
	fflush(w->out);
	free(depstr);
	free(frag);
	kc_strv_free(lines, n);
}

/*
 * Prove the N selects SEL (literals Q, as unmet_lit()) together: ask for
 * any of them to be unmet.  UNSAT proves every one (each alone would be
 * UNSAT too); a model shows at least one that can be, which leaves the
 * batch and is checked on its own, and the rest are asked again.  So a
 * tree whose selects are all sound costs one solver call, not one per
 * select.  PROVED[k] is set for each select proved; the ones left are
 * checked by check_select().
 */
static void prove_together(struct satwork *w, const int *q, int n,
			   bool *proved)
{
	int *left = kc_calloc(n, sizeof(*left));
	int *lits = kc_calloc(n, sizeof(*lits));
	int k, nleft = n, keep, a, r;

	for (k = 0; k < n; k++)
		left[k] = k;
	while (nleft) {
		for (k = 0; k < nleft; k++)
			lits[k] = q[left[k]];
		a = enc_any(w->e, lits, nleft);
		r = sat_query(w, a);
		if (r == 0)
			for (k = 0; k < nleft; k++)
				proved[left[k]] = true;
		if (r <= 0) {
			enc_retire(w->e, a);
			break;
		}
		for (k = keep = 0; k < nleft; k++)
			if (!enc_lit_value(w->e, q[left[k]]))
				left[keep++] = left[k];
		nleft = keep;
		/* after reading the model: a clause drops it */
		enc_retire(w->e, a);
	}
	free(left);
	free(lits);
}

/* Is select I one the engine's check looks at, and in the scope? */
static bool unmet_considered(struct satwork *w, int i)
{
	const struct mselect *s = &w->m.sels[i];
	const struct msym *t = &w->m.syms[s->target];

	/* what the engine's check looks at (worker.c on_select()) */
	if (s->imply || t->choice >= 0 || (t->type != 'b' && t->type != 't'))
		return false;
	return opt.unmet == 2 || sat_in_scope(w, t->name) ||
	       sat_in_scope(w, w->m.syms[s->selector].name);
}

static void unmet_sweep(struct satwork *w)
{
	/* per select: -2 not considered, -1 no dependencies, else its k */
	int *at = kc_calloc(w->m.nsels + 1, sizeof(*at));
	int *q = kc_calloc(w->m.nsels + 1, sizeof(*q));
	bool *proved;
	int i, n = 0, nproved = 0;

	for (i = 0; i < w->m.nsels; i++) {
		at[i] = -2;
		if (!unmet_considered(w, i))
			continue;
		/* no dependencies: never unmet, nothing to ask */
		at[i] = -1;
		if (w->m.syms[w->m.sels[i].target].dep < 0)
			continue;
		at[i] = n;
		q[n++] = unmet_lit(w, i);
	}
	proved = kc_calloc(n + 1, sizeof(*proved));
	prove_together(w, q, n, proved);
	for (i = 0; i < w->m.nsels; i++) {
		if (at[i] == -1 && opt.list_proved)
			emit_unmet(w, i, "proved", '-', '-', "y", "");
		if (at[i] < 0)
			continue;
		if (proved[at[i]]) {
			nproved++;
			emit_proved(w, i);
		} else {
			check_select(w, i, q[at[i]], &nproved);
		}
	}
	sat_stat(w, "selects", n);
	sat_stat(w, "selects-proved", nproved);
	free(at);
	free(q);
	free(proved);
}

/* ---- invariants ---- */

static int rule_sym(struct satwork *w, const char *s)
{
	int i = satmodel_find(&w->m, s);

	return i >= 0 && w->m.syms[i].type != '?' ? i : -1;
}

static int str_tri(const char *s)
{
	return !strcmp(s, "y") ? 2 : !strcmp(s, "m") ? 1 : 0;
}

static bool is_const(const char *s)
{
	return !strcmp(s, "y") || !strcmp(s, "m") || !strcmp(s, "n");
}

/* Whether a rules operand has a y/m/n value the encoding knows exactly. */
static bool tri_operand(struct satwork *w, const struct rexpr *x)
{
	int i;

	if (x->op == R_STR)
		return is_const(x->s);
	if (x->op != R_SYM)
		return false;
	if (is_const(x->s))
		return true;
	i = rule_sym(w, x->s);
	if (i < 0)
		return x->s[0] < '0' || x->s[0] > '9';	/* undefined: "n" */
	return w->m.syms[i].type == 'b' || w->m.syms[i].type == 't';
}

/* An invariant's value, with rules.c's semantics. */
static struct tl rule_tl(struct satwork *w, const struct rexpr *x)
{
	struct tl a, b;
	int i, ne;

	switch (x->op) {
	case R_STR:
		return enc_const(w->e, str_tri(x->s));
	case R_SYM:
		if (is_const(x->s))
			return enc_const(w->e, str_tri(x->s));
		i = rule_sym(w, x->s);
		if (i < 0)
			return enc_const(w->e, 0);
		if (w->m.syms[i].type == 'b' || w->m.syms[i].type == 't')
			return enc_sym(w->e, i);
		return enc_free_value(w->e);	/* a string that may read "y" */
	case R_NOT:
		return enc_tnot(rule_tl(w, x->l));
	case R_AND:
	case R_OR:
		a = rule_tl(w, x->l);
		b = rule_tl(w, x->r);
		return x->op == R_AND ? enc_tmin(w->e, a, b) : enc_tmax(w->e, a, b);
	case R_EQ:
	case R_NE:
		if (tri_operand(w, x->l) && tri_operand(w, x->r)) {
			ne = enc_ne(w->e, rule_tl(w, x->l), rule_tl(w, x->r));
			if (x->op == R_EQ)
				ne = -ne;
			a.m = a.y = ne;
			return a;
		}
		/* fall through */
	default:
		a = enc_free_value(w->e);
		a.m = a.y;	/* comparisons are y or n */
		return a;
	}
}

static bool rule_fails(struct satwork *w, void *arg)
{
	(void)w;
	return rule_eval(((const struct rule *)arg)->expr, treeconf_lookup,
			 NULL) == 0;
}

static void invariants(struct satwork *w)
{
	size_t i;

	for (i = 0; i < opt.rules.n; i++) {
		struct rule *r = &opt.rules.v[i];
		char **lines = NULL, *frag;
		const char *status;
		int q, n = 0;
		struct tl v;

		if (r->kind != RULE_INVARIANT)
			continue;
		v = rule_tl(w, r->expr);
		q = sat_query(w, -v.m);
		if (q == 0) {
			status = "proved";
		} else if (q < 0) {
			status = "unknown";
		} else {
			n = enc_fragment(w->e, &lines);
			if (sat_reproduces(w, lines, n, rule_fails, r)) {
				n = sat_minimize(w, lines, n, rule_fails, r);
				status = "refuted";
			} else {
				status = "unknown";
			}
		}
		frag = sat_join(lines, n);
		KC_EMIT(w->out, X_INVARIANT, .status = status,
			.rule_line = r->line, .counterexample = frag);
		free(frag);
		kc_strv_free(lines, n);
	}
}

/* ---- implications ---- */

/* --assume SYM=V,...: the literals; an unknown symbol or value dies. */
static int assumptions(struct satwork *w, int **lits)
{
	char *s = kc_strdup(opt.assume ? opt.assume : ""), *tok, *save = NULL;
	int n = 0, i;
	struct tl v;

	*lits = kc_calloc(2 * strlen(s) + 2, sizeof(int));
	for (tok = strtok_r(s, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq || eq == tok || !eq[1] || eq[2] ||
		    !strchr("ymn", eq[1]))
			kc_die("--assume: SYMBOL=y|m|n, not '%s'", tok);
		*eq = 0;
		i = satmodel_find(&w->m, tok);
		if (i < 0 || (w->m.syms[i].type != 'b' &&
			      w->m.syms[i].type != 't'))
			kc_die("--assume: no bool or tristate symbol %s on this arch",
			       tok);
		v = enc_sym(w->e, i);
		if (eq[1] == 'n') {
			(*lits)[n++] = -v.m;
		} else {
			(*lits)[n++] = v.m;
			(*lits)[n++] = eq[1] == 'y' ? v.y : -v.y;
		}
	}
	free(s);
	return n;
}

static void implications(struct satwork *w)
{
	int *lits, n = assumptions(w, &lits);

	sat_implications(w, lits, n);
	free(lits);
}

/* ---- main ---- */

static void seconds(struct satwork *w, const char *name, double s)
{
	char v[32];

	snprintf(v, sizeof(v), "%.2f", s);
	KC_EMIT(w->out, X_STATS, .name = name, .value = v);
}

static void *run(void *arg)
{
	struct satwork *w = arg;
	double t0 = kc_now(), t1, t2;
	int vars, clauses, syms;

	if (treeconf_parse(opt.kconfig))
		kc_die("Kconfig errors in %s", opt.kconfig);
	KC_EMIT(stdout, P, .status = "ok");
	fflush(stdout);
	satmodel_build(&w->m);
	w->e = enc_new(&w->m);
	t1 = kc_now();
	if (opt.unmet)
		unmet_sweep(w);
	if (opt.have_rules)
		invariants(w);
	if (opt.redundancy)
		sat_redundancy(w, opt.real);
	if (opt.sample > 0)
		sat_sample(w, opt.sample);
	if (opt.implications)
		implications(w);
	t2 = kc_now();
	enc_stats(w->e, &vars, &clauses, &syms);
	sat_stat(w, "symbols", w->m.nsyms);
	sat_stat(w, "encoded-symbols", syms);
	sat_stat(w, "variables", vars);
	sat_stat(w, "clauses", clauses);
	sat_stat(w, "unknown-comparisons", w->m.unknown_nodes);
	sat_stat(w, "fixed-comparisons", w->m.fixed_nodes);
	sat_stat(w, "queries", w->queries);
	sat_stat(w, "unsat", w->unsat);
	sat_stat(w, "engine-runs", w->verified);
	seconds(w, "parse-seconds", t1 - t0);
	seconds(w, "query-seconds", t2 - t1);
	KC_EMIT(stdout, Z);
	fflush(stdout);
	enc_free(w->e);
	satmodel_free(&w->m);
	return NULL;
}

/* kcheck-sat's arguments (kcheck sat's cmd_sat.c writes them). */
static void parse_args(int argc, char **argv, struct satwork *w)
{
	static const struct option lo[] = {
		{ "tmp-dir", required_argument, NULL, 't' },
		{ "rules", required_argument, NULL, 'r' },
		{ "symbols", required_argument, NULL, 's' },
		{ "unmet", required_argument, NULL, 'u' },
		{ "no-redundancy", no_argument, NULL, 'R' },
		{ "list-proved", no_argument, NULL, 'P' },
		{ "real", required_argument, NULL, 'n' },
		{ "sample", required_argument, NULL, 'S' },
		{ "implications", no_argument, NULL, 'I' },
		{ "assume", required_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 },
	};
	char err[1024], *tok, *save = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 't':
			w->tmp_dir = optarg;
			break;
		case 'r':
			if (rules_load(optarg, &opt.rules, err, sizeof(err)))
				kc_die("%s", err);
			opt.have_rules = 1;
			break;
		case 's':
			for (tok = strtok_r(optarg, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save)) {
				w->scope = kc_realloc(w->scope, (w->nscope + 1) *
						     sizeof(char *));
				w->scope[w->nscope++] = tok;
			}
			break;
		case 'u':
			opt.unmet = !strcmp(optarg, "all") ? 2 :
				    !strcmp(optarg, "symbols") ? 1 :
				    !strcmp(optarg, "none") ? 0 : -1;
			if (opt.unmet < 0)
				kc_die("--unmet: all, symbols or none");
			break;
		case 'R':
			opt.redundancy = 0;
			break;
		case 'P':
			opt.list_proved = 1;
			break;
		case 'n':
			opt.real = atoi(optarg);
			break;
		case 'S':
			opt.sample = atoi(optarg);
			break;
		case 'I':
			opt.implications = 1;
			break;
		case 'A':
			opt.assume = optarg;
			break;
		default:
			kc_die("kcheck-sat: bad arguments");
		}
	}
	if (optind != argc - 1 || !w->tmp_dir)
		kc_die("usage: kcheck-sat --tmp-dir DIR [--symbols GLOB,...] [--unmet all|symbols|none] [--rules FILE] [--no-redundancy] [--list-proved] [--real N] [--sample N] [--implications [--assume SYM=V,...]] KCONFIG");
	opt.kconfig = argv[optind];
}

int main(int argc, char **argv)
{
	struct satwork w = { .out = stdout };
	pthread_attr_t attr;
	pthread_t th;

	parse_args(argc, argv, &w);
	if (kc_fault_is("crash:"))
		abort();

	/* the encoding recurses along dependency chains: a roomy stack */
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 512UL << 20);
	if (pthread_create(&th, &attr, run, &w))
		kc_die("cannot start the solver thread");
	pthread_join(th, NULL);
	pthread_attr_destroy(&attr);
	free(w.scope);
	if (opt.have_rules)
		rules_free(&opt.rules);
	return 0;
}
