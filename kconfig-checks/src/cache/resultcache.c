// SPDX-License-Identifier: GPL-2.0-only
/* The result cache (resultcache.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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

static int later(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

/*
 * PATH's contents (or that it is absent), resolved against TREE; its
 * ctime into *newest when later.  Returns 0, or -1 when it is absent.
 */
static int mix_content(struct ident *h, const char *tree, const char *path,
		       struct timespec *newest)
{
	char *full = path[0] == '/' ? kc_strdup(path) : kc_printf("%s/%s", tree, path);
	struct stat st;
	size_t len = 0;
	char *data = NULL;

	ident_mix_str(h, path);
	if (!stat(full, &st) && S_ISREG(st.st_mode)) {
		data = kc_read_file(full, &len);
		if (later(&st.st_ctim, newest))
			*newest = st.st_ctim;
	}
	if (data) {
		ident_mix(h, &len, sizeof(len));
		ident_mix(h, data, len);
	} else {
		ident_mix_str(h, "\001absent");
	}
	free(data);
	free(full);
	return data ? 0 : -1;
}

/* The jobs file (stdin) from its start, rewound; NULL when unreadable. */
static char *slurp_stdin(void)
{
	size_t len = 0, cap = 0;
	char *buf = NULL;
	ssize_t n;

	if (lseek(0, 0, SEEK_SET))
		return NULL;
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
static int mix_jobs(struct ident *h, const char *tree, struct timespec *newest)
{
	char *jobs = slurp_stdin(), *line, *next;
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
			mix_content(h, tree, m.u.JOB.target, newest);
		for (k = 0; k < m.u.JOB.more_n; k++)
			mix_content(h, tree, m.u.JOB.more[k], newest);
		kc_msg_free(&m);
	}
	free(jobs);
	return 0;
}

/*
 * The first key (resultcache.h), or NULL when the run is not to be kept
 * (no --inputs, a --dump-dir, the jobs unreadable).  *newest: the latest
 * ctime of the files it read.
 */
static char *run_key(const struct launch *l, char *const envp[],
		     struct timespec *newest)
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
			mix_content(&h, l->tree, l->argv[i + 1], newest);
		if (!strcmp(l->argv[i], "--tmp-dir") && l->argv[i + 1]) {
			i++;
			continue;
		}
		ident_mix_str(&h, l->argv[i]);
	}
	if (!inputs || mix_jobs(&h, l->tree, newest))
		return NULL;
	ident_hex(&h, hex);
	return kc_strdup(hex);
}

/*
 * The second key: the contents of the files INPUTS lists ("I\tfile\tPATH"
 * lines) and, for its $(shell) commands ("I\tshell\tCMD"), what their
 * $(shell) cache key covers (ident_shell_key(): the command, the identity
 * of every file it names, the environment, the package database), with
 * ENVP as the environment.  *newest: the latest ctime of all those files.
 * Returns 0, or -1 when a file is absent (the worker read it: it changed).
 */
static int inputs_key(const char *tree, char *inputs, char *const envp[],
		      char out[33], struct timespec *newest)
{
	struct ident_paths memo = { 0 };
	char **saved = environ, *line, *next;
	struct ident h;
	int absent = 0;

	ident_init(&h, "kcheck-results-inputs-2");
	environ = (char **)envp;
	ident_mix_environ(&h);
	ident_mix_packages(&h);
	for (line = inputs; *line; line = next) {
		struct kc_msg m;

		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		if (kc_parse(line, &m) || m.fam != KC_I)
			continue;
		if (!strcmp(m.u.I.kind, "shell")) {
			ident_mix_str(&h, m.u.I.what);
			ident_mix_words(&h, m.u.I.what, &memo);
		} else if (mix_content(&h, tree, m.u.I.what, newest)) {
			absent = 1;
		}
		kc_msg_free(&m);
	}
	environ = saved;
	ident_paths_free(&memo);
	if (later(&h.newest, newest))
		*newest = h.newest;
	ident_hex(&h, out);
	return absent ? -1 : 0;
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
	gzFile f = gzopen(path, "rbe");
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
	if (gzclose(f) != Z_OK || n < 0) {
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
	struct timespec newest = { 0, 0 };
	char ikey[33];
	size_t len = 0;
	int absent;

	if (!inputs)
		return;
	absent = inputs_key(tree, inputs, envp, ikey, &newest);
	free(inputs);
	if (absent)
		return;
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
	char *inputs;
	size_t n = 0;

	if (len < 6 || strncmp(out, "P\tok", 4) || strncmp(out + len - 3, "\nZ\n", 3))
		return NULL;
	inputs = kc_realloc(NULL, len + 1);
	for (line = out; line < out + len; line = end + 1) {
		end = memchr(line, '\n', out + len - line);
		if (!end)
			break;
		if (!strncmp(line, "E\t", 2)) {
			free(inputs);
			return NULL;
		}
		if (!strncmp(line, "I\t", 2)) {
			memcpy(inputs + n, line, end + 1 - line);
			n += end + 1 - line;
		}
	}
	inputs[n] = '\0';
	if (!n) {
		free(inputs);
		return NULL;
	}
	return inputs;
}

/* DATA gzip-compressed (fast: the values of a matrix shrink 6-fold) to FD. */
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

	return later(&y->used, &x->used) ? 1 : later(&x->used, &y->used) ? -1 : 0;
}

