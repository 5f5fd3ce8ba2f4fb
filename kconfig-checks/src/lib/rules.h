/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Rules files: invariants in Kconfig expression syntax, and symbol
 * existence rules.  Shared by the front end (which validates them) and the
 * worker (which evaluates invariants in every configuration).
 *
 *   # comment
 *   invariant EXPR      EXPR is not 'n' in every configuration
 *   exists SYMBOL       SYMBOL is defined in Kconfig on some architecture
 *   absent SYMBOL       SYMBOL is neither defined nor referenced anywhere
 *                       (Kconfig, C, assembly, Makefiles, Documentation,
 *                       tools/testing/selftests)
 *
 * EXPR: symbols, y/m/n, "strings", numbers, ! && || = != < <= > >= ( ).
 * Values follow Kconfig: an undefined symbol is n; && is min, || is max,
 * ! is 2 - x; comparisons give y or n.
 */
#ifndef KCHECK_RULES_H
#define KCHECK_RULES_H

#include <stddef.h>
#include <stdio.h>

enum rule_kind { RULE_INVARIANT, RULE_EXISTS, RULE_ABSENT };

enum rop { R_SYM, R_STR, R_NOT, R_AND, R_OR, R_EQ, R_NE, R_LT, R_LE, R_GT, R_GE };

/* An invariant's expression; R_SYM is a symbol, y/m/n or a bare number. */
struct rexpr {
	enum rop op;
	char *s;		/* R_SYM, R_STR */
	struct rexpr *l, *r;
};

struct rule {
	enum rule_kind kind;
	int line;
	char *text;		/* the expression or symbol as written */
	struct rexpr *expr;	/* invariants only */
};

struct rules {
	char *file;
	struct rule *v;
	size_t n;
};

/* Limits: beyond them a rules file is an error, never a deep recursion. */
#define RULES_MAX_DEPTH 64	/* nested '(' and '!' */
#define RULES_MAX_TERMS 1024	/* operands in one invariant */
#define RULES_MAX_LINE 1048576	/* characters in one rule */

/* Returns 0, or -1 with "file:line: message" in err. */
int rules_load(const char *path, struct rules *r, char *err, size_t errlen);
/* The same from a stream; name is used in messages. */
int rules_read(FILE *f, const char *name, struct rules *r, char *err,
	       size_t errlen);
void rules_free(struct rules *r);

/*
 * Value of an invariant: 0 (n), 1 (m) or 2 (y).  lookup returns a symbol's
 * value as .config shows it ("y", "m", "n", a string, a number) or NULL
 * when the symbol is not defined.
 */
int rule_eval(const struct rexpr *e,
	      const char *(*lookup)(const char *name, void *arg), void *arg);

/* Calls fn for every symbol an expression names. */
void rule_symbols(const struct rexpr *e,
		  void (*fn)(const char *name, void *arg), void *arg);

#endif /* KCHECK_RULES_H */
