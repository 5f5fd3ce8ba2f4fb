// SPDX-License-Identifier: GPL-2.0-only
/*
 * The only file of kcheck that uses the checked tree's internal kconfig API.
 *
 * It includes the tree's own scripts/kconfig/conf.c, with its main() renamed,
 * so that configurations are resolved by the very functions 'make
 * <target>config' runs (conf_set_all_new_symbols() and friends are static
 * there).  The rest of scripts/kconfig is linked in from the engine library
 * built from the same tree.  Written against v6.12; another kernel version
 * needs changes here only.
 */
/* for_all_symbols() of the tree compares int with size_t */
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
int kcheck_unused_conf_main(int ac, char **av);
#define main kcheck_unused_conf_main
#include "conf.c"
#undef main
#pragma GCC diagnostic pop

#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>

#include "hooks.h"
#include "inputs.h"
#include "internal.h"
#include "selectrule.h"
#include "treeconf.h"
#include "util.h"

/* the numbers kc_tri_char() and selectrule.h take */
_Static_assert(no == 0 && mod == 1 && yes == 2,
	       "kconfig's tristate is n 0, m 1, y 2");

char treeconf_sym_type(const void *ksym)
{
	const struct symbol *sym = ksym;

	switch (sym->type) {
	case S_BOOLEAN:
		return 'b';
	case S_TRISTATE:
		return 't';
	case S_INT:
		return 'i';
	case S_HEX:
		return 'h';
	case S_STRING:
		return 's';
	default:
		return '?';
	}
}

/*
 * One process resolves configuration after configuration, and each must
 * come out as a fresh 'conf' process would resolve it.  A .config read
 * (conf_read_simple()) drops the user values and marks every symbol and
 * cached expression value stale, but some state outlives it and is read
 * before it is recomputed:
 *  - a symbol's visibility: sym_calc_choice() recomputes the members'
 *    visibility only up to the first visible member set to y, then reads
 *    every member's;
 *  - the priority order of a choice's members, which reads and randconfig
 *    reorder;
 *  - MODULES as sym_get_type() sees it, which conf_set_all_new_symbols()
 *    reads before MODULES is recomputed.
 * So every symbol's state (flags, value, visibility, dependency values),
 * every property's visibility and every choice's order are recorded after
 * parsing and put back before each configuration: fresh_state().
 */
struct sym_state {
	struct symbol *sym;
	struct symbol_value curr;
	tristate visible, dir_dep, rev_dep, implied;
	int flags;
};

struct prop_state {
	struct property *prop;
	tristate visible;
};

struct choice_order {
	struct menu *choice;
	struct symbol **members;
	size_t n;
};

static struct sym_state *syms;
static size_t nsyms;
static struct prop_state *props;
static size_t nprops;
static struct choice_order *orders;
static size_t norders;

static void *grow(void *p, size_t n, size_t size)
{
	p = realloc(p, n * size);
	if (!p)
		abort();
	return p;
}

static void record_state(void)
{
	struct property *prop;
	struct menu *menu;
	struct symbol *sym;

	for_all_symbols(sym) {
		struct sym_state *st;

		syms = grow(syms, nsyms + 1, sizeof(*syms));
		st = &syms[nsyms++];
		st->sym = sym;
		st->curr = sym->curr;
		st->visible = sym->visible;
		st->dir_dep = sym->dir_dep.tri;
		st->rev_dep = sym->rev_dep.tri;
		st->implied = sym->implied.tri;
		st->flags = sym->flags;
		for (prop = sym->prop; prop; prop = prop->next) {
			props = grow(props, nprops + 1, sizeof(*props));
			props[nprops].prop = prop;
			props[nprops++].visible = prop->visible.tri;
		}
	}
	menu_for_each_entry(menu) {
		struct choice_order *o;

		if (!menu->sym || !sym_is_choice(menu->sym))
			continue;
		orders = grow(orders, norders + 1, sizeof(*orders));
		o = &orders[norders++];
		o->choice = menu;
		o->members = NULL;
		o->n = 0;
		list_for_each_entry(sym, &menu->choice_members, choice_link) {
			o->members = grow(o->members, o->n + 1,
					  sizeof(*o->members));
			o->members[o->n++] = sym;
		}
	}
}

static bool is_real(const struct symbol *sym)
{
	return sym->name && !(sym->flags & SYMBOL_CONST) &&
	       sym->type != S_UNKNOWN;
}

/*
 * The selects treeconf_walk_selects() walks (see treeconf.h), in the order of the
 * symbol table, recorded after parsing: it runs once per configuration
 * and need not walk every symbol's property list, nor compute the
 * symbols of selects that cannot be unmet.
 */
struct select_site {
	struct symbol *sym, *target;
	struct property *prop;
};

static struct select_site *selects;
static size_t nselects;

