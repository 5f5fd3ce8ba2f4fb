/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * When a 'select' is unmet, written once for the three places that decide
 * it: the matrix check on each resolved configuration (treeconf.c's
 * treeconf_walk_selects() and the worker), the SAT mode's encoding, which
 * asks it of every configuration at once (satworker.c's check_select()),
 * and the SAT mode's check of a model reproduced by the engine
 * (satworker.c's unmet_holds(), satmodel.c's satmodel_select_active()).
 *
 * 'select T if C' in the entry of S is active at min(S, C) (C is y
 * without 'if'): the value it forces on T.  It is unmet when that is
 * above T's direct dependencies: kconfig sets T anyway and warns
 * "unmet direct dependencies".
 *
 * Values are tristates numbered as kconfig's enum tristate: n 0, m 1,
 * y 2.  The rule is written over the MIN and GT of a tristate algebra, so
 * that the encoding, whose values are pairs of literals (satenc.h), states
 * it through the same definition as the integers do.
 */
#ifndef KCHECK_SELECTRULE_H
#define KCHECK_SELECTRULE_H

#include <stdbool.h>

/* The value a select forces on its target. */
#define SELECT_ACTIVE(MIN, selector, cond)	MIN(selector, cond)
/* Whether a select active at ACTIVE is unmet. */
#define SELECT_UNMET(GT, active, target_dep)	GT(active, target_dep)

static inline int select_tri_min(int a, int b)
{
	return a < b ? a : b;
}

static inline bool select_tri_gt(int a, int b)
{
	return a > b;
}

static inline int select_active(int selector, int cond)
{
	return SELECT_ACTIVE(select_tri_min, selector, cond);
}

static inline bool select_unmet(int active, int target_dep)
{
	return SELECT_UNMET(select_tri_gt, active, target_dep);
}

#endif /* KCHECK_SELECTRULE_H */
