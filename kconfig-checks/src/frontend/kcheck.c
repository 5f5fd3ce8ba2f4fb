// SPDX-License-Identifier: GPL-2.0-only
/*
 * kcheck: Kconfig checks over a whole configuration matrix, evaluated by
 * the checked tree's own scripts/kconfig.  The front end: options, input
 * validation, the run directory, and the subcommands.
 *
 *   kcheck [check] --tree DIR [options]   findings; exit 0/1/2
 *   kcheck diff BASE HEAD [options]       what changes between two trees
 *   kcheck dump --tree DIR --dump-dir D   each configuration's .config lines
 *   kcheck sat --tree DIR [options]       every configuration Kconfig allows
 *   kcheck list --tree DIR [options]      the matrix a check would run
 *
 * Every input is validated before any work starts; nothing runs through a
 * shell; the report is written through output.c.  Exit status: 0 clean,
 * 1 findings (diff: differences), 2 could not run.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "baseline.h"
#include "diff.h"
#include "engine.h"
#include "findings.h"
#include "matrix.h"
#include "output.h"
#include "report.h"
#include "rules.h"
#include "runner.h"
#include "satreport.h"
#include "scan.h"
#include "util.h"

#ifndef KCHECK_VERSION
#define KCHECK_VERSION "unknown"
#endif

enum cmd { CMD_CHECK, CMD_DIFF, CMD_DUMP, CMD_SAT, CMD_LIST, NCMDS };

static const char *const cmd_names[NCMDS] = {
	"check", "diff", "dump", "sat", "list",
};

static const char *const cmd_synopsis[NCMDS] = {
	"kcheck [check] --tree DIR [options]\n"
	"  Resolve every configuration of the matrix with the tree's own\n"
	"  scripts/kconfig and report unmet dependencies, undefined symbols and\n"
	"  the rules' findings.",
	"kcheck diff BASE-TREE HEAD-TREE [options]\n"
	"  The .config values that differ between two trees, configuration by\n"
	"  configuration: value changes first, appearing/vanishing symbols counted.",
	"kcheck dump --tree DIR --dump-dir DIR [options]\n"
	"  Write each configuration's .config symbol lines to DIR/ARCH/NAME.config.",
	"kcheck sat --tree DIR [options]\n"
	"  Every configuration Kconfig allows (SAT): selects that can be unmet,\n"
	"  invariants, redundant dependencies.",
	"kcheck list --tree DIR [options]\n"
	"  Print the matrix check would run: ARCH NAME KIND TARGET FRAGMENT.",
};

#define C_CHECK (1u << CMD_CHECK)
#define C_DIFF (1u << CMD_DIFF)
#define C_DUMP (1u << CMD_DUMP)
#define C_SAT (1u << CMD_SAT)
#define C_LIST (1u << CMD_LIST)
#define C_MATRIX (C_CHECK | C_DIFF | C_DUMP | C_LIST)
#define C_RUN (C_CHECK | C_DIFF | C_DUMP | C_SAT)
#define C_ALL (C_RUN | C_LIST)

enum {
	O_TREE = 256, O_ARCH, O_DEFCONFIG, O_FRAGMENTS, O_NOFRAG, O_NOALL,
	O_NODEF, O_RAND, O_SEED, O_RANDFRAG, O_RULES, O_SCOPE, O_SYMBOLS,
	O_NOSCAN, O_BASELINE, O_FORMAT, O_OUTPUT, O_QUIET, O_DUMP, O_HELP,
	O_NOSHELL, O_NOMODEL, O_UNMET, O_NOREDUND, O_PROVED, O_REAL, O_NOCROSS, O_JOBS, O_VERSION,
	O_BYCONFIG,
};

/* The option table: which subcommands take each option. */
static const struct optdef {
	const char *name;
	int has_arg;
	int id;
	unsigned int cmds;
	const char *arg, *help;
} optdefs[] = {
	{ "tree", 1, O_TREE, C_CHECK | C_DUMP | C_SAT | C_LIST, "DIR",
	  "the Linux source tree (only read)" },
	{ "arch", 1, O_ARCH, C_ALL, "A[,B...]",
	  "architectures (make's ARCH); default: every arch/*/Kconfig;\n"
	  "'--arch help' lists them" },
	{ "defconfig", 1, O_DEFCONFIG, C_MATRIX, "NAME",
	  "only this defconfig (repeatable); default: all" },
	{ "fragments", 1, O_FRAGMENTS, C_MATRIX, "DIR",
	  "also each defconfig with each DIR/<ARCH>-*.config layered on it\n"
	  "(merge_config.sh); default: none" },
	{ "no-fragments", 0, O_NOFRAG, C_MATRIX, NULL,
	  "no fragments (undoes an earlier --fragments)" },
	{ "no-all-targets", 0, O_NOALL, C_MATRIX, NULL,
	  "skip allnoconfig, allyesconfig, allmodconfig" },
	{ "no-defconfigs", 0, O_NODEF, C_MATRIX, NULL,
	  "skip the defconfigs (and fragments)" },
	{ "rand", 1, O_RAND, C_MATRIX, "N",
	  "N randconfigs per arch (0-1000000; default 0)" },
	{ "seed", 1, O_SEED, C_MATRIX, "S",
	  "first randconfig seed (0-4294967295; default 1)" },
	{ "rand-fragments", 0, O_RANDFRAG, C_MATRIX, NULL,
	  "each randconfig also with each fragment as KCONFIG_ALLCONFIG" },
	{ "rules", 1, O_RULES, C_CHECK | C_SAT, "FILE",
	  "invariants and existence rules (kcheck(1), RULES)" },
	{ "scope", 1, O_SCOPE, C_CHECK, "PATH",
	  "look for CONFIG_ uses under PATH only (repeatable)" },
	{ "no-code-scan", 0, O_NOSCAN, C_CHECK, NULL,
	  "do not look for CONFIG_ uses outside Kconfig" },
	{ "symbols", 1, O_SYMBOLS, C_SAT, "GLOB[,GLOB]",
	  "the symbols to look at (fnmatch globs, e.g. 'KVM*'): selects\n"
	  "touching them, redundancy among them; default: every symbol" },
	{ "unmet", 1, O_UNMET, C_SAT, "all|symbols|none",
	  "which selects to check (default: symbols with --symbols, else all)" },
	{ "no-redundancy", 0, O_NOREDUND, C_SAT, NULL,
	  "skip redundancy mining" },
	{ "list-proved", 0, O_PROVED, C_SAT, NULL,
	  "also list each select proved never unmet (status 'proved')" },
	{ "real", 1, O_REAL, C_SAT, "N",
	  "randconfigs that pre-filter redundancy candidates (0-100000; 8)" },
	{ "baseline", 1, O_BASELINE, C_CHECK | C_SAT, "FILE",
	  "a --format json report of the same subcommand: report only what\n"
	  "is not in it" },
	{ "dump-dir", 1, O_DUMP, C_DUMP, "DIR", "where dump writes" },
	{ "by-configuration", 0, O_BYCONFIG, C_DIFF, NULL,
	  "also a line per differing configuration" },
	{ "format", 1, O_FORMAT, C_CHECK | C_DIFF | C_SAT | C_LIST, "FMT",
	  "text, json or md (sat and list: text or json)" },
	{ "output", 1, O_OUTPUT, C_CHECK | C_DIFF | C_SAT | C_LIST, "FILE",
	  "write the report to FILE (a new file or a regular file that is\n"
	  "not an input) instead of standard output" },
	{ "quiet", 0, O_QUIET, C_RUN, NULL, "no progress on stderr" },
	{ "jobs", 1, O_JOBS, C_RUN, "N",
	  "parallel workers, 1-1024 (-j; default: CPU count)" },
	{ "no-cross", 0, O_NOCROSS, C_RUN, NULL,
	  "use the host compiler for every arch (default: the cross compiler\n"
	  "of cross-compile.map when installed)" },
	{ "no-shell-cache", 0, O_NOSHELL, C_RUN, NULL,
	  "no caches: run every Kconfig $(shell ...) and each arch's top\n"
	  "Makefile, parse every arch's Kconfig" },
	{ "no-model-cache", 0, O_NOMODEL, C_RUN, NULL,
	  "parse every arch's Kconfig, neither using nor leaving a model\n"
	  "server (the other caches stay)" },
	{ "help", 0, O_HELP, C_ALL, NULL, "this help (-h)" },
	{ "version", 0, O_VERSION, C_ALL, NULL, "kcheck's version" },
};

