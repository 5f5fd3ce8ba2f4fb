// SPDX-License-Identifier: GPL-2.0-only
/*
 * kcheck range --sat (rangesat.h): which symbols a commit changes, read
 * as text from the parent's and the commit's Kconfig files, and kcheck
 * sat on their selects.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rangesat.h"
#include "satreport.h"
#include "satrun.h"
#include "util.h"

/* The words that start a Kconfig entry (and so end the one before). */
static const char *const entry_words[] = {
	"config", "menuconfig", "choice", "endchoice", "menu", "endmenu",
	"if", "endif", "source", "rsource", "osource", "orsource", "comment",
	"mainmenu",
};

/* The column of LINE's first non-blank character (tabs to 8). */
static int indent(const char *line, const char *end)
{
	int col = 0;

	for (; line < end && (*line == ' ' || *line == '\t'); line++)
		col = *line == '\t' ? (col / 8 + 1) * 8 : col + 1;
	return line == end ? -1 : col;
}

/* Whether LINE's first word (after blanks) is WORD. */
static int first_word(const char *line, const char *end, const char *word)
{
	size_t n = strlen(word);

	while (line < end && (*line == ' ' || *line == '\t'))
		line++;
	return (size_t)(end - line) >= n && !strncmp(line, word, n) &&
	       (line + n == end || line[n] == ' ' || line[n] == '\t');
}

static int starts_entry(const char *line, const char *end)
{
	size_t k;

	for (k = 0; k < sizeof(entry_words) / sizeof(entry_words[0]); k++)
		if (first_word(line, end, entry_words[k]))
			return 1;
	return 0;
}

/* The symbol a 'config NAME' / 'menuconfig NAME' line defines, or NULL. */
static char *config_name(const char *line, const char *end)
{
	const char *p = line, *q;

	if (!first_word(line, end, "config") && !first_word(line, end, "menuconfig"))
		return NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	for (q = p; q < end && ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') ||
				(*q >= '0' && *q <= '9') || *q == '_'); q++)
		;
	return q > p ? kc_strndup(p, q - p) : NULL;
}

/* A growing string. */
struct text {
	char *s;
	size_t n, cap;
};

/* Appends LINE (without its newline) and a newline to T. */
static void add_line(struct text *t, const char *line, const char *end)
{
	size_t n = end - line;

	if (t->n + n + 2 > t->cap) {
		t->cap = 2 * (t->n + n + 2);
		t->s = kc_realloc(t->s, t->cap);
	}
	memcpy(t->s + t->n, line, n);
	t->n += n;
	t->s[t->n++] = '\n';
	t->s[t->n] = '\0';
}

/* Appends the line "\001NAME": where the entry NAME starts. */
static void add_place(struct text *t, const char *name)
{
	char *line = kc_printf("\001%s", name);

	add_line(t, line, line + strlen(line));
	free(line);
}

static void free_text(void *t)
{
	if (t)
		free(((struct text *)t)->s);
	free(t);
}

/* T's string, "" when empty. */
static const char *text_of(const struct text *t)
{
	return t && t->s ? t->s : "";
}

/*
 * TEXT (a Kconfig file) into its config entries, BLOCKS: name -> the
 * entry's lines (struct text) without help text, blank and comment lines
 * (an entry repeated in the file: its lines one after the other), and
 * SKEL: every other line outside them and, where each entry starts, a
 * line "\001NAME", so that an entry moved across an 'if' or a 'menu'
 * changes it.
 */
static void split_entries(const char *text, struct kc_set *blocks,
			  struct text *skel)
{
	const char *line = text, *end;
	struct text *cur = NULL;
	int help = -1;		/* in help text: its indentation, or 0 before
				 * its first line */

