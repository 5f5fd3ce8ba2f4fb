// SPDX-License-Identifier: GPL-2.0-only
/*
 * kcheck: Kconfig checks over a whole configuration matrix, evaluated by
 * the checked tree's own scripts/kconfig.
 *
 *   kcheck [check] --tree DIR [options]      findings; exit 0/1/2
 *   kcheck diff BASE HEAD [options]          what changes between two trees
 *   kcheck dump --tree DIR --dump-dir D      write each configuration's
 *                                            .config symbol lines
 *   kcheck sat --tree DIR [options]          every configuration Kconfig
 *                                            allows (SAT); exit 0/1/2
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diff.h"
#include "findings.h"
#include "matrix.h"
#include "report.h"
#include "rules.h"
#include "runner.h"
#include "satreport.h"
#include "scan.h"
#include "util.h"

static const char usage[] =
"usage: kcheck [check] --tree DIR [options]\n"
"       kcheck diff BASE-TREE HEAD-TREE [options]\n"
"       kcheck dump --tree DIR --dump-dir DIR [options]\n"
"       kcheck sat --tree DIR [--arch A] [--scope GLOB,...] [--rules FILE] [options]\n"
"\n"
"matrix:\n"
"  --arch A[,B...]      architectures (make's ARCH); default: every arch/*/Kconfig\n"
"  --defconfig NAME     only this defconfig (repeatable); default: all\n"
"  --fragments DIR      layer DIR/<ARCH>-*.config on each defconfig\n"
"                       (default: kcheck's fragments/; --no-fragments: none)\n"
"  --no-all-targets     skip allnoconfig, allyesconfig, allmodconfig\n"
"  --no-defconfigs      skip the defconfigs (and fragments)\n"
"  --rand N             N randconfigs per arch (default 0)\n"
"  --seed S             first randconfig seed (default 1); seeds S..S+N-1\n"
"  --rand-fragments     each randconfig also with each fragment as KCONFIG_ALLCONFIG\n"
"checks:\n"
"  --rules FILE         invariants and existence rules (see rules.h)\n"
"  --scope PATH         look for CONFIG_ uses in PATH only (repeatable)\n"
"  --no-code-scan       do not look for CONFIG_ uses outside Kconfig\n"
"  --baseline FILE      a --format json report: report only what is not in it\n"
"sat (every configuration, not a matrix):\n"
"  --scope GLOB[,GLOB]  the symbols to look at (fnmatch globs, e.g. 'KVM*');\n"
"                       selects touching them, redundancy among them\n"
"  --unmet all|scope|none  which selects to check (default: scope; all\n"
"                       without --scope)\n"
"  --no-redundancy      skip redundancy mining\n"
"  --real N             randconfigs that pre-filter redundancy candidates (8)\n"
"  --baseline FILE      a kcheck sat --format json report: report only what\n"
"                       is not in it\n"
"output:\n"
"  --format text|json|md, --output FILE, --quiet (no progress on stderr)\n"
"  -j N                 parallel workers (default: CPU count)\n"
"  --no-cross           use the host compiler for every arch (default: the\n"
"                       cross compiler of cross-compile.map when installed)\n"
"  --no-shell-cache     no caches: run every Kconfig $(shell ...) and each\n"
"                       arch's top Makefile (see shellcache.c, envcache.c)\n"
"\n"
"exit status: 0 clean, 1 findings (diff: differences), 2 could not run\n";

struct opts {
	const char *cmd;
	const char *tree, *tree2;
	struct matrix_opts mo;
	char **arches;
	size_t narches;
	char **defconfigs;
	size_t ndefconfigs;
	char **scope;
	size_t nscope;
	char *rules;
	const char *baseline, *output, *dump_dir;
	enum format fmt;
	int no_code_scan, no_shell_cache, jobs, quiet;
	const char *unmet;
	int no_redundancy;
	const char *real;
};

