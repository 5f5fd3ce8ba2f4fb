// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model server (see serve.h).
 *
 * The daemon's loop waits on its socket, on a pipe its SIGCHLD handler
 * writes to and on its runner's socket pair: a run's worker (the runner,
 * or a child of its own) that ends the run has its wait status sent to
 * the kcheck that asked for it at once (the runner's exit code for the
 * run, or the runner's own status if it died in it), so that kcheck sees
 * a crash of a served worker exactly as it sees one of its own.  Only the user who
 * runs the daemon may connect (SO_PEERCRED); the socket is made with
 * umask 077 in kcheck's cache.  The lock file KEY.lock, held for the
 * daemon's life, makes sure there is one daemon per key.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "inputs.h"
#include "modelwire.h"
#include "serve.h"
#include "util.h"

/* a run's worker exits with this when the model is stale */
#define STALE 99
#define MAXCONN 64

struct conn {
	pid_t pid;
	int fd;
	int killed;	/* its kcheck hung up: the worker was killed */
};

static int sigchld_pipe[2] = { -1, -1 };

static void on_sigchld(int sig)
{
	int e = errno;

	(void)sig;
	/* a full pipe has a wakeup pending anyway */
	(void)!write(sigchld_pipe[1], "c", 1);
	errno = e;
}

static void close_from(int lo)
{
	int fd;

	if (!close_range(lo, ~0U, 0))
		return;
	for (fd = lo; fd < 1024; fd++)
		close(fd);
}

/* stdin, stdout and stderr on /dev/null; -1 if it cannot be opened */
static int streams_to_null(void)
{
	int fd = open("/dev/null", O_RDWR), i;

	if (fd < 0)
		return -1;
	for (i = 0; i < 3; i++)
		dup2(fd, i);
	if (fd > 2)
		close(fd);
	return 0;
}

static int bind_socket(int dfd, const char *name, struct stat *st)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int s, ok;

	if (strlen(name) >= sizeof(a.sun_path))
		return -1;
	memcpy(a.sun_path, name, strlen(name) + 1);
	s = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -1;
	/* bind a name relative to the cache: no limit on the cache's path */
	ok = !fchdir(dfd);
	if (ok) {
		/* the socket 0600; the runs served keep the caller's umask */
		mode_t mask = umask(077);

		unlinkat(dfd, name, 0);
		ok = !bind(s, (struct sockaddr *)&a, sizeof(a)) &&
		     !listen(s, 16) &&
		     !fstatat(dfd, name, st, AT_SYMLINK_NOFOLLOW);
		umask(mask);
	}
	if (chdir("/"))
		ok = 0;
	if (!ok) {
		close(s);
		return -1;
	}
	return s;
}

static int same_socket(int dfd, const char *name, const struct stat *st0)
{
	struct stat st;

	return !fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) &&
	       st.st_dev == st0->st_dev && st.st_ino == st0->st_ino;
}

/*
 * Take the run that connection C brings: its arguments, its descriptors
 * as stdin, stdout and stderr, its directory; then "A" to its kcheck.
 * Returns argc; *argv and *buf are the caller's to free.  What the daemon
 * must tell the run (a stale model, a broken request) ends the process.
 */
static int take_run(int c, const char *hash, char **buf, char ***argv)
{
	char now[33], *cwd;
	int fds[3], argc, i;

	argc = modelwire_recv(c, fds, buf, argv, &cwd);
	if (argc < 0)
		_exit(125);
	inputs_hash(now);
	if (strcmp(now, hash))
		_exit(STALE);	/* the daemon tells the run */
	/*
	 * the stdio state of the run before (the first run's, in a copy of
	 * the worker that parsed): stdin at end of file; drop it so that
	 * this run's streams start fresh on the new descriptors
	 */
	__fpurge(stdin);
	clearerr(stdin);
	for (i = 0; i < 3; i++)
		if (dup2(fds[i], i) < 0)
			_exit(125);
	for (i = 0; i < 3; i++)
		if (fds[i] > 2)
			close(fds[i]);
	if (chdir(cwd))
		_exit(126);
	if (send(c, "A", 1, MSG_NOSIGNAL) != 1)
		_exit(125);
	close(c);
	return argc;
}