	for (; line && *line; line = *end ? end + 1 : end) {
		char *name;
		int col;
		void **slot;

		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		col = indent(line, end);
		if (help >= 0 && col >= 0) {
			/* kconfig: help text ends at a line indented less */
			if (!help && col > 0)
				help = col;
			if (help && col >= help)
				continue;
			help = -1;
		} else if (help >= 0) {
			continue;
		}
		/* blank and comment lines say nothing about an entry */
		if (col < 0 || line[strspn(line, " \t")] == '#')
			continue;
		if (first_word(line, end, "help") || first_word(line, end, "---help---")) {
			help = 0;
			continue;
		}
		if (starts_entry(line, end)) {
			name = config_name(line, end);
			cur = NULL;
			if (name) {
				slot = kc_set_put(blocks, name, NULL);
				if (!*slot)
					*slot = kc_calloc(1, sizeof(struct text));
				cur = *slot;
				add_place(skel, name);
			}
			free(name);
		}
		add_line(cur ? cur : skel, line, end);
	}
}

static void free_blocks(struct kc_set *blocks)
{
	kc_set_free(blocks, free_text);
}

/* Every name of B into NAMES. */
static void all_names(const struct kc_set *b, struct kc_set *names)
{
	size_t i;

	for (i = 0; i < b->cap; i++)
		if (b->slot[i])
			kc_set_put(names, b->slot[i], NULL);
}

/*
 * SKEL without the places of the entries that are not in both OLD and
 * NEW (an entry added or removed is a change of its own, not of the
 * file's structure).
 */
static char *structure(const struct text *skel, const struct kc_set *old,
		       const struct kc_set *new)
{
	const char *line = text_of(skel), *end;
	struct text t = { 0 };

	for (; *line; line = end + 1) {
		end = strchr(line, '\n');
		if (*line == '\001') {
			char *name = kc_strndup(line + 1, end - line - 1);
			int both = kc_set_has(old, name) && kc_set_has(new, name);

			free(name);
			if (!both)
				continue;
		}
		add_line(&t, line, end);
	}
	return t.s ? t.s : kc_strdup("");
}

/* The names of OLD and NEW whose entries differ, into NAMES. */
static void changed_entries(const char *old, const char *new,
			    struct kc_set *names)
{
	struct kc_set bo = { 0 }, bn = { 0 };
	struct text so = { 0 }, sn = { 0 };
	char *to, *tn;
	size_t i;

	split_entries(old, &bo, &so);
	split_entries(new, &bn, &sn);
	to = structure(&so, &bo, &bn);
	tn = structure(&sn, &bo, &bn);
	if (strcmp(to, tn)) {
		all_names(&bo, names);
		all_names(&bn, names);
	} else {
		for (i = 0; i < bo.cap; i++) {
			const struct text *t;

			if (!bo.slot[i])
				continue;
			t = kc_set_get(&bn, bo.slot[i]);
			if (!t || strcmp(text_of(t), text_of(bo.val[i])))
				kc_set_put(names, bo.slot[i], NULL);
		}
		for (i = 0; i < bn.cap; i++)
			if (bn.slot[i] && !kc_set_has(&bo, bn.slot[i]))
				kc_set_put(names, bn.slot[i], NULL);
	}
	free(to);
	free(tn);
	free(so.s);
	free(sn.s);
	free_blocks(&bo);
	free_blocks(&bn);
}

int range_sat_kconfig_file(const char *path)
{
	const char *base = strrchr(path, '/');

	return !strncmp(base ? base + 1 : path, "Kconfig", 7);
}

char **range_sat_symbols(const struct range_repo *r,
			 const struct range_commit *c, size_t *n)
{
	struct kc_set names = { 0 };
	char **v;
	size_t k, i;

	for (k = 0; k < c->nfiles; k++) {
		char *old, *new;

		if (!range_sat_kconfig_file(c->files[k]))
			continue;
		old = range_blob(r, c->parent, c->files[k]);
		new = range_blob(r, c->sha, c->files[k]);
		changed_entries(old ? old : "", new ? new : "", &names);
		free(old);
		free(new);
	}
	v = kc_calloc(names.n + 1, sizeof(char *));
	for (i = 0, *n = 0; i < names.cap; i++)
		if (names.slot[i])
			v[(*n)++] = kc_strdup(names.slot[i]);
	qsort(v, *n, sizeof(char *), kc_cmp_str);
	kc_set_free(&names, NULL);
	return v;
}

/* past this, the names go no more into one argument: every select is checked */
#define MAX_SCOPE 65536

