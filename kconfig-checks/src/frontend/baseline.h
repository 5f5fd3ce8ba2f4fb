/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Baselines: the JSON report of an earlier run, read with json-c and
 * checked against the report's schema before any work starts.
 */
#ifndef KCHECK_BASELINE_H
#define KCHECK_BASELINE_H

#include <stddef.h>

#include "util.h"

enum baseline_kind { BASELINE_CHECK, BASELINE_SAT };

struct baseline {
	char *path;
	char *tree;		/* the tree the baseline was made on */
	struct kc_set keys;	/* the (finding, configuration) keys in it */
};

/*
 * Reads path (a file, a pipe, /dev/stdin) as a kcheck (check) or kcheck sat
 * report.  Returns 0, or -1 with a message in err: unreadable, not JSON,
 * truncated, NUL bytes, or not shaped like that kind of report.
 */
int baseline_load(const char *path, enum baseline_kind kind,
		  struct baseline *b, char *err, size_t errlen);
/* The same from memory; buf[len] must be NUL.  path names it. */
int baseline_parse(const char *buf, size_t len, const char *path,
		   enum baseline_kind kind, struct baseline *b, char *err,
		   size_t errlen);
void baseline_free(struct baseline *b);

#endif /* KCHECK_BASELINE_H */
