// SPDX-License-Identifier: GPL-2.0-only
/*
 * kcheck-sat's queries: the scope test and one solver call with one
 * assumption, counted.  Used by the unmet and invariant checks
 * (satworker.c) and by redundancy mining (satredund.c).
 */
#include <fnmatch.h>

#include "satwork.h"

bool sat_in_scope(const struct satwork *w, const char *name)
{
	int i;

	if (!w->nscope)
		return true;
	for (i = 0; i < w->nscope; i++)
		if (!fnmatch(w->scope[i], name, 0))
			return true;
	return false;
}

int sat_query(struct satwork *w, int lit)
{
	int r = enc_solve(w->e, &lit, 1);

	w->queries++;
	if (r > 0)
		w->sat++;
	else if (!r)
		w->unsat++;
	else
		w->gaveup++;
	return r;
}
