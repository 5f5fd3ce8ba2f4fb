/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * 'kcheck sat': the report of the all-configurations mode, from the X
 * lines of each arch's kcheck-sat (see satworker.c).
 */
#ifndef KCHECK_SATREPORT_H
#define KCHECK_SATREPORT_H

#include <stdio.h>

#include "baseline.h"
#include "findings.h"
#include "matrix.h"
#include "report.h"
#include "rules.h"
#include "workers.h"

struct sat_counts {
	size_t confirmed;	/* unmet dependencies the engine reproduced */
	size_t unconfirmed;	/* models the engine did not reproduce */
	size_t proved_selects;	/* selects proved never unmet */
	size_t selects;
	size_t inv_proved, inv_refuted, inv_unknown;
	size_t redundancies;	/* proved */
	size_t samples;		/* --sample: models resolved by kconfig */
	size_t samples_agreed, samples_explained, samples_differ;
	size_t suppressed;	/* findings in the baseline */
	size_t errors;		/* arches that could not be evaluated */
};

/*
 * The findings of a sat run, in the one findings model (findings.h):
 * confirmed unmet dependencies ("sat-unmet", per arch) and invariants not
 * proved ("sat-invariant").
 */
void sat_findings(const struct matrix *m, const struct arch_result *res,
		  const struct rules *rules, struct findings *f);

/*
 * Print the report (text or json; the json has F's findings in check's
 * schema).  BASELINE: a previous --format json report (or NULL); confirmed
 * unmet dependencies and refuted invariants found there are counted as
 * suppressed instead.  Returns 0.
 */
int sat_report(FILE *out, enum format fmt, const char *tree,
	       const struct matrix *m, const struct arch_result *res,
	       const struct rules *rules, const struct baseline *baseline,
	       const struct findings *f, struct sat_counts *c);

#endif /* KCHECK_SATREPORT_H */
