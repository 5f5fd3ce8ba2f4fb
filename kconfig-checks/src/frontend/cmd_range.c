// SPDX-License-Identifier: GPL-2.0-only
/*
 * kcheck range --tree REPO BASE..HEAD: each commit of the first-parent
 * walk of BASE..HEAD against its first parent: the findings it adds and
 * removes (check's findings, findings.h, the parent's keys as the
 * baseline) and the value changes (diff.h).  The commits are checked out
 * one after the other in a private copy of REPO (rangegit.h); an arch is
 * evaluated again only when the commit changes one of its inputs
 * (arch_why()), otherwise its results are the parent's.  With --sat,
 * kcheck sat on the selects of the symbols the commit changes, on the
 * parent and on the commit (rangesat.h).  Rendered by rangereport.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "output.h"
#include "rangereport.h"
#include "rangesat.h"
#include "rules.h"
#include "scan.h"
#include "util.h"

/* One commit's matrix and its results, one per arch of m. */
struct side {
	struct matrix m;
	struct arch_result *res;
};

struct range_run {
	struct opts *o;
	struct session *ss;
	struct range_repo rr;
	struct rules rules;
	struct side cur;		/* the commit the walk is at */
	struct scan scan;		/* its Kconfig entries and CONFIG_ uses */
	struct kc_set origin;		/* key -> the step that added it + 1 */
	size_t nrun;
	struct range_result res;
};

static void side_free(struct side *s)
{
	size_t i;

	for (i = 0; s->res && i < s->m.narches; i++)
		arch_result_free(&s->res[i]);
	free(s->res);
	matrix_free(&s->m);
	memset(s, 0, sizeof(*s));
}

/* The matrix of the commit checked out now. */
static void side_matrix(struct range_run *R, struct side *s, const char *sha)
{
	struct matrix_opts mo = R->o->mo;
	char err[4096];

	mo.tree = R->rr.tree;
	if (matrix_build(&mo, &s->m, err, sizeof(err)))
		kc_die("range: commit %s: %s", range_short(sha), err);
	if (!matrix_count(&s->m))
		kc_die("range: commit %s: these options select no configuration",
		       range_short(sha));
	s->res = kc_calloc(s->m.narches ? s->m.narches : 1, sizeof(*s->res));
}

/* Resolves the arches of s flagged in WHICH; the others are left as they are. */
static void eval_arches(struct range_run *R, struct side *s, const int *which)
{
	struct matrix sub = { 0 };
	struct arch_result *res;
	struct run_opts ro;
	char *worker, *wd;
	size_t i, k;

	sub.arches = kc_calloc(s->m.narches + 1, sizeof(*sub.arches));
	for (i = 0; i < s->m.narches; i++)
		if (which[i])
			sub.arches[sub.narches++] = s->m.arches[i];
	if (!sub.narches) {
		free(sub.arches);
		return;
	}
	res = kc_calloc(sub.narches, sizeof(*res));
	worker = session_engine(R->ss, R->rr.tree, R->o->quiet, "kcheck-worker");
	wd = kc_printf("%s/range-%zu", R->ss->workdir, R->nrun++);
	session_run_opts(R->ss, R->o, R->rr.tree, worker, wd, &ro);
	ro.values = 1;
	ro.inputs = 1;
	run_matrix(&ro, &sub, res);
	if (*R->ss->interrupted)
		kc_die("interrupted by signal %d; no report was written",
		       (int)*R->ss->interrupted);
	for (i = 0, k = 0; i < s->m.narches; i++)
		if (which[i])
			s->res[i] = res[k++];
	free(res);
	free(sub.arches);
	free(worker);
	free(wd);
}

static int same_arch(const struct arch *a, const struct arch *b)
{
	size_t k;

	if (a->njobs != b->njobs)
		return 0;
	for (k = 0; k < a->njobs; k++)
		if (strcmp(a->jobs[k].name, b->jobs[k].name) ||
		    strcmp(a->jobs[k].line, b->jobs[k].line))
			return 0;
	return 1;
}