static void record_selects(void)
{
	struct property *prop;
	struct symbol *sym, *target;

	for_all_symbols(sym) {
		if (!is_real(sym))
			continue;
		for (prop = sym->prop; prop; prop = prop->next) {
			if (prop->type != P_SELECT)
				continue;
			target = prop_get_symbol(prop);
			if (!target || !target->name ||
			    target->type == S_UNKNOWN ||
			    sym_is_choice_value(target) || !target->dir_dep.expr)
				continue;
			selects = grow(selects, nselects + 1, sizeof(*selects));
			selects[nselects].sym = sym;
			selects[nselects].target = target;
			selects[nselects++].prop = prop;
		}
	}
}

int treeconf_parse(const char *kconfig)
{
	/* 'conf -s': no "configuration written" chatter */
	conf_set_message_callback(NULL);
	conf_parse(kconfig);
	if (conf_errors())
		return -1;
	hooks_record();
	record_state();
	record_selects();
	return 0;
}

/*
 * Put the state recorded after parsing back (see struct sym_state).  When
 * the configuration starts by reading a file (READS_FILE), the tree's
 * conf_read_simple() then frees the user values, clears every symbol's
 * SYMBOL_VALID and invalidates every expression itself, as in a fresh conf
 * process, and conf_read() recomputes MODULES; otherwise this does it.
 *
 * The symbols go back last, from the end of the symbol table to its
 * start: the tree's walks that follow (conf_read_simple()'s, conf_read()'s)
 * start at the table's start, whose symbols are then the ones still in
 * the cache.  Each store waits for its line, so the lines of the
 * symbol PREFETCH records ahead are asked for in advance (the restore
 * took a fifth less time with it, measured alternating within one
 * worker, docs/measurements.md).
 */
#define PREFETCH 16

static int fresh_state(bool reads_file)
{
	size_t i, k;

	if (!reads_file) {
		/* frees the user values, as a read of the next file would */
		if (conf_read_simple("/dev/null", S_DEF_USER))
			return -1;
		/* MODULES from no user values, as sym_get_type() sees it */
		sym_clear_all_valid();
	}
	for (i = 0; i < nprops; i++) {
		if (i + PREFETCH < nprops)
			__builtin_prefetch(&props[i + PREFETCH].prop->visible, 1);
		props[i].prop->visible.tri = props[i].visible;
	}
	for (i = nsyms; i-- > 0;) {
		struct symbol *sym = syms[i].sym;

		if (i >= PREFETCH) {
			struct symbol *next = syms[i - PREFETCH].sym;

			__builtin_prefetch(&next->curr, 1);
			__builtin_prefetch(&next->visible, 1);
			__builtin_prefetch(&next->flags, 1);
			__builtin_prefetch(&next->implied, 1);
		}
		sym->curr = syms[i].curr;
		sym->visible = syms[i].visible;
		sym->dir_dep.tri = syms[i].dir_dep;
		sym->rev_dep.tri = syms[i].rev_dep;
		sym->implied.tri = syms[i].implied;
		sym->flags = syms[i].flags & ~SYMBOL_VALID;
	}
	for (i = 0; i < norders; i++) {
		struct menu *c = orders[i].choice;

		INIT_LIST_HEAD(&c->choice_members);
		for (k = 0; k < orders[i].n; k++)
			list_add_tail(&orders[i].members[k]->choice_link,
				      &c->choice_members);
	}
	if (!reads_file)
		expr_invalidate_all();
	return 0;
}

/*
 * conf_set_all_new_symbols(def_default), as 'make defconfig' and 'make
 * alldefconfig' call it: it gives the symbols without a user value a user
 * value of the target's kind, and for these targets that kind is none,
 * so of its walk of every menu (a cache miss or two per menu entry) only
 * what it does afterwards remains: sym_clear_all_valid().  One of the
 * hooks (hooks.h): the sanitizer build runs the tree's function instead
 * and checks that it set no user value.
 */
static void set_all_new_default(void)
{
#if defined(KCHECK_NO_TREE_HOOKS)
	conf_set_all_new_symbols(def_default);
#elif defined(KCHECK_CHECK_TREE_HOOKS)
	struct symbol *sym;
	size_t i = 0, n = 0;
	struct symbol_value *user;
	int *had;

	for_all_symbols(sym)
		n++;
	user = grow(NULL, n + 1, sizeof(*user));
	had = grow(NULL, n + 1, sizeof(*had));
	for_all_symbols(sym) {
		user[i] = sym->def[S_DEF_USER];
		had[i++] = sym->flags & SYMBOL_DEF_USER;
	}
	conf_set_all_new_symbols(hooks_fault() == HOOK_FAULT_DEFAULT ? def_yes :
				 def_default);
	i = 0;
	for_all_symbols(sym) {
		if (sym->def[S_DEF_USER].val != user[i].val ||
		    sym->def[S_DEF_USER].tri != user[i].tri ||
		    (sym->flags & SYMBOL_DEF_USER) != had[i])
			hooks_failed("conf_set_all_new_symbols",
				     "def_default set a user value");
		i++;
	}
	free(user);
	free(had);
#else
	sym_clear_all_valid();
#endif
}

