// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "util.h"

static struct finding *add(struct findings *f, struct kc_set *groups,
			   const char *gkey, const char *check)
{
	void **slot;
	int added;

	slot = kc_set_put(groups, gkey, &added);
	if (!added)
		return &f->v[(size_t)*slot - 1];
	f->v = kc_realloc(f->v, (f->n + 1) * sizeof(*f->v));
	memset(&f->v[f->n], 0, sizeof(f->v[f->n]));
	f->v[f->n].check = check;
	*slot = (void *)(f->n + 1);
	return &f->v[f->n++];
}

static void add_config(struct finding *x, const char *config, char *key)
{
	x->configs = kc_realloc(x->configs, (x->nconfigs + 1) * sizeof(char *));
	x->configs[x->nconfigs++] = kc_strdup(config);
	x->keys = kc_realloc(x->keys, (x->nkeys + 1) * sizeof(char *));
	x->keys[x->nkeys++] = key;
}

static void set_key(struct finding *x, char *key)
{
	if (x->nkeys) {
		free(key);
		return;
	}
	x->keys = kc_calloc(1, sizeof(char *));
	x->keys[0] = key;
	x->nkeys = 1;
}

/* Kconfig parses numbers as symbols; they are not references. */
static int numeric(const char *s)
{
	if (*s == '-')
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		if (!*s)
			return 0;
		for (; *s; s++)
			if (!isxdigit((unsigned char)*s))
				return 0;
		return 1;
	}
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

void findings_add(struct findings *f, struct kc_set *groups,
		  const char *check, char *group, const char *file, int line,
		  const char *symbol, char *message, const char *where,
		  char *key)
{
	struct finding *fd = add(f, groups, group, check);

	if (!fd->message) {
		fd->file = kc_strdup(file);
		fd->line = line;
		fd->symbol = kc_strdup(symbol);
		fd->message = message;
	} else {
		free(message);
	}
	add_config(fd, where, key);
	free(group);
}

/* The unmet dependencies and fragment warnings of every configuration. */
static void config_findings(const struct check_input *in, struct findings *f,
			    struct kc_set *groups)
{
	size_t a, c, k;

	for (a = 0; a < in->m->narches; a++) {
		struct arch_result *r = &in->res[a];

		for (c = 0; !r->error && c < r->ncfgs; c++) {
			struct cfg_result *cr = &r->cfgs[c];
			char *cfg = kc_printf("%s/%s", r->arch, cr->name);

			for (k = 0; k < cr->nunmet; k++) {
				struct unmet *x = &cr->unmet[k];

				findings_add(f, groups, "unmet-dependency",
					   kc_printf("U|%s|%s|%s|%d", x->target,
						     x->selector, x->file, x->line),
					   x->file, x->line, x->target,
					   kc_printf("%s selects %s, whose direct dependencies are not met: %s",
						     x->selector, x->target, x->dep),
					   cfg,
					   kc_printf("unmet-dependency|%s|%s|%s",
						     x->target, x->selector, cfg));
			}
			for (k = 0; k < cr->nfragw; k++) {
				struct frag_warning *x = &cr->fragw[k];
				const char *base = strrchr(x->file, '/');

				base = base ? base + 1 : x->file;
				findings_add(f, groups, "fragment",
					   kc_printf("W|%s|%d|%s|%s", x->file, x->line,
						     x->kind, x->symbol),
					   x->file, x->line, x->symbol,
					   kc_strdup(x->message), cfg,
					   kc_printf("fragment|%s|%s:%d|%s|%s",
						     x->kind, base, x->line,
						     x->symbol, cfg));
			}
			free(cfg);
		}
	}
}

static void defined_set(const struct check_input *in, struct kc_set *defined)
{
	size_t a, i;

	for (a = 0; a < in->m->narches; a++)
		for (i = 0; i < in->res[a].ndefs; i++) {
			struct def *d = &in->res[a].defs[i];
			void **v = kc_set_put(defined, d->name, NULL);

			if (!*v)
				*v = d;
		}
	if (!in->scan)
		return;
	for (i = 0; i < in->scan->ndefs; i++)
		kc_set_put(defined, in->scan->defs[i].name, NULL);
}

static int defined_anywhere(const struct kc_set *defined, const char *name)
{
	size_t n = strlen(name);
	char *base;
	int ok;

	if (kc_set_has(defined, name))
		return 1;
	/* CONFIG_FOO_MODULE is what IS_MODULE(CONFIG_FOO) tests */
	if (n <= 7 || strcmp(name + n - 7, "_MODULE"))
		return 0;
	base = kc_strndup(name, n - 7);
	ok = kc_set_has(defined, base);
	free(base);
	return ok;
}

static void undefined(const struct check_input *in, struct findings *f,
		      struct kc_set *groups, const struct kc_set *defined)
{
	size_t a, i;

