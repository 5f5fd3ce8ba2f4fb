// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rules files: parser and evaluator.  See rules.h for the language.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "util.h"


struct parser {
	const char *p;
	const char *file;
	int line;
	char *err;
	size_t errlen;
	int failed;
	int depth;		/* '(' and '!' being parsed */
	int terms;		/* operands of the current rule */
};

static void perr(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ps->failed)
		return;
	ps->failed = 1;
	n = snprintf(ps->err, ps->errlen, "%s:%d: ", ps->file, ps->line);
	if (n < 0 || (size_t)n >= ps->errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errlen - n, fmt, ap);
	va_end(ap);
}

static void skip_ws(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

static int is_word(int c)
{
	return isalnum(c) || c == '_';
}

static struct rexpr *node(enum rop op, struct rexpr *l, struct rexpr *r)
{
	struct rexpr *e = kc_calloc(1, sizeof(*e));

	e->op = op;
	e->l = l;
	e->r = r;
	return e;
}

static void rexpr_free(struct rexpr *e)
{
	if (!e)
		return;
	rexpr_free(e->l);
	rexpr_free(e->r);
	free(e->s);
	free(e);
}

static struct rexpr *parse_or(struct parser *ps);

static struct rexpr *parse_operand(struct parser *ps)
{
	struct rexpr *e;
	const char *start;

	skip_ws(ps);
	if (++ps->terms > RULES_MAX_TERMS) {
		perr(ps, "more than %d operands in one rule", RULES_MAX_TERMS);
		return NULL;
	}
	if (*ps->p == '"') {
		start = ++ps->p;
		while (*ps->p && *ps->p != '"')
			ps->p++;
		if (*ps->p != '"') {
			perr(ps, "unterminated string");
			return NULL;
		}
		e = node(R_STR, NULL, NULL);
		e->s = kc_strndup(start, ps->p - start);
		ps->p++;
		return e;
	}
	if (!is_word(*ps->p)) {
		if (*ps->p)
			perr(ps, "expected a symbol, found '%c'", *ps->p);
		else
			perr(ps, "expected a symbol at end of line");
		return NULL;
	}
	start = ps->p;
	while (is_word(*ps->p))
		ps->p++;
	e = node(R_SYM, NULL, NULL);
	e->s = kc_strndup(start, ps->p - start);
	return e;
}

static int match(struct parser *ps, const char *tok)
{
	size_t n = strlen(tok);

	skip_ws(ps);
	if (strncmp(ps->p, tok, n))
		return 0;
	ps->p += n;
	return 1;
}

static struct rexpr *parse_primary(struct parser *ps)
{
	static const struct { const char *tok; enum rop op; } cmp[] = {
		{ "!=", R_NE }, { "<=", R_LE }, { ">=", R_GE },
		{ "=", R_EQ }, { "<", R_LT }, { ">", R_GT },
	};
	struct rexpr *l, *r;
	size_t i;

	skip_ws(ps);
	if (*ps->p == '!' || *ps->p == '(') {
		if (ps->depth >= RULES_MAX_DEPTH) {
			perr(ps, "'(' and '!' nested more than %d deep",
			     RULES_MAX_DEPTH);
			return NULL;
		}
		ps->depth++;
		if (match(ps, "!")) {
			l = parse_primary(ps);
			l = l ? node(R_NOT, l, NULL) : NULL;
		} else {
			match(ps, "(");
			l = parse_or(ps);
			if (!ps->failed && !match(ps, ")"))
				perr(ps, "expected ')'");
		}
		ps->depth--;
		return l;
	}
	l = parse_operand(ps);
	if (!l)
		return NULL;
	for (i = 0; i < sizeof(cmp) / sizeof(cmp[0]); i++) {
		if (match(ps, cmp[i].tok)) {
			r = parse_operand(ps);
			return node(cmp[i].op, l, r);
		}
	}
	return l;
}

static struct rexpr *parse_and(struct parser *ps)
{
	struct rexpr *e = parse_primary(ps);

	while (!ps->failed && match(ps, "&&"))
		e = node(R_AND, e, parse_primary(ps));
	return e;
}

static struct rexpr *parse_or(struct parser *ps)
{
	struct rexpr *e = parse_and(ps);

	while (!ps->failed && match(ps, "||"))
		e = node(R_OR, e, parse_and(ps));
	return e;
}

static int valid_symbol(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!is_word(*s))
			return 0;
	return 1;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
			 e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int parse_line(struct parser *ps, char *line, struct rules *r)
{
	static const struct { const char *kw; enum rule_kind kind; } kws[] = {
		{ "invariant", RULE_INVARIANT },
		{ "exists", RULE_EXISTS },
		{ "absent", RULE_ABSENT },
	};
	struct rule rule = { .line = ps->line };
	char *s = trim(line), *arg = NULL;
	size_t i;

	if (!*s || *s == '#')
		return 0;
	for (i = 0; i < sizeof(kws) / sizeof(kws[0]); i++) {
		size_t n = strlen(kws[i].kw);

		if (!strncmp(s, kws[i].kw, n) && (s[n] == ' ' || s[n] == '\t')) {
			rule.kind = kws[i].kind;
			arg = trim(s + n);
			break;
		}
	}
	if (!arg) {
		perr(ps, "expected 'invariant EXPR', 'exists SYMBOL' or 'absent SYMBOL'");
		return -1;
	}
	if (strlen(arg) > RULES_MAX_LINE) {
		perr(ps, "a rule longer than %d characters", RULES_MAX_LINE);
		return -1;
	}
	if (rule.kind != RULE_INVARIANT) {
		if (!valid_symbol(arg)) {
			perr(ps, "'%s' is not a symbol name", arg);
			return -1;
		}
	} else {
		ps->p = arg;
		ps->depth = 0;
		ps->terms = 0;
		rule.expr = parse_or(ps);
		skip_ws(ps);
		if (!ps->failed && *ps->p)
			perr(ps, "unexpected '%s'", ps->p);
		if (ps->failed) {
			rexpr_free(rule.expr);
			return -1;
		}
	}
	rule.text = kc_strdup(arg);
	r->v = kc_realloc(r->v, (r->n + 1) * sizeof(*r->v));
	r->v[r->n++] = rule;
	return 0;
}

int rules_read(FILE *f, const char *name, struct rules *r, char *err,
	       size_t errlen)
{
	struct parser ps = { .file = name, .err = err, .errlen = errlen };
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	memset(r, 0, sizeof(*r));
	r->file = kc_strdup(name);
	while ((n = getline(&line, &cap, f)) >= 0) {
		ps.line++;
		if (memchr(line, '\0', n)) {
			perr(&ps, "a NUL byte; a rules file is text");
			break;
		}
		if (parse_line(&ps, line, r))
			break;
	}
	free(line);
	if (!ps.failed && ferror(f)) {
		snprintf(err, errlen, "%s: cannot read rules file: %s", name,
			 strerror(errno));
		ps.failed = 1;
	}
	if (ps.failed) {
		rules_free(r);
		return -1;
	}
	if (!r->n) {
		snprintf(err, errlen, "%s: no rules in file", name);
		rules_free(r);
		return -1;
	}
	return 0;
}

int rules_load(const char *path, struct rules *r, char *err, size_t errlen)
{
	FILE *f;
	int ret;

	memset(r, 0, sizeof(*r));
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: cannot read rules file: %s", path,
			 strerror(errno));
		return -1;
	}
	ret = rules_read(f, path, r, err, errlen);
	fclose(f);
	return ret;
}