int treeconf_resolve(enum treeconf_kind kind, const char *file, unsigned int seed)
{
	static const enum conf_def_mode mode[] = {
		[TREECONF_ALLNO] = def_no,
		[TREECONF_ALLYES] = def_yes,
		[TREECONF_ALLMOD] = def_mod,
		[TREECONF_ALLDEF] = def_default,
		[TREECONF_RANDOM] = def_random,
		[TREECONF_DEFCONFIG] = def_default,
	};

	if (kind == TREECONF_RANDOM)
		srand(seed);	/* what set_randconfig_seed() does */

	if (fresh_state(file != NULL))
		return -1;
	if (kind == TREECONF_DEFCONFIG) {
		if (conf_read(file))
			return -1;
	} else if (file) {
		/* KCONFIG_ALLCONFIG=file */
		if (conf_read_simple(file, S_DEF_USER))
			return -1;
	}
	if (conf_errors())
		return -1;
	if (mode[kind] == def_default)
		set_all_new_default();
	else
		conf_set_all_new_symbols(mode[kind]);
	return 0;
}

int treeconf_olddefconfig(const char *file)
{
	if (fresh_state(true))
		return -1;
	if (conf_read(file))
		return -1;
	return conf_errors() ? -1 : 0;
}

int treeconf_write(const char *file)
{
	return conf_write(file);
}

static void emit(struct symbol *sym, bool written, treeconf_value_fn fn,
		 void *arg)
{
	struct treeconf_value v = {
		.name = sym->name,
		.type = treeconf_sym_type(sym),
		.written = written,
		.val = sym_get_string_value(sym),
	};

	fn(&v, arg);
}

/* The walk of conf_write(), without the file. */
void treeconf_walk_values(treeconf_value_fn fn, void *arg)
{
	struct symbol *sym;
	struct menu *menu;

	if (!conf_get_changed())
		sym_clear_all_valid();

	menu = rootmenu.list;
	while (menu) {
		sym = menu->sym;
		if (sym && !sym_is_choice(sym) &&
		    !(sym->flags & SYMBOL_WRITTEN)) {
			sym_calc_value(sym);
			if (sym->flags & SYMBOL_WRITE) {
				sym->flags |= SYMBOL_WRITTEN;
				emit(sym, true, fn, arg);
			}
		}
		if (menu->list) {
			menu = menu->list;
			continue;
		}
		while (menu && !menu->next)
			menu = menu->parent;
		if (menu)
			menu = menu->next;
	}

	for_all_symbols(sym) {
		if (!is_real(sym) || (sym->flags & SYMBOL_WRITTEN))
			continue;
		sym_calc_value(sym);
		emit(sym, false, fn, arg);
	}
	for_all_symbols(sym)
		sym->flags &= ~SYMBOL_WRITTEN;
}

void treeconf_walk_selects(treeconf_select_fn fn, void *arg)
{
	size_t i;

	for (i = 0; i < nselects; i++) {
		struct symbol *sym = selects[i].sym;
		struct symbol *target = selects[i].target;
		struct property *prop = selects[i].prop;
		struct treeconf_select s;
		tristate cond = yes;

		/*
		 * direct dependencies that are y are met whatever selects the
		 * target: then neither the selector nor the target is needed
		 * (the tree's dir_dep.tri is this value, or y for a bool at m)
		 */
		if (!select_unmet(yes, expr_calc_value(target->dir_dep.expr)))
			continue;
		sym_calc_value(sym);
		sym_calc_value(target);
		if (prop->visible.expr)
			cond = expr_calc_value(prop->visible.expr);
		s.selector = sym->name;
		s.target = target->name;
		s.file = prop->filename;
		s.line = prop->lineno;
		s.active = kc_tri_char(select_active(sym->curr.tri, cond));
		s.target_dep = kc_tri_char(target->dir_dep.tri);
		fn(&s, arg);
	}
}

void treeconf_walk_defs(treeconf_def_fn fn, void *arg)
{
	struct symbol *sym;
	struct menu *menu;

	for_all_symbols(sym) {
		if (!sym->name || (sym->flags & SYMBOL_CONST))
			continue;
		list_for_each_entry(menu, &sym->menus, link) {
			struct treeconf_def d = {
				.name = sym->name,
				.type = treeconf_sym_type(sym),
				.file = menu->filename,
				.line = menu->lineno,
			};

			fn(&d, arg);
		}
	}
}

