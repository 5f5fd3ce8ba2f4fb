// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "workers.h"
#include "speed.h"
#include "util.h"

struct slot {
	int idx;		/* arch index, -1 when free */
	pid_t pid;
	int fd;
	char *buf;
	size_t len, cap;
	int done;		/* saw Z */
	char *dir;
	struct timespec t0;
};

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void mkdir_p(const char *path)
{
	kc_mkdir_p(path, 0700);
}

/*
 * conf's environment: what the tree's top Makefile exports to
 * scripts/kconfig for 'make ARCH=<arch>' (env.mk); NULL on failure.
 * *makefiles, when asked for, gets the makefiles it read.
 */
static char **conf_env(const struct launch *l, char **makefiles)
{
	const struct run_opts *o = l->ctx;
	char *envmk = kc_printf("%s/env.mk", o->libexec);
	char *top = kc_printf("%s/Makefile", o->tree);
	char *archarg = kc_printf("ARCH=%s", l->arch);
	char *const argv[] = {
		"make", "-s", "--no-print-directory", "-f", top, "-f", envmk,
		archarg, "kcheck-envconfig", NULL,
	};
	char *buf = NULL, **envp = NULL, *p;
	size_t len = 0;

	if (kc_run(argv, 0, &buf, &len) || !len)
		goto out;
	if (makefiles)
		*makefiles = kc_strdup(buf);
	for (p = buf + strlen(buf) + 1; p < buf + len; p += strlen(p) + 1)
		envp = kc_strv_add(envp, kc_strdup(p));
out:
	free(buf);
	free(envmk);
	free(top);
	free(archarg);
	return envp;
}

/*
 * CROSS_COMPILE for each arch (Kconfig asks the compiler), from one run of
 * cross-compile.sh (argument vector, no shell): the caller's
 * CROSS_COMPILE stands; otherwise the prefix cross-compile.map gives for
 * the arch, if its gcc is installed, unless KCHECK_NO_CROSS is set.  Set
 * in each worker's environment before the environment cache is consulted,
 * so that it is part of the key.  An empty string: none.
 */
static char **cross_prefixes(const struct run_opts *o, const struct matrix *m)
{
	char *script = kc_printf("%s/cross-compile.sh", o->libexec);
	char **argv = kc_calloc(m->narches + 2, sizeof(char *));
	char **cross = kc_calloc(m->narches ? m->narches : 1, sizeof(char *));
	char *out = NULL, *p;
	size_t i;
	int rc;

	argv[0] = script;
	for (i = 0; i < m->narches; i++)
		argv[i + 1] = (char *)m->arches[i].name;
	rc = kc_run(argv, 0, &out, NULL);
	if (rc)
		kc_die("%s failed (exit %d)", script, rc);
	p = out;
	for (i = 0; i < m->narches; i++) {
		size_t n = p ? strcspn(p, "\n") : 0;

		if (p && !p[n])
			p = NULL;	/* a line short: no prefix */
		cross[i] = p ? kc_strndup(p, n) : kc_strdup("");
		if (p)
			p += n + 1;
	}
	free(out);
	free(argv);
	free(script);
	return cross;
}

/* The worker's arguments, for its private directory DIR. */
static char **worker_argv(const struct run_opts *o, const char *arch,
			  const char *dir)
{
	char **argv = kc_strv_add(NULL, kc_strdup(o->worker));
	char *tmp = kc_printf("%s/tmp", dir);
	size_t x;

	mkdir_p(tmp);
	argv = kc_strv_add(argv, kc_strdup("--tmp-dir"));
	argv = kc_strv_add(argv, tmp);
	if (o->values)
		argv = kc_strv_add(argv, kc_strdup("--values"));
	if (o->inputs)
		argv = kc_strv_add(argv, kc_strdup("--inputs"));
	if (o->rules) {
		argv = kc_strv_add(argv, kc_strdup("--rules"));
		argv = kc_strv_add(argv, kc_strdup(o->rules));
	}
	if (o->dump_dir) {
		char *dump = kc_printf("%s/%s", o->dump_dir, arch);

		mkdir_p(dump);
		argv = kc_strv_add(argv, kc_strdup("--dump-dir"));
		argv = kc_strv_add(argv, dump);
	}
	for (x = 0; o->extra_args && o->extra_args[x]; x++)
		argv = kc_strv_add(argv, kc_strdup(o->extra_args[x]));
	return kc_strv_add(argv, kc_strdup("Kconfig"));
}

