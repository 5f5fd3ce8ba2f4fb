/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kcheck's side of the model server (cache/serve.h): an arch's worker
 * whose parse is already done, when a model server for the same worker
 * build, tree, arch and environment is running and its inputs are
 * unchanged.
 */
#ifndef KCHECK_MODELCLIENT_H
#define KCHECK_MODELCLIENT_H

/*
 * The key of a model: the worker (path and identity: its build), the
 * tree, the arch, the environment the worker gets (without the
 * working-directory variables, ident_skip_env()) and the process settings
 * it inherits (umask, nice value, resource limits).  32 hex digits, freed
 * by the caller.
 */
char *model_key(const char *worker, const char *tree, const char *arch,
		char *const envp[]);

/*
 * In the process that would exec the worker, with its stdin, stdout and
 * stderr in place and DIR its working directory: hand the run to the
 * model server of KEY in the cache directory MODELS.  Returns when no
 * server takes it (none running, a stale model, any error): the caller
 * then execs the worker itself.  Otherwise does not return: ends as the
 * served worker ended (its exit status, or its signal).
 */
void model_try(const char *models, const char *key, const char *dir,
	       char *const argv[]);

#endif /* KCHECK_MODELCLIENT_H */
