/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Runs one worker per (tree, arch), up to N at a time, each in the
 * environment 'make ARCH=<arch>' gives scripts/kconfig, and collects what
 * they report (see protocol.h).
 */
#ifndef KCHECK_WORKERS_H
#define KCHECK_WORKERS_H

#include <signal.h>
#include <stddef.h>

#include "matrix.h"
#include "protocol.h"
#include "speed.h"

struct unmet {
	char *target, *selector, *file, *dep;
	int line;
	char active, depval;
};

/* A fragment line kconfig or merge_config.sh would warn about. */
struct frag_warning {
	char *file, *kind, *symbol, *message;
	int line;
};

struct cfg_result {
	const char *name;	/* points into the matrix */
	char *error;		/* NULL when resolved */
	struct unmet *unmet;
	size_t nunmet;
	int *failed_rules;	/* rule line numbers */
	size_t nfailed;
	struct frag_warning *fragw;
	size_t nfragw;
	char *vline;		/* the V line, split in place */
	char **vals;		/* nnames entries; NULL = not in .config */
	int done;		/* its D line came */
};

struct def {
	char *name, *file;
	char type;
	int line;
};

struct ref {
	char *name, *file, *how;
	int line;
};

struct arch_result {
	const char *arch;
	char *error;		/* parse failure, crash: the arch has no results */
	struct cfg_result *cfgs;	/* one per job, in matrix order */
	size_t ncfgs;
	struct def *defs;
	size_t ndefs;
	struct ref *refs;
	size_t nrefs;
	struct kc_msg *x;	/* kcheck-sat's X lines, parsed, their own */
	size_t nx;
	char **input_files;	/* --inputs: the files the parse read, */
	char **input_cmds;	/* and its $(shell) commands (I lines) */
	size_t ninput_files, ninput_cmds;
	char **names;		/* --values: symbol order of vals */
	char *nline;
	size_t nnames;
	double seconds;
	int from_model;		/* a model server's worker (modelclient.h) */
	int from_results;	/* the result cache's output (resultcache.h) */
};

struct run_opts {
	const char *tree;
	const char *worker;	/* kcheck-worker built for this tree */
	const char *libexec;	/* where env.mk is */
	const char *workdir;	/* private output directories live here */
	const char *rules;	/* or NULL */
	const char *dump_dir;	/* or NULL: write <arch>/<config>.config */
	int values;
	int inputs;		/* what each arch's parse read (I lines) */
	int jobs;
	int quiet;
	struct speed speed;	/* the speed layer (speed.h); all NULL: off */
	const char *label;	/* for progress lines ("base", "head") */
	char *const *extra_args;	/* more worker arguments, NULL-terminated */
	volatile sig_atomic_t *stop;	/* set by a signal handler: kill the workers */
};

/* Fills res[i] for m->arches[i].  Returns the number of arches that failed. */
int run_matrix(const struct run_opts *o, const struct matrix *m,
	       struct arch_result *res);
void arch_result_free(struct arch_result *r);

#endif /* KCHECK_WORKERS_H */
