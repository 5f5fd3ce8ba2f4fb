/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kcheck range's side of git: the user's repository is only read (git
 * rev-parse, merge-base, log, diff-tree, and the upload-pack of a fetch,
 * with GIT_OPTIONAL_LOCKS=0); the commits are fetched into a private
 * repository in kcheck's cache, $KCHECK_CACHE/range/<key>/tree, whose work
 * tree is checked out at each commit in turn.  Every git runs with an
 * argument vector (kc_run()), never through a shell.
 */
#ifndef KCHECK_RANGEGIT_H
#define KCHECK_RANGEGIT_H

#include <stddef.h>

/* A commit of the first-parent walk, against its first parent. */
struct range_commit {
	char *sha, *parent, *subject;
	int merge;		/* it has more than one parent */
	char **files;		/* the paths it changes (diff-tree) */
	size_t nfiles;
};

struct range_repo {
	char *repo;		/* the user's repository, as given */
	char *gitdir;		/* its common git directory (real path) */
	char *dir;		/* the private copy: dir/tree, dir/lock */
	char *tree;		/* dir/tree: the work tree kcheck checks */
	char *base, *head;	/* the range's ends, full ids */
	char *start;		/* the first commit's first parent (base, or
				 * the commit base's line meets, see cmd_range) */
	struct range_commit *v;	/* oldest first */
	size_t n;
	int lockfd;
};

/*
 * Opens REPO and RANGE ("BASE..HEAD"): a git repository, two commits,
 * BASE an ancestor of HEAD, a non-empty first-parent walk; each commit's
 * changed paths.  Then the commits are in a private repository under
 * CACHE (locked while this kcheck runs).  kc_die()s with what is wrong.
 */
void range_repo_open(struct range_repo *r, const char *repo,
		     const char *range, const char *cache, int quiet);

/* Checks out SHA in r->tree (the private copy); kc_die()s on failure. */
void range_checkout(const struct range_repo *r, const char *sha);

/*
 * The file PATH of commit SHA, from the private copy's objects (any
 * commit of the walk, whatever is checked out); NULL when SHA has no
 * such file.  A file with a NUL byte ends there.
 */
char *range_blob(const struct range_repo *r, const char *sha,
		 const char *path);

void range_repo_free(struct range_repo *r);

/* A commit id's first 12 digits (four at a time may be in use). */
const char *range_short(const char *sha);

#endif /* KCHECK_RANGEGIT_H */
