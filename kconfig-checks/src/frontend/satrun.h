/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kcheck-sat workers of a matrix's arches (satworker.c), with the sat
 * options of struct opts: what kcheck sat runs, and kcheck range --sat on
 * the symbols a commit changes.
 */
#ifndef KCHECK_SATRUN_H
#define KCHECK_SATRUN_H

#include "matrix.h"
#include "options.h"
#include "session.h"
#include "workers.h"

/* kcheck-sat's --symbols: the N globs or names, comma-separated; NULL if none. */
char *sat_scope_arg(char *const *globs, size_t n);

/*
 * kcheck-sat on every arch of M in TREE; SYMBOLS: the scope (globs,
 * comma-separated) or NULL.  RES: one per arch.  Returns how many arches
 * failed; kc_die()s when interrupted.
 */
int sat_run(const struct session *ss, const struct opts *o, const char *tree,
	    struct matrix *m, const char *symbols, struct arch_result *res);

#endif /* KCHECK_SATRUN_H */
