/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where kcheck writes: a report (--output FILE or stdout) and dumps.  Checked
 * before any work starts, written through a temporary file in the same
 * directory that is fsync()ed and renamed into place, so that kcheck never
 * replaces an input, a device, a symbolic link, a directory or a file of a
 * checked tree, and never leaves half a report.
 */
#ifndef KCHECK_OUTPUT_H
#define KCHECK_OUTPUT_H

#include <stdio.h>

/* Files and directories kcheck reads: an output may not be one of them. */
struct protected_paths {
	const char **files;	/* rules, baseline, fragments, ... */
	size_t nfiles;
	const char **trees;	/* nothing is written inside a checked tree */
	size_t ntrees;
};

void protect_file(struct protected_paths *in, const char *path);
void protect_tree(struct protected_paths *in, const char *path);
void protected_free(struct protected_paths *in);

/*
 * kc_die()s unless path can be written as an output: an existing regular
 * file that is not an input, or a new name in an existing writable
 * directory outside every tree.  dir selects the rule for a directory
 * (--dump-dir): an existing directory or a new one.
 */
void output_check(const char *opt, const char *path,
		  const struct protected_paths *in, int dir);

/* The stream to write to: stdout when path is NULL, else a temp file. */
FILE *output_open(const char *path);

/* fsync and rename into place; any write error is kc_die() (exit 2). */
void output_commit(FILE *f, const char *path);

/* Removes an uncommitted temporary file (atexit, signals). */
void output_abandon(void);

#endif /* KCHECK_OUTPUT_H */
