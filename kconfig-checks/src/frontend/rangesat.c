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

/* Appends LINE (without its newline) and a newline to *text. */
static void add_line(char **text, const char *line, const char *end)
{
	char *t = kc_printf("%s%.*s\n", *text ? *text : "", (int)(end - line), line);

	free(*text);
	*text = t;
}

/*
 * TEXT (a Kconfig file) into its config entries, BLOCKS: name -> the
 * entry's lines without its help text, blank and comment lines (an
 * entry repeated in the file: its lines one after the other), and *SKEL:
 * every other line outside them.
 */
static void split_entries(const char *text, struct kc_set *blocks, char **skel)
{
	const char *line = text, *end;
	char **cur = NULL;
	int help = -1;		/* in help text: its indentation, or 0 before
				 * its first line */

	for (; line && *line; line = *end ? end + 1 : end) {
		char *name;
		int col;

		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		col = indent(line, end);
		if (help >= 0) {
			if (col < 0)
				continue;
			if (!help)
				help = col;
			if (col >= help)
				continue;
			help = -1;
		}
		/* blank and comment lines say nothing about an entry */
		if (col < 0 || line[strspn(line, " \t")] == '#')
			continue;
		if (starts_entry(line, end)) {
			name = config_name(line, end);
			cur = name ? (char **)kc_set_put(blocks, name, NULL) : NULL;
			free(name);
		}
		if (cur && (first_word(line, end, "help") || first_word(line, end, "---help---"))) {
			help = 0;
			continue;
		}
		add_line(cur ? cur : skel, line, end);
	}
}

static void free_blocks(struct kc_set *blocks)
{
	kc_set_free(blocks, free);
}

/* Every name of B into NAMES. */
static void all_names(const struct kc_set *b, struct kc_set *names)
{
	size_t i;

	for (i = 0; i < b->cap; i++)
		if (b->slot[i])
			kc_set_put(names, b->slot[i], NULL);
}

/* The names of OLD and NEW whose entries differ, into NAMES. */
static void changed_entries(const char *old, const char *new,
			    struct kc_set *names)
{
	struct kc_set bo = { 0 }, bn = { 0 };
	char *so = NULL, *sn = NULL;
	size_t i;

	split_entries(old, &bo, &so);
	split_entries(new, &bn, &sn);
	if (strcmp(so ? so : "", sn ? sn : "")) {
		all_names(&bo, names);
		all_names(&bn, names);
	} else {
		for (i = 0; i < bo.cap; i++) {
			const char *t;

			if (!bo.slot[i])
				continue;
			t = kc_set_get(&bn, bo.slot[i]);
			if (!t || strcmp(t, bo.val[i] ? bo.val[i] : ""))
				kc_set_put(names, bo.slot[i], NULL);
		}
		for (i = 0; i < bn.cap; i++)
			if (bn.slot[i] && !kc_set_has(&bo, bn.slot[i]))
				kc_set_put(names, bn.slot[i], NULL);
	}
	free(so);
	free(sn);
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

/* kcheck-sat's --symbols: the names, comma-separated. */
static char *joined(char **v, size_t n)
{
	char *s = kc_strdup(""), *t;
	size_t k;

	for (k = 0; k < n; k++) {
		t = kc_printf("%s%s%s", s, k ? "," : "", v[k]);
		free(s);
		s = t;
	}
	return s;
}

size_t range_sat_run(const struct session *ss, const struct opts *o,
		     const char *tree, char **arches, size_t narches,
		     char **symbols, size_t nsymbols, struct findings *f,
		     char ***why, size_t *nwhy)
{
	struct opts so = *o;
	struct matrix m = { 0 };
	struct arch_result *res;
	char err[4096], *scope;
	size_t a, errors = 0;

	memset(f, 0, sizeof(*f));
	if (!narches || !nsymbols)
		return 0;
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
	scope = joined(symbols, nsymbols);
	res = kc_calloc(m.narches ? m.narches : 1, sizeof(*res));
	sat_run(ss, &so, tree, &m, scope, res);
	sat_findings(&m, res, NULL, f);
	for (a = 0; a < m.narches; a++) {
		if (!res[a].error)
			continue;
		*why = kc_realloc(*why, (*nwhy + 1) * sizeof(char *));
		(*why)[(*nwhy)++] = kc_printf("arch/%s: error: sat: %s",
					      m.arches[a].name, res[a].error);
		errors++;
	}
	for (a = 0; a < m.narches; a++)
		arch_result_free(&res[a]);
	free(res);
	free(scope);
	matrix_free(&m);
	return errors;
}