#define NOPTS (sizeof(optdefs) / sizeof(optdefs[0]))

struct opts {
	enum cmd cmd;
	const char *tree, *tree2;
	struct matrix_opts mo;
	char **arches;
	size_t narches;
	char **defconfigs;
	size_t ndefconfigs;
	char **scope;		/* check: paths */
	size_t nscope;
	char **symbols;		/* sat: globs */
	size_t nsymbols;
	char *rules;
	const char *baseline_path, *output, *dump_dir;
	enum format fmt;
	int no_code_scan, no_shell_cache, no_model_cache, jobs, quiet, by_config;
	const char *unmet;
	int no_redundancy;
	int list_proved;
	long real;
	struct baseline baseline;
	int have_baseline;
};

static char *libexec;
static char *cache_root;
static char *shell_cache, *env_cache, *model_cache;
static int model_idle = 900;
static char *workdir;
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static void rm_rf(const char *path)
{
	if (path)
		kc_remove_tree(path);
}

static void cleanup(void)
{
	output_abandon();
	rm_rf(workdir);
}

static void usage(FILE *out, int cmd)
{
	size_t i;
	int c;

	if (cmd < 0) {
		fputs("usage:\n", out);
		for (c = 0; c < NCMDS; c++)
			fprintf(out, "  %.*s\n", (int)strcspn(cmd_synopsis[c], "\n"),
				cmd_synopsis[c]);
		fputs("\n'kcheck COMMAND --help' lists a command's options; kcheck(1) has the rest.\n"
		      "exit status: 0 clean, 1 findings (diff: differences), 2 could not run\n",
		      out);
		return;
	}
	fprintf(out, "usage: %s\n\noptions:\n", cmd_synopsis[cmd]);
	for (i = 0; i < NOPTS; i++) {
		const struct optdef *d = &optdefs[i];
		char head[64];
		const char *h = d->help, *nl;

		if (!(d->cmds & (1u << cmd)))
			continue;
		snprintf(head, sizeof(head), "--%s%s%s", d->name,
			 d->arg ? " " : "", d->arg ? d->arg : "");
		fprintf(out, "  %-24s ", head);
		while ((nl = strchr(h, '\n'))) {
			fprintf(out, "%.*s\n  %-24s ", (int)(nl - h), h, "");
			h = nl + 1;
		}
		fprintf(out, "%s\n", h);
	}
	fputs("\nexit status: 0 clean, 1 findings (diff: differences), 2 could not run\n",
	      out);
}