void range_sat_run(const struct session *ss, const struct opts *o,
		   const char *tree, char **arches, size_t narches,
		   char **symbols, size_t nsymbols, struct range_sat_side *side)
{
	struct opts so = *o;
	struct matrix m = { 0 };
	struct arch_result *res;
	char err[4096], *scope;
	size_t a;

	memset(side, 0, sizeof(*side));
	if (!narches || !nsymbols)
		return;
	/* sat's own options: the selects of the scope, nothing else */
	so.mo.tree = tree;
	so.mo.arches = arches;
	so.mo.narches = narches;
	so.mo.defconfigs = NULL;
	so.mo.ndefconfigs = 0;
	so.mo.no_defconfigs = 1;
	so.mo.all_targets = 0;
	so.mo.rand = 0;
	so.mo.fragments = NULL;
	so.unmet = "symbols";
	so.no_redundancy = 1;
	so.list_proved = 0;
	so.sample = 0;
	so.implications = 0;
	so.assume = NULL;
	so.rules = NULL;
	so.quiet = 1;
	if (matrix_build(&so.mo, &m, err, sizeof(err)))
		kc_die("range --sat: %s", err);
	scope = sat_scope_arg(symbols, nsymbols);
	if (strlen(scope) > MAX_SCOPE) {
		free(scope);
		scope = NULL;
		so.unmet = "all";
	}
	res = kc_calloc(m.narches ? m.narches : 1, sizeof(*res));
	sat_run(ss, &so, tree, &m, scope, res);
	sat_findings(&m, res, NULL, &side->f);
	for (a = 0; a < m.narches; a++) {
		if (res[a].error)
			side->failed = kc_strv_add(side->failed,
				kc_printf("%s: %s", m.arches[a].name, res[a].error));
		side->nfailed += !!res[a].error;
		arch_result_free(&res[a]);
	}
	free(res);
	free(scope);
	matrix_free(&m);
}

/* Each failed arch's name (up to its ':') into KEYS' arches. */
static void failed_arches(const struct range_sat_side *s, struct kc_set *arches)
{
	size_t k;

	for (k = 0; k < s->nfailed; k++) {
		char *name = kc_strndup(s->failed[k], strcspn(s->failed[k], ":"));

		kc_set_put(arches, name, NULL);
		free(name);
	}
}

/* Drops F's (finding, configuration) pairs on the ARCHES. */
static void drop_arches(struct findings *f, const struct kc_set *arches)
{
	struct baseline b = { 0 };
	size_t i, k;

	for (i = 0; i < f->n; i++)
		for (k = 0; k < f->v[i].nconfigs && k < f->v[i].nkeys; k++)
			if (kc_set_has(arches, f->v[i].configs[k]))
				kc_set_put(&b.keys, f->v[i].keys[k], NULL);
	findings_apply_baseline(f, &b);
	f->suppressed = 0;
	baseline_free(&b);
}

static char **side_errors(char **why, size_t *n, const struct range_sat_side *s,
			  const char *label)
{
	size_t k;

	for (k = 0; k < s->nfailed; k++) {
		size_t a = strcspn(s->failed[k], ":");

		why = kc_strv_add(why, kc_printf("arch/%.*s: error: sat on the %s:%s",
						 (int)a, s->failed[k], label,
						 s->failed[k] + a + 1));
		(*n)++;
	}
	return why;
}

char **range_sat_settle(struct range_sat_side *parent,
			struct range_sat_side *commit, size_t *n)
{
	struct kc_set arches = { 0 };
	char **why = NULL;

	*n = 0;
	failed_arches(parent, &arches);
	failed_arches(commit, &arches);
	if (arches.n) {
		drop_arches(&parent->f, &arches);
		drop_arches(&commit->f, &arches);
	}
	kc_set_free(&arches, NULL);
	why = side_errors(why, n, parent, "parent");
	return side_errors(why, n, commit, "commit");
}

void range_sat_side_free(struct range_sat_side *side)
{
	findings_free(&side->f);
	kc_strv_free(side->failed, side->nfailed);
	memset(side, 0, sizeof(*side));
}
