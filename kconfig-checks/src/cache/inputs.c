// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a parse read (see inputs.h).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <string.h>

#include "ident.h"
#include "inputs.h"
#include "util.h"

static struct {
	int on;
	char **files, **cmds;
	unsigned int nfiles, ncmds;
	size_t dirlen;		/* files[*][0..dirlen) is common_dir() */
	/*
	 * when the recording began, by the clock the kernel stamps ctimes
	 * with (the coarse one): a change after it has a ctime at or after
	 * it; one in the same tick before it counts as during the parse
	 */
	struct timespec start;
} rec;

/*
 * The directory every file read is in (the tree's, for all but a tree
 * that sources a file outside it): the check looks each file up in it,
 * opened once, rather than by its whole path.  0: none but "/".
 */
static size_t common_dir(void)
{
	size_t n = 0, i, k;

	if (!rec.nfiles || rec.files[0][0] != '/')
		return 0;
	n = strlen(rec.files[0]);
	for (i = 1; i < rec.nfiles && n; i++) {
		for (k = 0; k < n && rec.files[i][k] == rec.files[0][k]; k++)
			;
		n = k;
	}
	while (n > 1 && rec.files[0][n - 1] != '/')
		n--;
	return n > 1 ? n : 0;
}

void inputs_record(int on)
{
	rec.on = on;
	if (on)
		clock_gettime(CLOCK_REALTIME_COARSE, &rec.start);
	else
		rec.dirlen = common_dir();
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

int inputs_hash(char out[33])
{
	struct ident_paths memo = { 0 };
	struct ident h;
	unsigned int i;
	int dfd = -1;

	ident_init(&h, "kcheck-inputs-2");
	/* path and identity; a file that is gone reads "absent" */
	if (rec.dirlen) {
		char *dir = kc_strndup(rec.files[0], rec.dirlen);

		dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
		free(dir);
	}
	for (i = 0; i < rec.nfiles; i++) {
		if (dfd >= 0)
			ident_mix_stat_at(&h, rec.files[i], dfd,
					  rec.files[i] + rec.dirlen);
		else
			ident_mix_stat(&h, rec.files[i]);
	}
	if (dfd >= 0)
		close(dfd);
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
	return h.newest.tv_sec > rec.start.tv_sec ||
	       (h.newest.tv_sec == rec.start.tv_sec &&
		h.newest.tv_nsec >= rec.start.tv_nsec);
}

void inputs_count(unsigned int *files, unsigned int *commands)
{
	*files = rec.nfiles;
	*commands = rec.ncmds;
}

void inputs_each(void (*fn)(const char *kind, const char *what, void *arg),
		 void *arg)
{
	unsigned int i;

	for (i = 0; i < rec.nfiles; i++)
		fn("file", rec.files[i], arg);
	for (i = 0; i < rec.ncmds; i++)
		fn("shell", rec.cmds[i], arg);
}