/* PATH relative to TREE, when it is under it. */
static const char *in_tree(const char *tree, const char *path)
{
	size_t tl = strlen(tree);

	if (!strncmp(path, tree, tl) && path[tl] == '/')
		return path + tl + 1;
	return path;
}

/* Whether R's parse read a file PATH, or under PATH when DIR. */
static int parse_read(const char *tree, const struct arch_result *r,
		      const char *path, int dir)
{
	size_t i, n = strlen(path);

	for (i = 0; i < r->ninput_files; i++) {
		const char *f = in_tree(tree, r->input_files[i]);

		if (dir ? !strncmp(f, path, n) : !strcmp(f, path))
			return 1;
	}
	return 0;
}

/* Whether a $(shell) command of R's parse names PATH. */
static int shell_names(const struct arch_result *r, const char *path)
{
	size_t i;

	for (i = 0; i < r->ninput_cmds; i++)
		if (strstr(r->input_cmds[i], path))
			return 1;
	return 0;
}

static int is_makefile(const char *base)
{
	size_t n = strlen(base);

	return !strncmp(base, "Makefile", 8) || !strncmp(base, "Kbuild", 6) ||
	       (n > 3 && !strcmp(base + n - 3, ".mk"));
}

/*
 * A change to PATH under arch/<dir>/ (SUB: from the '/' after <dir>):
 * the arch's configurations, and the makefiles the top Makefile includes
 * for the arch, of its own directory or of one its parse read a file
 * under (arch/um reads arch/x86/um/Kconfig and includes arch/x86/Makefile.um).
 */
static const char *arch_dir_kind(const char *tree, const char *path,
				 const char *sub, const char *arch,
				 const struct arch_result *prev)
{
	size_t al = strlen(arch);
	int mine = !strncmp(path + 5, arch, al) && path + 5 + al == sub;
	const char *base = strrchr(path, '/') + 1;
	char *dir;

	if (mine && !strncmp(sub, "/configs/", 9))
		return "a configuration of the arch's matrix";
	if (!is_makefile(base) || strchr(sub + 1, '/'))
		return NULL;
	if (mine)
		return "the arch's makefile";
	dir = kc_strndup(path, sub + 1 - path);
	mine = prev && parse_read(tree, prev, dir, 1);
	free(dir);
	return mine ? "a makefile the arch's top Makefile includes" : NULL;
}

/*
 * Why a change to PATH makes ARCH's results change, or NULL: an input of
 * the arch's parse (the files it read and the $(shell) commands it ran,
 * as the worker recorded them: cache/inputs.h), of conf's environment or
 * of its matrix.  Anything under scripts/ (scripts/kconfig, the scripts
 * the probes run, the makefiles the top Makefile includes) and the top
 * makefiles are every arch's.  When the parent's parse failed, what it
 * read is not known: every Kconfig file counts.
 */
static const char *input_kind(const char *tree, const char *path,
			      const char *arch, const struct arch_result *prev)
{
	const char *base = strrchr(path, '/'), *sub, *kind = NULL;

	base = base ? base + 1 : path;
	if (!strncmp(path, "scripts/", 8))
		return "scripts/: kconfig, the $(shell) probes, the makefiles";
	if (!strchr(path, '/') && is_makefile(base))
		return "the top makefile";
	sub = strncmp(path, "arch/", 5) ? NULL : strchr(path + 5, '/');
	if (sub)
		kind = arch_dir_kind(tree, path, sub, arch, prev);
	if (kind)
		return kind;
	if (!prev || prev->error || !prev->ninput_files)
		return strncmp(base, "Kconfig", 7) ? NULL :
		       "a Kconfig file (what the parent's parse read is not known)";
	if (parse_read(tree, prev, path, 0))
		return "read by the arch's parse";
	if (shell_names(prev, path))
		return "named by a $(shell) of the arch's parse";
	return NULL;
}

/* The parent's arch of that name, or -1. */
static long arch_index(const struct side *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->m.narches; i++)
		if (s->m.arches[i].name && !strcmp(s->m.arches[i].name, name))
			return i;
	return -1;
}

