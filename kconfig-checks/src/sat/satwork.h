/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kcheck-sat's shared state: the model, its encoding, the scope, and the
 * engine check of counterexamples (satverify.c).
 */
#ifndef KCHECK_SATWORK_H
#define KCHECK_SATWORK_H

#include <stdbool.h>
#include <stdio.h>

#include "satmodel.h"
#include "satenc.h"

struct satwork {
	struct model m;
	struct enc *e;
	char **scope;		/* globs; none: everything */
	int nscope;
	const char *tmp_dir;
	int queries, sat, unsat, gaveup;
	int verified, minimize_runs;
	FILE *out;
};

/* satquery.c */
bool sat_in_scope(const struct satwork *w, const char *name);

/* Solve with one assumption / N assumptions, counting. */
int sat_query(struct satwork *w, int lit);
int sat_query_n(struct satwork *w, const int *lits, int n);

/*
 * A counterexample check: resolve FRAGMENT (lines of a .config) with the
 * engine, as 'make olddefconfig' does, and ask PRED about the result.
 */
typedef bool (*sat_pred)(struct satwork *w, void *arg);
bool sat_reproduces(struct satwork *w, char **lines, int n, sat_pred pred,
		    void *arg);
/* Drop lines while PRED still holds; returns the new count. */
int sat_minimize(struct satwork *w, char **lines, int n, sat_pred pred,
		 void *arg);
/* The lines joined with '\n' (the protocol's encoder escapes them). */
char *sat_join(char **lines, int n);

/* An X stats line. */
void sat_stat(struct satwork *w, const char *name, int value);

/* The differential test: SAMPLES models resolved by kconfig (satsample.c). */
void sat_sample(struct satwork *w, int samples);

/*
 * A random model under ASSUME (satsample.c), the Kth of a fixed sequence:
 * returns what the solver did (1 a model).
 */
int sat_random_model(struct satwork *w, const int *assume, int nassume,
		     int k);

/* Implications over the scope under ASSUME (satimply.c). */
void sat_implications(struct satwork *w, const int *assume, int nassume);

/* Redundancy mining over the scope (satredund.c). */
void sat_redundancy(struct satwork *w, int real_configs);

#endif /* KCHECK_SATWORK_H */
