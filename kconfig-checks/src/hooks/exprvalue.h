/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Forced into the tree's expr.c only (engine.mk), after exprhash.h.  The
 * tree's expr_calc_value() becomes a weak definition, so that every call
 * to it, expr.c's own recursion included, goes to hooks.c's, which notes
 * each expression whose value it caches and lets the tree's code,
 * reachable as kcheck_tree_expr_calc_value(), compute the value.  A weak
 * function is never inlined into its callers.  hooks.c includes this for
 * the declaration only (KCHECK_HOOKS_C).
 */
#ifndef KCHECK_EXPRVALUE_H
#define KCHECK_EXPRVALUE_H

#include <expr.h>

tristate kcheck_tree_expr_calc_value(struct expr *e);

#ifndef KCHECK_HOOKS_C
tristate expr_calc_value(struct expr *e) __attribute__((weak));
tristate kcheck_tree_expr_calc_value(struct expr *e)
	__attribute__((alias("expr_calc_value")));
#endif

#endif /* KCHECK_EXPRVALUE_H */
