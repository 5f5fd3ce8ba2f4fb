// SPDX-License-Identifier: GPL-2.0-only
/*
 * The worker protocol's one encoder and one parser, both driven by the
 * table of protocol.h: the only place that knows where a field sits in
 * a line.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"
#include "util.h"

#define KC_NOFF_TEXT(F, n)	0
#define KC_NOFF_OPT(F, n)	0
#define KC_NOFF_INT(F, n)	0
#define KC_NOFF_CHAR(F, n)	0
#define KC_NOFF_NUMBER(F, n)	0
#define KC_NOFF_LIST(F, n)	offsetof(struct kc_##F, n##_n)
#define KC_NOFF_VALUES(F, n)	offsetof(struct kc_##F, n##_n)

#define KC_FIELD(F, kind, n) \
	{ #n, KC_KIND_##kind, offsetof(struct kc_##F, n), KC_NOFF_##kind(F, n) },
#define KC_FIELD_TABLE(F, prefix, name, fields) \
	static const struct kc_field fields_##F[] = { fields(KC_FIELD, F) { NULL } };
KC_FAMILIES(KC_FIELD_TABLE)

#define KC_DESC(F, prefix, name, fields) \
	[KC_##F] = { prefix name, name, fields_##F, \
		     sizeof(fields_##F) / sizeof(fields_##F[0]) - 1 },
static const struct kc_family_desc families[KC_NFAMILIES] = {
	KC_FAMILIES(KC_DESC)
};

const struct kc_family_desc *kc_describe(enum kc_family fam)
{
	return &families[fam];
}

#define AT(m, f, type)	((type *)((char *)&(m)->u + (f)->off))
#define COUNT(m, f)	((size_t *)((char *)&(m)->u + (f)->noff))

/* ---- the encoder ---- */

static void put_text(FILE *out, const char *s)
{
	char *e;

	if (!s)
		s = "";
	if (!strpbrk(s, "\t\n\\")) {
		fputs(s, out);
		return;
	}
	e = kc_escape(s);
	fputs(e, out);
	free(e);
}

static void put_list(FILE *out, const struct kc_msg *m,
		     const struct kc_field *f, int *first)
{
	char *const *v = *AT(m, f, char *const *);
	size_t i, n = *COUNT(m, f);

	for (i = 0; i < n; i++) {
		if (!*first)
			fputc('\t', out);
		*first = 0;
		if (f->kind == KC_KIND_LIST)
			put_text(out, v[i]);
		else
			fputs(v[i] ? v[i] : "-", out);
	}
}

void kc_emit(FILE *out, const struct kc_msg *m)
{
	const struct kc_family_desc *d = &families[m->fam];
	const struct kc_field *f;
	int first = !*d->tag;

	fputs(d->tag, out);
	for (f = d->fields; f->name; f++) {
		if (f->kind == KC_KIND_LIST || f->kind == KC_KIND_VALUES) {
			put_list(out, m, f, &first);
			continue;
		}
		if (f->kind == KC_KIND_OPT && !*AT(m, f, const char *))
			continue;
		if (!first)
			fputc('\t', out);
		first = 0;
		switch (f->kind) {
		case KC_KIND_INT:
			fprintf(out, "%d", *AT(m, f, int));
			break;
		case KC_KIND_CHAR:
			fputc(*AT(m, f, char), out);
			break;
		default:
			put_text(out, *AT(m, f, const char *));
		}
	}
	fputc('\n', out);
}

char *kc_job_text(const struct kc_JOB *j)
{
	struct kc_msg m = { .fam = KC_JOB, .u.JOB = *j };
	char *buf = NULL, *t;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		kc_die("out of memory");
	kc_emit(f, &m);
	if (fclose(f))
		kc_die("out of memory");
	buf[strcspn(buf, "\n")] = '\0';
	t = kc_strdup(buf + strcspn(buf, "\t") + !!buf[strcspn(buf, "\t")]);
	free(buf);
	return t;
}

/* ---- the parser ---- */

/* Unescape S in place (an escaped string never gets longer). */
static void unescape_in_place(char *s)
{
	char *u;

	if (!strchr(s, '\\'))
		return;
	u = kc_unescape(s);
	strcpy(s, u);
	free(u);
}

