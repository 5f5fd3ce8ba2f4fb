/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where kcheck answers for functions of the tree's scripts/kconfig, for
 * speed and with the same results (hooks.c; treeconf.c's set_all_new_default()
 * is the third):
 *   expr_calc_value() and expr_invalidate_all(): only the expressions
 *     that cached a value are invalidated;
 *   sym_get_choice_menu(): answered from a record made after parsing;
 *   conf_set_all_new_symbols(def_default): its walk sets nothing, only
 *     sym_clear_all_valid() is left (treeconf.c).
 * Only on kconfig code they were proved on: engine.sh builds with them only
 * when the digest of the tree's kconfig sources is in hooks.proved, and
 * otherwise with KCHECK_NO_TREE_HOOKS, where the tree's own functions
 * answer (kcheck says so once per run).
 * The sanitizer build (engine.mk: KCHECK_CHECK_TREE_HOOKS) also asks the
 * tree's code on every call and stops the worker, naming the hook, when
 * the answers differ.  KCHECK_FAULT=hook-choice|hook-expr|hook-default:ARCH
 * makes that hook answer wrongly in that arch's worker, so that the tests
 * see each check fire (t/60).
 */
#ifndef KCHECK_HOOKS_H
#define KCHECK_HOOKS_H

/* right after the parse: what the hooks answer from */
void hooks_record(void);

#ifdef KCHECK_CHECK_TREE_HOOKS
enum hook_fault {
	HOOK_FAULT_NONE,
	HOOK_FAULT_CHOICE,
	HOOK_FAULT_EXPR,
	HOOK_FAULT_DEFAULT,
};

enum hook_fault hooks_fault(void);
void hooks_failed(const char *hook, const char *what) __attribute__((noreturn));
#endif

#endif /* KCHECK_HOOKS_H */
