// SPDX-License-Identifier: GPL-2.0-only
/*
 * Finds CONFIG_FOO in the files a Kconfig symbol can be used from.  The
 * forms of interest (#ifdef, #if defined(), IS_ENABLED(), IS_REACHABLE(),
 * IS_BUILTIN(), IS_MODULE(), $(CONFIG_FOO), obj-$(CONFIG_FOO), -DCONFIG_FOO,
 * CONFIG_FOO=y in selftest config files) all contain the token, so the
 * token is what is matched.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scan.h"
#include "util.h"

static int word(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static int upper_word(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int wanted(const char *rel, const char *base)
{
	static const char *const src[] = {
		"*.c", "*.h", "*.S", "*.s", "*.lds", "*.rs", "*.mk",
		"Makefile*", "Kbuild*", "*.include",
	};
	size_t i;

	if (strstr(rel, "defconfig"))
		return 0;	/* configurations, not code */
	/* tools/ has its own CONFIG_ namespaces (perf's feature tests...) */
	if (!strncmp(rel, "tools/", 6) &&
	    strncmp(rel, "tools/testing/selftests/", 24))
		return 0;
	for (i = 0; i < sizeof(src) / sizeof(src[0]); i++)
		if (!fnmatch(src[i], base, 0))
			return 1;
	if (!strncmp(rel, "Documentation/", 14))
		return !fnmatch("*.rst", base, 0) || !fnmatch("*.txt", base, 0);
	if (!strncmp(rel, "tools/testing/selftests/", 24))
		return !strcmp(base, "config") || !fnmatch("config.*", base, 0) ||
		       !fnmatch("*.sh", base, 0);
	return 0;
}

static void add(struct scan *s, const char *name, size_t n, const char *rel,
		int line)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 4096;
		s->v = kc_realloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n].name = kc_strndup(name, n);
	s->v[s->n].file = kc_strdup(rel);
	s->v[s->n].line = line;
	s->n++;
}

static int lines_between(const char *from, const char *to)
{
	int n = 0;

	while ((from = memchr(from, '\n', to - from))) {
		n++;
		from++;
	}
	return n;
}

static void scan_file(struct scan *s, const char *path, const char *rel)
{
	char *buf = kc_read_file(path, NULL), *p, *q, *counted;
	int line = 1;
	size_t n;

	if (!buf)
		return;
	s->files++;
	for (p = counted = buf; (p = strstr(p, "CONFIG_")); p = q) {
		q = p + 7;
		if (p > buf && word(p[-1]) &&
		    !(p[-1] == 'D' && p - 1 > buf && p[-2] == '-'))
			continue;
		while (upper_word(*q))
			q++;
		n = q - (p + 7);
		/* CONFIG_foo, CONFIG_ ## x, CONFIG_FOO_ ## x: not a symbol */
		if (n && !word(*q) && p[7 + n - 1] != '_' &&
		    strspn(p + 7, "0123456789") < n) {
			line += lines_between(counted, p);
			counted = p;
			add(s, p + 7, n, rel, line);
		}
	}
	free(buf);
}

static void scan_kconfig(struct scan *s, const char *path, const char *rel)
{
	char *buf = kc_read_file(path, NULL), *p, *nl;
	int line = 0;

	if (!buf)
		return;
	for (p = buf; *p; p = nl + 1) {
		char *q = p, *name;
		size_t n;

		line++;
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		while (*q == ' ' || *q == '\t')
			q++;
		if (!strncmp(q, "menuconfig", 10))
			q += 10;
		else if (!strncmp(q, "config", 6))
			q += 6;
		else
			q = NULL;
		if (q && (*q == ' ' || *q == '\t')) {
			while (*q == ' ' || *q == '\t')
				q++;
			name = q;
			while (word(*q))
				q++;
			n = q - name;
			if (n) {
				s->defs = kc_realloc(s->defs,
						     (s->ndefs + 1) * sizeof(*s->defs));
				s->defs[s->ndefs].name = kc_strndup(name, n);
				s->defs[s->ndefs].file = kc_strdup(rel);
				s->defs[s->ndefs].line = line;
				s->ndefs++;
			}
		}
		if (!nl)
			break;
	}
	free(buf);
}

struct walk {
	struct scan *s;
	const char *tree;
	char **scope;
	size_t nscope;
	int code;
};

static int in_scope(const struct walk *w, const char *rel)
{
	size_t i, n;

	if (!w->nscope)
		return 1;
	for (i = 0; i < w->nscope; i++) {
		n = strlen(w->scope[i]);
		if (!strncmp(rel, w->scope[i], n) &&
		    (rel[n] == '\0' || rel[n] == '/'))
			return 1;
	}
	return 0;
}

/*
 * The scan runs in a thread beside the workers' forks: it works inside
 * the fork gate (util.h), which it leaves for each subdirectory and
 * between entries.
 */