/* A worker for one run (the runner was busy): fn, then its exit. */
static void serve_one(int c, serve_fn fn, const char *hash)
{
	char *buf, **argv;
	int argc, rc;

	/* SIGPIPE stays ignored, as kcheck leaves it for its workers */
	signal(SIGCHLD, SIG_DFL);
	argc = take_run(c, hash, &buf, &argv);
	/* argv[0] is the worker's path, as execve() would have it */
	rc = fn(argc, argv);
	free(argv);
	free(buf);
	exit(rc);
}

/* One descriptor over the daemon's socket pair with its runner. */
static int send_fd(int sock, int fd)
{
	return modelwire_send_fds(sock, "r", 1, &fd, 1);
}

/* The descriptor send_fd() sent, or -1 (the daemon is gone). */
static int recv_fd(int sock)
{
	char byte;
	int fd;

	return modelwire_recv_fds(sock, &byte, 1, &fd, 1) > 0 ? fd : -1;
}

/*
 * The runner: a copy of the model that serves run after run, as the
 * worker that parsed resolves configuration after configuration
 * (treeconf_resolve() starts each from the state after the parse).  A run
 * that has a worker of its own (a fork of the daemon) first pays for its
 * copy of every page the resolution writes, a third of a small arch's
 * run; the runner pays once.  Its connections come from the daemon over
 * CTL; each run's exit code goes back there, after the run's streams are
 * closed.  After RUNNER_RUNS runs it leaves: the next run gets a fresh
 * copy (what the tree's code leaks per configuration stays bounded).
 */
#define RUNNER_RUNS 256

static void runner_main(int ctl, serve_fn fn, const char *hash)
{
	char *buf, **argv;
	int argc, rc, c, n;

	signal(SIGCHLD, SIG_DFL);
	for (n = 0; n < RUNNER_RUNS; n++) {
		c = recv_fd(ctl);
		if (c < 0)
			_exit(0);
		argc = take_run(c, hash, &buf, &argv);
		rc = fn(argc, argv);
		free(argv);
		free(buf);
		/* the run's streams closed: its kcheck sees their end */
		fflush(NULL);
		if (streams_to_null())
			_exit(125);
		if (write(ctl, &rc, sizeof(rc)) != sizeof(rc))
			_exit(0);
	}
	_exit(0);
}

/*
 * Stop taking runs: remove the socket (if it is still ours) and give up
 * the lock, so that a new daemon can start at once.
 */
static void stop_listening(int dfd, const char *sock, const struct stat *st0,
			   int *s, int *lfd)
{
	if (*s < 0)
		return;
	if (same_socket(dfd, sock, st0))
		unlinkat(dfd, sock, 0);
	close(*s);
	*s = -1;
	close(*lfd);
	*lfd = -1;
}

/*
 * At most MODEL_MAX daemons in a cache (each holds a parsed model, tens of
 * megabytes): a new one removes the sockets of the least recently used
 * beyond it (a daemon touches its socket at each run it takes), and their
 * daemons exit as for a removed socket.  48: two trees of 21 arches (a
 * kcheck diff, a verify-exact's two rounds) stay served; fewer than a
 * round's arches would make each new daemon evict the next one the round
 * asks for.
 */
#define MODEL_MAX 48

static int by_mtime(const void *a, const void *b)
{
	const struct timespec *x = &((const struct stat *)a)->st_mtim;
	const struct timespec *y = &((const struct stat *)b)->st_mtim;

	if (x->tv_sec != y->tv_sec)
		return x->tv_sec < y->tv_sec ? -1 : 1;
	return x->tv_nsec < y->tv_nsec ? -1 : x->tv_nsec > y->tv_nsec;
}

