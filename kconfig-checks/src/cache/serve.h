/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The model server: the parse of a tree's Kconfig, kept for later runs.
 *
 * A worker started with --model-dir forks, right after its parse and
 * before it resolves anything, a daemon that holds the parsed model and
 * listens on DIR/KEY.sock (kcheck computes KEY: the worker's build, the
 * tree, the arch, the environment; cache/modelclient.c).  For each
 * kcheck run that connects, a worker whose parse is already done takes
 * the run: the daemon's runner, a child that serves run after run from
 * its copy of the model, or, when the runner is busy with another run,
 * a child of its own.  It checks the model's inputs (cache/inputs.h:
 * every Kconfig file and every $(shell) command's cache key) and, if they
 * are unchanged, takes the run's descriptors, directory and arguments
 * and answers as a worker does.  If an input changed, the daemon removes
 * its socket, gives up its lock, says so and exits; the run parses afresh
 * and leaves a new daemon.  A daemon also exits after IDLE seconds without
 * a run, when its socket is removed (a cache deleted, or MODEL_MAX daemons
 * used more recently in the cache: serve.c), or when, checking every few seconds
 * without a run, it finds an input changed or its worker's file replaced;
 * its runner with it.  The served worker has the caller's umask, nice
 * value and resource limits: they are in KEY (cache/modelclient.c),
 * and the daemon keeps those of the worker that parsed.
 */
#ifndef KCHECK_SERVE_H
#define KCHECK_SERVE_H

/*
 * What the daemon's child runs, with the run's stdin, stdout, stderr and
 * working directory in place: the worker after its parse (worker.c).  A
 * runner calls it once per run, so it must leave nothing behind that the
 * next run would see (each configuration starts from the state after the
 * parse: kconfig/treeconf.c).
 */
typedef int (*serve_fn)(int argc, char **argv);

/*
 * Fork the daemon; returns in the worker once the daemon listens or has
 * given up (another serves the key), a few milliseconds; failures are
 * silent.
 */
void serve_start(const char *dir, const char *key, int idle, serve_fn fn);

#endif /* KCHECK_SERVE_H */
