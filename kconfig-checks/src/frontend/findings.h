/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Findings: what the checks conclude from the workers' results, with a
 * stable key per (finding, configuration) for baselines.
 */
#ifndef KCHECK_FINDINGS_H
#define KCHECK_FINDINGS_H

#include <stddef.h>

#include "baseline.h"
#include "matrix.h"
#include "rules.h"
#include "runner.h"
#include "scan.h"

struct finding {
	const char *check;	/* "unmet-dependency", "undefined-symbol", ... */
	char *file;
	int line;
	char *message;
	char *symbol;
	char **configs;		/* "arch/config" where it happens (if any) */
	char **keys;		/* one per config, or one when no configs */
	size_t nconfigs, nkeys;
};

struct findings {
	struct finding *v;
	size_t n;
	size_t suppressed;	/* by the baseline */
};

struct check_input {
	const struct matrix *m;
	struct arch_result *res;
	const struct rules *rules;	/* or NULL */
	const struct scan *scan;	/* code references, or NULL */
};

void findings_collect(const struct check_input *in, struct findings *f);

/* Drop (finding, configuration) pairs whose key is in the baseline. */
void findings_apply_baseline(struct findings *f, const struct baseline *b);
void findings_free(struct findings *f);

#endif /* KCHECK_FINDINGS_H */