/* A comma-separated list option: no empty list, no empty item. */
static void split_add(const char *opt, char ***v, size_t *n, const char *arg)
{
	const char *p = arg;

	if (!*arg)
		kc_die("--%s: an empty value", opt);
	for (;;) {
		size_t len = strcspn(p, ",");

		if (!len)
			kc_die("--%s '%s': an empty item", opt, arg);
		*v = kc_realloc(*v, (*n + 1) * sizeof(char *));
		(*v)[(*n)++] = kc_strndup(p, len);
		if (!p[len])
			break;
		p += len + 1;
	}
}

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static const char *nonempty(const char *opt, const char *arg)
{
	if (!*arg)
		kc_die("--%s: an empty value", opt);
	return arg;
}

/*
 * kcheck runs programs it finds in its cache (the workers): trust it only
 * if it and everything directly in it are the user's and writable by
 * nobody else.
 */
static void check_trusted_dir(const char *cache, const char *dir)
{
	struct stat st;

	if (lstat(dir, &st))
		return;
	if (st.st_uid != geteuid())
		kc_die("cache %s: %s belongs to uid %u, not to you (uid %u): kcheck runs programs from its cache, so it uses only a cache of yours (KCHECK_CACHE)",
		       cache, dir, (unsigned int)st.st_uid, (unsigned int)geteuid());
	if (!S_ISLNK(st.st_mode) && (st.st_mode & 022))
		kc_die("cache %s: %s is writable by others (mode %04o): kcheck runs programs from its cache; chmod go-w it or use another cache (KCHECK_CACHE)",
		       cache, dir, (unsigned int)(st.st_mode & 07777));
}

static void check_cache_owner(const char *cache)
{
	struct dirent *de;
	DIR *d;

	check_trusted_dir(cache, cache);
	d = opendir(cache);
	if (!d)
		kc_die("cache %s: %s", cache, strerror(errno));
	while ((de = readdir(d))) {
		char *p;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		p = kc_printf("%s/%s", cache, de->d_name);
		check_trusted_dir(cache, p);
		free(p);
	}
	closedir(d);
}

/*
 * The cache: $KCHECK_CACHE, else $XDG_CACHE_HOME/kcheck, else
 * $HOME/.cache/kcheck.  Created if needed; returned as a real path, since
 * the workers run in other directories.
 */
static char *cache_dir(void)
{
	const char *c = getenv("KCHECK_CACHE"), *x = getenv("XDG_CACHE_HOME");
	const char *h = getenv("HOME");
	char *dir, *real;

	if (c && !*c)
		kc_die("KCHECK_CACHE is set but empty; unset it or name a directory");
	if (c)
		dir = kc_strdup(c);
	else if (x && *x)
		dir = kc_printf("%s/kcheck", x);
	else if (h && *h)
		dir = kc_printf("%s/.cache/kcheck", h);
	else
		kc_die("no cache directory: set KCHECK_CACHE (or HOME)");
	if (kc_mkdir_p(dir, 0700))
		kc_die("cache %s: %s", dir, strerror(errno));
	real = realpath(dir, NULL);
	if (!real)
		kc_die("cache %s: %s", dir, strerror(errno));
	free(dir);
	check_cache_owner(real);
	return real;
}

/* engine.sh, env.mk and cross-compile.map: installed, or in the source. */
static char *find_libexec(void)
{
	char buf[PATH_MAX], *s, *probe;
	ssize_t n;

#ifdef KCHECK_LIBEXEC_DIR
	return kc_strdup(KCHECK_LIBEXEC_DIR);
#endif
	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	if (n <= 0)
		kc_die("cannot find kcheck's own directory");
	buf[n] = '\0';
	/* uninstalled: <source>/build[-san]/kcheck */
	s = strrchr(buf, '/');
	*s = '\0';
	s = strrchr(buf, '/');
	if (s)
		*s = '\0';
	probe = kc_printf("%s/engine.sh", buf);
	if (access(probe, X_OK))
		kc_die("kcheck's helpers are not next to it (%s); run 'make install' or the binary in kconfig-checks/build",
		       probe);
	free(probe);
	return kc_strdup(buf);
}

