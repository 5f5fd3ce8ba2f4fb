// SPDX-License-Identifier: GPL-2.0-only
/* What every command runs in (session.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine.h"
#include "output.h"
#include "session.h"
#include "util.h"

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
char *session_libexec(void)
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

char *session_tree(const char *opt, const char *tree)
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
				kc_remove_tree(dir);
			close(fd);
		}
		free(lock);
		free(dir);
	}
	closedir(d);
}

/* *workdir is set as soon as it exists: an exit from here removes it. */
static void make_workdir(const char *cache, char **workdir)
{
	char *work = kc_printf("%s/work", cache), *lock;
	int fd;

	if (kc_mkdir_p(work, 0700))
		kc_die("cannot create %s: %s", work, strerror(errno));
	clean_stale(work);
	*workdir = kc_printf("%s/run.XXXXXX", work);
	if (!mkdtemp(*workdir)) {
		char *tmpl = *workdir;

		*workdir = NULL;
		kc_die("cannot create %s: %s", tmpl, strerror(errno));
	}
	lock = kc_printf("%s/lock", *workdir);
	fd = open(lock, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || flock(fd, LOCK_EX))
		kc_die("cannot lock %s: %s", lock, strerror(errno));
	/* fd stays open: the lock lasts as long as this process */
	free(lock);
	free(work);
}

/* Everything an output must not replace; see output.c. */
void session_check_outputs(const struct opts *o)
{
	struct protected_paths in = { 0 };
	char **frags = NULL;
	size_t nfrags = 0, i;
	DIR *d;

	if (o->rules)
		protect_file(&in, o->rules);
	if (o->baseline_path)
		protect_file(&in, o->baseline_path);
	if (o->mo.fragments && (d = opendir(o->mo.fragments))) {
		struct dirent *de;

		while ((de = readdir(d))) {
			frags = kc_realloc(frags, (nfrags + 1) * sizeof(char *));
			frags[nfrags++] = kc_printf("%s/%s", o->mo.fragments,
						    de->d_name);
		}
		closedir(d);
		for (i = 0; i < nfrags; i++)
			protect_file(&in, frags[i]);
		protect_tree(&in, o->mo.fragments);
	}
	protect_tree(&in, o->tree);
	if (o->tree2)
		protect_tree(&in, o->tree2);
	if (o->output)
		output_check("--output", o->output, &in, 0);
	if (o->dump_dir)
		output_check("--dump-dir", o->dump_dir, &in, 1);
	protected_free(&in);
	kc_strv_free(frags, nfrags);
}

/*
 * kcheck runs the tree's top Makefile (and engine.sh runs make): variables
 * that send kbuild's output elsewhere, or make read other makefiles, would
 * write into a directory the user owns or change what is evaluated.  They
 * are cleared for every make kcheck runs; the ones a user sets on purpose
 * are named once.
 */
void session_clear_kbuild_env(int quiet)
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

/* KCHECK_MODEL_IDLE: seconds, 1 to 86400; 900 when unset. */
static int model_idle(void)
{
	const char *v = getenv("KCHECK_MODEL_IDLE");
	char *end;
	long idle;

	if (!v)
		return 900;
	errno = 0;
	idle = strtol(v, &end, 10);
	if (errno || end == v || *end || idle < 1 || idle > 86400)
		kc_die("KCHECK_MODEL_IDLE wants seconds from 1 to 86400, not '%s'", v);
	return idle;
}

void session_start(struct session *s, const struct opts *o)
{
	s->cache = cache_dir();
	if (!o->no_shell_cache) {
		s->shell_cache = kc_printf("%s/shell", s->cache);
		s->env_cache = kc_printf("%s/env", s->cache);
		if (!o->no_model_cache) {
			s->model_cache = kc_printf("%s/model", s->cache);
			s->result_cache = kc_printf("%s/results", s->cache);
		}
	}
	s->model_idle = model_idle();
	make_workdir(s->cache, &s->workdir);
}

void session_end(struct session *s)
{
	if (s->workdir)
		kc_remove_tree(s->workdir);
	free(s->workdir);
	free(s->cache);
	free(s->libexec);
	free(s->shell_cache);
	free(s->env_cache);
	free(s->model_cache);
	free(s->result_cache);
	memset(s, 0, sizeof(*s));
}

char *session_engine(const struct session *s, const char *tree, int quiet,
		     const char *name)
{
	return engine_path(s->libexec, s->cache, tree, quiet, name);
}

void session_run_opts(const struct session *s, const struct opts *o,
		      const char *tree, const char *worker,
		      const char *workdir, struct run_opts *ro)
{
	memset(ro, 0, sizeof(*ro));
	ro->tree = tree;
	ro->worker = worker;
	ro->libexec = s->libexec;
	ro->workdir = workdir;
	ro->rules = o->rules;
	ro->jobs = o->jobs;
	ro->quiet = o->quiet;
	ro->dump_dir = o->dump_dir;
	ro->speed.shell_cache = s->shell_cache;
	ro->speed.env_cache = s->env_cache;
	ro->speed.model_cache = s->model_cache;
	ro->speed.result_cache = s->result_cache;
	ro->speed.model_idle = s->model_idle;
	ro->stop = s->interrupted;
}
