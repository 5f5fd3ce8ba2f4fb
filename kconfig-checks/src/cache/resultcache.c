// SPDX-License-Identifier: GPL-2.0-only
/* The result cache (resultcache.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <dirent.h>
#include <unistd.h>
#include <zlib.h>

#include "ident.h"
#include "modelclient.h"
#include "protocol.h"
#include "resultcache.h"
#include "util.h"

extern char **environ;

/* the outputs kept per first key, the most recently used */
#define KEEP_PER_KEY 32

/* PATH's contents (or that it is absent), resolved against TREE. */
static void mix_content(struct ident *h, const char *tree, const char *path)
{
	char *full = path[0] == '/' ? kc_strdup(path) : kc_printf("%s/%s", tree, path);
	struct stat st;
	size_t len = 0;
	char *data = NULL;

	ident_mix_str(h, path);
	if (!stat(full, &st) && S_ISREG(st.st_mode))
		data = kc_read_file(full, &len);
	if (data) {
		ident_mix(h, &len, sizeof(len));
		ident_mix(h, data, len);
	} else {
		ident_mix_str(h, "\001absent");
	}
	free(data);
	free(full);
}

/* The jobs file (stdin), rewound; NULL when it cannot be read. */
static char *read_jobs(void)
{
	size_t len = 0, cap = 0;
	char *buf = NULL;
	ssize_t n;

	do {
		if (len + 4096 > cap)
			buf = kc_realloc(buf, cap = 2 * cap + 8192);
		n = read(0, buf + len, cap - len - 1);
		if (n > 0)
			len += n;
	} while (n > 0 || (n < 0 && errno == EINTR));
	if (n < 0 || lseek(0, 0, SEEK_SET)) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

/* Every job line and the contents of every file it names. */
static int mix_jobs(struct ident *h, const char *tree)
{
	char *jobs = read_jobs(), *line, *next;
	size_t k;

	if (!jobs)
		return -1;
	ident_mix_str(h, jobs);
	for (line = jobs; *line; line = next) {
		struct kc_msg m;

		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		if (kc_parse_as(KC_JOB, line, &m))
			continue;
		if (strchr(m.u.JOB.target, '/'))
			mix_content(h, tree, m.u.JOB.target);
		for (k = 0; k < m.u.JOB.more_n; k++)
			mix_content(h, tree, m.u.JOB.more[k]);
		kc_msg_free(&m);
	}
	free(jobs);
	return 0;
}

/*
 * The first key (resultcache.h), or NULL when the run is not to be kept
 * (no --inputs, a --dump-dir, the jobs unreadable).
 */
static char *run_key(const struct launch *l, char *const envp[])
{
	char *model = model_key(l->worker, l->tree, l->arch, envp), hex[33];
	int inputs = 0;
	struct ident h;
	size_t i;

	ident_init(&h, "kcheck-results-1");
	ident_mix_str(&h, model);
	free(model);
	for (i = 1; l->argv[i]; i++) {
		if (!strcmp(l->argv[i], "--dump-dir"))
			return NULL;
		if (!strcmp(l->argv[i], "--inputs"))
			inputs = 1;
		if (!strcmp(l->argv[i], "--rules") && l->argv[i + 1])
			mix_content(&h, l->tree, l->argv[i + 1]);
		if (!strcmp(l->argv[i], "--tmp-dir") && l->argv[i + 1]) {
			i++;
			continue;
		}
		ident_mix_str(&h, l->argv[i]);
	}
	if (!inputs || mix_jobs(&h, l->tree))
		return NULL;
	ident_hex(&h, hex);
	return kc_strdup(hex);
}

/*
 * The second key: the contents of the files and the $(shell) keys of the
 * commands INPUTS lists ("file\tPATH" / "shell\tCMD" lines, escaped), with
 * ENVP as the environment.  *newest: the latest ctime of those files.
 */
static void inputs_key(const char *tree, char *inputs, char *const envp[],
		       char out[33], struct timespec *newest)
{
	char **saved = environ, *line, *next;
	struct ident h;

	ident_init(&h, "kcheck-results-inputs-1");
	newest->tv_sec = 0;
	newest->tv_nsec = 0;
	environ = (char **)envp;
	for (line = inputs; *line; line = next) {
		struct kc_msg m;
		char shell[33];
		struct stat st;

		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		if (kc_parse(line, &m) || m.fam != KC_I)
			continue;
		if (!strcmp(m.u.I.kind, "shell")) {
			ident_shell_key(m.u.I.what, shell);
			ident_mix_str(&h, shell);
		} else {
			char *full = m.u.I.what[0] == '/' ? kc_strdup(m.u.I.what) :
				     kc_printf("%s/%s", tree, m.u.I.what);

			mix_content(&h, tree, m.u.I.what);
			if (!stat(full, &st) &&
			    (st.st_ctim.tv_sec > newest->tv_sec ||
			     (st.st_ctim.tv_sec == newest->tv_sec &&
			      st.st_ctim.tv_nsec > newest->tv_nsec)))
				*newest = st.st_ctim;
			free(full);
		}
		kc_msg_free(&m);
	}
	environ = saved;
	ident_hex(&h, out);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= w;
	}
	return 0;
}

