// SPDX-License-Identifier: GPL-2.0-only
#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static void oom(void)
{
	fputs("kcheck: error: out of memory\n", stderr);
	exit(2);
}

void *kc_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *kc_realloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		oom();
	return p;
}

char *kc_strdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		oom();
	return p;
}

char *kc_strndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		oom();
	return p;
}

char *kc_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		oom();
	va_end(ap);
	return s;
}

bool kc_fault_is(const char *prefix)
{
	const char *f = getenv("KCHECK_FAULT"), *arch = getenv("SRCARCH");
	size_t n = strlen(prefix);

	return f && arch && !strncmp(f, prefix, n) && !strcmp(f + n, arch);
}

void kc_die(const char *fmt, ...)
{
	va_list ap;

	fputs("kcheck: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

int kc_mkdir_p(const char *path, mode_t mode)
{
	char *p = kc_strdup(path), *s;
	int ret = 0;

	for (s = p + 1; ; s++) {
		char c = *s;

		if (c && c != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) && errno != EEXIST) {
			ret = -1;
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	if (!ret) {
		struct stat st;

		if (stat(p, &st))
			ret = -1;
		else if (!S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			ret = -1;
		}
	}
	free(p);
	return ret;
}

static void remove_at(int dfd, const char *name)
{
	struct dirent *de;
	DIR *d;
	int fd;

	if (!unlinkat(dfd, name, 0) || errno == ENOENT)
		return;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			remove_at(dirfd(d), de->d_name);
	closedir(d);
	unlinkat(dfd, name, AT_REMOVEDIR);
}

void kc_remove_tree(const char *path)
{
	remove_at(AT_FDCWD, path);
}

static pthread_rwlock_t gate;
static pthread_once_t gate_once = PTHREAD_ONCE_INIT;

/* a fork waiting is let in before a thread enters again */
static void gate_init(void)
{
	pthread_rwlockattr_t a;

	pthread_rwlockattr_init(&a);
	pthread_rwlockattr_setkind_np(&a, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&gate, &a);
	pthread_rwlockattr_destroy(&a);
}

void kc_gate_enter(void)
{
	pthread_once(&gate_once, gate_init);
	pthread_rwlock_rdlock(&gate);
}

void kc_gate_leave(void)
{
	pthread_rwlock_unlock(&gate);
}

pid_t kc_fork(void)
{
	pid_t pid;
	int e;

	pthread_once(&gate_once, gate_init);
	pthread_rwlock_wrlock(&gate);
	pid = fork();
	e = errno;
	if (pid)
		pthread_rwlock_unlock(&gate);
	else
		gate_init();	/* the child's copy, locked, has one thread */
	errno = e;
	return pid;
}

int kc_run(char *const argv[], int quiet, char **out, size_t *lenp)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int pfd[2], st;
	pid_t pid;

	if (out)
		*out = NULL;
	if (pipe2(pfd, O_CLOEXEC))
		return -1;
	fflush(NULL);
	pid = kc_fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (!pid) {
		dup2(pfd[1], 1);
		if (quiet) {
			int null = open("/dev/null", O_WRONLY);

			if (null >= 0)
				dup2(null, 2);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	for (;;) {
		ssize_t n;

		if (len + 4096 > cap) {
			cap = (cap + 4096) * 2;
			buf = kc_realloc(buf, cap);
		}
		n = read(pfd[0], buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	close(pfd[0]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			free(buf);
			return -1;
		}
	if (buf)
		buf[len] = '\0';
	if (lenp)
		*lenp = len;
	if (out)
		*out = buf;
	else
		free(buf);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

unsigned long long kc_number(const char *opt, const char *arg,
			     unsigned long long min, unsigned long long max)
{
	unsigned long long v;
	char *end;

	/* decimal only: "010" is ten, not an octal eight */
	if (!*arg || !((*arg >= '0' && *arg <= '9')))
		kc_die("%s wants a decimal number from %llu to %llu, not '%s'",
		       opt, min, max, arg);
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (*end || errno || v < min || v > max)
		kc_die("%s wants a decimal number from %llu to %llu, not '%s'",
		       opt, min, max, arg);
	return v;
}

int kc_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

char *kc_read_file(const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	size_t got = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st)) {
		close(fd);
		return NULL;
	}
	buf = kc_calloc(1, st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	buf[got] = '\0';
	if (len)
		*len = got;
	return buf;
}

char *kc_escape(const char *s)
{
	char *out = kc_calloc(1, 2 * strlen(s) + 1), *o = out;

	for (; *s; s++) {
		switch (*s) {
		case '\t':
			*o++ = '\\';
			*o++ = 't';
			break;
		case '\n':
			*o++ = '\\';
			*o++ = 'n';
			break;
		case '\\':
			*o++ = '\\';
			*o++ = '\\';
			break;
		default:
			*o++ = *s;
		}
	}
	return out;
}

char *kc_unescape(const char *s)
{
	char *out = kc_calloc(1, strlen(s) + 1), *o = out;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*o++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s;
		} else {
			*o++ = *s;
		}
	}
	return out;
}

static size_t hash(const char *s)
{
	size_t h = 14695981039346656037UL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211UL;
	return h;
}

static size_t find(const struct kc_set *s, const char *key)
{
	size_t i = hash(key) & (s->cap - 1);

	while (s->slot[i] && strcmp(s->slot[i], key))
		i = (i + 1) & (s->cap - 1);
	return i;
}

void **kc_set_put(struct kc_set *s, const char *key, int *added)
{
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		struct kc_set g = { .cap = s->cap ? 2 * s->cap : 64 };

		g.slot = kc_calloc(g.cap, sizeof(char *));
		g.val = kc_calloc(g.cap, sizeof(void *));
		for (i = 0; i < s->cap; i++) {
			size_t j;

			if (!s->slot[i])
				continue;
			j = find(&g, s->slot[i]);
			g.slot[j] = s->slot[i];
			g.val[j] = s->val[i];
		}
		g.n = s->n;
		free(s->slot);
		free(s->val);
		*s = g;
	}
	i = find(s, key);
	if (added)
		*added = !s->slot[i];
	if (!s->slot[i]) {
		s->slot[i] = kc_strdup(key);
		s->n++;
	}
	return &s->val[i];
}

void *kc_set_get(const struct kc_set *s, const char *key)
{
	size_t i;

	if (!s->cap)
		return NULL;
	i = find(s, key);
	return s->slot[i] ? s->val[i] : NULL;
}

int kc_set_has(const struct kc_set *s, const char *key)
{
	return s->cap && s->slot[find(s, key)];
}

void kc_set_free(struct kc_set *s, void (*free_val)(void *))
{
	size_t i;

	for (i = 0; i < s->cap; i++) {
		free(s->slot[i]);
		if (free_val && s->val[i])
			free_val(s->val[i]);
	}
	free(s->slot);
	free(s->val);
	memset(s, 0, sizeof(*s));
}

char **kc_strv_add(char **v, char *s)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	v = kc_realloc(v, (n + 2) * sizeof(char *));
	v[n] = s;
	v[n + 1] = NULL;
	return v;
}

void kc_strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int kc_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

double kc_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

char kc_tri_char(int v)
{
	return v == 2 ? 'y' : v == 1 ? 'm' : 'n';
}

int kc_tri_of(char c)
{
	return c == 'y' ? 2 : c == 'm' ? 1 : 0;
}