/* an output or a key's inputs not used for this long goes, whatever its key */
#define UNUSED_DAYS 30

/*
 * Only the KEEP_PER_KEY outputs of KEY used last stay; anything not used
 * for UNUSED_DAYS and temporary files a day old go.
 */
static void prune(const char *dir, const char *key)
{
	time_t now = time(NULL);
	struct kept *v = NULL;
	size_t n = 0, i, kl = strlen(key);
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char *path = kc_printf("%s/%s", dir, e->d_name);
		struct stat st;

		if (e->d_name[0] == '.' && strncmp(e->d_name, ".tmp-", 5)) {
			free(path);
			continue;
		}
		if (stat(path, &st) || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (now - st.st_mtime > (e->d_name[0] == '.' ? 86400 : UNUSED_DAYS * 86400L)) {
			unlink(path);
			free(path);
		} else if (!strncmp(e->d_name, key, kl) && e->d_name[kl] == '-') {
			v = kc_realloc(v, (n + 1) * sizeof(*v));
			v[n].name = path;
			v[n++].used = st.st_mtim;
		} else {
			free(path);
		}
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), by_use);
	for (i = 0; i < n; i++) {
		if (i >= KEEP_PER_KEY)
			unlink(v[i].name);
		free(v[i].name);
	}
	free(v);
}

/* A run of the worker: what its output is kept under, and when it began. */
struct run {
	const char *dir;	/* the result cache */
	const struct launch *l;
	char *const *envp;
	char *key;		/* the first key */
	struct timespec start;	/* before the first key was taken */
	pid_t worker;
};

/*
 * Keep OUT (LEN bytes), the output of R's worker, unless a file either
 * key covers changed since R began (its ctime, or the first key again).
 */
static void keep(const struct run *r, const char *out, size_t len)
{
	char *inputs = keepable(out, len), *name, *again;
	struct timespec newest = { 0, 0 };
	char ikey[33];
	int absent;

	if (!inputs)
		return;
	again = run_key(r->l, r->envp, &newest);
	name = kc_strdup(inputs);
	absent = inputs_key(r->l->tree, name, r->envp, ikey, &newest);
	free(name);
	if (absent || !again || strcmp(again, r->key) ||
	    !later(&r->start, &newest)) {
		free(again);
		free(inputs);
		return;
	}
	free(again);
	name = kc_printf("%s-%s.out.gz", r->key, ikey);
	if (!store(r->dir, name, out, len, 1)) {
		free(name);
		name = kc_printf("%s.inputs", r->key);
		store(r->dir, name, inputs, strlen(inputs), 0);
		prune(r->dir, r->key);
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

/* the worker the copier waits for, and whether a signal stopped the run */
static volatile pid_t copied_worker;
static volatile sig_atomic_t copy_stopped;

/* kcheck stops a run by signalling this process: the worker gets it */
static void forward(int sig)
{
	copy_stopped = 1;
	if (copied_worker > 0)
		kill(copied_worker, sig);
}

static void forward_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa = { .sa_handler = forward };
	size_t i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* The copier: R's worker's output to stdout and kept; ends as the worker did. */
static void copier(struct run *r, int fd)
{
	struct rlimit nocore = { 0, 0 };
	char *out;
	size_t len;
	int st;

	copy_out(fd, &out, &len);
	close(fd);
	while (waitpid(r->worker, &st, 0) < 0)
		if (errno != EINTR)
			_exit(127);
	if (WIFEXITED(st) && !WEXITSTATUS(st) && !copy_stopped && out)
		keep(r, out, len);
	if (WIFSIGNALED(st)) {
		/* the worker's core, if any, is the one that counts */
		setrlimit(RLIMIT_CORE, &nocore);
		signal(WTERMSIG(st), SIG_DFL);
		raise(WTERMSIG(st));
	}
	_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 127);
}

void resultcache_run(const char *dir, const struct launch *l,
		     char *const envp[])
{
	struct run r = { .dir = dir, .l = l, .envp = envp };
	struct timespec newest = { 0, 0 };
	int p[2];

	/*
	 * the clock file times are taken from: a file changed after this
	 * has a ctime at or after it
	 */
	clock_gettime(CLOCK_REALTIME_COARSE, &r.start);
	r.key = run_key(l, envp, &newest);
	if (!r.key)
		return;
	if (kc_mkdir_p(dir, 0700)) {
		free(r.key);
		return;
	}
	replay(dir, r.key, l->tree, envp);
	if (pipe(p)) {
		free(r.key);
		return;
	}
	fflush(stdout);
	forward_signals();
	r.worker = fork();
	if (r.worker < 0) {
		close(p[0]);
		close(p[1]);
		free(r.key);
		return;
	}
	if (!r.worker) {
		/* the worker's side: its stdout is the pipe, kcheck's signals */
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		close(p[0]);
		dup2(p[1], 1);
		close(p[1]);
		free(r.key);
		return;
	}
	copied_worker = r.worker;
	close(p[1]);
	copier(&r, p[0]);
}