/* Why ARCH (index i of next) must be evaluated again at C, or NULL. */
static char *arch_why(const struct range_run *R, const struct range_commit *c,
		      const struct arch *a)
{
	long j = arch_index(&R->cur, a->name);
	const struct arch_result *prev = j < 0 ? NULL : &R->cur.res[j];
	const char *kind = NULL, *first = NULL;
	size_t k, more = 0;

	if (j < 0)
		return kc_strdup("an arch the parent has not");
	if (!same_arch(&R->cur.m.arches[j], a))
		return kc_strdup("its configurations changed");
	for (k = 0; k < c->nfiles; k++) {
		const char *why = input_kind(R->rr.tree, c->files[k], a->name,
					     prev);

		if (!why)
			continue;
		if (!first) {
			first = c->files[k];
			kind = why;
		} else {
			more++;
		}
	}
	if (!first)
		return NULL;
	if (more)
		return kc_printf("%s: %s; and %zu more", first, kind, more);
	return kc_printf("%s: %s", first, kind);
}

/*
 * NEXT's arch i takes the parent's matrix entry and results (the same
 * configurations, nothing they read changed); the parent keeps the
 * entry NEXT built, which is freed with it.
 */
static void keep_arch(struct range_run *R, struct side *next, size_t i)
{
	long j = arch_index(&R->cur, next->m.arches[i].name);
	struct arch tmp = next->m.arches[i];

	next->m.arches[i] = R->cur.m.arches[j];
	R->cur.m.arches[j] = tmp;
	next->res[i] = R->cur.res[j];
	memset(&R->cur.res[j], 0, sizeof(R->cur.res[j]));
}

static void progress(const struct range_run *R, size_t i,
		     const struct range_step *st)
{
	size_t k;

	if (R->o->quiet)
		return;
	fprintf(stderr, "kcheck: range [%zu/%zu] %s %s: ", i + 1, R->rr.n,
		range_short(st->c->sha), st->c->subject);
	if (!st->nevaluated)
		fprintf(stderr, "no input of any arch changed, every arch's results kept");
	for (k = 0; k < st->nevaluated; k++)
		fprintf(stderr, "%sevaluating %s (%s)", k ? ", " : "",
			st->evaluated[k].arch, st->evaluated[k].why);
	fputc('\n', stderr);
}

static void why_not(struct range_step *st, char *line)
{
	st->why_not = kc_realloc(st->why_not,
				 (st->nwhy_not + 1) * sizeof(char *));
	st->why_not[st->nwhy_not++] = line;
}

/*
 * An arch that failed, or its configurations that could not be resolved;
 * with ST, each named there.
 */
static size_t arch_errors(const struct arch_result *r, struct range_step *st)
{
	size_t c, n = 0;

	if (r->error) {
		if (st)
			why_not(st, kc_printf("arch/%s: error: %s", r->arch,
					      r->error));
		return 1;
	}
	for (c = 0; c < r->ncfgs; c++) {
		if (!r->cfgs[c].error)
			continue;
		n++;
		if (st)
			why_not(st, kc_printf("%s/%s: error: %s", r->arch,
					      r->cfgs[c].name, r->cfgs[c].error));
	}
	return n;
}

/* NEXT: the commit's matrix, each arch kept or evaluated again. */
static void next_side(struct range_run *R, size_t i, struct range_step *st,
		      struct side *next)
{
	int *which;
	size_t a;

	side_matrix(R, next, st->c->sha);
	which = kc_calloc(next->m.narches + 1, sizeof(int));
	for (a = 0; a < next->m.narches; a++) {
		char *why = arch_why(R, st->c, &next->m.arches[a]);

		if (!why) {
			st->kept = kc_realloc(st->kept, (st->nkept + 1) * sizeof(char *));
			st->kept[st->nkept++] = kc_strdup(next->m.arches[a].name);
			keep_arch(R, next, a);
			continue;
		}
		which[a] = 1;
		st->evaluated = kc_realloc(st->evaluated,
					   (st->nevaluated + 1) * sizeof(*st->evaluated));
		st->evaluated[st->nevaluated].arch = kc_strdup(next->m.arches[a].name);
		st->evaluated[st->nevaluated++].why = why;
		st->configs += next->m.arches[a].njobs;
	}
	progress(R, i, st);
	eval_arches(R, next, which);
	/* the commit's errors; the run's: those of the arches evaluated */
	for (a = 0; a < next->m.narches; a++) {
		size_t e = arch_errors(&next->res[a], which[a] ? st : NULL);

		st->errors += e;
		if (which[a])
			R->res.errors += e;
	}
	free(which);
}