/* Remove the sockets of the least recently used daemons beyond MODEL_MAX. */
static void evict_oldest(int dfd, const char *own)
{
	struct {
		struct stat st;	/* first: by_mtime() compares it */
		char name[64];
	} *v = NULL;
	struct dirent *e;
	size_t n = 0, i, len;
	DIR *d;
	int fd = dup(dfd);

	d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d))) {
		len = strlen(e->d_name);
		if (len < 5 || len >= sizeof(v->name) ||
		    strcmp(e->d_name + len - 5, ".sock") || !strcmp(e->d_name, own))
			continue;
		v = kc_realloc(v, (n + 1) * sizeof(*v));
		if (fstatat(dfd, e->d_name, &v[n].st, AT_SYMLINK_NOFOLLOW) ||
		    !S_ISSOCK(v[n].st.st_mode))
			continue;
		memcpy(v[n].name, e->d_name, len + 1);
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(v, n, sizeof(*v), by_mtime);
	/* the others and this one */
	for (i = 0; n + 1 > MODEL_MAX && i < n + 1 - MODEL_MAX; i++)
		unlinkat(dfd, v[i].name, 0);
	free(v);
}

/*
 * Every CHECK_EVERY seconds without a run, a daemon checks that it still
 * serves what a parse would give: its model's inputs are unchanged and
 * its worker's file is still there (a new engine replaced it); if not, it
 * exits rather than wait for its idle time.
 */
#define CHECK_EVERY 5

static int still_current(const char *hash)
{
	char now[33];
	struct stat st;

	if (stat("/proc/self/exe", &st) || !st.st_nlink)
		return 0;
	inputs_hash(now);
	return !strcmp(now, hash);
}

struct daemon {
	char hash[33];		/* the model's inputs when it was parsed */
	char *sock, *lock;	/* names in the cache directory */
	int dfd, lfd, s;	/* cache directory, lock, listening socket */
	struct stat st0;	/* the socket's identity */
	struct conn conns[MAXCONN];
	int nconn;
	serve_fn fn;
	pid_t runner;		/* 0: none */
	int ctl;		/* the socket pair with the runner */
	int runner_busy;
	int stale;
	time_t last;		/* a run ended or came */
	time_t checked;		/* still_current() last asked */
};

/* In a child of the daemon: close what is the daemon's. */
static void leave_daemon(struct daemon *d)
{
	int i;

	close(d->s);
	if (d->lfd >= 0)
		close(d->lfd);
	close(d->dfd);
	close(sigchld_pipe[0]);
	close(sigchld_pipe[1]);
	for (i = 0; i < d->nconn; i++)
		close(d->conns[i].fd);
	if (d->runner)
		close(d->ctl);
	free(d->sock);
	free(d->lock);
}

/* Connection I's run has ended with STATUS: tell its kcheck. */
static void finish(struct daemon *d, int i, int status)
{
	/*
	 * (if its kcheck is gone, nobody hears); a stale model: socket and
	 * lock given up before the run hears it, so that the daemon its
	 * parse leaves finds both free
	 */
	if (WIFEXITED(status) && WEXITSTATUS(status) == STALE) {
		d->stale = 1;
		stop_listening(d->dfd, d->sock, &d->st0, &d->s, &d->lfd);
		(void)!send(d->conns[i].fd, "S", 1, MSG_NOSIGNAL);
	} else {
		(void)!send(d->conns[i].fd, &status, sizeof(status),
			    MSG_NOSIGNAL);
	}
	close(d->conns[i].fd);
	d->conns[i] = d->conns[--d->nconn];
	d->last = time(NULL);
}

static int conn_of(const struct daemon *d, pid_t pid)
{
	int i;

	for (i = 0; i < d->nconn && d->conns[i].pid != pid; i++)
		;
	return i;
}