	for (a = 0; a < in->m->narches; a++) {
		struct arch_result *r = &in->res[a];

		for (i = 0; i < r->nrefs; i++) {
			struct ref *x = &r->refs[i];
			struct finding *fd;
			char *g;

			if (numeric(x->name) || defined_anywhere(defined, x->name))
				continue;
			g = kc_printf("K|%s", x->name);
			fd = add(f, groups, g, "undefined-symbol");
			if (!fd->message) {
				fd->file = kc_strdup(x->file);
				fd->line = x->line;
				fd->symbol = kc_strdup(x->name);
				fd->message = kc_printf(
					"%s is referenced ('%s') but defined on no architecture",
					x->name, x->how);
			}
			set_key(fd, kc_printf("undefined-symbol|%s|%s", x->name,
					      x->file));
			free(g);
		}
	}
	if (!in->scan)
		return;
	for (i = 0; i < in->scan->n; i++) {
		struct code_ref *x = &in->scan->v[i];
		struct finding *fd;
		char *g;

		if (defined_anywhere(defined, x->name))
			continue;
		g = kc_printf("C|%s|%s", x->name, x->file);
		fd = add(f, groups, g, "undefined-symbol");
		if (!fd->message) {
			fd->file = kc_strdup(x->file);
			fd->line = x->line;
			fd->symbol = kc_strdup(x->name);
			fd->message = kc_printf(
				"CONFIG_%s is used but %s is defined on no architecture",
				x->name, x->name);
		}
		set_key(fd, kc_printf("undefined-symbol|%s|%s", x->name, x->file));
		free(g);
	}
}

static void invariants(const struct check_input *in, struct findings *f,
		       struct kc_set *groups)
{
	const struct rules *rs = in->rules;
	size_t a, c, k, i;

	for (a = 0; a < in->m->narches; a++) {
		struct arch_result *r = &in->res[a];

		for (c = 0; !r->error && c < r->ncfgs; c++) {
			struct cfg_result *cr = &r->cfgs[c];

			for (k = 0; k < cr->nfailed; k++) {
				const struct rule *rule = NULL;
				struct finding *fd;
				char *g, *cfg;

				for (i = 0; i < rs->n; i++)
					if (rs->v[i].line == cr->failed_rules[k])
						rule = &rs->v[i];
				if (!rule)
					continue;
				g = kc_printf("I|%d", rule->line);
				fd = add(f, groups, g, "invariant");
				if (!fd->message) {
					fd->file = kc_strdup(rs->file);
					fd->line = rule->line;
					fd->message = kc_printf("invariant '%s' does not hold",
								rule->text);
				}
				cfg = kc_printf("%s/%s", r->arch, cr->name);
				add_config(fd, cfg, kc_printf("invariant|%s|%s",
							      rule->text, cfg));
				free(cfg);
				free(g);
			}
		}
	}
}

struct undef_sym {
	const struct kc_set *defined;
	const char *name;	/* the first one no arch defines */
};

static void undef_sym_fn(const char *name, void *arg)
{
	struct undef_sym *u = arg;

	if (!u->name && !kc_set_has(u->defined, name))
		u->name = name;
}

const char *rule_undefined_symbol(const struct rule *r,
				  const struct kc_set *defined)
{
	struct undef_sym u = { .defined = defined };

	if (r->kind == RULE_INVARIANT)
		rule_symbols(r->expr, undef_sym_fn, &u);
	return u.name;
}

