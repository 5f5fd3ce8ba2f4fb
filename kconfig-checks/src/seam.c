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

#include "internal.h"
#include "seam.h"

static char tri_char(tristate t)
{
	return t == yes ? 'y' : t == mod ? 'm' : 'n';
}

static char type_char(const struct symbol *sym)
{
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

int seam_parse(const char *kconfig)
{
	/* 'conf -s': no "configuration written" chatter */
	conf_set_message_callback(NULL);
	conf_parse(kconfig);
	return conf_errors() ? -1 : 0;
}

int seam_resolve(enum seam_kind kind, const char *file, unsigned int seed)
{
	static const enum conf_def_mode mode[] = {
		[SEAM_ALLNO] = def_no,
		[SEAM_ALLYES] = def_yes,
		[SEAM_ALLMOD] = def_mod,
		[SEAM_ALLDEF] = def_default,
		[SEAM_RANDOM] = def_random,
		[SEAM_DEFCONFIG] = def_default,
	};

	if (kind == SEAM_RANDOM)
		srand(seed);	/* what set_randconfig_seed() does */

	if (kind == SEAM_DEFCONFIG) {
		if (conf_read(file))
			return -1;
	} else if (file) {
		/* KCONFIG_ALLCONFIG=file */
		if (conf_read_simple(file, S_DEF_USER))
			return -1;
	}
	if (conf_errors())
		return -1;
	conf_set_all_new_symbols(mode[kind]);
	return 0;
}

int seam_olddefconfig(const char *file)
{
	if (conf_read(file))
		return -1;
	return conf_errors() ? -1 : 0;
}

int seam_write(const char *file)
{
	return conf_write(file);
}

static void emit(struct symbol *sym, bool written, seam_value_fn fn,
		 void *arg)
{
	struct seam_value v = {
		.name = sym->name,
		.type = type_char(sym),
		.written = written,
		.val = sym_get_string_value(sym),
	};

	fn(&v, arg);
}

static bool is_real(const struct symbol *sym)
{
	return sym->name && !(sym->flags & SYMBOL_CONST) &&
	       sym->type != S_UNKNOWN;
}

/* The walk of conf_write(), without the file. */
void seam_walk_values(seam_value_fn fn, void *arg)
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

void seam_walk_selects(seam_select_fn fn, void *arg)
{
	struct symbol *sym, *target;
	struct property *prop;

	for_all_symbols(sym) {
		if (!is_real(sym))
			continue;
		for (prop = sym->prop; prop; prop = prop->next) {
			struct seam_select s;
			tristate cond = yes;

			if (prop->type != P_SELECT && prop->type != P_IMPLY)
				continue;
			target = prop_get_symbol(prop);
			if (!target || !target->name)
				continue;
			sym_calc_value(sym);
			sym_calc_value(target);
			if (prop->visible.expr)
				cond = expr_calc_value(prop->visible.expr);
			s.selector = sym->name;
			s.target = target->name;
			s.imply = prop->type == P_IMPLY;
			s.file = prop->filename;
			s.line = prop->lineno;
			s.active = tri_char(EXPR_AND(sym->curr.tri, cond));
			s.target_dep = tri_char(target->dir_dep.tri);
			s.target_choice = sym_is_choice_value(target);
			s.target_defined = target->type != S_UNKNOWN;
			fn(&s, arg);
		}
	}
}

void seam_walk_defs(seam_def_fn fn, void *arg)
{
	struct symbol *sym;
	struct menu *menu;

	for_all_symbols(sym) {
		if (!sym->name || (sym->flags & SYMBOL_CONST))
			continue;
		list_for_each_entry(menu, &sym->menus, link) {
			struct seam_def d = {
				.name = sym->name,
				.type = type_char(sym),
				.file = menu->filename,
				.line = menu->lineno,
			};

			fn(&d, arg);
		}
	}
}

struct ref_ctx {
	seam_ref_fn fn;
	void *arg;
	const char *file;
	int line;
	const char *how;
};

static void ref_sym(struct ref_ctx *c, const struct symbol *sym)
{
	struct seam_ref r;

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
void seam_walk_refs(seam_ref_fn fn, void *arg)
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

const char *seam_value_of(const char *name)
{
	struct symbol *sym = sym_find(name);

	if (!sym || sym->type == S_UNKNOWN)
		return NULL;
	sym_calc_value(sym);
	return sym_get_string_value(sym);
}

bool seam_is_defined(const char *name)
{
	struct symbol *sym = sym_find(name);

	return sym && !list_empty(&sym->menus);
}

char *seam_dep_string(const char *name)
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