/*
 * The forked child's stdin (the jobs file), stdout (the pipe to the front
 * end), stderr (a file of DIR, whose tail a failure shows) and directory.
 */
static void worker_stdio(const char *dir, int outfd)
{
	char *jobs = kc_printf("%s/jobs", dir);
	char *errf = kc_printf("%s/stderr", dir);
	int fd;

	fd = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		dup2(fd, 2);
		close(fd);
	}
	if (chdir(dir)) {
		fprintf(stderr, "cannot enter %s\n", dir);
		_exit(126);
	}
	fd = open(jobs, O_RDONLY);
	if (fd < 0)
		_exit(124);
	dup2(fd, 0);
	close(fd);
	dup2(outfd, 1);
	close(outfd);
	free(jobs);
	free(errf);
}

/*
 * The forked child: starts the arch's worker, through the speed layer when
 * it is on (speed.h), else plainly: conf's environment from make, exec.
 */
static void launch_worker(const struct run_opts *o, const char *arch,
			  const char *cross, const char *dir, int outfd)
{
	struct launch l = {
		.worker = o->worker, .tree = o->tree, .arch = arch, .dir = dir,
		.fault = getenv("KCHECK_FAULT"), .conf_env = conf_env, .ctx = o,
	};
	char **envp;

	worker_stdio(dir, outfd);
	/* an outer make's jobserver and flags are not ours to pass */
	unsetenv("MAKEFLAGS");
	unsetenv("MFLAGS");
	unsetenv("MAKELEVEL");
	unsetenv("MAKEOVERRIDES");
	if (*cross)
		setenv("CROSS_COMPILE", cross, 1);
	l.argv = worker_argv(o, arch, dir);
	if (speed_on(&o->speed)) {
		envp = speed_env(&o->speed, &l);
	} else {
		envp = conf_env(&l, NULL);
		if (envp && l.fault)
			envp = kc_strv_add(envp, kc_printf("KCHECK_FAULT=%s",
							   l.fault));
	}
	if (!envp) {
		fprintf(stderr,
			"'make ARCH=%s' could not evaluate the top Makefile of %s\n",
			arch, o->tree);
		_exit(125);
	}
	execve(o->worker, l.argv, envp);
	fprintf(stderr, "cannot run %s: %s\n", o->worker, strerror(errno));
	_exit(127);
}

static int start(const struct run_opts *o, const struct arch *a,
		 const char *cross, int idx, struct slot *s)
{
	char *jobs;
	FILE *f;
	size_t i;
	int pfd[2];

	s->dir = kc_printf("%s/%s", o->workdir, a->name);
	mkdir_p(s->dir);
	jobs = kc_printf("%s/jobs", s->dir);
	f = fopen(jobs, "w");
	if (!f)
		kc_die("cannot write %s: %s", jobs, strerror(errno));
	for (i = 0; i < a->njobs; i++) {
		struct kc_msg j = { .fam = KC_JOB, .u.JOB = a->jobs[i].spec };

		j.u.JOB.id = (int)i;
		kc_emit(f, &j);
	}
	if (fclose(f))
		kc_die("cannot write %s: %s", jobs, strerror(errno));
	free(jobs);
	if (pipe(pfd))
		kc_die("pipe: %s", strerror(errno));
	/*
	 * a worker's first lines are its arch's definitions, a megabyte or
	 * so: in one go rather than in 64 KiB turns (a hint; the default
	 * works too)
	 */
	(void)fcntl(pfd[0], F_SETPIPE_SZ, 1 << 20);
	fflush(NULL);
	s->pid = kc_fork();
	if (s->pid < 0)
		kc_die("fork: %s", strerror(errno));
	if (!s->pid) {
		close(pfd[0]);
		launch_worker(o, a->name, cross, s->dir, pfd[1]);
	}
	close(pfd[1]);
	s->fd = pfd[0];
	s->idx = idx;
	s->len = 0;
	s->done = 0;
	clock_gettime(CLOCK_MONOTONIC, &s->t0);
	return 0;
}