/* Validates a tree; returns its real path. */
static char *check_tree(const char *opt, const char *tree)
{
	static const char *const need[] = {
		"Makefile", "Kconfig", "scripts/kconfig/conf.c", "arch",
	};
	char rp[PATH_MAX];
	struct stat st;
	size_t i;

	if (!tree)
		kc_die("no tree: give --tree DIR (a Linux source tree)");
	if (!*tree)
		kc_die("%s: an empty path", opt);
	if (stat(tree, &st))
		kc_die("%s %s: %s", opt, tree, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		kc_die("%s %s: not a directory", opt, tree);
	if (!realpath(tree, rp))
		kc_die("%s %s: %s", opt, tree, strerror(errno));
	if (access(rp, R_OK | X_OK))
		kc_die("%s %s: cannot read it: %s", opt, tree, strerror(errno));
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		char *p = kc_printf("%s/%s", rp, need[i]);

		if (access(p, F_OK))
			kc_die("%s is not a Linux kernel tree (no %s)", tree, need[i]);
		if (access(p, R_OK))
			kc_die("%s: cannot read %s: %s", tree, need[i],
			       strerror(errno));
		free(p);
	}
	if (rp[strcspn(rp, " \t\n:")])
		kc_die("%s: the kernel's Makefile refuses a source directory whose path has spaces or colons (%s), and kcheck evaluates that Makefile; use a path without them",
		       tree, rp);
	if (rp[strcspn(rp, "$'\"`\\#,")])
		kc_die("%s: the path (%s) has a character that make or Kconfig would interpret ($, quotes, backquotes, backslashes, #, commas): the tree path reaches Kconfig's $(shell,...) through $(srctree); use a path without them",
		       tree, rp);
	return kc_strdup(rp);
}

/* Builds (or finds) kcheck-worker and kcheck-sat for a tree (engine.h). */
static char *engine(const char *tree, int quiet, const char *name)
{
	return engine_path(libexec, cache_root, tree, quiet, name);
}

/*
 * run.XXXXXX directories: each holds a lock on its 'lock' file while its
 * kcheck runs.  One whose lock is free was left by a kcheck that was
 * killed; it is deleted.
 */
static void clean_stale(const char *work)
{
	DIR *d = opendir(work);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char *dir, *lock;
		int fd;

		if (strncmp(de->d_name, "run.", 4))
			continue;
		dir = kc_printf("%s/%s", work, de->d_name);
		lock = kc_printf("%s/lock", dir);
		fd = open(lock, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd >= 0) {
			if (!flock(fd, LOCK_EX | LOCK_NB))
				rm_rf(dir);
			close(fd);
		}
		free(lock);
		free(dir);
	}
	closedir(d);
}

static void make_workdir(const char *cache)
{
	char *work = kc_printf("%s/work", cache), *lock;
	int fd;

	if (kc_mkdir_p(work, 0700))
		kc_die("cannot create %s: %s", work, strerror(errno));
	clean_stale(work);
	workdir = kc_printf("%s/run.XXXXXX", work);
	if (!mkdtemp(workdir))
		kc_die("cannot create %s: %s", workdir, strerror(errno));
	lock = kc_printf("%s/lock", workdir);
	fd = open(lock, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || flock(fd, LOCK_EX))
		kc_die("cannot lock %s: %s", lock, strerror(errno));
	/* fd stays open: the lock lasts as long as this process */
	free(lock);
	free(work);
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

static void build_matrix(struct opts *o, struct side *s, const char *tree)
{
	struct matrix_opts mo = o->mo;
	char err[4096];

	mo.tree = tree;
	if (matrix_build(&mo, &s->m, err, sizeof(err)))
		kc_die("%s", err);
	if (!matrix_count(&s->m) && o->cmd != CMD_SAT)
		kc_die("%s: these options select no configuration", tree);
}

static void run_side(struct opts *o, struct side *s, const char *label,
		     int values)
{
	struct run_opts ro = { 0 };
	char *wd;

	s->worker = engine(s->tree, o->quiet, "kcheck-worker");
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
	ro.model_cache = model_cache;
	ro.model_idle = model_idle;
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
	if (interrupted && o->dump_dir)
		kc_die("interrupted by signal %d; no report was written; the configurations resolved before it are in %s",
		       (int)interrupted, o->dump_dir);
	if (interrupted)
		kc_die("interrupted by signal %d; no report was written", (int)interrupted);
}

static void free_side(struct side *s)
{
	size_t i;

	for (i = 0; s->res && i < s->m.narches; i++)
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
			if (rename(from, to) && errno != ENOENT)
				kc_die("cannot write %s: %s", to, strerror(errno));
			free(from);
			free(to);
			free(name);
		}
}

/* Kconfig 'config' lines of every arch, for names the checks look up. */
static void scan_defs(const char *tree, struct scan *scan)
{
	char err[1024];

	if (scan_tree(tree, NULL, 0, 0, scan, err, sizeof(err)))
		kc_die("%s", err);
}

