/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every command runs in, set up before any work starts: the checked
 * tree(s) validated, the outputs checked against every input, kbuild's
 * redirecting variables cleared, kcheck's helpers found, its cache (owned
 * by the user, never writable by others) and a private run directory in
 * it, locked while this kcheck runs.
 */
#ifndef KCHECK_SESSION_H
#define KCHECK_SESSION_H

#include <signal.h>

#include "options.h"
#include "workers.h"

struct session {
	char *libexec;		/* engine.sh, env.mk, cross-compile.map */
	char *cache;		/* the cache (a real path) */
	char *workdir;		/* this run's directory in it */
	/* the speed layer's directories; NULL when switched off */
	char *shell_cache, *env_cache, *model_cache, *result_cache;
	int model_idle;		/* a model server's idle time, seconds */
	volatile sig_atomic_t *interrupted;	/* the signal that stops the run */
};

/* Validates a tree (OPT names it in messages); returns its real path. */
char *session_tree(const char *opt, const char *tree);

/* kc_die()s unless --output and --dump-dir may be written (output.h). */
void session_check_outputs(const struct opts *o);

/*
 * Clears the variables that would send kbuild's output elsewhere or make
 * read other makefiles, naming the ones a user sets on purpose.
 */
void session_clear_kbuild_env(int quiet);

/* Where kcheck's helpers are (installed, or beside the built binary). */
char *session_libexec(void);

/* The cache, the speed layer's directories (per o) and the run directory. */
void session_start(struct session *s, const struct opts *o);
void session_end(struct session *s);

/* kcheck-worker or kcheck-sat built for TREE (engine.h). */
char *session_engine(const struct session *s, const char *tree, int quiet,
		     const char *name);

/*
 * The run options of a matrix run of WORKER on TREE in WORKDIR, with the
 * session's speed layer and the options o: the one place they are made.
 */
void session_run_opts(const struct session *s, const struct opts *o,
		      const char *tree, const char *worker,
		      const char *workdir, struct run_opts *ro);

#endif /* KCHECK_SESSION_H */