static struct cfg_result *cfg_of(struct arch_result *r, int id)
{
	if (id < 0 || (size_t)id >= r->ncfgs)
		return NULL;
	return &r->cfgs[id];
}

/* A V line's values: the configuration keeps the line and the array. */
static void take_values(struct arch_result *r, struct cfg_result *c,
			struct kc_msg *m)
{
	char **v = (char **)m->u.V.values;
	size_t n = m->u.V.values_n;

	if (!n)
		return;		/* no symbols: nothing to compare */
	kc_msg_own(m);
	if (n < r->nnames) {
		v = kc_realloc(v, r->nnames * sizeof(char *));
		memset(v + n, 0, (r->nnames - n) * sizeof(char *));
	}
	free(c->vline);
	free(c->vals);
	c->vline = m->buf;
	c->vals = v;
	m->buf = NULL;
	m->u.V.values = NULL;
	m->u.V.values_n = 0;
}

/* The N line: the arch keeps the line and the array. */
static void take_names(struct arch_result *r, struct kc_msg *m)
{
	kc_msg_own(m);
	free(r->nline);
	free(r->names);
	r->nline = m->buf;
	r->names = (char **)m->u.N.names;
	r->nnames = m->u.N.names_n;
	m->buf = NULL;
	m->u.N.names = NULL;
	m->u.N.names_n = 0;
}

/*
 * Room for element N of an array that grows by doubling: an arch's S and
 * R lines are some 20,000 a run, and growing by one element each was a
 * realloc (for large blocks an mremap()) per line.
 */
static void *room_for(void *v, size_t n, size_t size)
{
	if (n & (n - 1))
		return v;	/* not a power of two: there is room */
	return kc_realloc(v, (n ? 2 * n : 1) * size);
}

static void add_def(struct arch_result *r, const struct kc_S *s)
{
	r->defs = room_for(r->defs, r->ndefs, sizeof(*r->defs));
	r->defs[r->ndefs].name = kc_strdup(s->name);
	r->defs[r->ndefs].type = s->type;
	r->defs[r->ndefs].file = kc_strdup(s->file);
	r->defs[r->ndefs].line = s->line;
	r->ndefs++;
}

static void add_ref(struct arch_result *r, const struct kc_R *x)
{
	r->refs = room_for(r->refs, r->nrefs, sizeof(*r->refs));
	r->refs[r->nrefs].name = kc_strdup(x->name);
	r->refs[r->nrefs].file = kc_strdup(x->file);
	r->refs[r->nrefs].line = x->line;
	r->refs[r->nrefs].how = kc_strdup(x->how);
	r->nrefs++;
}

static void add_input(struct arch_result *r, const struct kc_I *x)
{
	int file = !strcmp(x->kind, "file");
	char ***v = file ? &r->input_files : &r->input_cmds;
	size_t *n = file ? &r->ninput_files : &r->ninput_cmds;

	*v = kc_realloc(*v, (*n + 1) * sizeof(char *));
	(*v)[(*n)++] = kc_strdup(x->what);
}

static void add_unmet(struct cfg_result *c, const struct kc_U *u)
{
	struct unmet *x;

	c->unmet = kc_realloc(c->unmet, (c->nunmet + 1) * sizeof(*c->unmet));
	x = &c->unmet[c->nunmet++];
	x->target = kc_strdup(u->target);
	x->selector = kc_strdup(u->selector);
	x->file = kc_strdup(u->file);
	x->line = u->line;
	x->active = u->active;
	x->depval = u->dependency_value;
	x->dep = kc_strdup(u->dependency);
}

