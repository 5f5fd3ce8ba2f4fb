/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The model server's wire, between kcheck (cache/modelclient.c) and a
 * worker's model server (cache/serve.c), on a Unix SOCK_SEQPACKET socket
 * in the cache, one message each:
 *
 *   kcheck -> server   the request: MODELWIRE_MAGIC, the directory to work
 *                      in, then the worker's argument vector, each
 *                      NUL-terminated; with it (SCM_RIGHTS) the worker's
 *                      stdin (the jobs), stdout (to kcheck) and stderr
 *   server -> kcheck   "A": accepted, a worker runs from the parsed model;
 *                      "S": the model is stale (an input changed): kcheck
 *                      runs a worker itself; nothing was read or written
 *   server -> kcheck   after "A": the worker's wait status (an int), when
 *                      it has ended
 */
#ifndef KCHECK_MODELWIRE_H
#define KCHECK_MODELWIRE_H

#define MODELWIRE_MAGIC "kcheck-model-1"
#define MODELWIRE_MAX 65536
#define MODELWIRE_MAX_FDS 3

#include <sys/types.h>

/*
 * Descriptor passing (SCM_RIGHTS) on a Unix socket, for the wire and for
 * the model server's own socket pair with its runner: one message of LEN
 * bytes with NFDS (at most MODELWIRE_MAX_FDS) descriptors.  Send returns 0
 * when the whole message went.  Receive returns the message's length (at
 * most CAP) with fds[] filled, or -1 for an error, the end, a truncated
 * message or one without exactly NFDS descriptors (closing what came).
 */
int modelwire_send_fds(int sock, const void *data, size_t len,
		       const int *fds, int nfds);
ssize_t modelwire_recv_fds(int sock, void *buf, size_t cap, int *fds, int nfds);

int modelwire_send(int sock, const int fds[3], const char *cwd,
		   char *const argv[]);
/*
 * The request: *cwd and argv[0..argc-1] (argv[argc] NULL) point into
 * *buf, which the caller frees with *argv; fds[] get the descriptors.
 * Returns argc, or -1 for anything else (closing what came with it).
 */
int modelwire_recv(int sock, int fds[3], char **buf, char ***argv,
		   char **cwd);

#endif /* KCHECK_MODELWIRE_H */