struct ref_ctx {
	treeconf_ref_fn fn;
	void *arg;
	const char *file;
	int line;
	const char *how;
};

static void ref_sym(struct ref_ctx *c, const struct symbol *sym)
{
	struct treeconf_ref r;

	if (!sym || !sym->name || (sym->flags & SYMBOL_CONST))
		return;
	r.name = sym->name;
	r.file = c->file;
	r.line = c->line;
	r.how = c->how;
	c->fn(&r, c->arg);
}

static void ref_expr(struct ref_ctx *c, const struct expr *e)
{
	if (!e)
		return;
	switch (e->type) {
	case E_OR:
	case E_AND:
		ref_expr(c, e->left.expr);
		ref_expr(c, e->right.expr);
		break;
	case E_NOT:
		ref_expr(c, e->left.expr);
		break;
	case E_SYMBOL:
		ref_sym(c, e->left.sym);
		break;
	case E_EQUAL:
	case E_UNEQUAL:
	case E_LTH:
	case E_LEQ:
	case E_GTH:
	case E_GEQ:
	case E_RANGE:
		ref_sym(c, e->left.sym);
		ref_sym(c, e->right.sym);
		break;
	default:
		break;
	}
}

static const char *prop_how(enum prop_type t)
{
	switch (t) {
	case P_DEFAULT:
		return "default";
	case P_SELECT:
		return "select";
	case P_IMPLY:
		return "imply";
	case P_RANGE:
		return "range";
	default:
		return "if";
	}
}

/*
 * Every symbol an expression names, with the Kconfig site.  Dependencies
 * are inherited by nested entries after parsing, so a symbol is reported at
 * every site that carries it; callers keep the first one.
 */
void treeconf_walk_refs(treeconf_ref_fn fn, void *arg)
{
	struct ref_ctx c = { .fn = fn, .arg = arg };
	struct property *prop;
	struct menu *menu;

	menu_for_each_entry(menu) {
		c.file = menu->filename;
		c.line = menu->lineno;
		c.how = menu->sym ? "depends on" : "if";
		ref_expr(&c, menu->dep);
		c.how = "visible if";
		ref_expr(&c, menu->visibility);
		if (!menu->sym)
			continue;
		for (prop = menu->sym->prop; prop; prop = prop->next) {
			if (prop->menu != menu)
				continue;
			c.file = prop->filename;
			c.line = prop->lineno;
			c.how = prop_how(prop->type);
			if (prop->type == P_SELECT || prop->type == P_IMPLY ||
			    prop->type == P_DEFAULT || prop->type == P_RANGE)
				ref_expr(&c, prop->expr);
			c.how = "if";
			ref_expr(&c, prop->visible.expr);
		}
	}
}

const char *treeconf_value_of(const char *name)
{
	struct symbol *sym = sym_find(name);

	if (!sym || sym->type == S_UNKNOWN)
		return NULL;
	sym_calc_value(sym);
	return sym_get_string_value(sym);
}

const char *treeconf_lookup(const char *name, void *arg)
{
	(void)arg;
	return treeconf_value_of(name);
}

int treeconf_value_valid(const char *name, const char *val)
{
	struct symbol *sym = sym_find(name);
	size_t n = strlen(val);

	if (!sym || sym->type == S_UNKNOWN)
		return 0;
	switch (sym->type) {
	case S_TRISTATE:
		if (!strcmp(val, "m"))
			return 1;
		/* fall through */
	case S_BOOLEAN:
		return !strcmp(val, "y") || !strcmp(val, "n");
	case S_STRING:
		return n >= 2 && val[0] == '"' && val[n - 1] == '"';
	default:
		return sym_string_valid(sym, val);
	}
}

bool treeconf_is_defined(const char *name)
{
	struct symbol *sym = sym_find(name);

	return sym && !list_empty(&sym->menus);
}

char *treeconf_dep_string(const char *name)
{
	struct symbol *sym = sym_find(name);
	struct gstr gs = str_new();
	char *s;

	if (sym && sym->dir_dep.expr)
		expr_gstr_print(sym->dir_dep.expr, &gs);
	else
		str_append(&gs, "y");
	s = strdup(str_get(&gs));
	if (!s)
		abort();
	str_free(&gs);
	return s;
}

/*
 * The lexer opens sourced files with this (engine.mk: -Dfopen=kcheck_fopen
 * for lexer.lex.c): a directory is refused here, so that the tree's own
 * "can't open file" message names it instead of flex's "input in flex
 * scanner failed".
 */
FILE *kcheck_fopen(const char *path, const char *mode)
{
	FILE *f = fopen(path, mode);
	struct stat st;

	if (f && !fstat(fileno(f), &st) && S_ISDIR(st.st_mode)) {
		fclose(f);
		errno = EISDIR;
		return NULL;
	}
	if (f)
		inputs_file(path);
	return f;
}