static void add_fragw(struct cfg_result *c, const struct kc_W *w)
{
	struct frag_warning *x;

	c->fragw = kc_realloc(c->fragw, (c->nfragw + 1) * sizeof(*c->fragw));
	x = &c->fragw[c->nfragw++];
	x->file = kc_strdup(w->file);
	x->line = w->line;
	x->kind = kc_strdup(w->kind);
	x->symbol = kc_strdup(w->symbol);
	x->message = kc_strdup(w->message);
}

/* A line about one configuration (C, E, U, F, W, V, D). */
static void handle_config(struct arch_result *r, struct kc_msg *m)
{
	struct cfg_result *c;

	switch (m->fam) {
	case KC_D:
		if ((c = cfg_of(r, m->u.D.id)))
			c->done = 1;
		break;
	case KC_E:
		if ((c = cfg_of(r, m->u.E.id))) {
			free(c->error);
			c->error = kc_strdup(m->u.E.message);
		}
		break;
	case KC_U:
		if ((c = cfg_of(r, m->u.U.id)))
			add_unmet(c, &m->u.U);
		break;
	case KC_F:
		if ((c = cfg_of(r, m->u.F.id))) {
			c->failed_rules = kc_realloc(c->failed_rules,
						     (c->nfailed + 1) * sizeof(int));
			c->failed_rules[c->nfailed++] = m->u.F.rule_line;
		}
		break;
	case KC_W:
		if ((c = cfg_of(r, m->u.W.id)))
			add_fragw(c, &m->u.W);
		break;
	case KC_V:
		if ((c = cfg_of(r, m->u.V.id)))
			take_values(r, c, m);
		break;
	default:
		break;
	}
}

/* One line of a worker (protocol.h); 1 when it is Z, the last. */
static int handle_line(struct arch_result *r, char *line)
{
	struct kc_msg m;
	int z = 0;

	if (kc_parse(line, &m))
		return 0;	/* of no family: not ours to read */
	switch (m.fam) {
	case KC_Z:
		z = 1;
		break;
	case KC_P:
		r->from_model = m.u.P.how && !strcmp(m.u.P.how, "model-cache");
		r->from_results = m.u.P.how && !strcmp(m.u.P.how, "result-cache");
		break;
	case KC_S:
		add_def(r, &m.u.S);
		break;
	case KC_R:
		add_ref(r, &m.u.R);
		break;
	case KC_N:
		take_names(r, &m);
		break;
	case KC_I:
		add_input(r, &m.u.I);
		break;
	case KC_X_UNMET: case KC_X_INVARIANT: case KC_X_FIXED:
	case KC_X_EQUAL: case KC_X_CLASS: case KC_X_SELECTIF:
	case KC_X_DEPENDS: case KC_X_SAMPLE: case KC_X_IMPLY:
	case KC_X_STATS:
		kc_msg_own(&m);
		r->x = kc_realloc(r->x, (r->nx + 1) * sizeof(*r->x));
		r->x[r->nx++] = m;
		return 0;
	default:
		handle_config(r, &m);
	}
	kc_msg_free(&m);
	return z;
}

static void consume(struct slot *s, struct arch_result *r)
{
	char *p = s->buf, *nl;

	while ((nl = memchr(p, '\n', s->buf + s->len - p))) {
		*nl = '\0';
		if (handle_line(r, p))
			s->done = 1;
		p = nl + 1;
	}
	s->len -= p - s->buf;
	memmove(s->buf, p, s->len);
}

