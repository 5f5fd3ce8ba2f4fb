/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CONFIG_FOO references outside Kconfig: C, headers, assembly, linker
 * scripts, Makefiles/Kbuild, Documentation and tools/testing/selftests.
 */
#ifndef KCHECK_SCAN_H
#define KCHECK_SCAN_H

#include <pthread.h>
#include <stddef.h>

struct code_ref {
	char *name;		/* FOO, without CONFIG_ */
	char *file;		/* relative to the tree */
	int line;
};

struct scan {
	struct code_ref *v;	/* CONFIG_FOO uses */
	size_t n, cap;
	/* 'config FOO' / 'menuconfig FOO' lines of every Kconfig* file */
	struct code_ref *defs;
	size_t ndefs;
	size_t files;
};

/*
 * Collect the 'config' lines of every Kconfig file of tree and, when code
 * is set, the CONFIG_ uses in the files under the given relative paths
 * (all files when nscope is 0).  Returns 0, or -1 when a scope path does
 * not exist (message in err).
 */
int scan_tree(const char *tree, char **scope, size_t nscope, int code,
	      struct scan *s, char *err, size_t errlen);
void scan_free(struct scan *s);

/*
 * What scan_tree() would find in FILES (paths relative to TREE) alone: the
 * same rules, a file that is not there is nothing (kcheck range: the files
 * a commit changes).
 */
void scan_files(const char *tree, char *const *files, size_t n, int code,
		struct scan *s);

/*
 * scan_tree() in a thread of its own, so that it runs beside the workers
 * (it reads files only); scan_tree_wait() returns what scan_tree() would
 * have.  The arguments must live until then.
 */
struct scan_bg {
	pthread_t thread;
	/*
	 * the thread starts before and ends after every fork of the run
	 * (util.h's fork gate covers what it does in between)
	 */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int started, released;
	const char *tree;
	char **scope;
	size_t nscope;
	int code, ret;
	struct scan *s;
	char err[1024];
};

void scan_tree_start(struct scan_bg *bg, const char *tree, char **scope,
		     size_t nscope, int code, struct scan *s);
int scan_tree_wait(struct scan_bg *bg, char *err, size_t errlen);

#endif /* KCHECK_SCAN_H */
