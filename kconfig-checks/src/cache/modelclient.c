// SPDX-License-Identifier: GPL-2.0-only
/*
 * kcheck's side of the model server (see modelclient.h, cache/serve.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ident.h"
#include "modelclient.h"
#include "modelwire.h"
#include "util.h"

/*
 * The process settings a served worker shares with its kcheck: umask, nice
 * value and resource limits.  A daemon is a fork of the worker that
 * parsed, which had the settings of the kcheck that started it; a run with
 * other settings is another key, another daemon.  (Called in a forked
 * child, one thread: reading the umask by setting it is safe there.)
 */
static void mix_settings(struct ident *h)
{
	mode_t mask = umask(077);
	struct rlimit r;
	int i, nice;

	umask(mask);
	ident_mix(h, &mask, sizeof(mask));
	errno = 0;
	nice = getpriority(PRIO_PROCESS, 0);
	ident_mix(h, &nice, sizeof(nice));
	for (i = 0; i < RLIM_NLIMITS; i++)
		if (!getrlimit(i, &r))
			ident_mix(h, &r, sizeof(r));
}

char *model_key(const char *worker, const char *tree, const char *arch,
		char *const envp[])
{
	struct ident h;
	char hex[33];
	size_t i;

	ident_init(&h, "kcheck-model-2");
	mix_settings(&h);
	ident_mix_file(&h, worker);
	ident_mix_str(&h, tree);
	ident_mix_str(&h, arch);
	for (i = 0; envp[i]; i++)
		if (!ident_skip_env(envp[i]))
			ident_mix_str(&h, envp[i]);
	ident_hex(&h, hex);
	return kc_strdup(hex);
}

/* A socket connected to MODELS/KEY.sock, or -1. */
static int connect_server(const char *models, const char *key, const char *dir)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct ucred cr;
	socklen_t len = sizeof(cr);
	int s, dfd, ok;

	snprintf(a.sun_path, sizeof(a.sun_path), "%s.sock", key);
	dfd = open(models, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -1;
	s = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	/* a name relative to the cache: no limit on the cache's path */
	ok = s >= 0 && !fchdir(dfd) &&
	     !connect(s, (struct sockaddr *)&a, sizeof(a));
	close(dfd);
	if (chdir(dir))
		ok = 0;
	/* the server must be ours */
	if (ok && (getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &len) ||
		   cr.uid != getuid()))
		ok = 0;
	if (!ok) {
		if (s >= 0)
			close(s);
		return -1;
	}
	return s;
}

static volatile sig_atomic_t stop_sig;

static void on_stop(int sig)
{
	stop_sig = sig;
}

void model_try(const char *models, const char *key, const char *dir,
	       char *const argv[])
{
	static const int fds[3] = { 0, 1, 2 };
	static const int stops[] = { SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa = { .sa_handler = on_stop };	/* no SA_RESTART */
	char answer;
	int s, status, shut = 0;
	size_t i;
	ssize_t n;

	s = connect_server(models, key, dir);
	if (s < 0)
		return;
	if (modelwire_send(s, fds, dir, argv))
		goto fallback;
	do
		n = recv(s, &answer, 1, 0);
	while (n < 0 && errno == EINTR);
	if (n != 1 || answer != 'A')
		goto fallback;	/* stale, or a server that went away */
	/*
	 * the served worker runs now: wait for its end.  Stopped (kcheck
	 * kills its workers with SIGTERM when interrupted), say so to the
	 * server, which kills the worker; its status comes when it is gone,
	 * so that kcheck never removes a directory it still writes in.
	 */
	for (i = 0; i < sizeof(stops) / sizeof(stops[0]); i++)
		sigaction(stops[i], &sa, NULL);
	for (;;) {
		if (stop_sig && !shut) {
			shutdown(s, SHUT_WR);
			shut = 1;
		}
		n = recv(s, &status, sizeof(status), 0);
		if (n >= 0 || errno != EINTR)
			break;
	}
	if (shut) {
		signal(stop_sig, SIG_DFL);
		raise(stop_sig);
	}
	if (n != sizeof(status)) {
		fprintf(stderr, "the model server of %s/%s.sock went away\n",
			models, key);
		_exit(125);
	}
	if (WIFSIGNALED(status)) {
		signal(WTERMSIG(status), SIG_DFL);
		raise(WTERMSIG(status));
	}
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 125);
fallback:
	close(s);
}
