// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a parse read (see inputs.h).
 */
#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "inputs.h"
#include "util.h"

static struct {
	int on;
	char **files, **cmds;
	unsigned int nfiles, ncmds;
} rec;

void inputs_record(int on)
{
	rec.on = on;
}

static void add(char ***v, unsigned int *n, const char *s)
{
	unsigned int i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*v)[i], s))
			return;
	*v = kc_realloc(*v, (*n + 1) * sizeof(char *));
	(*v)[(*n)++] = kc_strdup(s);
}

void inputs_file(const char *path)
{
	if (rec.on)
		add(&rec.files, &rec.nfiles, path);
}

void inputs_shell(const char *cmd)
{
	if (rec.on)
		add(&rec.cmds, &rec.ncmds, cmd);
}

void inputs_hash(char out[33])
{
	struct ident_paths memo = { 0 };
	struct ident h;
	unsigned int i;

	ident_init(&h, "kcheck-inputs-2");
	/* path and identity; a file that is gone reads "absent" */
	for (i = 0; i < rec.nfiles; i++)
		ident_mix_stat(&h, rec.files[i]);
	/*
	 * what a command's $(shell) cache key covers (ident_shell_key()):
	 * the environment and the package database, once for all of them,
	 * and each command's tools through PATH
	 */
	ident_mix_environ(&h);
	ident_mix_packages(&h);
	for (i = 0; i < rec.ncmds; i++) {
		ident_mix_str(&h, rec.cmds[i]);
		ident_mix_words(&h, rec.cmds[i], &memo);
	}
	ident_paths_free(&memo);
	ident_hex(&h, out);
}

void inputs_count(unsigned int *files, unsigned int *commands)
{
	*files = rec.nfiles;
	*commands = rec.ncmds;
}