static int cmd_check(struct opts *o)
{
	struct side s = { 0 };
	struct rules rules;
	struct findings f;
	struct scan scan = { 0 };
	struct scan_bg bg;
	struct check_input in;
	struct report_input ri;
	char err[1024];
	double t0 = now();
	size_t errors;
	FILE *out;
	int ret;

	if (o->rules && rules_load(o->rules, &rules, err, sizeof(err)))
		kc_die("%s", err);
	s.tree = kc_strdup(o->tree);
	build_matrix(o, &s, s.tree);
	/* the tree's files, read while the workers resolve */
	scan_tree_start(&bg, s.tree, o->scope, o->nscope, !o->no_code_scan,
			&scan);
	run_side(o, &s, "tree", 0);
	if (!o->quiet)
		fprintf(stderr, "kcheck: scanning Kconfig files%s\n",
			o->no_code_scan ? "" : o->nscope ?
			" and the scope for CONFIG_ uses" :
			" and the tree for CONFIG_ uses");
	if (scan_tree_wait(&bg, err, sizeof(err)))
		kc_die("%s", err);
	in.m = &s.m;
	in.res = s.res;
	in.rules = o->rules ? &rules : NULL;
	in.scan = &scan;
	findings_collect(&in, &f);
	if (o->have_baseline)
		findings_apply_baseline(&f, &o->baseline);

	ri.tree = s.tree;
	ri.m = &s.m;
	ri.res = s.res;
	ri.f = &f;
	ri.scan = in.scan;
	ri.seed = o->mo.seed;
	ri.rand = o->mo.rand;
	ri.seconds = now() - t0;
	out = output_open(o->output);
	report(out, o->fmt, &ri);
	output_commit(out, o->output);
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

	b.tree = kc_strdup(o->tree);
	h.tree = kc_strdup(o->tree2);
	build_matrix(o, &b, b.tree);
	build_matrix(o, &h, h.tree);
	run_side(o, &b, "base", 1);
	run_side(o, &h, "head", 1);
	db.tree = b.tree;
	db.m = &b.m;
	db.res = b.res;
	dh.tree = h.tree;
	dh.m = &h.m;
	dh.res = h.res;
	out = output_open(o->output);
	ndiff = diff_report(out, o->fmt, &db, &dh, o->by_config);
	output_commit(out, o->output);
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
	struct findings none = { 0 };
	char *dump_dir;
	size_t errors;

	if (!o->dump_dir)
		kc_die("dump needs --dump-dir DIR");
	s.tree = kc_strdup(o->tree);
	build_matrix(o, &s, s.tree);
	if (mkdir(o->dump_dir, 0755) && errno != EEXIST)
		kc_die("--dump-dir %s: %s", o->dump_dir, strerror(errno));
	/* workers run in directories of their own: the caller's directory */
	dump_dir = realpath(o->dump_dir, NULL);
	if (!dump_dir)
		kc_die("--dump-dir %s: %s", o->dump_dir, strerror(errno));
	o->dump_dir = dump_dir;
	run_side(o, &s, "tree", 0);
	rename_dumps(o->dump_dir, &s);
	ri.m = &s.m;
	ri.res = s.res;
	ri.f = &none;
	errors = report_errors(&ri);
	report(stderr, FMT_TEXT, &ri);
	free_side(&s);
	o->dump_dir = NULL;
	free(dump_dir);
	return errors ? 2 : 0;
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

static int cmd_sat(struct opts *o)
{
	struct run_opts ro = { 0 };
	struct side s = { 0 };
	struct sat_counts c;
	struct findings f;
	struct rules rules;
	struct scan defs;
	char err[1024], *symbols = NULL, *args[16], real[32];
	double t0 = now();
	size_t i;
	int n = 0, ret;
	FILE *out;

	if (o->rules && rules_load(o->rules, &rules, err, sizeof(err)))
		kc_die("%s", err);
	s.tree = kc_strdup(o->tree);
	o->mo.no_defconfigs = 1;
	o->mo.all_targets = 0;
	o->mo.rand = 0;
	o->mo.fragments = NULL;
	build_matrix(o, &s, s.tree);
	scan_defs(s.tree, &defs);
	check_symbols(o, &defs);
	if (o->rules)
		check_rule_symbols(&rules, &defs);
	scan_free(&defs);
	s.worker = engine(s.tree, o->quiet, "kcheck-sat");
	for (i = 0; i < o->nsymbols; i++) {
		char *t = kc_printf("%s%s%s", symbols ? symbols : "",
				    symbols ? "," : "", o->symbols[i]);

		free(symbols);
		symbols = t;
	}
	if (symbols) {
		args[n++] = "--symbols";
		args[n++] = symbols;
	}
	args[n++] = "--unmet";
	args[n++] = (char *)(!o->unmet ? symbols ? "scope" : "all" :
			     !strcmp(o->unmet, "symbols") ? "scope" : o->unmet);
	if (o->no_redundancy || !symbols)
		args[n++] = "--no-redundancy";
	if (o->list_proved)
		args[n++] = "--list-proved";
	if (o->real >= 0) {
		snprintf(real, sizeof(real), "%ld", o->real);
		args[n++] = "--real";
		args[n++] = real;
	}
	args[n] = NULL;
	ro.tree = s.tree;
	ro.worker = s.worker;
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
		fprintf(stderr, "kcheck: sat on %s: %zu arches, symbols %s, %d workers\n",
			s.tree, s.m.narches, symbols ? symbols : "(every symbol)",
			ro.jobs);
	s.res = kc_calloc(s.m.narches ? s.m.narches : 1, sizeof(*s.res));
	s.failed = run_matrix(&ro, &s.m, s.res);
	if (interrupted)
		kc_die("interrupted by signal %d; no report was written", (int)interrupted);
	sat_findings(&s.m, s.res, o->rules ? &rules : NULL, &f);
	if (o->have_baseline)
		findings_apply_baseline(&f, &o->baseline);
	out = output_open(o->output);
	sat_report(out, o->fmt, s.tree, &s.m, s.res, o->rules ? &rules : NULL,
		   o->have_baseline ? &o->baseline : NULL, &f, &c);
	output_commit(out, o->output);
	if (!o->quiet)
		fprintf(stderr, "kcheck: sat: %zu confirmed unmet, %zu unconfirmed, %zu invariants refuted, %zu unknown, %zu arches failed, %.1f s\n",
			c.confirmed, c.unconfirmed, c.inv_refuted, c.inv_unknown,
			c.errors, now() - t0);
	ret = c.errors ? 2 : f.n ? 1 : 0;
	findings_free(&f);
	free(symbols);
	if (o->rules)
		rules_free(&rules);
	free_side(&s);
	return ret;
}

/* kcheck list: ARCH NAME KIND TARGET FRAGMENT, one configuration a line. */
static int cmd_list(struct opts *o)
{
	struct json_object *root = NULL, *cfgs = NULL, *skips = NULL;
	struct side s = { 0 };
	size_t a, c, k;
	FILE *out;

	s.tree = kc_strdup(o->tree);
	build_matrix(o, &s, s.tree);
	if (o->fmt == FMT_JSON) {
		root = json_object_new_object();
		cfgs = json_object_new_array();
		skips = json_object_new_array();
	}
	out = output_open(o->output);
	for (a = 0; a < s.m.narches; a++)
		for (c = 0; c < s.m.arches[a].njobs; c++) {
			const struct job *j = &s.m.arches[a].jobs[c];
			const char *kind, *target = j->spec.target;
			const char *frag = j->spec.more_n ? j->spec.more[0] : NULL;

			kind = !strcmp(j->spec.kind, "all") ? "all" :
			       !strcmp(j->spec.kind, "rand") ? "randconfig" : "defconfig";
			if (root) {
				struct json_object *x = json_object_new_object();

				json_object_object_add(x, "arch", json_object_new_string(s.m.arches[a].name));
				json_object_object_add(x, "name", json_object_new_string(j->name));
				json_object_object_add(x, "kind", json_object_new_string(kind));
				json_object_object_add(x, "target", json_object_new_string(target));
				json_object_object_add(x, "fragment", frag ? json_object_new_string(frag) : NULL);
				json_object_array_add(cfgs, x);
			} else {
				fprintf(out, "%s\t%s\t%s\t%s\t%s\n",
					s.m.arches[a].name, j->name, kind,
					target, frag ? frag : "-");
			}
		}
	if (!root && s.m.nskips)
		fprintf(stderr, "kcheck: %zu targets skipped as make does not evaluate them as defconfigs (--format json names them and why)\n",
			s.m.nskips);
	for (k = 0; root && k < s.m.nskips; k++) {
		struct json_object *x;

		x = json_object_new_object();
		json_object_object_add(x, "arch", json_object_new_string(s.m.skips[k].arch));
		json_object_object_add(x, "target", json_object_new_string(s.m.skips[k].target));
		json_object_object_add(x, "reason", json_object_new_string(s.m.skips[k].reason));
		json_object_array_add(skips, x);
	}
	if (root) {
		json_object_object_add(root, "kcheck-list", json_object_new_int(1));
		json_object_object_add(root, "tree", json_object_new_string(s.tree));
		json_object_object_add(root, "configurations", cfgs);
		json_object_object_add(root, "skipped", skips);
		kc_json_print(out, root);
		json_object_put(root);
	}
	output_commit(out, o->output);
	free_side(&s);
	return 0;
}

static enum cmd find_cmd(const char *s)
{
	int c;

	for (c = 0; c < NCMDS; c++)
		if (!strcmp(s, cmd_names[c]))
			return c;
	return NCMDS;
}

static void parse(int argc, char **argv, struct opts *o)
{
	struct option lo[NOPTS + 1];
	const char *prog = "check";
	size_t i, n = 0;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int c, idx;

	o->cmd = CMD_CHECK;
	if (argc > 1 && argv[1][0] != '-') {
		if (!strcmp(argv[1], "help")) {
			usage(stdout, -1);
			exit(0);
		}
		o->cmd = find_cmd(argv[1]);
		if (o->cmd == NCMDS) {
			fprintf(stderr, "kcheck: error: '%s' is not a kcheck command\n",
				argv[1]);
			usage(stderr, -1);
			exit(2);
		}
		argv++;
		argc--;
		prog = cmd_names[o->cmd];
	}
	for (i = 0; i < NOPTS; i++)
		if (optdefs[i].cmds & (1u << o->cmd))
			lo[n++] = (struct option){ optdefs[i].name,
				optdefs[i].has_arg ? required_argument : no_argument,
				NULL, optdefs[i].id };
	lo[n] = (struct option){ NULL, 0, NULL, 0 };
	o->mo.all_targets = 1;
	o->mo.seed = 1;
	o->real = -1;
	o->jobs = cpus > 0 ? (int)cpus : 1;
	if (o->jobs > 1024)
		o->jobs = 1024;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":j:h", lo, &idx)) != -1) {
		const char *name = c >= 256 ? lo[idx].name : "jobs";

		switch (c) {
		case O_TREE:
			o->tree = optarg;
			break;
		case O_ARCH:
			split_add(name, &o->arches, &o->narches, optarg);
			break;
		case O_DEFCONFIG:
			split_add(name, &o->defconfigs, &o->ndefconfigs, optarg);
			break;
		case O_FRAGMENTS:
			free((char *)o->mo.fragments);
			o->mo.fragments = realpath(nonempty(name, optarg), NULL);
			if (!o->mo.fragments)
				kc_die("--fragments %s: %s", optarg, strerror(errno));
			break;
		case O_NOFRAG:
			free((char *)o->mo.fragments);
			o->mo.fragments = NULL;
			break;
		case O_NOALL:
			o->mo.all_targets = 0;
			break;
		case O_NODEF:
			o->mo.no_defconfigs = 1;
			break;
		case O_RAND:
			o->mo.rand = kc_number("--rand", optarg, 0, 1000000);
			break;
		case O_SEED:
			o->mo.seed = kc_number("--seed", optarg, 0, 4294967295ULL);
			break;
		case O_RANDFRAG:
			o->mo.rand_fragments = 1;
			break;
		case O_RULES:
			/* workers run elsewhere: give them an absolute path */
			free(o->rules);
			o->rules = realpath(nonempty(name, optarg), NULL);
			if (!o->rules)
				kc_die("%s: cannot read rules file: %s", optarg,
				       strerror(errno));
			break;
		case O_SCOPE:
			o->scope = kc_realloc(o->scope, (o->nscope + 1) * sizeof(char *));
			o->scope[o->nscope++] = kc_strdup(nonempty(name, optarg));
			break;
		case O_SYMBOLS:
			split_add(name, &o->symbols, &o->nsymbols, optarg);
			break;
		case O_NOSCAN:
			o->no_code_scan = 1;
			break;
		case O_BASELINE:
			o->baseline_path = nonempty(name, optarg);
			break;
		case O_FORMAT:
			if (!strcmp(optarg, "text"))
				o->fmt = FMT_TEXT;
			else if (!strcmp(optarg, "json"))
				o->fmt = FMT_JSON;
			else if (!strcmp(optarg, "md") &&
				 o->cmd != CMD_SAT && o->cmd != CMD_LIST)
				o->fmt = FMT_MD;
			else
				kc_die("%s --format: %s, not '%s'", prog,
				       o->cmd == CMD_SAT || o->cmd == CMD_LIST ?
				       "text or json" : "text, json or md", optarg);
			break;
		case O_OUTPUT:
			o->output = nonempty(name, optarg);
			break;
		case O_QUIET:
			o->quiet = 1;
			break;
		case O_BYCONFIG:
			o->by_config = 1;
			break;
		case O_NOSHELL:
			o->no_shell_cache = 1;
			break;
		case O_NOMODEL:
			o->no_model_cache = 1;
			break;
		case O_DUMP:
			o->dump_dir = nonempty(name, optarg);
			break;
		case O_UNMET:
			if (strcmp(optarg, "all") && strcmp(optarg, "symbols") &&
			    strcmp(optarg, "none"))
				kc_die("--unmet: all, symbols or none, not '%s'", optarg);
			o->unmet = optarg;
			break;
		case O_NOCROSS:
			setenv("KCHECK_NO_CROSS", "1", 1);
			break;
		case O_PROVED:
			o->list_proved = 1;
			break;
		case O_NOREDUND:
			o->no_redundancy = 1;
			break;
		case O_REAL:
			o->real = kc_number("--real", optarg, 0, 100000);
			break;
		case 'j':
		case O_JOBS:
			o->jobs = kc_number(c == 'j' ? "-j" : "--jobs", optarg, 1, 1024);
			break;
		case O_VERSION:
			printf("kcheck %s\n", KCHECK_VERSION);
			exit(0);
		case O_HELP:
		case 'h':
			usage(stdout, o->cmd);
			exit(0);
		case ':':
			kc_die("%s: %s needs a value (see kcheck %s --help)", prog,
			       argv[optind - 1], prog);
		default:
			if (optopt && optopt < 256)
				kc_die("%s: unknown option '-%c' (see kcheck %s --help)",
				       prog, optopt, prog);
			kc_die("%s: unknown option '%s' (see kcheck %s --help)", prog,
			       argv[optind - 1], prog);
		}
	}
	if (o->cmd == CMD_DIFF) {
		if (argc - optind != 2)
			kc_die("diff wants two trees: kcheck diff BASE HEAD");
		o->tree = argv[optind];
		o->tree2 = argv[optind + 1];
	} else if (optind != argc) {
		kc_die("unexpected argument '%s' (see kcheck %s --help)",
		       argv[optind], prog);
	}
	if (o->cmd == CMD_DUMP && !o->dump_dir)
		kc_die("dump needs --dump-dir DIR");
	/* the seeds are 32-bit: the last one must not wrap to 0 */
	if (o->mo.rand &&
	    (unsigned long long)o->mo.seed + o->mo.rand - 1 > 4294967295ULL)
		kc_die("--seed %llu --rand %llu: the last seed would be %llu, past 4294967295",
		       (unsigned long long)o->mo.seed,
		       (unsigned long long)o->mo.rand,
		       (unsigned long long)o->mo.seed + o->mo.rand - 1);
	o->mo.arches = o->arches;
	o->mo.narches = o->narches;
	o->mo.defconfigs = o->defconfigs;
	o->mo.ndefconfigs = o->ndefconfigs;
}

