/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Propositional encoding of a Kconfig model (satmodel.h) on CaDiCaL.
 *
 * A tristate value v is a pair of literals: v.m is "v >= m", v.y is
 * "v = y" (v.y implies v.m).  && is min, || is max, ! swaps and negates
 * the pair, as expr_calc_value() computes them.  Every configuration that
 * scripts/kconfig can resolve (olddefconfig of any .config) is a model of
 * the clauses; see satenc.c for the rules and for where the encoding is
 * looser than the engine (it never is tighter).  So UNSAT is a proof for
 * every configuration, while a model is only a candidate until the
 * engine reproduces it (satverify.c).
 *
 * Symbols are encoded when first needed, with what their value depends on
 * (the cone of influence), so a query only pays for its cone.
 */
#ifndef KCHECK_SATENC_H
#define KCHECK_SATENC_H

#include <stdbool.h>

#include "satmodel.h"

struct tl {
	int m, y;
};

struct enc;

struct enc *enc_new(const struct model *m);
void enc_free(struct enc *e);

/* Literals true and false. */
int enc_true(const struct enc *e);

/* A node's value; node -1 is DFLT (0 n, 2 y). */
struct tl enc_node(struct enc *e, int node, int dflt);
/* A symbol's value (n for anything but bool/tristate). */
struct tl enc_sym(struct enc *e, int sym);
/* A symbol's dir_dep as sym_calc_visibility() raises it for bool. */
struct tl enc_dep(struct enc *e, int sym);
/* A tristate constant 0, 1, 2. */
struct tl enc_const(const struct enc *e, int v);
/* A fresh, unconstrained value (y implies m). */
struct tl enc_free_value(struct enc *e);

/* Gates (Tseitin, constant-folded). */
int enc_and(struct enc *e, int a, int b);
int enc_or(struct enc *e, int a, int b);
struct tl enc_tmin(struct enc *e, struct tl a, struct tl b);
struct tl enc_tmax(struct enc *e, struct tl a, struct tl b);
struct tl enc_tnot(struct tl a);
/* Literal: a > b, a != b, a == b. */
int enc_gt(struct enc *e, struct tl a, struct tl b);
int enc_ne(struct enc *e, struct tl a, struct tl b);

/*
 * A fresh literal that, assumed, asks for one of LITS to be true: the
 * clause (!a || lits...).  enc_retire() adds !a once it is no longer
 * asked, so the clause never constrains a later query.
 */
int enc_any(struct enc *e, const int *lits, int n);
void enc_retire(struct enc *e, int a);

/*
 * Solve under the assumptions.  Returns 1 (a model exists), 0 (none: a
 * proof), -1 (solver gave up).  Encode before solving: adding clauses
 * drops the model.
 */
int enc_solve(struct enc *e, const int *assume, int n);
/* In the last model: a literal's value, a pair's value 0/1/2. */
int enc_lit_value(struct enc *e, int lit);
int enc_tl_value(struct enc *e, struct tl v);

/*
 * The last model as a .config: the user values of the encoded symbols
 * that the model says are visible and set by the user.  Lines are
 * "CONFIG_X=y", "CONFIG_X=m" or "# CONFIG_X is not set"; the caller
 * frees the vector and the strings.
 */
int enc_fragment(struct enc *e, char ***lines);

/*
 * For the differential test (satsample.c): whether symbol SYM / node N is
 * encoded (reading it then adds no clause), and a visible symbol's
 * ".config sets it" literal with its user value (0: no prompt).
 */
bool enc_sym_done(const struct enc *e, int sym);
bool enc_node_done(const struct enc *e, int n);
int enc_user(const struct enc *e, int sym, struct tl *user);

/* Size of the encoding so far. */
void enc_stats(struct enc *e, int *vars, int *clauses, int *syms);

#endif /* KCHECK_SATENC_H */
