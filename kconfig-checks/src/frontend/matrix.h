/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The configuration matrix: which architectures, and for each the jobs a
 * worker runs (defconfigs, defconfigs + fragments, all*config, seeded
 * randconfigs), plus the targets that are skipped and why.
 */
#ifndef KCHECK_MATRIX_H
#define KCHECK_MATRIX_H

#include <stddef.h>

#include "protocol.h"

struct job {
	char *name;		/* "x86_64_defconfig+x86-kvm-host" */
	struct kc_JOB spec;	/* its line of the jobs file (protocol.h); owns
				 * target and more */
	char *line;		/* that line without the id (the JSON's "job") */
};

struct skip {
	char *arch;
	char *target;
	char *reason;
};

struct arch {
	char *name;		/* make's ARCH= */
	struct job *jobs;
	size_t njobs;
};

struct matrix_opts {
	const char *tree;
	char **arches;		/* NULL: every arch/<dir> with a Kconfig */
	size_t narches;
	char **defconfigs;	/* NULL: every defconfig */
	size_t ndefconfigs;
	const char *fragments;	/* dir of <ARCH>-*.config, or NULL */
	int no_defconfigs;	/* only all*config and randconfigs */
	int all_targets;	/* allnoconfig, allyesconfig, allmodconfig */
	int rand;		/* seeds per arch */
	unsigned int seed;	/* first seed */
	/* randconfigs also with each fragment as KCONFIG_ALLCONFIG */
	int rand_fragments;
};

struct matrix {
	struct arch *arches;
	size_t narches;
	struct skip *skips;
	size_t nskips;
};

/* Returns 0, or -1 with a message in err (unknown arch, no such defconfig). */
int matrix_build(const struct matrix_opts *o, struct matrix *m, char *err,
		 size_t errlen);
void matrix_free(struct matrix *m);
/* The arches of a tree (arch/<dir>/Kconfig), sorted; the caller frees. */
void matrix_arch_names(const char *tree, char ***names, size_t *n);
size_t matrix_count(const struct matrix *m);

#endif /* KCHECK_MATRIX_H */