/* DIR/KEY.inputs, the I lines of the last kept run of KEY; or NULL. */
static char *load_inputs(const char *dir, const char *key)
{
	char *path = kc_printf("%s/%s.inputs", dir, key);
	char *text = kc_read_file(path, NULL);

	free(path);
	return text;
}

/* PATH, a gzip file, uncompressed; NULL when it cannot be read whole. */
static char *gz_load(const char *path, size_t *len)
{
	gzFile f = gzopen(path, "rb");
	size_t cap = 1 << 20;
	char *buf;
	int n;

	if (!f)
		return NULL;
	buf = kc_realloc(NULL, cap);
	*len = 0;
	while ((n = gzread(f, buf + *len, cap - *len - 1)) > 0) {
		*len += n;
		if (*len + 1 >= cap)
			buf = kc_realloc(buf, cap *= 2);
	}
	if (n < 0 || gzclose(f) != Z_OK) {
		free(buf);
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}

/* A kept output of KEY, written to stdout; does not return then. */
static void replay(const char *dir, const char *key, const char *tree,
		   char *const envp[])
{
	char *inputs = load_inputs(dir, key), *path, *out, *rest;
	struct timespec newest;
	char ikey[33];
	size_t len = 0;

	if (!inputs)
		return;
	inputs_key(tree, inputs, envp, ikey, &newest);
	free(inputs);
	path = kc_printf("%s/%s-%s.out.gz", dir, key, ikey);
	out = gz_load(path, &len);
	if (out)
		utimensat(AT_FDCWD, path, NULL, 0);	/* used: kept longest */
	free(path);
	if (!out)
		return;
	/* the P line says where the output came from */
	rest = strchr(out, '\n');
	if (strncmp(out, "P\tok", 4) || !rest) {
		free(out);
		return;
	}
	fflush(stdout);
	if (write_all(1, "P\tok\tresult-cache", 17) ||
	    write_all(1, rest, len - (rest - out)))
		_exit(1);
	_exit(0);
}

/* The I lines of OUTPUT, or NULL when OUTPUT is not one to keep. */
static char *keepable(const char *out, size_t len)
{
	const char *line, *end;
	char *inputs = kc_strdup(""), *t;

	if (len < 6 || strncmp(out, "P\tok", 4) || strncmp(out + len - 2, "Z\n", 2) ||
	    (len > 2 && out[len - 3] != '\n')) {
		free(inputs);
		return NULL;
	}
	for (line = out; line < out + len; line = end + 1) {
		end = memchr(line, '\n', out + len - line);
		if (!end)
			break;
		if (!strncmp(line, "E\t", 2)) {
			free(inputs);
			return NULL;
		}
		if (!strncmp(line, "I\t", 2)) {
			t = kc_printf("%s%.*s\n", inputs, (int)(end - line), line);
			free(inputs);
			inputs = t;
		}
	}
	if (!*inputs) {
		free(inputs);
		return NULL;
	}
	return inputs;
}

/* DATA gzip-compressed (fast: the values of a matrix shrink 20-fold) to FD. */
static int gz_write(int fd, const char *data, size_t len)
{
	gzFile f = gzdopen(fd, "wb1");
	int rc = 0;

	if (!f) {
		close(fd);
		return -1;
	}
	while (len && !rc) {
		unsigned int n = len > (1u << 30) ? 1u << 30 : (unsigned int)len;

		rc = gzwrite(f, data, n) == (int)n ? 0 : -1;
		data += n;
		len -= n;
	}
	return gzclose(f) == Z_OK ? rc : -1;
}

/* Write DIR/NAME through a temporary file (gzip when GZ); 0 or -1. */
static int store(const char *dir, const char *name, const char *data,
		 size_t len, int gz)
{
	char *tmp = kc_printf("%s/.tmp-%d-%s", dir, (int)getpid(), name);
	char *path = kc_printf("%s/%s", dir, name);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600), rc = -1;

	if (fd >= 0) {
		if (gz) {
			rc = gz_write(fd, data, len);
		} else {
			rc = write_all(fd, data, len);
			if (close(fd))
				rc = -1;
		}
		if (!rc)
			rc = rename(tmp, path);
		if (rc)
			unlink(tmp);
	}
	free(tmp);
	free(path);
	return rc;
}

