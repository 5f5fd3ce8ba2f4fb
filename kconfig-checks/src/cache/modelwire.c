// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model server's wire (see modelwire.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "modelwire.h"
#include "util.h"

/* room for one SCM_RIGHTS message of MODELWIRE_MAX_FDS descriptors, aligned */
union fdbuf {
	struct cmsghdr h;
	char buf[CMSG_SPACE(MODELWIRE_MAX_FDS * sizeof(int))];
};

int modelwire_send_fds(int sock, const void *data, size_t len,
		       const int *fds, int nfds)
{
	union fdbuf u;
	struct iovec iov = { .iov_base = (void *)data, .iov_len = len };
	struct msghdr m = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
		.msg_controllen = CMSG_SPACE(nfds * sizeof(int)),
	};
	struct cmsghdr *c;
	ssize_t ret;

	if (nfds < 1 || nfds > MODELWIRE_MAX_FDS)
		return -1;
	memset(&u, 0, sizeof(u));
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
	memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
	do
		ret = sendmsg(sock, &m, MSG_NOSIGNAL);
	while (ret < 0 && errno == EINTR);
	return ret == (ssize_t)len ? 0 : -1;
}

ssize_t modelwire_recv_fds(int sock, void *buf, size_t cap, int *fds, int nfds)
{
	union fdbuf u;
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	struct msghdr m = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
		.msg_controllen = CMSG_SPACE(nfds * sizeof(int)),
	};
	struct cmsghdr *c;
	ssize_t len;
	int got = 0, i;

	if (nfds < 1 || nfds > MODELWIRE_MAX_FDS)
		return -1;
	do
		len = recvmsg(sock, &m, MSG_CMSG_CLOEXEC);
	while (len < 0 && errno == EINTR);
	for (c = len >= 0 ? CMSG_FIRSTHDR(&m) : NULL; c; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
		    c->cmsg_len == CMSG_LEN(nfds * sizeof(int))) {
			memcpy(fds, CMSG_DATA(c), nfds * sizeof(int));
			got = 1;
		}
	}
	if (len > 0 && got && !(m.msg_flags & (MSG_TRUNC | MSG_CTRUNC)))
		return len;
	if (got)
		for (i = 0; i < nfds; i++)
			close(fds[i]);
	return -1;
}

/* Append S and its NUL to BUF (LEN used of MODELWIRE_MAX); -1 if full. */
static int put(char *buf, size_t *len, const char *s)
{
	size_t n = strlen(s) + 1;

	if (*len + n > MODELWIRE_MAX)
		return -1;
	memcpy(buf + *len, s, n);
	*len += n;
	return 0;
}

int modelwire_send(int sock, const int fds[3], const char *cwd,
		   char *const argv[])
{
	char *buf;
	size_t len = 0;
	int i, ret = -1;

	buf = kc_realloc(NULL, MODELWIRE_MAX);
	if (put(buf, &len, MODELWIRE_MAGIC) || put(buf, &len, cwd))
		goto out;
	for (i = 0; argv[i]; i++)
		if (put(buf, &len, argv[i]))
			goto out;
	ret = modelwire_send_fds(sock, buf, len, fds, 3);
out:
	free(buf);
	return ret;
}

int modelwire_recv(int sock, int fds[3], char **bufp, char ***argvp,
		   char **cwd)
{
	char *buf, *p, **argv = NULL;
	ssize_t len;
	int argc = 0, i;

	buf = kc_realloc(NULL, MODELWIRE_MAX + 1);
	len = modelwire_recv_fds(sock, buf, MODELWIRE_MAX, fds, 3);
	if (len < 0) {
		free(buf);
		return -1;
	}
	if (buf[len - 1] != '\0')
		goto bad;
	buf[len] = '\0';
	/* magic, cwd, then at least one argument */
	if (strcmp(buf, MODELWIRE_MAGIC))
		goto bad;
	p = buf + strlen(buf) + 1;
	if (p >= buf + len)
		goto bad;
	*cwd = p;
	for (p += strlen(p) + 1; p < buf + len; p += strlen(p) + 1) {
		argv = kc_realloc(argv, (argc + 2) * sizeof(char *));
		argv[argc++] = p;
	}
	if (!argc)
		goto bad;
	argv[argc] = NULL;
	*bufp = buf;
	*argvp = argv;
	return argc;
bad:
	for (i = 0; i < 3; i++)
		close(fds[i]);
	free(argv);
	free(buf);
	return -1;
}
