// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model server (see serve.h).
 *
 * The daemon's loop waits on its socket and on a pipe its SIGCHLD handler
 * writes to: a run's worker (a child) that ends has its wait status sent
 * to the kcheck that asked for it at once, so that kcheck sees a crash of
 * a served worker exactly as it sees one of its own.  Only the user who
 * runs the daemon may connect (SO_PEERCRED); the socket is made with
 * umask 077 in kcheck's cache.  The lock file KEY.lock, held for the
 * daemon's life, makes sure there is one daemon per key.
 */
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
		unlinkat(dfd, name, 0);
		umask(077);
		ok = !bind(s, (struct sockaddr *)&a, sizeof(a)) &&
		     !listen(s, 16) &&
		     !fstatat(dfd, name, st, AT_SYMLINK_NOFOLLOW);
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

/* A run's worker: the run's descriptors and directory, then fn. */
static void serve_one(int c, serve_fn fn, const char *hash)
{
	char now[33], *buf, **argv, *cwd;
	int fds[3], argc, i, rc;

	/* SIGPIPE stays ignored, as kcheck leaves it for its workers */
	signal(SIGCHLD, SIG_DFL);
	argc = modelwire_recv(c, fds, &buf, &argv, &cwd);
	if (argc < 0)
		_exit(125);
	inputs_hash(now);
	if (strcmp(now, hash))
		_exit(STALE);	/* the daemon tells the run */
	/*
	 * the first run's stdio state is in this copy of the worker: its
	 * stdin at end of file; drop it so that this run's streams start
	 * fresh on the new descriptors
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
	/* argv[0] is the worker's path, as execve() would have it */
	rc = fn(argc, argv);
	free(argv);
	free(buf);
	exit(rc);
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

/* READY (fd 3) gets a byte once the socket listens; closed either way. */
static void daemon_main(const char *dir, const char *key, int idle,
			serve_fn fn)
{
	char hash[33], *sock = kc_printf("%s.sock", key);
	char *lock = kc_printf("%s.lock", key);
	struct conn conns[MAXCONN];
	int nconn = 0, dfd, lfd, s, fd, stale = 0, i, status;
	struct sigaction sa = { 0 };
	struct stat st0;
	time_t last = time(NULL);
	pid_t pid;

	inputs_hash(hash);
	close_from(4);
	fd = open("/dev/null", O_RDWR);
	if (fd < 0)
		_exit(0);
	for (i = 0; i < 3; i++)
		dup2(fd, i);
	if (fd > 2)
		close(fd);
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		_exit(0);
	/*
	 * another daemon serves this key (one that found its model stale
	 * gave up its lock before its run heard so)
	 */
	lfd = openat(dfd, lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (lfd < 0 || flock(lfd, LOCK_EX | LOCK_NB))
		_exit(0);
	s = bind_socket(dfd, sock, &st0);
	if (s < 0 || pipe2(sigchld_pipe, O_CLOEXEC | O_NONBLOCK))
		_exit(0);
	/* the worker that parsed may go on: later runs find the socket */
	(void)!write(3, "r", 1);
	close(3);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	sa.sa_handler = on_sigchld;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);

	for (;;) {
		struct pollfd p[2 + MAXCONN] = {
			{ .fd = sigchld_pipe[0], .events = POLLIN },
			{ .fd = s, .events = POLLIN },
		};
		char drain[64];
		int r;

		/*
		 * a kcheck that hangs up (killed, or interrupted: it shuts
		 * its side down) ends its worker, and hears when it is gone;
		 * only the hangup is polled for (the request may still wait
		 * for the child to read it)
		 */
		for (i = 0; i < nconn; i++) {
			p[2 + i].fd = conns[i].killed ? -1 : conns[i].fd;
			p[2 + i].events = POLLRDHUP;
		}
		r = poll(p, 2 + nconn, 1000);
		for (i = 0; r > 0 && i < nconn; i++) {
			if (!conns[i].killed &&
			    (p[2 + i].revents & (POLLRDHUP | POLLHUP | POLLERR))) {
				kill(conns[i].pid, SIGKILL);
				conns[i].killed = 1;
			}
		}
		while (read(sigchld_pipe[0], drain, sizeof(drain)) > 0)
			;
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			for (i = 0; i < nconn && conns[i].pid != pid; i++)
				;
			if (i == nconn)
				continue;
			/*
			 * the status for its kcheck (if it is gone, for
			 * nobody); a stale model: socket and lock given up
			 * before the run hears it, so that the daemon its
			 * parse leaves finds both free
			 */
			if (WIFEXITED(status) && WEXITSTATUS(status) == STALE) {
				stale = 1;
				stop_listening(dfd, sock, &st0, &s, &lfd);
				(void)!send(conns[i].fd, "S", 1, MSG_NOSIGNAL);
			} else {
				(void)!send(conns[i].fd, &status, sizeof(status),
					    MSG_NOSIGNAL);
			}
			close(conns[i].fd);
			conns[i] = conns[--nconn];
			last = time(NULL);
		}
		if (s >= 0 && (stale || !same_socket(dfd, sock, &st0) ||
			       (!nconn && time(NULL) - last >= idle)))
			stop_listening(dfd, sock, &st0, &s, &lfd);
		if (s < 0) {
			if (!nconn)
				break;
			continue;
		}
		if (r <= 0 || !(p[1].revents & POLLIN))
			continue;
		fd = accept4(s, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		{
			struct ucred cr;
			socklen_t len = sizeof(cr);

			if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) ||
			    cr.uid != getuid() || nconn == MAXCONN) {
				close(fd);
				continue;
			}
		}
		pid = fork();
		if (pid < 0) {
			close(fd);
			continue;
		}
		if (!pid) {
			close(s);
			if (lfd >= 0)
				close(lfd);
			close(dfd);
			close(sigchld_pipe[0]);
			close(sigchld_pipe[1]);
			for (i = 0; i < nconn; i++)
				close(conns[i].fd);
			free(sock);
			free(lock);
			serve_one(fd, fn, hash);
		}
		conns[nconn].pid = pid;
		conns[nconn].killed = 0;
		conns[nconn++].fd = fd;
		last = time(NULL);
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