/* A kept output of DIR's (KEY-*.out.gz) and its time of last use. */
struct kept {
	char *name;
	struct timespec used;
};

static int by_use(const void *a, const void *b)
{
	const struct kept *x = a, *y = b;

	if (x->used.tv_sec != y->used.tv_sec)
		return x->used.tv_sec < y->used.tv_sec ? 1 : -1;
	return x->used.tv_nsec < y->used.tv_nsec ? 1 :
	       x->used.tv_nsec > y->used.tv_nsec ? -1 : 0;
}

/* Only the KEEP_PER_KEY outputs of KEY used last stay. */
static void prune(const char *dir, const char *key)
{
	struct kept *v = NULL;
	size_t n = 0, i, kl = strlen(key);
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		struct stat st;
		char *path;

		if (strncmp(e->d_name, key, kl) || e->d_name[kl] != '-')
			continue;
		path = kc_printf("%s/%s", dir, e->d_name);
		if (!stat(path, &st)) {
			v = kc_realloc(v, (n + 1) * sizeof(*v));
			v[n].name = path;
			v[n++].used = st.st_mtim;
		} else {
			free(path);
		}
	}
	closedir(d);
	qsort(v, n, sizeof(*v), by_use);
	for (i = 0; i < n; i++) {
		if (i >= KEEP_PER_KEY)
			unlink(v[i].name);
		free(v[i].name);
	}
	free(v);
}

/* Keep OUT (LEN bytes) of the run of KEY that started at START. */
static void keep(const char *dir, const char *key, const char *tree,
		 char *const envp[], const char *out, size_t len,
		 const struct timespec *start)
{
	char *inputs = keepable(out, len), *copy, *name;
	struct timespec newest;
	char ikey[33];

	if (!inputs)
		return;
	copy = kc_strdup(inputs);
	inputs_key(tree, copy, envp, ikey, &newest);
	free(copy);
	/* an input changed while the worker ran: the output may not be its */
	if (newest.tv_sec > start->tv_sec ||
	    (newest.tv_sec == start->tv_sec && newest.tv_nsec >= start->tv_nsec)) {
		free(inputs);
		return;
	}
	name = kc_printf("%s-%s.out.gz", key, ikey);
	if (!store(dir, name, out, len, 1)) {
		free(name);
		name = kc_printf("%s.inputs", key);
		store(dir, name, inputs, strlen(inputs), 0);
		prune(dir, key);
	}
	free(name);
	free(inputs);
}

/* Copies FD to stdout until EOF, keeping what it read in *out. */
static void copy_out(int fd, char **out, size_t *len)
{
	size_t cap = 0;
	char buf[65536];
	int to_stdout = 1;
	ssize_t n;

	*out = NULL;
	*len = 0;
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (to_stdout && write_all(1, buf, n))
			to_stdout = 0;	/* kcheck is gone: the worker runs out */
		if (*len + n + 1 > cap)
			*out = kc_realloc(*out, cap = 2 * (*len + n) + 1);
		memcpy(*out + *len, buf, n);
		*len += n;
	}
}

/* Ends this process as the worker PID ended. */
static void end_as(pid_t pid, int ok_to_keep, const char *dir, const char *key,
		   const struct launch *l, char *const envp[], char *out,
		   size_t len, const struct timespec *start)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			_exit(127);
	if (WIFEXITED(st) && !WEXITSTATUS(st) && ok_to_keep)
		keep(dir, key, l->tree, envp, out, len, start);
	free(out);
	if (WIFSIGNALED(st)) {
		signal(WTERMSIG(st), SIG_DFL);
		raise(WTERMSIG(st));
	}
	_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 127);
}

void resultcache_run(const char *dir, const struct launch *l,
		     char *const envp[])
{
	char *key = run_key(l, envp), *out;
	struct timespec start;
	int p[2], ok;
	size_t len;
	pid_t pid;

	if (!key)
		return;
	if (kc_mkdir_p(dir, 0700)) {
		free(key);
		return;
	}
	replay(dir, key, l->tree, envp);
	/*
	 * the clock file times are taken from: a file changed after this
	 * has a ctime at or after it
	 */
	clock_gettime(CLOCK_REALTIME_COARSE, &start);
	if (pipe(p)) {
		free(key);
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		free(key);
		return;
	}
	if (!pid) {
		/* the worker's side: its stdout is the pipe */
		close(p[0]);
		dup2(p[1], 1);
		close(p[1]);
		free(key);
		return;
	}
	close(p[1]);
	signal(SIGPIPE, SIG_IGN);
	copy_out(p[0], &out, &len);
	close(p[0]);
	ok = out != NULL;
	end_as(pid, ok, dir, key, l, envp, out, len, &start);
}
