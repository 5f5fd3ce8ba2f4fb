/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The worker protocol, declared once: what kcheck-worker and kcheck-sat
 * print on stdout for the front end (frontend/workers.c), and the jobs
 * file the front end writes for kcheck-worker.  One line per fact, fields
 * separated by tabs.  Every line family is a row of KC_FAMILIES below,
 * every field a row of its field list, with its name and its kind:
 *
 *   TEXT    a string, escaped with kc_escape() on the wire (tab, newline
 *           and backslash), unescaped by the parser
 *   OPT     a TEXT that may be left off; only as the last field
 *   INT     a decimal int
 *   CHAR    a single byte (y, m, n, -, or a symbol type)
 *   NUMBER  a number as the worker printed it ("12", "0.25"), a string;
 *           the JSON report writes an integer as an integer
 *   LIST    the rest of the line: any number of TEXT items
 *   VALUES  the rest of the line: any number of items written as they
 *           are (the caller gives them without tab or newline), NULL
 *           written as "-"
 *
 * The workers write a line with kc_emit() (KC_EMIT()); the front end
 * reads one with kc_parse() into a struct kc_msg whose union member of
 * the family has the fields by name.  Nothing outside protocol.c knows
 * where a field sits in a line.
 *
 * Both workers start with P and end with Z; a worker that dies before Z is
 * reported as crashed.
 *
 *   P STATUS [HOW]      Kconfig parsed (STATUS ok); kcheck-worker says HOW:
 *                       "parsed" (by itself) or "model-cache" (a model
 *                       server's, cache/serve.h)
 *   Z                   all work done
 *
 * kcheck-worker (worker/worker.c), per arch:
 *   S NAME TYPE FILE LINE      a 'config NAME' entry (TYPE b t s i h ?)
 *   R NAME FILE LINE HOW       NAME is referenced (first site) but has no
 *                              entry on this arch
 *   N NAME...                  symbol order of V lines (--values)
 *   I KIND WHAT                what the parse read (--inputs; cache/inputs.h):
 *                              KIND file, WHAT a file the lexer opened, as
 *                              opened; KIND shell, WHAT a $(shell) command
 * and per configuration ID (a line number of the jobs file):
 *   C ID                       configuration ID begins
 *   E ID MESSAGE               ID could not be resolved
 *   U ID TARGET SELECTOR FILE LINE ACTIVE DEPVAL DEPEXPR
 *                              'select TARGET' at FILE:LINE is active (m/y)
 *                              while TARGET's direct dependencies are DEPVAL
 *                              (n/m)
 *   F ID RULELINE              invariant at RULELINE is n in ID
 *   W ID FILE LINE KIND SYMBOL MESSAGE
 *                              a fragment line kconfig or merge_config.sh
 *                              warns about (KIND: garbage, unknown-symbol,
 *                              invalid-value, not-in-final)
 *   V ID VALUE...              values in N order, each as kc_escape() gives
 *                              it (the front end keeps them so: diff shows
 *                              a value on one line); '-' = not in .config
 *   D ID                       configuration ID done
 *
 * kcheck-sat (sat/), per arch; STATUS is proved, refuted, confirmed,
 * unconfirmed or unknown:
 *   X unmet STATUS TARGET SELECTOR FILE LINE ACTIVE DEPVAL DEPEXPR FRAGMENT
 *                              can 'select TARGET' at FILE:LINE be ACTIVE
 *                              above TARGET's dependencies?  FRAGMENT: the
 *                              counterexample .config, lines joined by
 *                              newlines.  (STATUS proved only with
 *                              --list-proved; ACTIVE, DEPVAL "-", FRAGMENT
 *                              empty; DEPEXPR "y" for a target without
 *                              dependencies, which the "selects" stat does
 *                              not count)
 *   X invariant STATUS RULELINE FRAGMENT
 *   X fixed STATUS SYMBOL KIND FILE LINE   SYMBOL's value never changes
 *   X equal STATUS SYMBOL OTHER        the two always have the same value:
 *                              a query of its own, one result each
 *   X class SYMBOL...          (since r30) a class of symbols equal in
 *                              every configuration, what the proved
 *                              "equal" pairs add up to: the classes in the
 *                              order the text report prints them, each's
 *                              symbols in the order they first appear in
 *                              those pairs.  Not a result of its own (the
 *                              JSON lists the pairs).
 *   X selectif STATUS SELECTOR TARGET FILE LINE
 *                              a 'select ... if' whose condition never
 *                              changes the result
 *   X depends STATUS SYMBOL FILE LINE CLAUSE
 *                              a 'depends on' clause that is implied
 *   X stats NAME VALUE         counters (selects, queries, ...)
 *
 * The jobs file (front end to kcheck-worker, on its stdin), one job a line:
 *   ID KIND TARGET MORE...     KIND defconfig: TARGET the defconfig's path;
 *                              frag: TARGET the defconfig's path, MORE the
 *                              fragments (merge_config.sh -m, olddefconfig);
 *                              all: TARGET allnoconfig, allyesconfig,
 *                              allmodconfig or alldefconfig, MORE an
 *                              optional KCONFIG_ALLCONFIG; rand: TARGET the
 *                              seed (KCONFIG_SEED), MORE as all's
 *
 * The JSON of 'kcheck sat --format json' names the fields of each X
 * result as its row here does (frontend/satreport.c).
 */
#ifndef KCHECK_PROTOCOL_H
#define KCHECK_PROTOCOL_H

#include <stddef.h>
#include <stdio.h>

/* X(FAMILY, KIND, NAME) for each field of a family, in order. */
#define KC_FIELDS_P(X, F)	X(F, TEXT, status) X(F, OPT, how)
#define KC_FIELDS_Z(X, F)
#define KC_FIELDS_S(X, F)	X(F, TEXT, name) X(F, CHAR, type) \
				X(F, TEXT, file) X(F, INT, line)
#define KC_FIELDS_R(X, F)	X(F, TEXT, name) X(F, TEXT, file) \
				X(F, INT, line) X(F, TEXT, how)
#define KC_FIELDS_N(X, F)	X(F, LIST, names)
#define KC_FIELDS_I(X, F)	X(F, TEXT, kind) X(F, TEXT, what)
#define KC_FIELDS_C(X, F)	X(F, INT, id)
#define KC_FIELDS_E(X, F)	X(F, INT, id) X(F, TEXT, message)
#define KC_FIELDS_U(X, F)	X(F, INT, id) X(F, TEXT, target) \
				X(F, TEXT, selector) X(F, TEXT, file) \
				X(F, INT, line) X(F, CHAR, active) \
				X(F, CHAR, dependency_value) \
				X(F, TEXT, dependency)
#define KC_FIELDS_F(X, F)	X(F, INT, id) X(F, INT, rule_line)
#define KC_FIELDS_W(X, F)	X(F, INT, id) X(F, TEXT, file) X(F, INT, line) \
				X(F, TEXT, kind) X(F, TEXT, symbol) \
				X(F, TEXT, message)
#define KC_FIELDS_V(X, F)	X(F, INT, id) X(F, VALUES, values)
#define KC_FIELDS_D(X, F)	X(F, INT, id)
#define KC_FIELDS_X_UNMET(X, F)	X(F, TEXT, status) X(F, TEXT, target) \
				X(F, TEXT, selector) X(F, TEXT, file) \
				X(F, INT, line) X(F, CHAR, active) \
				X(F, CHAR, dependency_value) \
				X(F, TEXT, dependency) \
				X(F, TEXT, counterexample)
#define KC_FIELDS_X_INVARIANT(X, F) X(F, TEXT, status) X(F, INT, rule_line) \
				X(F, TEXT, counterexample)
#define KC_FIELDS_X_FIXED(X, F)	X(F, TEXT, status) X(F, TEXT, symbol) \
				X(F, TEXT, kind) X(F, TEXT, file) \
				X(F, INT, line)
#define KC_FIELDS_X_EQUAL(X, F)	X(F, TEXT, status) X(F, TEXT, symbol) \
				X(F, TEXT, other)
#define KC_FIELDS_X_CLASS(X, F)	X(F, LIST, symbols)
#define KC_FIELDS_X_SELECTIF(X, F) X(F, TEXT, status) X(F, TEXT, selector) \
				X(F, TEXT, target) X(F, TEXT, file) \
				X(F, INT, line)
#define KC_FIELDS_X_DEPENDS(X, F) X(F, TEXT, status) X(F, TEXT, symbol) \
				X(F, TEXT, file) X(F, INT, line) \
				X(F, TEXT, clause)
#define KC_FIELDS_X_SAMPLE(X, F) X(F, TEXT, status) X(F, TEXT, symbol) \
				X(F, CHAR, model) X(F, CHAR, engine) \
				X(F, INT, differing) X(F, TEXT, comparison) \
				X(F, TEXT, counterexample)
#define KC_FIELDS_X_IMPLY(X, F)	X(F, TEXT, status) X(F, TEXT, antecedent) \
				X(F, TEXT, level) X(F, TEXT, consequent) \
				X(F, TEXT, chain)
#define KC_FIELDS_X_STATS(X, F)	X(F, TEXT, name) X(F, NUMBER, value)
#define KC_FIELDS_JOB(X, F)	X(F, INT, id) X(F, TEXT, kind) \
				X(F, TEXT, target) X(F, LIST, more)

/*
 * M(FAMILY, PREFIX, NAME, FIELDS): PREFIX NAME, the tag, starts the
 * line (empty: none, the jobs file's line); an X family's tag is "X", a
 * tab and its name (the JSON's "what").  The most frequent families first (the parser tries them in
 * this order).
 */
#define KC_FAMILIES(M) \
	M(S, "", "S", KC_FIELDS_S) \
	M(R, "", "R", KC_FIELDS_R) \
	M(V, "", "V", KC_FIELDS_V) \
	M(C, "", "C", KC_FIELDS_C) \
	M(D, "", "D", KC_FIELDS_D) \
	M(U, "", "U", KC_FIELDS_U) \
	M(E, "", "E", KC_FIELDS_E) \
	M(F, "", "F", KC_FIELDS_F) \
	M(W, "", "W", KC_FIELDS_W) \
	M(N, "", "N", KC_FIELDS_N) \
	M(I, "", "I", KC_FIELDS_I) \
	M(P, "", "P", KC_FIELDS_P) \
	M(Z, "", "Z", KC_FIELDS_Z) \
	M(X_UNMET, "X\t", "unmet", KC_FIELDS_X_UNMET) \
	M(X_INVARIANT, "X\t", "invariant", KC_FIELDS_X_INVARIANT) \
	M(X_FIXED, "X\t", "fixed", KC_FIELDS_X_FIXED) \
	M(X_EQUAL, "X\t", "equal", KC_FIELDS_X_EQUAL) \
	M(X_CLASS, "X\t", "class", KC_FIELDS_X_CLASS) \
	M(X_SELECTIF, "X\t", "selectif", KC_FIELDS_X_SELECTIF) \
	M(X_DEPENDS, "X\t", "depends", KC_FIELDS_X_DEPENDS) \
	M(X_SAMPLE, "X\t", "sample", KC_FIELDS_X_SAMPLE) \
	M(X_IMPLY, "X\t", "imply", KC_FIELDS_X_IMPLY) \
	M(X_STATS, "X\t", "stats", KC_FIELDS_X_STATS) \
	M(JOB, "", "", KC_FIELDS_JOB)

/* The C type of each kind. */
#define KC_MEMBER_TEXT(n)	const char *n;
#define KC_MEMBER_OPT(n)	const char *n;
#define KC_MEMBER_INT(n)	int n;
#define KC_MEMBER_CHAR(n)	char n;
#define KC_MEMBER_NUMBER(n)	const char *n;
#define KC_MEMBER_LIST(n)	char *const *n; size_t n##_n;
#define KC_MEMBER_VALUES(n)	char *const *n; size_t n##_n;
#define KC_MEMBER(F, kind, n)	KC_MEMBER_##kind(n)

/*
 * struct kc_S { const char *name; char type; const char *file; int line; },
 * ...; a LIST or VALUES field NAME has its items' count in NAME_n.
 */
#define KC_STRUCT(F, prefix, name, fields)	struct kc_##F { fields(KC_MEMBER, F) };
KC_FAMILIES(KC_STRUCT)
#undef KC_STRUCT

#define KC_ENUM(F, prefix, name, fields)	KC_##F,
enum kc_family { KC_FAMILIES(KC_ENUM) KC_NFAMILIES };
#undef KC_ENUM

/*
 * One line.  Parsed: its strings point into the line kc_parse() was given
 * (which it splits and unescapes in place) unless kc_msg_own() copied it;
 * its lists' arrays are its own.  kc_msg_free() frees what it owns.
 */
struct kc_msg {
	enum kc_family fam;
	char *base;		/* the line the strings point into */
	size_t len;
	char *buf;		/* base, when the message owns it */
#define KC_UNION(F, prefix, name, fields)	struct kc_##F F;
	union { KC_FAMILIES(KC_UNION) } u;
#undef KC_UNION
};

/* Write one line: KC_EMIT(out, U, .id = 3, .target = "FOO", ...). */
void kc_emit(FILE *out, const struct kc_msg *m);
#define KC_EMIT(out, F, ...) \
	kc_emit((out), &(struct kc_msg){ .fam = KC_##F, .u.F = { __VA_ARGS__ } })

/*
 * Read LINE (without its newline), a line of any family with a tag, in
 * place.  0, or -1 (M untouched, nothing to free) when it is of no family
 * or its fields do not match it.
 */
int kc_parse(char *line, struct kc_msg *m);
/* The same for a line of FAM (the jobs file: KC_JOB). */
int kc_parse_as(enum kc_family fam, char *line, struct kc_msg *m);
/* Make M's strings its own (a copy of its line), M's line free to go. */
void kc_msg_own(struct kc_msg *m);
void kc_msg_free(struct kc_msg *m);

/* A job's line in the jobs file, without its ID (the JSON's "job"). */
char *kc_job_text(const struct kc_JOB *j);

/* The fields of each family, for a report that lists them by name. */
enum kc_kind {
	KC_KIND_TEXT, KC_KIND_OPT, KC_KIND_INT, KC_KIND_CHAR, KC_KIND_NUMBER,
	KC_KIND_LIST, KC_KIND_VALUES,
};

struct kc_field {
	const char *name;
	enum kc_kind kind;
	size_t off;		/* in the family's struct */
	size_t noff;		/* LIST, VALUES: of the item count */
};

struct kc_family_desc {
	const char *tag;	/* "": none */
	const char *what;	/* its name: an X family's without "X\t" */
	const struct kc_field *fields;
	size_t nfields;
};

const struct kc_family_desc *kc_describe(enum kc_family fam);

#endif /* KCHECK_PROTOCOL_H */
