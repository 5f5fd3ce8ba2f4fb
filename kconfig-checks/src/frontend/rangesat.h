/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kcheck range --sat: the symbols a commit adds, removes or changes, and
 * kcheck sat (satrun.h) on the selects of those symbols, once on the
 * parent and once on the commit, so that range can say which sat
 * findings the commit adds and which it removes.
 */
#ifndef KCHECK_RANGESAT_H
#define KCHECK_RANGESAT_H

#include <stddef.h>

#include "findings.h"
#include "matrix.h"
#include "options.h"
#include "rangegit.h"
#include "session.h"

/*
 * The names whose Kconfig entries differ between the parent and the
 * commit C, in the Kconfig* files C changes: an entry added, removed, or
 * with any line changed but its help text; every entry of a file whose
 * lines outside the config entries (menu, if, choice, source...) changed.
 * Read from the private copy's objects.  Sorted; *n of them.
 */
char **range_sat_symbols(const struct range_repo *r,
			 const struct range_commit *c, size_t *n);

/* Whether PATH is a Kconfig file by its name (Kconfig, Kconfig.debug...). */
int range_sat_kconfig_file(const char *path);

/* One side's sat run: its findings, the arches that could not be evaluated. */
struct range_sat_side {
	struct findings f;
	char **failed;		/* "ARCH: MESSAGE" */
	size_t nfailed;
};

/*
 * kcheck sat on the ARCHES of TREE (checked out at the side to look at)
 * on the selects whose selector or target is one of SYMBOLS (every select
 * when their names are too many for an argument): every confirmed unmet
 * dependency into SIDE's findings (findings.h: "sat-unmet").
 */
void range_sat_run(const struct session *ss, const struct opts *o,
		   const char *tree, char **arches, size_t narches,
		   char **symbols, size_t nsymbols, struct range_sat_side *side);

/*
 * The parent's and the commit's sat runs made comparable: the findings of
 * an arch that could not be evaluated on either side are dropped from
 * both (its findings would otherwise look added or gone).  Returns the
 * "arch/A: error: sat on the SIDE: ..." lines (a vector, kc_strv_add()).
 */
char **range_sat_settle(struct range_sat_side *parent,
			struct range_sat_side *commit, size_t *n);

void range_sat_side_free(struct range_sat_side *side);

#endif /* KCHECK_RANGESAT_H */
