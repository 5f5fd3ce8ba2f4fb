// SPDX-License-Identifier: GPL-2.0-only
/*
 * The engine for a tree (see engine.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "ident.h"
#include "util.h"

/*
 * The engine is built the way this kcheck is: a sanitizer build of kcheck
 * runs sanitizer workers and a plain one plain workers, whatever
 * KCHECK_SANITIZE says in the environment: engine_path() sets it for
 * engine.sh's key, and the identity mixes it in (the identity leaves the
 * KCHECK_ variables of the environment out).
 */
#ifdef KCHECK_SANITIZE_BUILD
#define ENGINE_SANITIZE "1"
#else
#define ENGINE_SANITIZE "0"
#endif

/*
 * What engine.sh's key depends on, by identity: the directories it hashes
 * files of (every file in them, a superset), the tools it runs and the
 * compiler make runs, found through PATH, and the environment.
 */
static void identity(const char *libexec, const char *tree, char out[33])
{
	struct ident h;
	char *p;

	ident_init(&h, "kcheck-engine-1");
	p = kc_printf("%s/scripts/kconfig", tree);
	ident_mix_dir(&h, p, 0);
	free(p);
	p = kc_printf("%s/scripts/include", tree);
	ident_mix_dir(&h, p, 0);
	free(p);
	ident_mix_dir(&h, libexec, 0);
	p = kc_printf("%s/src", libexec);
	ident_mix_dir(&h, p, 8);
	free(p);
	ident_mix_words(&h, "cc flex bison make flock", NULL);
	ident_mix_environ(&h);
	ident_mix_str(&h, "sanitize=" ENGINE_SANITIZE);
	/* KCHECK_ variables are left out of the environment's identity */
	ident_mix_str(&h, getenv("KCHECK_HOOKS") ? getenv("KCHECK_HOOKS") : "");
	ident_hex(&h, out);
}

static int valid_key(const char *key)
{
	return strlen(key) == 16 && strspn(key, "0123456789abcdef") == 16;
}

/* The key engine.sh printed for this identity before, or NULL. */
static char *known_key(const char *known)
{
	char *key = kc_read_file(known, NULL);

	if (key)
		key[strcspn(key, "\n")] = '\0';
	if (key && valid_key(key))
		return key;
	free(key);
	return NULL;
}

static void remember_key(const char *dir, const char *known, const char *key)
{
	char *tmp = kc_printf("%s.tmp.%d", known, (int)getpid());
	FILE *f;

	kc_mkdir_p(dir, 0700);
	f = fopen(tmp, "w");
	if (!f) {
		free(tmp);
		return;
	}
	fprintf(f, "%s\n", key);
	if (fclose(f) || rename(tmp, known))
		unlink(tmp);
	free(tmp);
}

/*
 * An engine built without the speed hooks (engine.sh says why in its file
 * 'hooks'): a note, once per tree and run.
 */
static void hooks_note(const char *cache, const char *key, const char *tree,
		       int quiet)
{
	static char *noted;
	char *p = kc_printf("%s/%s/hooks", cache, key);
	char *why = kc_read_file(p, NULL);

	/* 'proved (...)' and 'on (...)': the hooks are in */
	if (why && strncmp(why, "proved", 6) && strncmp(why, "on ", 3) && !quiet &&
	    (!noted || strcmp(noted, tree))) {
		why[strcspn(why, "\n")] = '\0';
		fprintf(stderr, "kcheck: note: %s: the speed hooks are %s; the tree's own kconfig functions answer (slower)\n",
			tree, why);
		free(noted);
		noted = kc_strdup(tree);
	}
	free(why);
	free(p);
}

char *engine_path(const char *libexec, const char *cache_root,
		  const char *tree, int quiet, const char *name)
{
	char *script = kc_printf("%s/engine.sh", libexec);
	char *cache = kc_printf("%s/engine", cache_root);
	char *dir = kc_printf("%s/by-identity", cache);
	char *const argv[] = { script, (char *)tree, cache, NULL };
	char id[33], *known, *key, *out = NULL;
	int rc;

	if (setenv("KCHECK_SANITIZE", ENGINE_SANITIZE, 1))
		kc_die("setenv: %s", strerror(errno));
	identity(libexec, tree, id);
	known = kc_printf("%s/%s", dir, id);
	key = known_key(known);
	if (key) {
		out = kc_printf("%s/%s/%s", cache, key, name);
		if (access(out, X_OK)) {
			free(out);
			free(key);
			out = NULL;
			key = NULL;
		}
	}
	if (!key) {
		rc = kc_run(argv, quiet, &key, NULL);
		if (key)
			key[strcspn(key, "\n")] = '\0';
		if (rc || !key || !valid_key(key))
			kc_die("could not build the kconfig engine for %s (run %s %s %s to see why)",
			       tree, script, tree, cache);
		out = kc_printf("%s/%s/%s", cache, key, name);
		if (access(out, X_OK))
			kc_die("%s is missing (engine build incomplete?)", out);
		remember_key(dir, known, key);
	}
	hooks_note(cache, key, tree, quiet);
	free(key);
	free(known);
	free(dir);
	free(script);
	free(cache);
	return out;
}