static char *tail_of(const char *path)
{
	char *buf = kc_read_file(path, NULL), *t, *out;
	size_t n;

	if (!buf || !*buf) {
		free(buf);
		return kc_strdup("(no message)");
	}
	n = strlen(buf);
	while (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	t = n > 600 ? buf + n - 600 : buf;
	out = kc_strdup(t);
	free(buf);
	return out;
}

static void finish(const struct run_opts *o, const struct matrix *m,
		   struct slot *s, struct arch_result *r, int *failed,
		   size_t *ndone)
{
	const char *arch = m->arches[s->idx].name;
	int status;

	close(s->fd);
	while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
		;
	r->seconds = since(&s->t0);
	if (!s->done) {
		char *errf = kc_printf("%s/stderr", s->dir);
		char *msg = tail_of(errf);

		if (WIFSIGNALED(status))
			r->error = kc_printf("worker crashed (signal %d, %s): %s",
					     WTERMSIG(status),
					     strsignal(WTERMSIG(status)), msg);
		else
			r->error = kc_printf("worker failed (exit %d): %s",
					     WEXITSTATUS(status), msg);
		free(msg);
		free(errf);
		(*failed)++;
	} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		/* all results arrived, but the exit (a sanitizer's leak report) failed */
		char *errf = kc_printf("%s/stderr", s->dir);
		char *msg = tail_of(errf);

		r->error = kc_printf("worker exited with %s %d after its results: %s",
				     WIFSIGNALED(status) ? "signal" : "status",
				     WIFSIGNALED(status) ? WTERMSIG(status) :
				     WEXITSTATUS(status), msg);
		free(msg);
		free(errf);
		(*failed)++;
	} else if (!o->extra_args) {
		/* kcheck-worker answers every configuration it was given */
		size_t i, missing = 0;

		for (i = 0; i < r->ncfgs; i++)
			missing += !r->cfgs[i].done;
		if (missing) {
			r->error = kc_printf("worker ended without the results of %zu of %zu configurations",
					     missing, r->ncfgs);
			(*failed)++;
		}
	}
	(*ndone)++;
	if (!o->quiet && o->extra_args)
		fprintf(stderr, "kcheck: %s[%zu/%zu] %s: %.1f s%s\n",
			o->label ? o->label : "", *ndone, m->narches, arch,
			r->seconds, r->error ? " (FAILED)" : "");
	else if (!o->quiet)
		fprintf(stderr, "kcheck: %s[%zu/%zu] %s: %zu configurations, %.2f s%s%s\n",
			o->label ? o->label : "", *ndone, m->narches, arch,
			r->ncfgs, r->seconds, r->from_model ? " (model cache)" :
			r->from_results ? " (result cache)" : "",
			r->error ? " (FAILED)" : "");
	free(s->dir);
	s->dir = NULL;
	s->idx = -1;
}

static const struct matrix *order_m;

/* Most configurations first, so that no big arch starts last. */
static int by_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	size_t nx = order_m->arches[x].njobs, ny = order_m->arches[y].njobs;

	if (nx != ny)
		return nx < ny ? 1 : -1;
	return x < y ? -1 : x > y;
}

/* Every arch's result, empty, its configurations named. */
static void results_init(const struct matrix *m, struct arch_result *res)
{
	size_t i, k;

	for (i = 0; i < m->narches; i++) {
		memset(&res[i], 0, sizeof(res[i]));
		res[i].arch = m->arches[i].name;
		res[i].ncfgs = m->arches[i].njobs;
		res[i].cfgs = kc_calloc(res[i].ncfgs ? res[i].ncfgs : 1,
					sizeof(*res[i].cfgs));
		for (k = 0; k < res[i].ncfgs; k++)
			res[i].cfgs[k].name = m->arches[i].jobs[k].name;
	}
}

/* Interrupted: every running worker killed and reaped. */
static void stop_all(struct slot *slots, int nslots)
{
	int k;

	for (k = 0; k < nslots; k++) {
		if (slots[k].idx < 0)
			continue;
		kill(slots[k].pid, SIGTERM);
		close(slots[k].fd);
		while (waitpid(slots[k].pid, NULL, 0) < 0 && errno == EINTR)
			;
		free(slots[k].dir);
	}
}

