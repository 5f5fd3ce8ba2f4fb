/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One tree's matrix, resolved by its workers (workers.h): what check, diff
 * and dump start from.
 */
#ifndef KCHECK_TREERUN_H
#define KCHECK_TREERUN_H

#include "matrix.h"
#include "options.h"
#include "workers.h"
#include "session.h"

struct tree_run {
	char *tree;
	char *worker;
	struct matrix m;
	struct arch_result *res;	/* one per arch of m */
	int failed;
};

/* The matrix o selects on t->tree; kc_die()s when it is empty. */
void tree_run_matrix(const struct opts *o, struct tree_run *t);

/*
 * Resolves every configuration (values: with each configuration's
 * symbol values, for diff); LABEL is "tree", "base" or "head".
 * kc_die()s when interrupted.
 */
void tree_run(const struct session *s, const struct opts *o,
	      struct tree_run *t, const char *label, int values);

void tree_run_free(struct tree_run *t);

#endif /* KCHECK_TREERUN_H */