static void walk(const struct walk *w, const char *rel)
{
	char *dir;
	struct dirent *de;
	DIR *d;

	kc_gate_enter();
	dir = *rel ? kc_printf("%s/%s", w->tree, rel) : kc_strdup(w->tree);
	d = opendir(dir);
	if (!d) {
		free(dir);
		kc_gate_leave();
		return;
	}
	while ((de = readdir(d))) {
		char *path, *r;
		struct stat st;
		int type;

		if (de->d_name[0] == '.')
			continue;
		path = kc_printf("%s/%s", dir, de->d_name);
		r = *rel ? kc_printf("%s/%s", rel, de->d_name) : kc_strdup(de->d_name);
		type = de->d_type;
		if (type == DT_UNKNOWN)
			type = lstat(path, &st) ? DT_UNKNOWN :
			       S_ISDIR(st.st_mode) ? DT_DIR :
			       S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
		if (type == DT_DIR) {
			kc_gate_leave();
			walk(w, r);
			kc_gate_enter();
		} else if (type != DT_REG)
			;
		else if (!strncmp(de->d_name, "Kconfig", 7))
			scan_kconfig(w->s, path, r);
		else if (w->code && in_scope(w, r) && wanted(r, de->d_name))
			scan_file(w->s, path, r);
		free(path);
		free(r);
		kc_gate_leave();
		kc_gate_enter();
	}
	closedir(d);
	free(dir);
	kc_gate_leave();
}

int scan_tree(const char *tree, char **scope, size_t nscope, int code,
	      struct scan *s, char *err, size_t errlen)
{
	struct walk w = {
		.s = s, .tree = tree, .scope = scope, .nscope = nscope,
		.code = code,
	};
	size_t i;

	memset(s, 0, sizeof(*s));
	kc_gate_enter();
	for (i = 0; i < nscope; i++) {
		char *path;
		size_t n = strlen(scope[i]);

		while (n > 1 && scope[i][n - 1] == '/')
			scope[i][--n] = '\0';
		path = kc_printf("%s/%s", tree, scope[i]);
		if (access(path, F_OK)) {
			snprintf(err, errlen, "scope %s: %s", path, strerror(errno));
			free(path);
			kc_gate_leave();
			return -1;
		}
		free(path);
	}
	kc_gate_leave();
	walk(&w, "");
	return 0;
}

/* A path the walk would not enter: a component that starts with '.'. */
static int hidden(const char *rel)
{
	const char *p = rel;

	for (;;) {
		if (*p == '.')
			return 1;
		p = strchr(p, '/');
		if (!p)
			return 0;
		p++;
	}
}

void scan_files(const char *tree, char *const *files, size_t n, int code,
		struct scan *s)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < n; i++) {
		const char *base = strrchr(files[i], '/');
		char *path = kc_printf("%s/%s", tree, files[i]);
		struct stat st;

		base = base ? base + 1 : files[i];
		if (hidden(files[i]) || lstat(path, &st) || !S_ISREG(st.st_mode))
			;
		else if (!strncmp(base, "Kconfig", 7))
			scan_kconfig(s, path, files[i]);
		else if (code && wanted(files[i], base))
			scan_file(s, path, files[i]);
		free(path);
	}
}

/*
 * The scan thread.  A thread's start and end are the sanitizers' too (they
 * allocate and take their locks), outside the fork gate: it says it has
 * started before kcheck forks, and ends only when scan_tree_wait() lets it,
 * after the forks.
 */
static void *scan_main(void *arg)
{
	struct scan_bg *bg = arg;

	pthread_mutex_lock(&bg->mu);
	bg->started = 1;
	pthread_cond_broadcast(&bg->cv);
	pthread_mutex_unlock(&bg->mu);
	bg->ret = scan_tree(bg->tree, bg->scope, bg->nscope, bg->code, bg->s,
			    bg->err, sizeof(bg->err));
	pthread_mutex_lock(&bg->mu);
	while (!bg->released)
		pthread_cond_wait(&bg->cv, &bg->mu);
	pthread_mutex_unlock(&bg->mu);
	return NULL;
}

void scan_tree_start(struct scan_bg *bg, const char *tree, char **scope,
		     size_t nscope, int code, struct scan *s)
{
	int e;

	bg->tree = tree;
	bg->scope = scope;
	bg->nscope = nscope;
	bg->code = code;
	bg->s = s;
	bg->started = bg->released = 0;
	pthread_mutex_init(&bg->mu, NULL);
	pthread_cond_init(&bg->cv, NULL);
	e = pthread_create(&bg->thread, NULL, scan_main, bg);
	if (e)
		kc_die("cannot start a thread: %s", strerror(e));
	pthread_mutex_lock(&bg->mu);
	while (!bg->started)
		pthread_cond_wait(&bg->cv, &bg->mu);
	pthread_mutex_unlock(&bg->mu);
}

int scan_tree_wait(struct scan_bg *bg, char *err, size_t errlen)
{
	int e;

	pthread_mutex_lock(&bg->mu);
	bg->released = 1;
	pthread_cond_broadcast(&bg->cv);
	pthread_mutex_unlock(&bg->mu);
	e = pthread_join(bg->thread, NULL);
	pthread_mutex_destroy(&bg->mu);
	pthread_cond_destroy(&bg->cv);
	if (e)
		kc_die("cannot join a thread: %s", strerror(e));
	if (bg->ret)
		snprintf(err, errlen, "%s", bg->err);
	return bg->ret;
}

void scan_free(struct scan *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].file);
	}
	for (i = 0; i < s->ndefs; i++) {
		free(s->defs[i].name);
		free(s->defs[i].file);
	}
	free(s->v);
	free(s->defs);
	memset(s, 0, sizeof(*s));
}