/* The runner's exit codes of the runs it ended (read before its death). */
static void runner_done(struct daemon *d)
{
	int rc, i;

	while (d->runner && d->runner_busy &&
	       recv(d->ctl, &rc, sizeof(rc), MSG_DONTWAIT) == sizeof(rc)) {
		d->runner_busy = 0;
		i = conn_of(d, d->runner);
		if (i < d->nconn)
			finish(d, i, W_EXITCODE(rc & 0xff, 0));
	}
}

static void reap(struct daemon *d)
{
	int status, i;
	pid_t pid;

	runner_done(d);
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == d->runner) {
			close(d->ctl);
			d->runner = 0;
			d->runner_busy = 0;
		}
		i = conn_of(d, pid);
		if (i < d->nconn)
			finish(d, i, status);
	}
}

/* A child for the run on FD: the runner if it is free, else one of its own. */
static void start_run(struct daemon *d, int fd)
{
	int sv[2] = { -1, -1 };
	pid_t pid;

	if (d->runner && !d->runner_busy && !send_fd(d->ctl, fd)) {
		pid = d->runner;
		d->runner_busy = 1;
		goto started;
	}
	if (!d->runner &&
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		sv[0] = -1;
		sv[1] = -1;
	}
	pid = fork();
	if (pid < 0) {
		if (sv[0] >= 0) {
			close(sv[0]);
			close(sv[1]);
		}
		close(fd);
		return;
	}
	if (!pid) {
		leave_daemon(d);
		if (sv[0] < 0)
			serve_one(fd, d->fn, d->hash);
		close(sv[0]);
		close(fd);
		runner_main(sv[1], d->fn, d->hash);
	}
	if (sv[0] >= 0) {
		close(sv[1]);
		d->runner = pid;
		d->ctl = sv[0];
		if (send_fd(d->ctl, fd)) {
			kill(pid, SIGKILL);	/* reaped as any child */
			close(fd);
			return;
		}
		d->runner_busy = 1;
	}
started:
	d->conns[d->nconn].pid = pid;
	d->conns[d->nconn].killed = 0;
	d->conns[d->nconn++].fd = fd;
	d->last = time(NULL);
	/* used now: the last a newer daemon evicts (evict_oldest()) */
	utimensat(d->dfd, d->sock, NULL, AT_SYMLINK_NOFOLLOW);
}

/*
 * The daemon's socket, lock and signals, or its exit; READY (fd 3) gets a
 * byte once the socket listens; closed either way.
 */
static void daemon_setup(struct daemon *d, const char *dir, const char *key,
			 serve_fn fn)
{
	struct sigaction sa = { 0 };

	d->sock = kc_printf("%s.sock", key);
	d->lock = kc_printf("%s.lock", key);
	d->fn = fn;
	d->last = time(NULL);
	/* an input changed while the parse read it: no server of this model */
	if (inputs_hash(d->hash))
		_exit(0);
	close_from(4);
	if (streams_to_null())
		_exit(0);
	d->dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->dfd < 0)
		_exit(0);
	/*
	 * another daemon serves this key (one that found its model stale
	 * gave up its lock before its run heard so)
	 */
	d->lfd = openat(d->dfd, d->lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
			0600);
	if (d->lfd < 0 || flock(d->lfd, LOCK_EX | LOCK_NB))
		_exit(0);
	d->s = bind_socket(d->dfd, d->sock, &d->st0);
	if (d->s < 0 || pipe2(sigchld_pipe, O_CLOEXEC | O_NONBLOCK))
		_exit(0);
	evict_oldest(d->dfd, d->sock);
	d->checked = time(NULL);
	/* the worker that parsed may go on: later runs find the socket */
	(void)!write(3, "r", 1);
	close(3);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	sa.sa_handler = on_sigchld;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
}

/*
 * Wait (at most a second) for a child's end, a connection, the runner, or
 * a hangup; P has room for 3 + MAXCONN.  Returns poll()'s result.
 */