/* Moves the entries of files not in TOUCHED to TO, frees the others. */
static size_t keep_refs(const struct kc_set *touched, struct code_ref *from,
			size_t n, struct code_ref *to)
{
	size_t k, kept = 0;

	for (k = 0; k < n; k++) {
		if (!kc_set_has(touched, from[k].file)) {
			to[kept++] = from[k];
			continue;
		}
		free(from[k].name);
		free(from[k].file);
	}
	return kept;
}

/*
 * The scan of the commit checked out now, from its parent's (OLD, taken):
 * the entries of the files the commit does not change are the parent's,
 * the files it changes are read again (scan_files()), so it is what
 * scan_tree() on the whole tree would find.  *nfiles: how many were read
 * for CONFIG_ uses.
 */
static void scan_next(struct range_run *R, const struct range_commit *c,
		      struct scan *old, struct scan *next, size_t *nfiles)
{
	struct kc_set touched = { 0 };
	struct scan fresh;
	size_t k;

	for (k = 0; k < c->nfiles; k++)
		kc_set_put(&touched, c->files[k], NULL);
	scan_files(R->rr.tree, c->files, c->nfiles, !R->o->no_code_scan, &fresh);
	*nfiles = fresh.files;
	memset(next, 0, sizeof(*next));
	next->v = kc_calloc(old->n + fresh.n + 1, sizeof(*next->v));
	next->defs = kc_calloc(old->ndefs + fresh.ndefs + 1, sizeof(*next->defs));
	next->n = keep_refs(&touched, old->v, old->n, next->v);
	next->ndefs = keep_refs(&touched, old->defs, old->ndefs, next->defs);
	for (k = 0; k < fresh.n; k++)
		next->v[next->n++] = fresh.v[k];
	for (k = 0; k < fresh.ndefs; k++)
		next->defs[next->ndefs++] = fresh.defs[k];
	next->cap = next->n + 1;
	next->files = old->files;
	free(old->v);
	free(old->defs);
	memset(old, 0, sizeof(*old));
	free(fresh.v);
	free(fresh.defs);
	kc_set_free(&touched, NULL);
}

static void side_findings(struct range_run *R, struct side *s,
			  const struct scan *scan, struct findings *f)
{
	struct check_input in = {
		.m = &s->m, .res = s->res, .scan = scan,
		.rules = R->o->rules ? &R->rules : NULL,
	};

	findings_collect(&in, f);
}

/* Added: FC less the parent's keys; gone: FP less the commit's. */
static void compare(struct range_run *R, size_t i, struct findings *fp,
		    struct findings *fc, struct range_step *st)
{
	struct baseline bp = { 0 }, bc = { 0 };
	size_t k, n;

	findings_keys(fp, &bp.keys);
	findings_keys(fc, &bc.keys);
	findings_apply_baseline(fc, &bp);
	findings_apply_baseline(fp, &bc);
	fc->suppressed = 0;
	fp->suppressed = 0;
	if (R->o->have_baseline)
		findings_apply_baseline(fc, &R->o->baseline);
	st->added = *fc;
	st->gone = *fp;
	st->gone_by = kc_calloc(fp->n + 1, sizeof(char *));
	for (k = 0; k < fp->n; k++) {
		void *by = kc_set_get(&R->origin, fp->v[k].keys[0]);

		st->gone_by[k] = by ? R->rr.v[(size_t)by - 1].sha : NULL;
		for (n = 0; n < fp->v[k].nkeys; n++)
			*kc_set_put(&R->origin, fp->v[k].keys[n], NULL) = NULL;
	}
	for (k = 0; k < fc->n; k++)
		for (n = 0; n < fc->v[k].nkeys; n++)
			*kc_set_put(&R->origin, fc->v[k].keys[n], NULL) =
				(void *)(i + 1);
	baseline_free(&bp);
	baseline_free(&bc);
}