static int parse_int(const char *s, int *v)
{
	char *end;
	long x;

	if (!*s || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	x = strtol(s, &end, 10);
	if (*end || errno || x < INT_MIN || x > INT_MAX)
		return -1;
	*v = (int)x;
	return 0;
}

/* The rest of the line, from P (NULL: none), as the list field F. */
static void parse_list(struct kc_msg *m, const struct kc_field *f, char *p)
{
	char **v = NULL;
	size_t n = 0, cap = 0;

	while (p) {
		char *t = strchr(p, '\t');

		if (t)
			*t++ = '\0';
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			v = kc_realloc(v, cap * sizeof(char *));
		}
		if (f->kind == KC_KIND_LIST)
			unescape_in_place(p);
		v[n++] = f->kind == KC_KIND_VALUES && !strcmp(p, "-") ? NULL : p;
		p = t;
	}
	*AT(m, f, char *const *) = v;
	*COUNT(m, f) = n;
}

/* One field that is not a list, from the string P. */
static int parse_field(struct kc_msg *m, const struct kc_field *f, char *p)
{
	switch (f->kind) {
	case KC_KIND_INT:
		return parse_int(p, AT(m, f, int));
	case KC_KIND_CHAR:
		if (!p[0] || p[1])
			return -1;
		*AT(m, f, char) = p[0];
		return 0;
	case KC_KIND_TEXT:
	case KC_KIND_OPT:
		unescape_in_place(p);
		/* fall through */
	default:
		*AT(m, f, const char *) = p;
		return 0;
	}
}

/* The fields of FAM from P (NULL: the line has none) into M. */
static int parse_fields(enum kc_family fam, char *p, struct kc_msg *m)
{
	const struct kc_field *f;

	for (f = families[fam].fields; f->name; f++) {
		char *t;

		if (f->kind == KC_KIND_LIST || f->kind == KC_KIND_VALUES) {
			parse_list(m, f, p);
			p = NULL;
			continue;
		}
		if (!p) {
			if (f->kind != KC_KIND_OPT)
				return -1;
			*AT(m, f, const char *) = NULL;
			continue;
		}
		t = strchr(p, '\t');
		if (t)
			*t++ = '\0';
		if (parse_field(m, f, p))
			return -1;
		p = t;
	}
	return p ? -1 : 0;	/* more fields than the family has */
}

int kc_parse_as(enum kc_family fam, char *line, struct kc_msg *m)
{
	const struct kc_family_desc *d = &families[fam];
	size_t len = strlen(line), t = strlen(d->tag);
	struct kc_msg x = { .fam = fam, .base = line, .len = len };
	char *p;

	if (t && (strncmp(line, d->tag, t) || (line[t] && line[t] != '\t')))
		return -1;
	p = !t ? line : line[t] ? line + t + 1 : NULL;
	if (parse_fields(fam, p, &x)) {
		kc_msg_free(&x);
		return -1;
	}
	*m = x;
	return 0;
}

int kc_parse(char *line, struct kc_msg *m)
{
	int fam;

	for (fam = 0; fam < KC_NFAMILIES; fam++) {
		const char *tag = families[fam].tag;

		if (*tag && tag[0] == line[0] &&
		    !kc_parse_as((enum kc_family)fam, line, m))
			return 0;
	}
	return -1;
}

/* S, when it points into FROM's LEN bytes, at the same place in TO. */
static char *moved(const char *s, const char *from, size_t len, char *to)
{
	if (s && s >= from && s <= from + len)
		return to + (s - from);
	return (char *)s;
}

void kc_msg_own(struct kc_msg *m)
{
	const struct kc_field *f;
	char *buf;

	if (m->buf || !m->base)
		return;
	buf = kc_calloc(1, m->len + 1);
	memcpy(buf, m->base, m->len);
	for (f = families[m->fam].fields; f->name; f++) {
		size_t i;
		char **v;

		switch (f->kind) {
		case KC_KIND_INT:
		case KC_KIND_CHAR:
			break;
		case KC_KIND_LIST:
		case KC_KIND_VALUES:
			v = (char **)*AT(m, f, char *const *);
			for (i = 0; i < *COUNT(m, f); i++)
				v[i] = moved(v[i], m->base, m->len, buf);
			break;
		default:
			*AT(m, f, const char *) = moved(*AT(m, f, const char *),
							m->base, m->len, buf);
		}
	}
	m->base = m->buf = buf;
}

void kc_msg_free(struct kc_msg *m)
{
	const struct kc_field *f;

	for (f = families[m->fam].fields; f->name; f++)
		if (f->kind == KC_KIND_LIST || f->kind == KC_KIND_VALUES) {
			free((void *)*AT(m, f, char *const *));
			*AT(m, f, char *const *) = NULL;
			*COUNT(m, f) = 0;
		}
	free(m->buf);
	m->buf = m->base = NULL;
}
