// SPDX-License-Identifier: GPL-2.0-only
/*
 * Definitions that replace two functions of the tree's scripts/kconfig
 * (hooks.h): the link gives every call to the tree's definition, which
 * choicemenu.h and exprvalue.h make weak, to these; those headers keep the
 * tree's code reachable under a second name, for the answers that need it.
 */
/* for_all_symbols() and hash_for_each() of the tree compare int with size_t */
#pragma GCC diagnostic ignored "-Wsign-compare"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkc.h"
#include "internal.h"

#define KCHECK_HOOKS_C	/* the tree's functions' declarations only */
#include "choicemenu.h"
#include "exprvalue.h"
#include "hooks.h"
#include "util.h"

#ifdef KCHECK_NO_TREE_HOOKS
/*
 * The tree's kconfig code is not one the hooks were proved on (engine.sh,
 * hooks.proved): its own functions answer, and there is nothing to record.
 */
void hooks_record(void)
{
}
#else

#ifdef KCHECK_CHECK_TREE_HOOKS
static enum hook_fault hook_fault;

enum hook_fault hooks_fault(void)
{
	return hook_fault;
}

void hooks_failed(const char *hook, const char *what)
{
	fprintf(stderr, "tree hook check: %s(): %s\n", hook, what);
	abort();
}

static void read_hook_fault(void)
{
	static const char *const name[] = {
		[HOOK_FAULT_CHOICE] = "hook-choice:",
		[HOOK_FAULT_EXPR] = "hook-expr:",
		[HOOK_FAULT_DEFAULT] = "hook-default:",
	};
	int i;

	for (i = HOOK_FAULT_CHOICE; i <= HOOK_FAULT_DEFAULT; i++)
		if (kc_fault_is(name[i]))
			hook_fault = i;
}
#endif

/*
 * expr_invalidate_all() marks every hash-consed expression's cached value
 * stale; the tree calls it on every .config read and set-all, and its walk
 * of all of them (137,000 on powerpc, a cache miss each) was a quarter of
 * the cache misses of resolving a configuration, although a configuration
 * evaluates only about a third of them: the others are left over from
 * menu_finalize()'s rewriting, or belong to parts of the tree that no
 * value depends on.  The tree sets an expression's val_is_valid only in
 * expr_calc_value(), and every call to that comes here (exprvalue.h), so
 * this notes every expression whose value gets cached; the link wraps
 * expr_invalidate_all() (-Wl,--wrap=expr_invalidate_all in engine.mk)
 * with the same stores to just those.  The sanitizer build checks after
 * each of them that no expression of the tree's table kept a value.
 */
static struct expr **cached;	/* since the last invalidation, maybe twice */
static size_t ncached, cached_cap;

tristate expr_calc_value(struct expr *e)
{
	tristate v;

	/* a cached value (or none to compute), as the tree's code returns it */
	if (!e || e->val_is_valid)
		return e ? e->val : yes;
	v = kcheck_tree_expr_calc_value(e);
	if (ncached == cached_cap) {
		cached_cap = cached_cap ? 2 * cached_cap : 4096;
		cached = kc_realloc(cached, cached_cap * sizeof(*cached));
	}
	cached[ncached++] = e;
	return v;
}

void __wrap_expr_invalidate_all(void);

void __wrap_expr_invalidate_all(void)
{
	size_t i;

	/*
	 * last cached first: the first expressions the next evaluation
	 * reads are then the ones most likely still in the cache
	 */
	for (i = ncached; i-- > 0;) {
#ifdef KCHECK_CHECK_TREE_HOOKS
		if (hook_fault == HOOK_FAULT_EXPR && !i)
			break;
#endif
		cached[i]->val_is_valid = false;
	}
	ncached = 0;
#ifdef KCHECK_CHECK_TREE_HOOKS
	{
		struct expr *e;

		hash_for_each(expr_hashtable, e, node)
			if (e->val_is_valid)
				hooks_failed("expr_invalidate_all",
					     "an expression kept its value");
	}
#endif
}

/*
 * sym_get_choice_menu(): the choice a symbol is a member of, which the
 * tree's code finds by walking from the symbol's first prompt up its menu
 * parents, several dependent cache misses on every evaluation of every
 * bool and tristate.  What it reads (the symbol's menus, their prompts,
 * parents and symbols, a symbol's name) is set by the parser and
 * menu_finalize() only, so the answers are recorded once after parsing,
 * by the tree's own function (hooks_record()), and this definition
 * replaces the tree's (choicemenu.h).  Few symbols are choice members: a
 * filter of bits that stays in the first-level cache says "none" for all
 * others, a small table holds the members.  A symbol made after the parse
 * (a constant from a .config's value) has no menu, so none.
 */
#define FILTER_BITS 16

static uint64_t member_filter[(1u << FILTER_BITS) / 64];

struct member {
	const struct symbol *sym;
	struct menu *choice;
};

static struct member *members;
static size_t members_mask;
static bool members_ready;

static size_t ptr_hash(const void *p)
{
	uint64_t x = (uintptr_t)p;

	x ^= x >> 29;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 32;
	return (size_t)x;
}

/* SYM's slot in the table: its own, or the empty one it would take */
static struct member *member_slot(const struct symbol *sym)
{
	size_t i;

	for (i = ptr_hash(sym) & members_mask; members[i].sym;
	     i = (i + 1) & members_mask)
		if (members[i].sym == sym)
			break;
	return &members[i];
}

static uint64_t *filter_word(const struct symbol *sym, uint64_t *bit)
{
	size_t i = ptr_hash(sym) & ((1u << FILTER_BITS) - 1);

	*bit = 1ull << (i % 64);
	return &member_filter[i / 64];
}

static struct menu *member_of(const struct symbol *sym)
{
	uint64_t bit;

	if (!(*filter_word(sym, &bit) & bit))
		return NULL;
	return member_slot(sym)->choice;
}

struct menu *sym_get_choice_menu(const struct symbol *sym)
{
	struct menu *choice;

	if (!members_ready)
		return kcheck_tree_choice_menu(sym);
	choice = member_of(sym);
#ifdef KCHECK_CHECK_TREE_HOOKS
	if (hook_fault == HOOK_FAULT_CHOICE)
		choice = NULL;
	if (choice != kcheck_tree_choice_menu(sym))
		hooks_failed(__func__, "answered otherwise than the tree's");
#endif
	return choice;
}

void hooks_record(void)
{
	struct symbol *sym;
	struct menu *choice;
	struct member *slot;
	size_t n = 0, size = 16;
	uint64_t bit;

	for_all_symbols(sym)
		if (kcheck_tree_choice_menu(sym))
			n++;
	while (size < 2 * n)
		size *= 2;
	members = kc_calloc(size, sizeof(*members));
	members_mask = size - 1;
	for_all_symbols(sym) {
		choice = kcheck_tree_choice_menu(sym);
		if (!choice)
			continue;
		*filter_word(sym, &bit) |= bit;
		slot = member_slot(sym);
		slot->sym = sym;
		slot->choice = choice;
	}
	members_ready = true;
#ifdef KCHECK_CHECK_TREE_HOOKS
	read_hook_fault();
#endif
}
#endif /* KCHECK_NO_TREE_HOOKS */