/*
 * The value changes of the arches evaluated again: the parent's results
 * of those arches against the commit's (the kept ones are the same).
 */
static struct diff *step_diff(const struct range_run *R,
			      const struct side *next,
			      const struct range_step *st)
{
	struct matrix mb = { 0 }, mh = { 0 };
	struct arch_result *rb, *rh;
	struct diff_side db, dh;
	struct diff *df;
	size_t k;

	if (!st->nevaluated)
		return NULL;
	mb.arches = kc_calloc(st->nevaluated, sizeof(*mb.arches));
	mh.arches = kc_calloc(st->nevaluated, sizeof(*mh.arches));
	rb = kc_calloc(st->nevaluated, sizeof(*rb));
	rh = kc_calloc(st->nevaluated, sizeof(*rh));
	for (k = 0; k < st->nevaluated; k++) {
		long j = arch_index(&R->cur, st->evaluated[k].arch);
		long h = arch_index(next, st->evaluated[k].arch);

		mh.arches[mh.narches] = next->m.arches[h];
		rh[mh.narches++] = next->res[h];
		if (j < 0)
			continue;
		mb.arches[mb.narches] = R->cur.m.arches[j];
		rb[mb.narches++] = R->cur.res[j];
	}
	db = (struct diff_side){ .tree = R->rr.tree, .m = &mb, .res = rb };
	dh = (struct diff_side){ .tree = R->rr.tree, .m = &mh, .res = rh };
	df = diff_new(&db, &dh);
	free(mb.arches);
	free(mh.arches);
	free(rb);
	free(rh);
	return df;
}

/*
 * --sat: the symbols C changes and the arches whose parent's parse read a
 * Kconfig file C changes (when the parent's parse failed: any), into ST.
 */
static void sat_scope(const struct range_run *R, const struct range_commit *c,
		      struct range_step *st)
{
	size_t a, k;

	st->sat_symbols = range_sat_symbols(&R->rr, c, &st->nsat_symbols);
	if (!st->nsat_symbols)
		return;
	st->sat_arches = kc_calloc(R->cur.m.narches + 1, sizeof(char *));
	for (a = 0; a < R->cur.m.narches; a++) {
		const struct arch_result *prev = &R->cur.res[a];

		for (k = 0; k < c->nfiles; k++) {
			if (!range_sat_kconfig_file(c->files[k]))
				continue;
			if (prev->error || !prev->ninput_files ||
			    parse_read(R->rr.tree, prev, c->files[k], 0))
				break;
		}
		if (k < c->nfiles)
			st->sat_arches[st->nsat_arches++] =
				kc_strdup(R->cur.m.arches[a].name);
	}
}

/*
 * --sat on the side checked out now (LABEL: "parent", "commit"), on the
 * ARCHES of st->sat_arches flagged (all when NULL), into SIDE.
 */
static void sat_side(struct range_run *R, struct range_step *st,
		     const char *label, const int *arches,
		     struct range_sat_side *side)
{
	char **v = kc_calloc(st->nsat_arches + 1, sizeof(char *));
	size_t a, n = 0;

	for (a = 0; a < st->nsat_arches; a++)
		if (!arches || arches[a])
			v[n++] = st->sat_arches[a];
	if (n && !R->o->quiet)
		fprintf(stderr, "kcheck: range: sat on the %s: %zu symbol%s on %zu arch%s\n",
			label, st->nsat_symbols, st->nsat_symbols == 1 ? "" : "s",
			n, n == 1 ? "" : "es");
	range_sat_run(R->ss, R->o, R->rr.tree, v, n, st->sat_symbols,
		      st->nsat_symbols, side);
	free(v);
}

/*
 * The commit's side of --sat: the arches of the parent's side the commit
 * still has, and the arches it adds (no parent's parse read their files);
 * flags per st->sat_arches, which gains the new ones.
 */
