// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reports and dumps are written so that nothing is lost: see output.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "util.h"

static char *pending;		/* temp file not yet renamed */

void protect_file(struct protected_paths *in, const char *path)
{
	in->files = kc_realloc(in->files, (in->nfiles + 1) * sizeof(char *));
	in->files[in->nfiles++] = path;
}

void protect_tree(struct protected_paths *in, const char *path)
{
	in->trees = kc_realloc(in->trees, (in->ntrees + 1) * sizeof(char *));
	in->trees[in->ntrees++] = path;
}

void protected_free(struct protected_paths *in)
{
	free(in->files);
	free(in->trees);
	in->files = in->trees = NULL;
	in->nfiles = in->ntrees = 0;
}

/* The directory part of path, as a real path; NULL if it does not exist. */
static char *real_dir(const char *path)
{
	char *copy = kc_strdup(path), *d = dirname(copy);
	char *r = realpath(d, NULL);

	free(copy);
	return r;
}

static int under(const char *dir, const char *tree)
{
	size_t n = strlen(tree);

	return !strncmp(dir, tree, n) && (dir[n] == '/' || !dir[n]);
}

/*
 * DIR (a real path) is TREE or inside it, by device and inode: a bind
 * mount of the tree, or of a directory in it, is the tree too.
 */
static int under_identity(const char *dir, const char *tree)
{
	struct stat t, d;
	char *p, *slash;
	int found = 0;

	if (stat(tree, &t))
		return 0;
	p = kc_strdup(dir);
	for (;;) {
		if (!stat(p, &d) && d.st_dev == t.st_dev && d.st_ino == t.st_ino) {
			found = 1;
			break;
		}
		slash = strrchr(p, '/');
		if (!slash || slash == p)
			break;
		*slash = '\0';
	}
	free(p);
	return found;
}

static int same_file(const struct stat *a, const char *path)
{
	struct stat b;

	return !stat(path, &b) && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

void output_check(const char *opt, const char *path,
		  const struct protected_paths *in, int dir)
{
	struct stat st;
	char *rd, *rp;
	size_t i;

	if (!*path)
		kc_die("%s: an empty path", opt);
	if (!lstat(path, &st)) {
		if (S_ISLNK(st.st_mode))
			kc_die("%s %s: is a symbolic link; kcheck does not replace it (give the file it points to, or a new name)",
			       opt, path);
		if (dir && !S_ISDIR(st.st_mode))
			kc_die("%s %s: exists and is not a directory", opt, path);
		if (!dir && S_ISDIR(st.st_mode))
			kc_die("%s %s: is a directory; give a file name", opt, path);
		if (!dir && !S_ISREG(st.st_mode))
			kc_die("%s %s: is not a regular file (a device, a pipe or a socket); kcheck only replaces regular files",
			       opt, path);
		for (i = 0; i < in->nfiles; i++)
			if (same_file(&st, in->files[i]))
				kc_die("%s %s: is an input of this run (%s); kcheck does not replace its inputs",
				       opt, path, in->files[i]);
	} else if (errno != ENOENT) {
		kc_die("%s %s: %s", opt, path, strerror(errno));
	}
	rd = real_dir(path);
	if (!rd)
		kc_die("%s %s: the directory it would go in does not exist",
		       opt, path);
	if (access(rd, W_OK | X_OK))
		kc_die("%s %s: cannot write in %s: %s", opt, path, rd,
		       strerror(errno));
	rp = dir && !lstat(path, &st) ? realpath(path, NULL) : NULL;
	for (i = 0; i < in->ntrees; i++)
		if (under(rp ? rp : rd, in->trees[i]) ||
		    under_identity(rp ? rp : rd, in->trees[i]))
			kc_die("%s %s: is inside the checked tree %s; kcheck never writes into a tree it checks",
			       opt, path, in->trees[i]);
	free(rp);
	free(rd);
}

static void check_stream(FILE *f, const char *what)
{
	if (fflush(f) || ferror(f))
		kc_die("cannot write the report to %s: %s", what,
		       errno ? strerror(errno) : "write error");
}

FILE *output_open(const char *path)
{
	char *copy, *base, *dir;
	mode_t mask;
	FILE *f;
	int fd;

	if (!path)
		return stdout;
	copy = kc_strdup(path);
	base = kc_strdup(basename(copy));
	free(copy);
	copy = kc_strdup(path);
	dir = dirname(copy);
	pending = kc_printf("%s/.%s.kcheck-XXXXXX", dir, base);
	free(copy);
	free(base);
	fd = mkstemp(pending);
	if (fd < 0) {
		char *p = pending;

		pending = NULL;
		kc_die("cannot create a temporary file next to %s: %s", path,
		       strerror(errno));
		free(p);
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask))
		kc_die("%s: %s", pending, strerror(errno));
	f = fdopen(fd, "w");
	if (!f)
		kc_die("%s: %s", pending, strerror(errno));
	return f;
}

void output_commit(FILE *f, const char *path)
{
	struct stat st;

	if (f == stdout) {
		check_stream(stdout, "standard output");
		return;
	}
	errno = 0;
	if (fflush(f) || ferror(f) || fsync(fileno(f)))
		kc_die("cannot write %s: %s", path,
		       errno ? strerror(errno) : "write error");
	if (fclose(f))
		kc_die("cannot write %s: %s", path, strerror(errno));
	/* it may have changed while kcheck ran */
	if (!lstat(path, &st) && !S_ISREG(st.st_mode))
		kc_die("%s is no longer a regular file; the report was not written",
		       path);
	if (rename(pending, path))
		kc_die("cannot write %s: %s", path, strerror(errno));
	free(pending);
	pending = NULL;
}

void output_abandon(void)
{
	if (pending) {
		unlink(pending);
		free(pending);
		pending = NULL;
	}
}
