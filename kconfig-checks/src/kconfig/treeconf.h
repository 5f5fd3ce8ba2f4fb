/*
 * kcheck's driver of the checked tree's own scripts/kconfig: parse an arch,
 * resolve a configuration the way conf does, and report what kcheck asks
 * about (values, selects, references).  treeconf.c includes the tree's
 * conf.c; beside it only the speed hooks (hooks/hooks.c) and the SAT
 * model's copier (sat/satmodel.c) include the tree's kconfig headers.
 * Everything else in the workers goes through these functions, so porting
 * kcheck to another kernel version means changing these three files.
 */
/*
 * The seam between kcheck and the checked tree's scripts/kconfig.
 *
 * Only treeconf.c includes the kernel's kconfig headers; everything else in the
 * worker talks to the engine through these functions.  Porting kcheck to
 * another kernel version means changing treeconf.c only.
 */
#ifndef KCHECK_TREECONF_H
#define KCHECK_TREECONF_H

#include <stdbool.h>
#include <stdio.h>

enum treeconf_kind {
	TREECONF_ALLNO,
	TREECONF_ALLYES,
	TREECONF_ALLMOD,
	TREECONF_ALLDEF,
	TREECONF_RANDOM,
	TREECONF_DEFCONFIG,
};

/* A symbol as .config would show it. */
struct treeconf_value {
	const char *name;
	char type;		/* 'b', 't', 's', 'i', 'h' */
	bool written;		/* conf_write() would write it */
	const char *val;	/* "y", "m", "n" or the string/int/hex value */
};

/* A 'select' property of a symbol, as resolved in this configuration. */
struct treeconf_select {
	const char *selector;
	const char *target;
	const char *file;
	int line;
	char active;		/* 'n', 'm', 'y': min(selector, condition) */
	char target_dep;	/* target's direct dependency value */
};

/* A Kconfig entry ('config FOO' or 'menuconfig FOO' site). */
struct treeconf_def {
	const char *name;
	char type;		/* as in treeconf_value; '?' when untyped */
	const char *file;
	int line;
};

/* A reference to a symbol from an expression, with where it is. */
struct treeconf_ref {
	const char *name;
	const char *file;
	int line;
	const char *how;	/* "depends on", "select", "default", ... */
};

typedef void (*treeconf_value_fn)(const struct treeconf_value *v, void *arg);
typedef void (*treeconf_select_fn)(const struct treeconf_select *s, void *arg);
typedef void (*treeconf_def_fn)(const struct treeconf_def *d, void *arg);
typedef void (*treeconf_ref_fn)(const struct treeconf_ref *r, void *arg);

/* Parse the tree's Kconfig (cwd = output dir, srctree in the environment). */
int treeconf_parse(const char *kconfig);

/*
 * Resolve one configuration the way scripts/kconfig/conf does, starting
 * from the state a fresh 'conf' process has after parsing, whatever was
 * resolved before in this process.
 */
int treeconf_resolve(enum treeconf_kind kind, const char *file, unsigned int seed);

/*
 * olddefconfig on a .config file (what merge_config.sh's caller does), as
 * a fresh 'conf' process would.
 */
int treeconf_olddefconfig(const char *file);

/* conf_write(): the tree's own .config writer. */
int treeconf_write(const char *file);

/*
 * Walk the symbols in conf_write() order (each once), computing values the
 * way conf_write() does.  Symbols conf_write() would not write are passed
 * too, with written == false, once each, after the others.
 */
void treeconf_walk_values(treeconf_value_fn fn, void *arg);

/*
 * Every 'select' of a defined symbol that can leave its target's direct
 * dependencies unmet, with this configuration's values: not an 'imply'
 * (it never forces a value), nor a target that is undefined, a choice
 * member (a choice decides its members) or without direct dependencies
 * (they are y).  Which selects these are is fixed by the parse, so the
 * list is made once; and a target whose direct dependencies are y in this
 * configuration is passed over before its selector or itself is
 * computed: only what an unmet dependency can need is computed.
 */
void treeconf_walk_selects(treeconf_select_fn fn, void *arg);

void treeconf_walk_defs(treeconf_def_fn fn, void *arg);

void treeconf_walk_refs(treeconf_ref_fn fn, void *arg);

/*
 * Current value of a symbol by name: "y"/"m"/"n" for bool and tristate,
 * the string otherwise; NULL when no such symbol is defined.
 */
const char *treeconf_value_of(const char *name);
/* treeconf_value_of() as rule_eval()'s lookup (rules.h); ARG unused. */
const char *treeconf_lookup(const char *name, void *arg);

/* Whether a symbol has a 'config' entry; computes nothing. */
bool treeconf_is_defined(const char *name);

/* fopen() for the tree's lexer: refuses directories. */
FILE *kcheck_fopen(const char *path, const char *mode);

/* Would conf_read() accept val (as written after '=') for the symbol? */
int treeconf_value_valid(const char *name, const char *val);

/* A tree symbol's (struct symbol *) type: 'b' 't' 's' 'i' 'h', '?'. */
char treeconf_sym_type(const void *ksym);

/* The direct dependency expression of a symbol, as Kconfig prints it. */
char *treeconf_dep_string(const char *name);

#endif /* KCHECK_TREECONF_H */