static char *libexec;
static char *shell_cache, *env_cache;
static char *workdir;
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static void rm_rf(const char *path)
{
	pid_t pid;
	int st;

	if (!path)
		return;
	pid = fork();
	if (!pid) {
		execlp("rm", "rm", "-rf", "--", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
}

static void cleanup(void)
{
	rm_rf(workdir);
}

static void split_add(char ***v, size_t *n, const char *arg)
{
	char *s = kc_strdup(arg), *tok, *save = NULL;

	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		*v = kc_realloc(*v, (*n + 1) * sizeof(char *));
		(*v)[(*n)++] = kc_strdup(tok);
	}
	free(s);
}

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static char *cache_dir(void)
{
	const char *c = getenv("GMEM_CACHE"), *x = getenv("XDG_CACHE_HOME");
	const char *h = getenv("HOME");

	if (c && *c)
		return kc_printf("%s/kcheck", c);
	if (x && *x)
		return kc_printf("%s/gmem-kconfig/kcheck", x);
	return kc_printf("%s/.cache/gmem-kconfig/kcheck", h ? h : "/tmp");
}

static char *find_libexec(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *s;

	if (getenv("KCHECK_LIBEXEC"))
		return kc_strdup(getenv("KCHECK_LIBEXEC"));
	if (n <= 0)
		kc_die("cannot find kcheck's own directory");
	buf[n] = '\0';
	/* <libexec>/build[-san]/kcheck */
	s = strrchr(buf, '/');
	*s = '\0';
	s = strrchr(buf, '/');
	*s = '\0';
	return kc_strdup(buf);
}

/* Validates a tree; returns its real path. */
static char *check_tree(const char *tree)
{
	static const char *const need[] = {
		"Makefile", "Kconfig", "scripts/kconfig/conf.c", "arch",
	};
	char rp[PATH_MAX];
	struct stat st;
	size_t i;

	if (!tree)
		kc_die("no tree: give --tree DIR (a Linux source tree)");
	if (stat(tree, &st))
		kc_die("%s: %s", tree, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		kc_die("%s: not a directory", tree);
	if (!realpath(tree, rp))
		kc_die("%s: %s", tree, strerror(errno));
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		char *p = kc_printf("%s/%s", rp, need[i]);

		if (access(p, R_OK))
			kc_die("%s is not a Linux kernel tree (no %s)", tree, need[i]);
		free(p);
	}
	return kc_strdup(rp);
}

/* Builds (or finds) kcheck-worker for a tree; see engine.sh. */
static char *engine(const char *tree, int quiet)
{
	char *cmd = kc_printf("'%s/engine.sh' '%s'%s", libexec, tree,
			      quiet ? " 2>/dev/null" : "");
	char line[PATH_MAX];
	FILE *p = popen(cmd, "r");
	char *out = NULL;

	if (!p)
		kc_die("cannot run %s", cmd);
	if (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		out = kc_strdup(line);
	}
	if (pclose(p) || !out || access(out, X_OK))
		kc_die("could not build the kconfig engine for %s (run %s/engine.sh '%s' to see why)",
		       tree, libexec, tree);
	free(cmd);
	return out;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

struct side {
	char *tree;
	char *worker;
	struct matrix m;
	struct arch_result *res;
	int failed;
};

static void run_side(struct opts *o, struct side *s, const char *tree,
		     const char *label, int values)
{
	struct run_opts ro = { 0 };
	struct matrix_opts mo = o->mo;
	char err[1024];
	char *wd;

	s->tree = check_tree(tree);
	mo.tree = s->tree;
	if (matrix_build(&mo, &s->m, err, sizeof(err)))
		kc_die("%s", err);
	s->worker = engine(s->tree, o->quiet);
	wd = kc_printf("%s/%s", workdir, label);
	ro.tree = s->tree;
	ro.worker = s->worker;
	ro.libexec = libexec;
	ro.workdir = wd;
	ro.rules = o->rules;
	ro.values = values;
	ro.jobs = o->jobs;
	ro.quiet = o->quiet;
	ro.dump_dir = o->dump_dir;
	ro.shell_cache = shell_cache;
	ro.env_cache = env_cache;
	ro.stop = &interrupted;
	ro.label = !strcmp(label, "tree") ? NULL :
		   !strcmp(label, "base") ? "base " : "head ";
	if (!o->quiet)
		fprintf(stderr, "kcheck: %s%s: %zu arches, %zu configurations, %d workers\n",
			ro.label ? ro.label : "", s->tree, s->m.narches,
			matrix_count(&s->m), ro.jobs);
	s->res = kc_calloc(s->m.narches ? s->m.narches : 1, sizeof(*s->res));
	s->failed = run_matrix(&ro, &s->m, s->res);
	free(wd);
	if (interrupted)
		kc_die("interrupted by signal %d; nothing was written", (int)interrupted);
}

static void free_side(struct side *s)
{
	size_t i;

	for (i = 0; i < s->m.narches; i++)
		arch_result_free(&s->res[i]);
	free(s->res);
	matrix_free(&s->m);
	free(s->tree);
	free(s->worker);
}

/* Name the dumped files after their configurations. */
static void rename_dumps(const char *dir, struct side *s)
{
	size_t a, c;

	for (a = 0; a < s->m.narches; a++)
		for (c = 0; c < s->m.arches[a].njobs; c++) {
			char *from = kc_printf("%s/%s/%zu.config", dir,
					       s->m.arches[a].name, c);
			char *name = kc_strdup(s->m.arches[a].jobs[c].name), *p;
			char *to;

			for (p = name; *p; p++)
				if (*p == '/')
					*p = '_';
			to = kc_printf("%s/%s/%s.config", dir, s->m.arches[a].name,
				       name);
			rename(from, to);
			free(from);
			free(to);
			free(name);
		}
}

static FILE *open_output(const struct opts *o, char **tmp)
{
	FILE *f;

	*tmp = NULL;
	if (!o->output)
		return stdout;
	*tmp = kc_printf("%s.tmp.%d", o->output, (int)getpid());
	f = fopen(*tmp, "w");
	if (!f)
		kc_die("cannot write %s: %s", *tmp, strerror(errno));
	return f;
}

static void close_output(const struct opts *o, FILE *f, char *tmp)
{
	if (f == stdout) {
		fflush(stdout);
		return;
	}
	if (fclose(f) || rename(tmp, o->output))
		kc_die("cannot write %s: %s", o->output, strerror(errno));
	free(tmp);
}

static int cmd_check(struct opts *o)
{
	struct side s = { 0 };
	struct rules rules;
	struct findings f;
	struct scan scan = { 0 };
	struct check_input in;
	struct report_input ri;
	char err[1024], *tmp;
	double t0 = now();
	size_t errors;
	FILE *out;
	int ret;

	if (o->rules && rules_load(o->rules, &rules, err, sizeof(err)))
		kc_die("%s", err);
	run_side(o, &s, o->tree, "tree", 0);
	if (!o->quiet)
		fprintf(stderr, "kcheck: scanning Kconfig files%s\n",
			o->no_code_scan ? "" : o->nscope ?
			" and the scope for CONFIG_ uses" :
			" and the tree for CONFIG_ uses");
	if (scan_tree(s.tree, o->scope, o->nscope, !o->no_code_scan, &scan,
		      err, sizeof(err)))
		kc_die("%s", err);
	in.m = &s.m;
	in.res = s.res;
	in.rules = o->rules ? &rules : NULL;
	in.scan = &scan;
	findings_collect(&in, &f);
	if (o->baseline && findings_apply_baseline(&f, o->baseline, err, sizeof(err)))
		kc_die("%s", err);

	ri.tree = s.tree;
	ri.m = &s.m;
	ri.res = s.res;
	ri.f = &f;
	ri.scan = in.scan;
	ri.seed = o->mo.seed;
	ri.rand = o->mo.rand;
	ri.seconds = now() - t0;
	out = open_output(o, &tmp);
	report(out, o->fmt, &ri);
	close_output(o, out, tmp);
	errors = report_errors(&ri);
	if (!o->quiet)
		fprintf(stderr, "kcheck: %zu configurations, %zu findings%s, %zu could not be evaluated, %.1f s\n",
			matrix_count(&s.m), f.n,
			f.suppressed ? " (after the baseline)" : "", errors,
			ri.seconds);
	ret = errors ? 2 : f.n ? 1 : 0;
	findings_free(&f);
	scan_free(&scan);
	if (o->rules)
		rules_free(&rules);
	free_side(&s);
	return ret;
}

static int cmd_diff(struct opts *o)
{
	struct side b = { 0 }, h = { 0 };
	struct diff_side db, dh;
	struct report_input ri = { 0 };
	size_t ndiff, errors;
	FILE *out;
	char *tmp;

	run_side(o, &b, o->tree, "base", 1);
	run_side(o, &h, o->tree2, "head", 1);
	db.tree = b.tree;
	db.m = &b.m;
	db.res = b.res;
	dh.tree = h.tree;
	dh.m = &h.m;
	dh.res = h.res;
	out = open_output(o, &tmp);
	ndiff = diff_report(out, o->fmt, &db, &dh);
	close_output(o, out, tmp);
	ri.m = &b.m;
	ri.res = b.res;
	errors = report_errors(&ri);
	ri.m = &h.m;
	ri.res = h.res;
	errors += report_errors(&ri);
	if (errors)
		fprintf(stderr, "kcheck: %zu configurations could not be evaluated; see kcheck check\n",
			errors);
	free_side(&b);
	free_side(&h);
	return errors ? 2 : ndiff ? 1 : 0;
}

static int cmd_dump(struct opts *o)
{
	struct side s = { 0 };
	struct report_input ri = { 0 };
	size_t errors;

	if (!o->dump_dir)
		kc_die("dump needs --dump-dir DIR");
	if (mkdir(o->dump_dir, 0755) && errno != EEXIST)
		kc_die("%s: %s", o->dump_dir, strerror(errno));
	run_side(o, &s, o->tree, "tree", 0);
	rename_dumps(o->dump_dir, &s);
	ri.m = &s.m;
	ri.res = s.res;
	errors = report_errors(&ri);
	report(stderr, FMT_TEXT, &(struct report_input){
		.m = &s.m, .res = s.res, .f = &(struct findings){ 0 } });
	free_side(&s);
	return errors ? 2 : 0;
}

static char *sat_worker(const char *worker)
{
	char *s = kc_strdup(worker), *slash = strrchr(s, '/');
	char *out;

	if (slash)
		*slash = '\0';
	out = kc_printf("%s/kcheck-sat", slash ? s : ".");
	free(s);
	if (access(out, X_OK))
		kc_die("%s is missing (engine build incomplete?)", out);
	return out;
}

static int cmd_sat(struct opts *o)
{
	struct run_opts ro = { 0 };
	struct matrix_opts mo = o->mo;
	struct side s = { 0 };
	struct sat_counts c;
	struct rules rules;
	char err[1024], *tmp, *scope = NULL, *args[16];
	double t0 = now();
	size_t i;
	int n = 0, ret;
	FILE *out;

	if (o->rules && rules_load(o->rules, &rules, err, sizeof(err)))
		kc_die("%s", err);
	s.tree = check_tree(o->tree);
	mo.tree = s.tree;
	mo.no_defconfigs = 1;
	mo.all_targets = 0;
	mo.rand = 0;
	mo.fragments = NULL;
	if (matrix_build(&mo, &s.m, err, sizeof(err)))
		kc_die("%s", err);
	s.worker = engine(s.tree, o->quiet);
	for (i = 0; i < o->nscope; i++) {
		char *t = kc_printf("%s%s%s", scope ? scope : "", scope ? "," : "",
				    o->scope[i]);

		free(scope);
		scope = t;
	}
	if (scope) {
		args[n++] = "--scope";
		args[n++] = scope;
	}
	args[n++] = "--unmet";
	args[n++] = (char *)(o->unmet ? o->unmet : scope ? "scope" : "all");
	if (o->no_redundancy || !scope)
		args[n++] = "--no-redundancy";
	if (o->real) {
		args[n++] = "--real";
		args[n++] = (char *)o->real;
	}
	args[n] = NULL;
	ro.tree = s.tree;
	ro.worker = sat_worker(s.worker);
	ro.libexec = libexec;
	ro.workdir = workdir;
	ro.rules = o->rules;
	ro.jobs = o->jobs;
	ro.quiet = o->quiet;
	ro.shell_cache = shell_cache;
	ro.env_cache = env_cache;
	ro.stop = &interrupted;
	ro.extra_args = args;
	if (!o->quiet)
		fprintf(stderr, "kcheck: sat on %s: %zu arches, scope %s, %d workers\n",
			s.tree, s.m.narches, scope ? scope : "(every symbol)",
			ro.jobs);
	s.res = kc_calloc(s.m.narches ? s.m.narches : 1, sizeof(*s.res));
	s.failed = run_matrix(&ro, &s.m, s.res);
	if (interrupted)
		kc_die("interrupted by signal %d; nothing was written", (int)interrupted);
	out = open_output(o, &tmp);
	if (sat_report(out, o->fmt, s.tree, &s.m, s.res, o->rules ? &rules : NULL,
		       o->baseline, &c, err, sizeof(err)))
		kc_die("%s", err);
	close_output(o, out, tmp);
	if (!o->quiet)
		fprintf(stderr, "kcheck: sat: %zu confirmed unmet, %zu unconfirmed, %zu invariants refuted, %zu unknown, %zu arches failed, %.1f s\n",
			c.confirmed, c.unconfirmed, c.inv_refuted, c.inv_unknown,
			c.errors, now() - t0);
	ret = c.errors ? 2 : c.confirmed || c.inv_refuted || c.inv_unknown ? 1 : 0;
	free((char *)ro.worker);
	free(scope);
	if (o->rules)
		rules_free(&rules);
	free_side(&s);
	return ret;
}

static void parse(int argc, char **argv, struct opts *o)
{
	enum {
		O_TREE = 256, O_ARCH, O_DEFCONFIG, O_FRAGMENTS, O_NOFRAG,
		O_NOALL, O_NODEF, O_RAND, O_SEED, O_RANDFRAG, O_RULES, O_SCOPE,
		O_NOSCAN, O_BASELINE, O_FORMAT, O_OUTPUT, O_QUIET, O_DUMP,
		O_HELP, O_NOSHELL, O_UNMET, O_NOREDUND, O_REAL, O_NOCROSS,
	};
	static const struct option lo[] = {
		{ "tree", required_argument, NULL, O_TREE },
		{ "arch", required_argument, NULL, O_ARCH },
		{ "defconfig", required_argument, NULL, O_DEFCONFIG },
		{ "fragments", required_argument, NULL, O_FRAGMENTS },
		{ "no-fragments", no_argument, NULL, O_NOFRAG },
		{ "no-all-targets", no_argument, NULL, O_NOALL },
		{ "no-defconfigs", no_argument, NULL, O_NODEF },
		{ "rand", required_argument, NULL, O_RAND },
		{ "seed", required_argument, NULL, O_SEED },
		{ "rand-fragments", no_argument, NULL, O_RANDFRAG },
		{ "rules", required_argument, NULL, O_RULES },
		{ "scope", required_argument, NULL, O_SCOPE },
		{ "no-code-scan", no_argument, NULL, O_NOSCAN },
		{ "baseline", required_argument, NULL, O_BASELINE },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "output", required_argument, NULL, O_OUTPUT },
		{ "quiet", no_argument, NULL, O_QUIET },
		{ "dump-dir", required_argument, NULL, O_DUMP },
		{ "help", no_argument, NULL, O_HELP },
		{ "no-shell-cache", no_argument, NULL, O_NOSHELL },
		{ "unmet", required_argument, NULL, O_UNMET },
		{ "no-redundancy", no_argument, NULL, O_NOREDUND },
		{ "real", required_argument, NULL, O_REAL },
		{ "no-cross", no_argument, NULL, O_NOCROSS },
		{ NULL, 0, NULL, 0 },
	};
	static char frag_default[PATH_MAX];
	char *end;
	int c;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	o->cmd = "check";
	if (argc > 1 && (!strcmp(argv[1], "check") || !strcmp(argv[1], "diff") ||
			 !strcmp(argv[1], "dump") || !strcmp(argv[1], "sat"))) {
		o->cmd = argv[1];
		argv++;
		argc--;
	}
	snprintf(frag_default, sizeof(frag_default), "%s/fragments", libexec);
	o->mo.fragments = frag_default;
	o->mo.all_targets = 1;
	o->mo.seed = 1;
	o->jobs = cpus > 0 ? (int)cpus : 1;
	while ((c = getopt_long(argc, argv, "j:h", lo, NULL)) != -1) {
		switch (c) {
		case O_TREE:
			o->tree = optarg;
			break;
		case O_ARCH:
			split_add(&o->arches, &o->narches, optarg);
			break;
		case O_DEFCONFIG:
			split_add(&o->defconfigs, &o->ndefconfigs, optarg);
			break;
		case O_FRAGMENTS:
			o->mo.fragments = realpath(optarg, NULL);
			if (!o->mo.fragments)
				kc_die("--fragments %s: %s", optarg, strerror(errno));
			break;
		case O_NOFRAG:
			o->mo.fragments = NULL;
			break;
		case O_NOALL:
			o->mo.all_targets = 0;
			break;
		case O_NODEF:
			o->mo.no_defconfigs = 1;
			break;
		case O_RAND:
			o->mo.rand = strtol(optarg, &end, 0);
			if (*end || o->mo.rand < 0)
				kc_die("--rand wants a count, not '%s'", optarg);
			break;
		case O_SEED:
			o->mo.seed = strtoul(optarg, &end, 0);
			if (*end)
				kc_die("--seed wants a number, not '%s'", optarg);
			break;
		case O_RANDFRAG:
			o->mo.rand_fragments = 1;
			break;
		case O_RULES:
			/* workers run elsewhere: give them an absolute path */
			o->rules = realpath(optarg, NULL);
			if (!o->rules)
				kc_die("%s: cannot read rules file: %s", optarg,
				       strerror(errno));
			break;
		case O_SCOPE:
			o->scope = kc_realloc(o->scope, (o->nscope + 1) * sizeof(char *));
			o->scope[o->nscope++] = kc_strdup(optarg);
			break;
		case O_NOSCAN:
			o->no_code_scan = 1;
			break;
		case O_BASELINE:
			o->baseline = optarg;
			break;
		case O_FORMAT:
			if (!strcmp(optarg, "text"))
				o->fmt = FMT_TEXT;
			else if (!strcmp(optarg, "json"))
				o->fmt = FMT_JSON;
			else if (!strcmp(optarg, "md"))
				o->fmt = FMT_MD;
			else
				kc_die("--format: text, json or md, not '%s'", optarg);
			break;
		case O_OUTPUT:
			o->output = optarg;
			break;
		case O_QUIET:
			o->quiet = 1;
			break;
		case O_NOSHELL:
			o->no_shell_cache = 1;
			break;
		case O_DUMP:
			o->dump_dir = optarg;
			break;
		case O_UNMET:
			if (strcmp(optarg, "all") && strcmp(optarg, "scope") &&
			    strcmp(optarg, "none"))
				kc_die("--unmet: all, scope or none, not '%s'", optarg);
			o->unmet = optarg;
			break;
		case O_NOCROSS:
			setenv("KCHECK_NO_CROSS", "1", 1);
			break;
		case O_NOREDUND:
			o->no_redundancy = 1;
			break;
		case O_REAL:
			strtol(optarg, &end, 0);
			if (*end)
				kc_die("--real wants a count, not '%s'", optarg);
			o->real = optarg;
			break;
		case 'j':
			o->jobs = strtol(optarg, &end, 0);
			if (*end || o->jobs < 1)
				kc_die("-j wants a positive number, not '%s'", optarg);
			break;
		case O_HELP:
		case 'h':
			fputs(usage, stdout);
			exit(0);
		default:
			fputs(usage, stderr);
			exit(2);
		}
	}
	if (!strcmp(o->cmd, "diff")) {
		if (argc - optind != 2)
			kc_die("diff wants two trees: kcheck diff BASE HEAD");
		o->tree = argv[optind];
		o->tree2 = argv[optind + 1];
	} else if (optind != argc) {
		kc_die("unexpected argument '%s' (see kcheck --help)", argv[optind]);
	}
	o->mo.arches = o->arches;
	o->mo.narches = o->narches;
	o->mo.defconfigs = o->defconfigs;
	o->mo.ndefconfigs = o->ndefconfigs;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	char *cache;
	int ret;

	libexec = find_libexec();
	parse(argc, argv, &o);

	cache = cache_dir();
	if (!o.no_shell_cache) {
		shell_cache = kc_printf("%s/shell", cache);
		env_cache = kc_printf("%s/env", cache);
	}
	{
		char *p = kc_printf("mkdir -p '%s/work'", cache);

		if (system(p))
			kc_die("cannot create %s/work", cache);
		free(p);
	}
	workdir = kc_printf("%s/work/run.XXXXXX", cache);
	if (!mkdtemp(workdir))
		kc_die("cannot create %s: %s", workdir, strerror(errno));
	atexit(cleanup);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);

	if (!strcmp(o.cmd, "diff"))
		ret = cmd_diff(&o);
	else if (!strcmp(o.cmd, "dump"))
		ret = cmd_dump(&o);
	else if (!strcmp(o.cmd, "sat"))
		ret = cmd_sat(&o);
	else
		ret = cmd_check(&o);

	free_strv(o.arches, o.narches);
	free_strv(o.defconfigs, o.ndefconfigs);
	free_strv(o.scope, o.nscope);
	free(o.rules);
	free(cache);
	free(libexec);
	free(shell_cache);
	free(env_cache);
	return ret;
}