void rules_free(struct rules *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		rexpr_free(r->v[i].expr);
		free(r->v[i].text);
	}
	free(r->v);
	free(r->file);
	memset(r, 0, sizeof(*r));
}

static int tri_of(const char *v)
{
	if (!v)
		return 0;
	if (!strcmp(v, "y"))
		return 2;
	if (!strcmp(v, "m"))
		return 1;
	return 0;
}

static const char *str_of(const struct rexpr *e,
			  const char *(*lookup)(const char *, void *),
			  void *arg)
{
	const char *v;

	if (e->op == R_STR)
		return e->s;
	if (!strcmp(e->s, "y") || !strcmp(e->s, "m") || !strcmp(e->s, "n"))
		return e->s;
	v = lookup(e->s, arg);
	if (v)
		return v;
	/* an undefined symbol is n; a bare number is itself */
	return isdigit((unsigned char)e->s[0]) ? e->s : "n";
}

static int number(const char *s, long long *out)
{
	char *end;

	if (!*s)
		return 0;
	errno = 0;
	*out = strtoll(s, &end, 0);
	return !*end && !errno;
}

static int compare(const char *a, const char *b)
{
	long long x, y;

	if (number(a, &x) && number(b, &y))
		return x < y ? -1 : x > y;
	return strcmp(a, b);
}

int rule_eval(const struct rexpr *e,
	      const char *(*lookup)(const char *name, void *arg), void *arg)
{
	int a, b, c;

	switch (e->op) {
	case R_SYM:
	case R_STR:
		return tri_of(str_of(e, lookup, arg));
	case R_NOT:
		return 2 - rule_eval(e->l, lookup, arg);
	case R_AND:
		a = rule_eval(e->l, lookup, arg);
		b = rule_eval(e->r, lookup, arg);
		return a < b ? a : b;
	case R_OR:
		a = rule_eval(e->l, lookup, arg);
		b = rule_eval(e->r, lookup, arg);
		return a > b ? a : b;
	default:
		break;
	}
	c = compare(str_of(e->l, lookup, arg), str_of(e->r, lookup, arg));
	switch (e->op) {
	case R_EQ:
		return c == 0 ? 2 : 0;
	case R_NE:
		return c != 0 ? 2 : 0;
	case R_LT:
		return c < 0 ? 2 : 0;
	case R_LE:
		return c <= 0 ? 2 : 0;
	case R_GT:
		return c > 0 ? 2 : 0;
	default:
		return c >= 0 ? 2 : 0;
	}
}

void rule_symbols(const struct rexpr *e,
		  void (*fn)(const char *name, void *arg), void *arg)
{
	if (!e)
		return;
	if (e->op == R_SYM) {
		if (strcmp(e->s, "y") && strcmp(e->s, "m") && strcmp(e->s, "n") &&
		    !isdigit((unsigned char)e->s[0]))
			fn(e->s, arg);
		return;
	}
	rule_symbols(e->l, fn, arg);
	rule_symbols(e->r, fn, arg);
}
