// SPDX-License-Identifier: GPL-2.0-only
/*
 * kcheck-sat's queries: the scope test, one solver call with one
 * assumption, counted, and the counters' X stats lines.  Used by the
 * unmet and invariant checks (satworker.c) and by redundancy mining
 * (satredund.c).
 */
#include <fnmatch.h>
#include <stdio.h>

#include "protocol.h"
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
	return sat_query_n(w, &lit, 1);
}

int sat_query_n(struct satwork *w, const int *lits, int n)
{
	int r = enc_solve(w->e, lits, n);

	w->queries++;
	if (r > 0)
		w->sat++;
	else if (!r)
		w->unsat++;
	else
		w->gaveup++;
	return r;
}

void sat_stat(struct satwork *w, const char *name, int value)
{
	char v[16];

	snprintf(v, sizeof(v), "%d", value);
	KC_EMIT(w->out, X_STATS, .name = name, .value = v);
}
