// SPDX-License-Identifier: GPL-2.0-only
/*
 * A cache for the environment of scripts/kconfig/conf.
 *
 * Before an arch's worker starts, 'make -f Makefile -f env.mk ARCH=<arch>'
 * evaluates the tree's top Makefile and arch Makefile to learn conf's
 * environment; that runs a dozen compiler probes per arch, a third of a
 * warm defconfig matrix.  The result depends on: the makefiles make reads,
 * the environment make starts with, the tools the probes run, the host
 * (uname) and what $(wildcard) finds next to the makefiles.  So an entry is
 *
 *   found under a key of: the tree's path, the arch, kcheck's environment
 *   (without the working-directory variables, ident_skip_env()), uname,
 *   and the identity of the top Makefile and of env.mk;
 *
 *   valid while a second hash, kept in the entry, is unchanged: the
 *   identity of every makefile in MAKEFILE_LIST, of the directory holding
 *   it and of the tree's top directory, and of every word of every
 *   variable's value that names a file directly or through PATH (the
 *   compilers, linkers and other tools the probes ran).
 *
 * The skipped variables (PWD, OLDPWD, SHLVL, _, KCHECK_*) pass through
 * make unchanged, so a hit takes them from kcheck's own environment.
 * verify-exact compares configurations resolved with and without the
 * caches against make's.
 *
 * Entry: "kcheck-envcache-1\n", the validity hash, "\n", the makefile
 * count, "\n", one makefile path per line, then NUL-terminated NAME=VALUE.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "envcache.h"
#include "ident.h"
#include "util.h"

#define MAGIC "kcheck-envcache-1"

extern char **environ;

static char *entry_path(const char *dir, const char *tree, const char *arch)
{
	struct utsname u;
	struct ident h;
	char hex[33], *top;

	ident_init(&h, MAGIC);
	ident_mix_str(&h, tree);
	ident_mix_str(&h, arch);
	ident_mix_environ(&h);
	if (!uname(&u)) {
		ident_mix_str(&h, u.sysname);
		ident_mix_str(&h, u.release);
		ident_mix_str(&h, u.machine);
	}
	top = kc_printf("%s/Makefile", tree);
	ident_mix_stat(&h, top);
	free(top);
	ident_hex(&h, hex);
	return kc_printf("%s/%s", dir, hex);
}

static void validity(char out[33], const char *tree, char *const *files,
		     size_t nfiles, char *const *envp)
{
	struct ident_paths memo = { 0 };
	struct ident h;
	size_t i;

	ident_init(&h, "kcheck-envcache-deps");
	ident_mix_stat(&h, tree);
	for (i = 0; i < nfiles; i++) {
		char *dir = kc_strdup(files[i]), *slash = strrchr(dir, '/');

		ident_mix_stat(&h, files[i]);
		if (slash) {
			*slash = '\0';
			ident_mix_stat(&h, *dir ? dir : "/");
		}
		free(dir);
	}
	for (i = 0; envp[i]; i++) {
		const char *eq = strchr(envp[i], '=');

		ident_mix_str(&h, envp[i]);
		if (eq)
			ident_mix_words(&h, eq + 1, &memo);
	}
	ident_paths_free(&memo);
	ident_hex(&h, out);
}

static void free_list(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static char **push(char **v, size_t *n, char *s)
{
	v = kc_realloc(v, (*n + 2) * sizeof(char *));
	v[(*n)++] = s;
	v[*n] = NULL;
	return v;
}

char **envcache_load(const char *dir, const char *tree, const char *arch)
{
	char *path = entry_path(dir, tree, arch), *buf = NULL, *p, *end;
	char **files = NULL, **envp = NULL, hex[33], **e;
	size_t len = 0, nfiles = 0, nenv = 0;
	unsigned long want, i;
	FILE *f = fopen(path, "r");

	free(path);
	if (!f)
		return NULL;
	{
		char chunk[65536];
		size_t r;

		while ((r = fread(chunk, 1, sizeof(chunk), f)) > 0) {
			buf = kc_realloc(buf, len + r + 1);
			memcpy(buf + len, chunk, r);
			len += r;
		}
	}
	fclose(f);
	if (!buf)
		return NULL;
	buf[len] = '\0';
	end = buf + len;
	p = buf;
	/* header */
	if (strncmp(p, MAGIC "\n", sizeof(MAGIC)) || len < sizeof(MAGIC) + 34)
		goto bad;
	p += sizeof(MAGIC);
	if (p[32] != '\n')
		goto bad;
	p[32] = '\0';
	memcpy(hex, p, 33);
	p += 33;
	want = strtoul(p, &p, 10);
	if (*p++ != '\n')
		goto bad;
	for (i = 0; i < want; i++) {
		char *nl = memchr(p, '\n', end - p);

		if (!nl)
			goto bad;
		files = push(files, &nfiles, kc_strndup(p, nl - p));
		p = nl + 1;
	}
	while (p < end) {
		size_t n = strnlen(p, end - p);

		if (p + n == end)
			goto bad;	/* unterminated: a torn write */
		envp = push(envp, &nenv, kc_strdup(p));
		p += n + 1;
	}
	if (!envp)
		goto bad;
	{
		char now[33];

		validity(now, tree, files, nfiles, envp);
		if (strcmp(now, hex))
			goto bad;
	}
	for (e = environ; *e; e++)
		if (ident_skip_env(*e))
			envp = push(envp, &nenv, kc_strdup(*e));
	free_list(files);
	free(buf);
	return envp;
bad:
	free_list(files);
	free_list(envp);
	free(buf);
	return NULL;
}

void envcache_store(const char *dir, const char *tree, const char *arch,
		    const char *makefiles, char *const *envp)
{
	char *path = entry_path(dir, tree, arch), *tmp, *list, *w, *save;
	char **files = NULL, **kept = NULL, hex[33];
	size_t nfiles = 0, nkept = 0, i;
	FILE *f;
	int fd;

	list = kc_strdup(makefiles);
	for (w = strtok_r(list, " \t\n", &save); w;
	     w = strtok_r(NULL, " \t\n", &save))
		files = push(files, &nfiles, kc_strdup(w));
	free(list);
	for (i = 0; envp[i]; i++)
		if (!ident_skip_env(envp[i]))
			kept = push(kept, &nkept, kc_strdup(envp[i]));
	if (!nfiles || !kept)
		goto out;
	validity(hex, tree, files, nfiles, kept);
	/* the whole environment, secrets included: the user's alone */
	tmp = kc_printf("%s.%d.tmp", path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f && fd >= 0)
		close(fd);
	if (f) {
		fprintf(f, MAGIC "\n%s\n%zu\n", hex, nfiles);
		for (i = 0; i < nfiles; i++)
			fprintf(f, "%s\n", files[i]);
		for (i = 0; kept[i]; i++)
			fwrite(kept[i], 1, strlen(kept[i]) + 1, f);
		if (fclose(f) || rename(tmp, path))
			unlink(tmp);
	}
	free(tmp);
out:
	free_list(files);
	free_list(kept);
	free(path);
}