/* What a worker wrote since the last read; its end when it closed. */
static void read_slot(const struct run_opts *o, const struct matrix *m,
		      struct slot *s, struct arch_result *res, int *failed,
		      size_t *ndone)
{
	ssize_t r;

	if (s->cap - s->len < 65536) {
		s->cap = s->cap * 2 + 65536;
		s->buf = kc_realloc(s->buf, s->cap);
	}
	r = read(s->fd, s->buf + s->len, s->cap - s->len);
	if (r < 0 && errno == EINTR)
		return;
	if (r > 0) {
		s->len += r;
		consume(s, &res[s->idx]);
		return;
	}
	finish(o, m, s, &res[s->idx], failed, ndone);
}

int run_matrix(const struct run_opts *o, const struct matrix *m,
	       struct arch_result *res)
{
	struct slot *slots;
	struct pollfd *pfd;
	size_t next = 0, ndone = 0, i, *order;
	char **cross = cross_prefixes(o, m);
	int nslots = o->jobs > 0 ? o->jobs : 1, failed = 0, k;

	slots = kc_calloc(nslots, sizeof(*slots));
	pfd = kc_calloc(nslots, sizeof(*pfd));
	order = kc_calloc(m->narches ? m->narches : 1, sizeof(*order));
	for (i = 0; i < m->narches; i++)
		order[i] = i;
	order_m = m;
	qsort(order, m->narches, sizeof(*order), by_size);
	results_init(m, res);
	for (k = 0; k < nslots; k++)
		slots[k].idx = -1;

	while (ndone < m->narches) {
		if (o->stop && *o->stop) {
			stop_all(slots, nslots);
			failed = -1;
			break;
		}
		for (k = 0; k < nslots && next < m->narches; k++) {
			if (slots[k].idx >= 0)
				continue;
			start(o, &m->arches[order[next]], cross[order[next]],
			      order[next], &slots[k]);
			next++;
		}
		for (k = 0; k < nslots; k++) {
			pfd[k].fd = slots[k].idx >= 0 ? slots[k].fd : -1;
			pfd[k].events = POLLIN;
			pfd[k].revents = 0;
		}
		if (poll(pfd, nslots, -1) < 0) {
			if (errno == EINTR)
				continue;
			kc_die("poll: %s", strerror(errno));
		}
		for (k = 0; k < nslots; k++)
			if (slots[k].idx >= 0 && pfd[k].revents)
				read_slot(o, m, &slots[k], res, &failed, &ndone);
	}
	for (k = 0; k < nslots; k++)
		free(slots[k].buf);
	free(slots);
	free(pfd);
	free(order);
	for (i = 0; i < m->narches; i++)
		free(cross[i]);
	free(cross);
	return failed;
}

void arch_result_free(struct arch_result *r)
{
	size_t i, k;

	for (i = 0; i < r->ncfgs; i++) {
		struct cfg_result *c = &r->cfgs[i];

		for (k = 0; k < c->nunmet; k++) {
			free(c->unmet[k].target);
			free(c->unmet[k].selector);
			free(c->unmet[k].file);
			free(c->unmet[k].dep);
		}
		free(c->unmet);
		free(c->failed_rules);
		for (k = 0; k < c->nfragw; k++) {
			free(c->fragw[k].file);
			free(c->fragw[k].kind);
			free(c->fragw[k].symbol);
			free(c->fragw[k].message);
		}
		free(c->fragw);
		free(c->error);
		free(c->vline);
		free(c->vals);
	}
	free(r->cfgs);
	for (i = 0; i < r->ndefs; i++) {
		free(r->defs[i].name);
		free(r->defs[i].file);
	}
	free(r->defs);
	for (i = 0; i < r->nrefs; i++) {
		free(r->refs[i].name);
		free(r->refs[i].file);
		free(r->refs[i].how);
	}
	free(r->refs);
	kc_strv_free(r->input_files, r->ninput_files);
	kc_strv_free(r->input_cmds, r->ninput_cmds);
	for (i = 0; i < r->nx; i++)
		kc_msg_free(&r->x[i]);
	free(r->x);
	free(r->names);
	free(r->nline);
	free(r->error);
}