static void existence(const struct check_input *in, struct findings *f,
		      const struct kc_set *defined)
{
	const struct rules *rs = in->rules;
	size_t i, a, k;

	for (i = 0; i < rs->n; i++) {
		const struct rule *rule = &rs->v[i];
		struct finding x = { .file = kc_strdup(rs->file), .line = rule->line };
		struct def *d;
		char *site = NULL;

		if (rule->kind == RULE_INVARIANT) {
			const char *name = rule_undefined_symbol(rule, defined);

			if (!name) {
				free(x.file);
				continue;
			}
			x.check = "rule-undefined-symbol";
			x.message = kc_printf("invariant '%s' names %s, which is defined on no architecture: it tests nothing about it (a typo?)",
					      rule->text, name);
			x.symbol = kc_strdup(name);
			x.keys = kc_calloc(1, sizeof(char *));
			x.keys[0] = kc_printf("%s|%s|%s", x.check, name,
					      rule->text);
			x.nkeys = 1;
			f->v = kc_realloc(f->v, (f->n + 1) * sizeof(*f->v));
			f->v[f->n++] = x;
			continue;
		}
		d = kc_set_get(defined, rule->text);
		if (d)
			site = kc_printf("defined at %s:%d", d->file, d->line);
		else if (kc_set_has(defined, rule->text))
			site = kc_strdup("defined in a Kconfig file");
		for (a = 0; !site && a < in->m->narches; a++)
			for (k = 0; !site && k < in->res[a].nrefs; k++)
				if (!strcmp(in->res[a].refs[k].name, rule->text))
					site = kc_printf("referenced at %s:%d",
							 in->res[a].refs[k].file,
							 in->res[a].refs[k].line);
		for (k = 0; !site && in->scan && k < in->scan->n; k++)
			if (!strcmp(in->scan->v[k].name, rule->text))
				site = kc_printf("used as CONFIG_%s at %s:%d",
						 rule->text, in->scan->v[k].file,
						 in->scan->v[k].line);
		if (rule->kind == RULE_EXISTS && !d) {
			x.check = "exists";
			x.message = kc_printf("%s must be defined but is defined on no architecture",
					      rule->text);
		} else if (rule->kind == RULE_ABSENT && site) {
			x.check = "absent";
			x.message = kc_printf("%s must not exist but is %s",
					      rule->text, site);
		}
		free(site);
		if (!x.check) {
			free(x.file);
			continue;
		}
		x.symbol = kc_strdup(rule->text);
		x.keys = kc_calloc(1, sizeof(char *));
		x.keys[0] = kc_printf("%s|%s", x.check, rule->text);
		x.nkeys = 1;
		f->v = kc_realloc(f->v, (f->n + 1) * sizeof(*f->v));
		f->v[f->n++] = x;
	}
}

void findings_collect(const struct check_input *in, struct findings *f)
{
	struct kc_set groups = { 0 }, defined = { 0 };

	memset(f, 0, sizeof(*f));
	defined_set(in, &defined);
	config_findings(in, f, &groups);
	undefined(in, f, &groups, &defined);
	if (in->rules) {
		invariants(in, f, &groups);
		existence(in, f, &defined);
	}
	kc_set_free(&groups, NULL);
	kc_set_free(&defined, NULL);
}

static void drop_at(struct finding *x, size_t i)
{
	free(x->keys[i]);
	x->keys[i] = x->keys[x->nkeys - 1];
	x->nkeys--;
	if (x->nconfigs) {
		free(x->configs[i]);
		x->configs[i] = x->configs[x->nconfigs - 1];
		x->nconfigs--;
	}
}

static void finding_free(struct finding *x)
{
	size_t i;

	for (i = 0; i < x->nconfigs; i++)
		free(x->configs[i]);
	for (i = 0; i < x->nkeys; i++)
		free(x->keys[i]);
	free(x->configs);
	free(x->keys);
	free(x->file);
	free(x->message);
	free(x->symbol);
}

/* Drop what the baseline (an earlier --format json report) knows. */
void findings_apply_baseline(struct findings *f, const struct baseline *b)
{
	size_t i, k, out = 0;

	for (i = 0; i < f->n; i++) {
		struct finding *x = &f->v[i];

		for (k = 0; k < x->nkeys; ) {
			if (kc_set_has(&b->keys, x->keys[k])) {
				drop_at(x, k);
				f->suppressed++;
			} else {
				k++;
			}
		}
		if (!x->nkeys) {
			finding_free(x);
			continue;
		}
		f->v[out++] = *x;
	}
	f->n = out;
}

void findings_free(struct findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		finding_free(&f->v[i]);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

static char **strv_copy(char *const *v, size_t n)
{
	char **c = kc_calloc(n ? n : 1, sizeof(char *));
	size_t i;

	for (i = 0; i < n; i++)
		c[i] = kc_strdup(v[i]);
	return c;
}

void findings_copy(struct findings *dst, const struct findings *src)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	dst->v = kc_calloc(src->n ? src->n : 1, sizeof(*dst->v));
	for (i = 0; i < src->n; i++) {
		const struct finding *x = &src->v[i];
		struct finding *y = &dst->v[i];

		*y = *x;
		y->file = kc_strdup(x->file);
		y->message = kc_strdup(x->message);
		y->symbol = x->symbol ? kc_strdup(x->symbol) : NULL;
		y->configs = strv_copy(x->configs, x->nconfigs);
		y->keys = strv_copy(x->keys, x->nkeys);
	}
	dst->n = src->n;
	dst->suppressed = src->suppressed;
}

void findings_move(struct findings *dst, struct findings *src)
{
	dst->v = kc_realloc(dst->v, (dst->n + src->n + 1) * sizeof(*dst->v));
	if (src->n)
		memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	dst->suppressed += src->suppressed;
	free(src->v);
	memset(src, 0, sizeof(*src));
}

void findings_keys(const struct findings *f, struct kc_set *keys)
{
	size_t i, k;

	for (i = 0; i < f->n; i++)
		for (k = 0; k < f->v[i].nkeys; k++)
			kc_set_put(keys, f->v[i].keys[k], NULL);
}
