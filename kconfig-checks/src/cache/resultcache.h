/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The result cache: an arch's whole worker output, kept for a later run
 * that would get the same output.  kcheck range evaluates the same
 * commits again on every run over a series; the model server saves their
 * parse, this saves resolving their configurations.
 *
 * An output is kept under two keys.  The first covers everything the
 * worker is given: its build (path and identity), the tree, the arch, its
 * environment and process settings (modelclient.h's model_key()), its
 * arguments but the per-run --tmp-dir, the jobs file, and the contents of
 * every file a job line names (defconfigs, fragments) and of the --rules
 * file.  The second covers what the parse read, from the output's own I
 * lines (so only runs with --inputs are kept): the contents of every file
 * the lexer opened and, for every $(shell) command, its $(shell) cache key
 * (the command, the environment, the identity of the tools it names, the
 * package database: ident_shell_key()).  Kconfig's parse reads only what
 * the files it read name, so equal contents of the recorded files mean
 * the same files read.  Kept: outputs that start with 'P ok', end with
 * Z, have no configuration that could not be resolved (E), from a worker
 * that exited 0, whose inputs did not change while it ran (ctime).  Not
 * kept: runs with a fault injected or a --dump-dir.
 */
#ifndef KCHECK_RESULTCACHE_H
#define KCHECK_RESULTCACHE_H

#include "speed.h"

/*
 * In the process that would exec L's worker, stdin the jobs file, stdout
 * the pipe to kcheck, ENVP the worker's environment: when DIR has the
 * output of a run with the same keys, write it (its P line saying
 * "result-cache") and exit 0.  Otherwise return; when the run can be
 * kept, the process forks first: the caller goes on in the child, which
 * execs the worker into a pipe, and this process copies the pipe to
 * stdout and into DIR, then ends as the worker ended.
 */
void resultcache_run(const char *dir, const struct launch *l,
		     char *const envp[]);

#endif /* KCHECK_RESULTCACHE_H */