static int *sat_commit_arches(const struct range_run *R,
			      const struct side *next, struct range_step *st)
{
	int *flags;
	size_t a;

	if (!st->nsat_symbols)
		return NULL;
	for (a = 0; a < next->m.narches; a++)
		if (arch_index(&R->cur, next->m.arches[a].name) < 0) {
			st->sat_arches = kc_realloc(st->sat_arches,
				(st->nsat_arches + 2) * sizeof(char *));
			st->sat_arches[st->nsat_arches++] =
				kc_strdup(next->m.arches[a].name);
		}
	flags = kc_calloc(st->nsat_arches + 1, sizeof(int));
	for (a = 0; a < st->nsat_arches; a++)
		flags[a] = arch_index(next, st->sat_arches[a]) >= 0;
	return flags;
}

/* Both sides' sat findings into FP and FC, comparable (rangesat.h). */
static void sat_settle(struct range_run *R, struct range_step *st,
		       struct range_sat_side *sp, struct range_sat_side *sc,
		       struct findings *fp, struct findings *fc)
{
	size_t n, k;
	char **why = range_sat_settle(sp, sc, &n);

	for (k = 0; k < n; k++)
		why_not(st, why[k]);
	free(why);
	st->errors += n;
	R->res.errors += n;
	findings_move(fp, &sp->f);
	findings_move(fc, &sc->f);
	range_sat_side_free(sp);
	range_sat_side_free(sc);
}

/* Commit i against its first parent, where the walk is. */
static void step(struct range_run *R, size_t i)
{
	struct range_step *st = &R->res.steps[i];
	const struct range_commit *c = &R->rr.v[i];
	struct range_sat_side sat_p = { 0 }, sat_c = { 0 };
	struct side next = { 0 };
	struct scan sc;
	struct findings fp, fc;

	st->c = c;
	side_findings(R, &R->cur, &R->scan, &fp);
	if (R->o->sat) {
		sat_scope(R, c, st);
		sat_side(R, st, "parent", NULL, &sat_p);
	}
	range_checkout(&R->rr, c->sha);
	next_side(R, i, st, &next);
	scan_next(R, c, &R->scan, &sc, &st->code_files);
	R->scan = sc;
	side_findings(R, &next, &R->scan, &fc);
	if (R->o->sat) {
		int *arches = sat_commit_arches(R, &next, st);

		sat_side(R, st, "commit", arches, &sat_c);
		free(arches);
		sat_settle(R, st, &sat_p, &sat_c, &fp, &fc);
	}
	compare(R, i, &fp, &fc, st);
	st->diff = step_diff(R, &next, st);
	side_free(&R->cur);
	R->cur = next;
}

/* The start (BASE, or where the walk leaves BASE's line): every arch. */
static void eval_start(struct range_run *R)
{
	struct range_step *st = &R->res.start;
	struct scan_bg bg;
	char *checked, err[1024];
	int *which;
	size_t a;

	range_checkout(&R->rr, R->rr.start);
	checked = session_tree("range: the start", R->rr.tree);
	free(checked);
	arch_help(R->o, R->rr.tree);
	side_matrix(R, &R->cur, R->rr.start);
	which = kc_calloc(R->cur.m.narches + 1, sizeof(int));
	for (a = 0; a < R->cur.m.narches; a++) {
		which[a] = 1;
		st->evaluated = kc_realloc(st->evaluated,
					   (a + 1) * sizeof(*st->evaluated));
		st->evaluated[a].arch = kc_strdup(R->cur.m.arches[a].name);
		st->evaluated[a].why = kc_strdup("the start");
		st->configs += R->cur.m.arches[a].njobs;
	}
	st->nevaluated = R->cur.m.narches;
	if (!R->o->quiet)
		fprintf(stderr, "kcheck: range: the start %s%s: %zu arches, %zu configurations\n",
			range_short(R->rr.start),
			strcmp(R->rr.start, R->rr.base) ? "" : " (BASE)",
			R->cur.m.narches, st->configs);
	/* the whole tree's files, read while the workers resolve */
	scan_tree_start(&bg, R->rr.tree, NULL, 0, !R->o->no_code_scan,
			&R->scan);
	eval_arches(R, &R->cur, which);
	if (scan_tree_wait(&bg, err, sizeof(err)))
		kc_die("range: %s", err);
	st->code_files = R->scan.files;
	for (a = 0; a < R->cur.m.narches; a++)
		st->errors += arch_errors(&R->cur.res[a], st);
	R->res.errors += st->errors;
	free(which);
}

