/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An arch's Kconfig model as the all-configurations mode sees it: the
 * checked tree's parsed, finalized in-memory model (not a re-parse),
 * copied into plain arrays by satmodel.c, the only SAT file that includes
 * the tree's kconfig headers.
 *
 * Expressions are a DAG of nodes (the tree hash-conses its expressions, so
 * shared subexpressions stay shared).  Every node has a tristate value in
 * each configuration, as expr_calc_value() computes it.
 */
#ifndef KCHECK_SATMODEL_H
#define KCHECK_SATMODEL_H

#include <stdbool.h>
#include <stddef.h>

enum mop {
	M_N, M_M, M_Y,		/* the constants */
	M_SYM,			/* a symbol's value (n unless bool/tristate) */
	M_NOT, M_AND, M_OR,
	M_EQ, M_NE,		/* both sides bool/tristate or y/m/n: exact */
	M_GT,			/* the same, a > b (n < m < y); <, <=, >= via
				 * swapped operands and M_NOT */
	M_UNKNOWN,		/* a comparison the model does not evaluate */
};

struct mexpr {
	enum mop op;
	int a, b;		/* M_SYM: a = symbol; otherwise nodes */
};

struct mdefault {
	int expr;		/* the value */
	int cond;		/* prop->visible: 'if' and the entry's deps; -1 = y */
};

struct mselect {
	int selector, target;	/* symbols */
	int cond;		/* prop->visible; -1 = y */
	bool imply;
	bool has_if;		/* written with 'if': cond differs from the deps */
	int entry_dep;		/* the selector entry's dependencies; -1 = y */
	const char *file;
	int line;
	void *prop;		/* the tree's property, for satmodel_select_*() */
};

/* A 'depends on' clause an entry adds to what encloses it. */
struct mclause {
	int sym;
	int clause;		/* node of the clause */
	int rest;		/* node: the entry's other dependencies; -1 = y */
	const char *file;
	int line;
};

struct msym {
	const char *name;
	char type;		/* 'b' 't' 's' 'i' 'h', '?' undefined */
	int vis;		/* OR of the prompts' visibility; -1: no prompt */
	int dep;		/* dir_dep; -1 = y */
	int rev;		/* rev_dep; -1 = n */
	int imp;		/* implied; -1 = n */
	struct mdefault *defs;	/* in the order sym_get_default_prop() tries */
	int ndefs;
	int choice;		/* choice group, or -1 */
	const char *file;	/* first definition */
	int line;
	void *ksym;		/* the tree's symbol */
};

struct mchoice {
	int *members;
	int n;
};

struct model {
	struct msym *syms;
	int nsyms;
	struct mexpr *exprs;
	int nexprs;
	struct mselect *sels;
	int nsels;
	struct mchoice *choices;
	int nchoices;
	struct mclause *clauses;
	int nclauses;
	int modules;		/* the 'modules' symbol, or -1 */
	int unknown_nodes;	/* comparisons left free (M_UNKNOWN) */
	int fixed_nodes;	/* comparisons of two fixed sides, copied */
};

/* After treeconf_parse(): copy the tree's model. */
void satmodel_build(struct model *m);
void satmodel_free(struct model *m);

/* Symbol index by name, or -1. */
int satmodel_find(const struct model *m, const char *name);

/*
 * In the engine's current configuration (after treeconf_olddefconfig()):
 * a select's activity min(selector, condition) and its target's direct
 * dependency value as sym_calc_value() raises it; 0 n, 1 m, 2 y.
 */
int satmodel_select_active(const struct model *m, int sel);
int satmodel_dep_value(const struct model *m, int sym);
/* A bool/tristate symbol's value; any other type is 0. */
int satmodel_value(const struct model *m, int sym);
/* A node's value, as expr_calc_value() computes it. */
int satmodel_expr_value(const struct model *m, int expr);

/* A node as Kconfig would write it; the caller frees it. */
char *satmodel_expr_string(const struct model *m, int expr);

#endif /* KCHECK_SATMODEL_H */