/* --arch help: the tree's arches, one a line. */
static void arch_help(const struct opts *o)
{
	char **names;
	size_t i, n;

	for (i = 0; i < o->narches; i++)
		if (!strcmp(o->arches[i], "help"))
			break;
	if (i == o->narches)
		return;
	matrix_arch_names(o->tree, &names, &n);
	for (i = 0; i < n; i++) {
		printf("%s\n", names[i]);
		free(names[i]);
	}
	free(names);
	if (fflush(stdout) || ferror(stdout))
		kc_die("cannot write to standard output: %s", strerror(errno));
	exit(0);
}

/* Everything an output must not replace; see output.c. */
static void check_outputs(struct opts *o)
{
	struct inputs in = { 0 };
	char **frags = NULL;
	size_t nfrags = 0, i;
	DIR *d;

	if (o->rules)
		inputs_add_file(&in, o->rules);
	if (o->baseline_path)
		inputs_add_file(&in, o->baseline_path);
	if (o->mo.fragments && (d = opendir(o->mo.fragments))) {
		struct dirent *de;

		while ((de = readdir(d))) {
			frags = kc_realloc(frags, (nfrags + 1) * sizeof(char *));
			frags[nfrags++] = kc_printf("%s/%s", o->mo.fragments,
						    de->d_name);
		}
		closedir(d);
		for (i = 0; i < nfrags; i++)
			inputs_add_file(&in, frags[i]);
		inputs_add_tree(&in, o->mo.fragments);
	}
	inputs_add_tree(&in, o->tree);
	if (o->tree2)
		inputs_add_tree(&in, o->tree2);
	if (o->output)
		output_check("--output", o->output, &in, 0);
	if (o->dump_dir)
		output_check("--dump-dir", o->dump_dir, &in, 1);
	inputs_free(&in);
	free_strv(frags, nfrags);
}

