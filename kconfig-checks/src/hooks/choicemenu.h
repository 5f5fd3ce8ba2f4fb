/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Forced into the tree's symbol.c (engine.mk).  The tree's
 * sym_get_choice_menu() becomes a weak definition, so that every call to
 * it, symbol.c's own included, goes to hooks.c's, which answers from what
 * it recorded after parsing; the tree's code stays reachable as
 * kcheck_tree_choice_menu() and computes each answer.  A weak function is
 * never inlined into its callers.  hooks.c includes this for the
 * declaration only (KCHECK_HOOKS_C).
 */
#ifndef KCHECK_CHOICEMENU_H
#define KCHECK_CHOICEMENU_H

struct menu;
struct symbol;

struct menu *kcheck_tree_choice_menu(const struct symbol *sym);

#ifndef KCHECK_HOOKS_C
struct menu *sym_get_choice_menu(const struct symbol *sym)
	__attribute__((weak));
struct menu *kcheck_tree_choice_menu(const struct symbol *sym)
	__attribute__((alias("sym_get_choice_menu")));
#endif

#endif /* KCHECK_CHOICEMENU_H */