static int daemon_wait(struct daemon *d, struct pollfd *p)
{
	char drain[64];
	int i, r;

	memset(p, 0, (3 + MAXCONN) * sizeof(*p));
	p[0].fd = sigchld_pipe[0];
	p[0].events = POLLIN;
	p[1].fd = d->s;
	p[1].events = POLLIN;
	p[2].fd = d->runner ? d->ctl : -1;
	p[2].events = POLLIN;
	/*
	 * a kcheck that hangs up (killed, or interrupted: it shuts
	 * its side down) ends its worker, and hears when it is gone;
	 * only the hangup is polled for (the request may still wait
	 * for the child to read it)
	 */
	for (i = 0; i < d->nconn; i++) {
		p[3 + i].fd = d->conns[i].killed ? -1 : d->conns[i].fd;
		p[3 + i].events = POLLRDHUP;
	}
	r = poll(p, 3 + d->nconn, 1000);
	for (i = 0; r > 0 && i < d->nconn; i++) {
		if (!d->conns[i].killed &&
		    (p[3 + i].revents & (POLLRDHUP | POLLHUP | POLLERR))) {
			kill(d->conns[i].pid, SIGKILL);
			d->conns[i].killed = 1;
		}
	}
	while (read(sigchld_pipe[0], drain, sizeof(drain)) > 0)
		;
	return r;
}

/* Stop listening when stale, replaced, idle, or no longer current. */
static void daemon_check(struct daemon *d, int idle)
{
	if (d->s >= 0 && (d->stale || !same_socket(d->dfd, d->sock, &d->st0) ||
			  (!d->nconn && time(NULL) - d->last >= idle)))
		stop_listening(d->dfd, d->sock, &d->st0, &d->s, &d->lfd);
	if (d->s >= 0 && !d->nconn && time(NULL) - d->checked >= CHECK_EVERY) {
		d->checked = time(NULL);
		if (!still_current(d->hash))
			stop_listening(d->dfd, d->sock, &d->st0, &d->s, &d->lfd);
	}
}

/* A connection: a run, when it is this user's and there is room. */
static void daemon_accept(struct daemon *d)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);
	int fd;

	fd = accept4(d->s, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) ||
	    cr.uid != getuid() || d->nconn == MAXCONN) {
		close(fd);
		return;
	}
	start_run(d, fd);
}

static void daemon_main(const char *dir, const char *key, int idle,
			serve_fn fn)
{
	static struct daemon d;

	daemon_setup(&d, dir, key, fn);
	for (;;) {
		struct pollfd p[3 + MAXCONN];
		int r = daemon_wait(&d, p);

		reap(&d);
		daemon_check(&d, idle);
		if (d.s < 0) {
			if (!d.nconn)
				break;
			continue;
		}
		if (r <= 0 || !(p[1].revents & POLLIN))
			continue;
		daemon_accept(&d);
	}
	_exit(0);
}

void serve_start(const char *dir, const char *key, int idle, serve_fn fn)
{
	char byte;
	pid_t pid;
	int status, ready[2];

	fflush(NULL);
	if (pipe2(ready, O_CLOEXEC))
		return;
	pid = fork();
	if (pid < 0) {
		close(ready[0]);
		close(ready[1]);
		return;
	}
	if (pid) {
		close(ready[1]);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		/*
		 * until the daemon listens (a few milliseconds: it checks
		 * the inputs and binds), or gives up: a run that starts as
		 * this one ends is served
		 */
		while (read(ready[0], &byte, 1) < 0 && errno == EINTR)
			;
		close(ready[0]);
		return;
	}
	/* a session of its own: the run's Ctrl-C is not the daemon's */
	close(ready[0]);
	if (setsid() < 0 || fork() != 0)
		_exit(0);
	if (dup2(ready[1], 3) < 0)
		_exit(0);
	if (ready[1] != 3)
		close(ready[1]);
	daemon_main(dir, key, idle, fn);
}