/*
 * kcheck runs the tree's top Makefile (and engine.sh runs make): variables
 * that send kbuild's output elsewhere, or make read other makefiles, would
 * write into a directory the user owns or change what is evaluated.  They
 * are cleared for every make kcheck runs; the ones a user sets on purpose
 * are named once.
 */
static void clear_kbuild_env(int quiet)
{
	static const char *const named[] = { "KBUILD_OUTPUT", "O", "KBUILD_EXTMOD", "M" };
	static const char *const silent[] = {
		"MAKEFLAGS", "MFLAGS", "GNUMAKEFLAGS", "MAKEFILES", "MAKELEVEL",
	};
	size_t i;

	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		if (getenv(named[i]) && !quiet)
			fprintf(stderr, "kcheck: note: %s is ignored: kcheck writes into no build directory and evaluates the tree itself\n",
				named[i]);
		unsetenv(named[i]);
	}
	for (i = 0; i < sizeof(silent) / sizeof(silent[0]); i++)
		unsetenv(silent[i]);
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	char *cache, err[4096];
	char *t1 = NULL, *t2 = NULL;
	int ret;

	parse(argc, argv, &o);
	clear_kbuild_env(o.quiet);
	libexec = find_libexec();
	t1 = check_tree(o.cmd == CMD_DIFF ? "base tree" : "--tree", o.tree);
	o.tree = t1;
	if (o.tree2) {
		t2 = check_tree("head tree", o.tree2);
		o.tree2 = t2;
	}
	arch_help(&o);
	if (o.baseline_path) {
		if (baseline_load(o.baseline_path,
				  o.cmd == CMD_SAT ? BASELINE_SAT : BASELINE_CHECK,
				  &o.baseline, err, sizeof(err)))
			kc_die("%s", err);
		o.have_baseline = 1;
		if (strcmp(o.baseline.tree, o.tree) && !o.quiet)
			fprintf(stderr, "kcheck: note: the baseline %s was made on %s, not on %s\n",
				o.baseline_path, o.baseline.tree, o.tree);
	}
	check_outputs(&o);

	atexit(cleanup);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if (o.cmd == CMD_LIST) {
		ret = cmd_list(&o);
		goto out;
	}
	cache = cache_dir();
	cache_root = cache;
	if (!o.no_shell_cache) {
		shell_cache = kc_printf("%s/shell", cache);
		env_cache = kc_printf("%s/env", cache);
		if (!o.no_model_cache)
			model_cache = kc_printf("%s/model", cache);
	}
	if (getenv("KCHECK_MODEL_IDLE")) {
		const char *v = getenv("KCHECK_MODEL_IDLE");
		char *end;
		long idle;

		errno = 0;
		idle = strtol(v, &end, 10);
		if (errno || end == v || *end || idle < 1 || idle > 86400)
			kc_die("KCHECK_MODEL_IDLE wants seconds from 1 to 86400, not '%s'", v);
		model_idle = idle;
	}
	make_workdir(cache);

	if (o.cmd == CMD_DIFF)
		ret = cmd_diff(&o);
	else if (o.cmd == CMD_DUMP)
		ret = cmd_dump(&o);
	else if (o.cmd == CMD_SAT)
		ret = cmd_sat(&o);
	else
		ret = cmd_check(&o);
	free(cache);
out:
	if (fflush(stdout) || ferror(stdout))
		kc_die("cannot write to standard output: %s", strerror(errno));
	if (o.have_baseline)
		baseline_free(&o.baseline);
	free_strv(o.arches, o.narches);
	free_strv(o.defconfigs, o.ndefconfigs);
	free_strv(o.scope, o.nscope);
	free_strv(o.symbols, o.nsymbols);
	free((char *)o.mo.fragments);
	free(o.rules);
	free(t1);
	free(t2);
	free(libexec);
	free(shell_cache);
	free(env_cache);
	free(model_cache);
	return ret;
}
