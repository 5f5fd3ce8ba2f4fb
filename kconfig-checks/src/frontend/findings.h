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
#include "workers.h"
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

/* The first symbol an invariant names that is not in DEFINED, or NULL. */
const char *rule_undefined_symbol(const struct rule *r,
				  const struct kc_set *defined);

/*
 * A finding seen in WHERE (a configuration, or an arch for sat): findings
 * with the same GROUP are one finding (made on the first, with file:line,
 * symbol and MESSAGE), listing each WHERE with its baseline KEY.  Takes
 * GROUP, MESSAGE and KEY.  checks: the check and the kcheck sat results
 * both report through this.
 */
void findings_add(struct findings *f, struct kc_set *groups,
		  const char *check, char *group, const char *file, int line,
		  const char *symbol, char *message, const char *where,
		  char *key);

/* Drop (finding, configuration) pairs whose key is in the baseline. */
void findings_apply_baseline(struct findings *f, const struct baseline *b);
void findings_free(struct findings *f);
/* A deep copy of SRC (kcheck range keeps a commit's findings). */
void findings_copy(struct findings *dst, const struct findings *src);
/* SRC's findings appended to DST; SRC is left empty. */
void findings_move(struct findings *dst, struct findings *src);
/* Every (finding, configuration) key of F, into KEYS. */
void findings_keys(const struct findings *f, struct kc_set *keys);

#endif /* KCHECK_FINDINGS_H */
