/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The speed layer's one door.  kcheck is exact without any of src/cache:
 * an arch's worker gets conf's environment from the tree's top Makefile
 * and parses the arch's Kconfig itself (workers.c, the plain path).  With
 * the layer on, the process about to exec the worker asks speed_env()
 * instead, which may answer from the caches behind it:
 *
 *   envcache.c     conf's environment, without running make
 *   shellcache.c   Kconfig's $(shell ...) results (named to the worker in
 *                  its environment; the worker's side is compiled in it)
 *   modelclient.c  a model server (serve.c) whose parsed model is still
 *                  what a parse would give: it takes the run over
 *   resultcache.c  the whole output of an earlier run with the same
 *                  inputs (kcheck range's, which reports its inputs)
 *
 * --no-shell-cache switches all of it off, --no-model-cache the model
 * servers and the result cache.
 */
#ifndef KCHECK_SPEED_H
#define KCHECK_SPEED_H

/* The speed layer's directories; NULL: that part is off. */
struct speed {
	const char *shell_cache;	/* $(shell) results */
	const char *env_cache;		/* conf's environments */
	const char *model_cache;	/* model servers' sockets */
	const char *result_cache;	/* workers' outputs */
	int model_idle;			/* a model server's idle time, seconds */
};

/* An arch's worker, as the front end starts it (workers.c). */
struct launch {
	const char *worker, *tree, *arch;
	const char *dir;	/* its working directory */
	char **argv;		/* NULL-terminated (kc_strv_add()), ends in "Kconfig" */
	const char *fault;	/* KCHECK_FAULT for the worker, or NULL */
	/*
	 * conf's environment as 'make ARCH=<arch>' gives it, NULL on failure;
	 * *makefiles (when not NULL) gets the makefiles make read.
	 */
	char **(*conf_env)(const struct launch *l, char **makefiles);
	const void *ctx;	/* for conf_env */
};

/* Whether any part of the layer is on. */
int speed_on(const struct speed *s);

/*
 * In the process that would exec L's worker, with its stdin, stdout and
 * stderr in place and in its directory: the worker's environment (NULL
 * when conf's could not be had).  When a model server takes the run this
 * does not return: the process ends as the served worker did.  Otherwise,
 * with model servers on, L's argv gains the arguments with which the
 * worker leaves a model server behind.
 */
char **speed_env(const struct speed *s, struct launch *l);

#endif /* KCHECK_SPEED_H */