/*
 * The findings HEAD has that the range added: each commit's added
 * findings without the keys a later commit removed (or added again).
 */
static void open_findings(struct range_run *R)
{
	struct findings *open = &R->res.open;
	size_t i, k, n;

	memset(open, 0, sizeof(*open));
	for (i = 0; i < R->rr.n; i++) {
		struct findings f;
		struct baseline closed = { 0 };

		findings_copy(&f, &R->res.steps[i].added);
		for (k = 0; k < f.n; k++)
			for (n = 0; n < f.v[k].nkeys; n++)
				if (kc_set_get(&R->origin, f.v[k].keys[n]) !=
				    (void *)(i + 1))
					kc_set_put(&closed.keys, f.v[k].keys[n], NULL);
		findings_apply_baseline(&f, &closed);
		open->v = kc_realloc(open->v, (open->n + f.n + 1) * sizeof(*open->v));
		R->res.open_by = kc_realloc(R->res.open_by,
					    (open->n + f.n + 1) * sizeof(char *));
		for (k = 0; k < f.n; k++) {
			R->res.open_by[open->n] = R->rr.v[i].sha;
			open->v[open->n++] = f.v[k];
		}
		free(f.v);
		baseline_free(&closed);
	}
}

static void step_free(struct range_step *st)
{
	size_t k;

	for (k = 0; k < st->nevaluated; k++) {
		free(st->evaluated[k].arch);
		free(st->evaluated[k].why);
	}
	free(st->evaluated);
	kc_strv_free(st->kept, st->nkept);
	kc_strv_free(st->why_not, st->nwhy_not);
	kc_strv_free(st->sat_symbols, st->nsat_symbols);
	kc_strv_free(st->sat_arches, st->nsat_arches);
	findings_free(&st->added);
	findings_free(&st->gone);
	free(st->gone_by);
	diff_delete(st->diff);
}

static void range_free(struct range_run *R)
{
	size_t i;

	for (i = 0; i < R->rr.n; i++)
		step_free(&R->res.steps[i]);
	step_free(&R->res.start);
	free(R->res.steps);
	findings_free(&R->res.open);
	free(R->res.open_by);
	side_free(&R->cur);
	kc_set_free(&R->origin, NULL);
	scan_free(&R->scan);
	if (R->o->rules)
		rules_free(&R->rules);
	range_repo_free(&R->rr);
}

int cmd_range(struct opts *o, struct session *ss)
{
	struct range_run R = { .o = o, .ss = ss };
	double t0 = kc_now();
	char err[1024];
	size_t i, added = 0;
	FILE *out;
	int ret;

	if (o->rules && rules_load(o->rules, &R.rules, err, sizeof(err)))
		kc_die("%s", err);
	range_repo_open(&R.rr, o->tree, o->range, ss->cache, o->quiet);
	if (!o->quiet)
		fprintf(stderr, "kcheck: range %s: %zu commits, first-parent walk\n",
			o->range, R.rr.n);
	R.res.repo = &R.rr;
	R.res.range = o->range;
	R.res.sat = o->sat;
	R.res.steps = kc_calloc(R.rr.n, sizeof(*R.res.steps));
	eval_start(&R);
	for (i = 0; i < R.rr.n; i++) {
		step(&R, i);
		added += R.res.steps[i].added.n != 0;
	}
	open_findings(&R);
	R.res.head = (struct report_input){
		.tree = R.rr.repo, .m = &R.cur.m, .res = R.cur.res,
		.f = &R.res.open, .seed = o->mo.seed, .rand = o->mo.rand,
		.seconds = kc_now() - t0,
	};
	out = output_open(o->output);
	range_report(out, o->fmt, &R.res);
	output_commit(out, o->output);
	if (!o->quiet)
		fprintf(stderr, "kcheck: range: %zu commits, %zu add findings, %zu could not be evaluated, %.1f s\n",
			R.rr.n, added, R.res.errors, kc_now() - t0);
	ret = R.res.errors ? 2 : added ? 1 : 0;
	range_free(&R);
	return ret;
}
