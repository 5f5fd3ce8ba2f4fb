// SPDX-License-Identifier: GPL-2.0-only
/*
 * merge_config.sh semantics, in C, so that a fragment job costs no shell.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"
#include "util.h"

static int word_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

char *fragment_symbol(const char *line)
{
	const char *p = line, *s;

	if (!strncmp(p, "# ", 2)) {
		s = p + 2;
		if (strncmp(s, "CONFIG_", 7))
			return NULL;
		p = s + 7;
		while (word_char(*p))
			p++;
		if (strcmp(p, " is not set"))
			return NULL;
		return kc_strndup(s, p - s);
	}
	if (strncmp(p, "CONFIG_", 7))
		return NULL;
	p += 7;
	while (word_char(*p))
		p++;
	if (*p != '=')
		return NULL;
	return kc_strndup(line, p - line);
}

/* grep -w: cfg appears delimited by non-word characters. */
static int has_word(const char *line, const char *cfg)
{
	size_t n = strlen(cfg);
	const char *p = line;

	while ((p = strstr(p, cfg))) {
		if ((p == line || !word_char(p[-1])) && !word_char(p[n]))
			return 1;
		p++;
	}
	return 0;
}

/* sed "/$CFG[ =]/d" */
static int sed_match(const char *line, const char *cfg)
{
	size_t n = strlen(cfg);
	const char *p = line;

	while ((p = strstr(p, cfg))) {
		if (p[n] == ' ' || p[n] == '=')
			return 1;
		p++;
	}
	return 0;
}

struct lines {
	char **v;
	size_t n;
};

static int split(char *buf, struct lines *l)
{
	char *p = buf, *nl;

	l->v = NULL;
	l->n = 0;
	while (*p) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		l->v = kc_realloc(l->v, (l->n + 1) * sizeof(*l->v));
		l->v[l->n++] = p;
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

int merge_fragment(const char *config, const char *fragment)
{
	char *base = NULL, *frag = NULL, *fragcopy = NULL;
	struct lines bl, fl;
	size_t i, j;
	FILE *out;
	int ret = -1;

	base = kc_read_file(config, NULL);
	frag = kc_read_file(fragment, NULL);
	if (!base || !frag)
		goto out;
	fragcopy = kc_strdup(frag);
	split(base, &bl);
	split(fragcopy, &fl);

	for (i = 0; i < fl.n; i++) {
		char *cfg = fragment_symbol(fl.v[i]);
		int present = 0;

		if (!cfg)
			continue;
		for (j = 0; j < bl.n; j++)
			if (bl.v[j] && has_word(bl.v[j], cfg))
				present = 1;
		for (j = 0; present && j < bl.n; j++)
			if (bl.v[j] && sed_match(bl.v[j], cfg))
				bl.v[j] = NULL;
		free(cfg);
	}

	out = fopen(config, "w");
	if (!out)
		goto free_lines;
	for (j = 0; j < bl.n; j++)
		if (bl.v[j])
			fprintf(out, "%s\n", bl.v[j]);
	fputs("\n", out);
	fputs(frag, out);
	if (fclose(out) == 0)
		ret = 0;
free_lines:
	free(bl.v);
	free(fl.v);
out:
	free(base);
	free(frag);
	free(fragcopy);
	return ret;
}
