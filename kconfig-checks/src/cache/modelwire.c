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

/* room for one SCM_RIGHTS message of three descriptors, aligned */
union fdbuf {
	struct cmsghdr h;
	char buf[CMSG_SPACE(3 * sizeof(int))];
};

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
	union fdbuf u;
	struct msghdr m = { 0 };
	struct cmsghdr *c;
	struct iovec iov;
	char *buf;
	size_t len = 0;
	int i, ret;

	buf = kc_realloc(NULL, MODELWIRE_MAX);
	if (put(buf, &len, MODELWIRE_MAGIC) || put(buf, &len, cwd))
		goto too_long;
	for (i = 0; argv[i]; i++)
		if (put(buf, &len, argv[i]))
			goto too_long;
	iov.iov_base = buf;
	iov.iov_len = len;
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	memset(&u, 0, sizeof(u));
	m.msg_control = u.buf;
	m.msg_controllen = sizeof(u.buf);
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(3 * sizeof(int));
	memcpy(CMSG_DATA(c), fds, 3 * sizeof(int));
	do
		ret = sendmsg(sock, &m, MSG_NOSIGNAL);
	while (ret < 0 && errno == EINTR);
	free(buf);
	return ret == (int)len ? 0 : -1;
too_long:
	free(buf);
	return -1;
}

int modelwire_recv(int sock, int fds[3], char **bufp, char ***argvp,
		   char **cwd)
{
	union fdbuf u;
	struct msghdr m = { 0 };
	struct cmsghdr *c;
	struct iovec iov;
	char *buf, *p, **argv = NULL;
	ssize_t len;
	int argc = 0, got = 0, i;

	buf = kc_realloc(NULL, MODELWIRE_MAX + 1);
	iov.iov_base = buf;
	iov.iov_len = MODELWIRE_MAX;
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = u.buf;
	m.msg_controllen = sizeof(u.buf);
	do
		len = recvmsg(sock, &m, MSG_CMSG_CLOEXEC);
	while (len < 0 && errno == EINTR);
	for (c = len >= 0 ? CMSG_FIRSTHDR(&m) : NULL; c; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
		    c->cmsg_len == CMSG_LEN(3 * sizeof(int))) {
			memcpy(fds, CMSG_DATA(c), 3 * sizeof(int));
			got = 1;
		}
	}
	if (len <= 0 || !got || (m.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) ||
	    buf[len - 1] != '\0')
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
	if (got)
		for (i = 0; i < 3; i++)
			close(fds[i]);
	free(argv);
	free(buf);
	return -1;
}
