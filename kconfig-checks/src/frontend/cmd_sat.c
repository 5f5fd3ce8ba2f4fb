// SPDX-License-Identifier: GPL-2.0-only
/* kcheck sat: every configuration Kconfig allows (kcheck-sat, satreport.h). */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "findings.h"
#include "output.h"
#include "rules.h"
#include "satreport.h"
#include "satrun.h"
#include "scan.h"
#include "treerun.h"
#include "util.h"

/* Kconfig 'config' lines of every arch, for names the checks look up. */
static void scan_defs(const char *tree, struct scan *scan)
{
	char err[1024];

	if (scan_tree(tree, NULL, 0, 0, scan, err, sizeof(err)))
		kc_die("%s", err);
}

/* --symbols: every glob valid and matching a symbol some arch defines. */
static void check_symbols(struct opts *o, const struct scan *defs)
{
	size_t g, i;

	for (g = 0; g < o->nsymbols; g++) {
		const char *glob = o->symbols[g];
		int depth = 0, hits = 0;
		const char *p;
		char *upper;

		for (p = glob; *p; p++) {
			if (*p == '[')
				depth = 1;
			else if (*p == ']')
				depth = 0;
			else if (!(*p == '_' || *p == '*' || *p == '?' || *p == '!' ||
				   *p == '-' || (*p >= 'A' && *p <= 'Z') ||
				   (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
				kc_die("--symbols '%s': '%c' cannot be part of a symbol name or a glob",
				       glob, *p);
		}
		if (depth)
			kc_die("--symbols '%s': a '[' without its ']'", glob);
		for (i = 0; i < defs->ndefs && !hits; i++)
			hits = !fnmatch(glob, defs->defs[i].name, 0);
		if (hits)
			continue;
		upper = kc_strdup(glob);
		for (p = upper; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				upper[p - upper] = *p - 'a' + 'A';
		for (i = 0; i < defs->ndefs && !hits; i++)
			hits = !fnmatch(upper, defs->defs[i].name, 0);
		if (hits)
			kc_die("--symbols '%s' matches no symbol of this tree; symbols are upper case: '%s'",
			       glob, upper);
		kc_die("--symbols '%s' matches no symbol defined in any Kconfig file of this tree",
		       glob);
	}
}

/* A rule naming a symbol no arch defines proves nothing: refuse it. */
static void check_rule_symbols(const struct rules *r, const struct scan *defs)
{
	struct kc_set known = { 0 };
	size_t i;

	for (i = 0; i < defs->ndefs; i++)
		kc_set_put(&known, defs->defs[i].name, NULL);
	for (i = 0; i < r->n; i++) {
		const char *name = rule_undefined_symbol(&r->v[i], &known);

		if (name)
			kc_die("%s:%d: %s is defined on no architecture of this tree; an invariant naming it proves nothing (a typo?)",
			       r->file, r->v[i].line, name);
	}
	kc_set_free(&known, NULL);
}

/* The arches sat looks at, and --symbols and the rules checked on them. */
static void sat_matrix(struct opts *o, struct tree_run *s,
		       const struct rules *rules)
{
	struct scan defs;

	o->mo.no_defconfigs = 1;
	o->mo.all_targets = 0;
	o->mo.rand = 0;
	o->mo.fragments = NULL;
	tree_run_matrix(o, s);
	scan_defs(s->tree, &defs);
	check_symbols(o, &defs);
	if (rules)
		check_rule_symbols(rules, &defs);
	scan_free(&defs);
}

int cmd_sat(struct opts *o, struct session *ss)
{
	struct tree_run s = { 0 };
	const struct rules *r;
	struct sat_counts c;
	struct findings f;
	struct rules rules;
	char err[1024], *symbols;
	double t0 = kc_now();
	FILE *out;
	int ret;

	if (o->rules && rules_load(o->rules, &rules, err, sizeof(err)))
		kc_die("%s", err);
	r = o->rules ? &rules : NULL;
	s.tree = kc_strdup(o->tree);
	sat_matrix(o, &s, r);
	symbols = sat_scope_arg(o->symbols, o->nsymbols);
	s.res = kc_calloc(s.m.narches ? s.m.narches : 1, sizeof(*s.res));
	s.failed = sat_run(ss, o, s.tree, &s.m, symbols, s.res);
	sat_findings(&s.m, s.res, r, &f);
	if (o->have_baseline)
		findings_apply_baseline(&f, &o->baseline);
	out = output_open(o->output);
	sat_report(out, o->fmt, s.tree, &s.m, s.res, r,
		   o->have_baseline ? &o->baseline : NULL, &f, &c);
	output_commit(out, o->output);
	if (!o->quiet)
		fprintf(stderr, "kcheck: sat: %zu confirmed unmet, %zu unconfirmed, %zu invariants refuted, %zu unknown, %zu arches failed, %.1f s\n",
			c.confirmed, c.unconfirmed, c.inv_refuted, c.inv_unknown,
			c.errors, kc_now() - t0);
	ret = c.errors ? 2 : f.n ? 1 : 0;
	findings_free(&f);
	free(symbols);
	if (r)
		rules_free(&rules);
	tree_run_free(&s);
	return ret;
}
