// SPDX-License-Identifier: GPL-2.0-only
/* The speed layer's one door (speed.h). */
#include <stdlib.h>
#include <string.h>

#include "envcache.h"
#include "modelclient.h"
#include "resultcache.h"
#include "speed.h"
#include "util.h"

int speed_on(const struct speed *s)
{
	return s->shell_cache || s->env_cache || s->model_cache || s->result_cache;
}

/* conf's environment from the cache, or from make (then cached). */
static char **cached_conf_env(const struct speed *s, const struct launch *l)
{
	char **envp = NULL, *makefiles = NULL;

	if (s->env_cache)
		envp = envcache_load(s->env_cache, l->tree, l->arch);
	if (envp)
		return envp;
	envp = l->conf_env(l, &makefiles);
	if (envp && s->env_cache) {
		kc_mkdir_p(s->env_cache, 0700);
		envcache_store(s->env_cache, l->tree, l->arch, makefiles, envp);
	}
	free(makefiles);
	return envp;
}

/* A model server takes the run, or the worker will leave one behind. */
static void model_server(const struct speed *s, struct launch *l,
			 char *const *envp)
{
	char *key = model_key(l->worker, l->tree, l->arch, envp);
	size_t n = 0;

	kc_mkdir_p(s->model_cache, 0700);
	model_try(s->model_cache, key, l->dir, l->argv);
	/* no server took the run: insert before the last argument, Kconfig */
	while (l->argv[n])
		n++;
	l->argv[n - 1] = NULL;
	l->argv = kc_strv_add(l->argv, kc_strdup("--model-dir"));
	l->argv = kc_strv_add(l->argv, kc_strdup(s->model_cache));
	l->argv = kc_strv_add(l->argv, kc_strdup("--model-key"));
	l->argv = kc_strv_add(l->argv, key);
	l->argv = kc_strv_add(l->argv, kc_strdup("--model-idle"));
	l->argv = kc_strv_add(l->argv, kc_printf("%d", s->model_idle));
	l->argv = kc_strv_add(l->argv, kc_strdup("Kconfig"));
}

char **speed_env(const struct speed *s, struct launch *l)
{
	char **envp = cached_conf_env(s, l);

	if (!envp)
		return NULL;
	if (l->fault)
		envp = kc_strv_add(envp, kc_printf("KCHECK_FAULT=%s", l->fault));
	if (s->shell_cache) {
		kc_mkdir_p(s->shell_cache, 0700);
		envp = kc_strv_add(envp, kc_printf("KCHECK_SHELL_CACHE=%s",
						   s->shell_cache));
	}
	/* a run with a fault injected is never served, nor serves */
	if (s->result_cache && !l->fault)
		resultcache_run(s->result_cache, l, envp);
	if (s->model_cache && !l->fault)
		model_server(s, l, envp);
	return envp;
}
