// SPDX-License-Identifier: GPL-2.0-only
/*
 * $(shell ...) for the Kconfig preprocessor, with a cache.
 *
 * Parsing a tree's Kconfig runs a few hundred compiler probes
 * ($(cc-option), $(as-instr), ...); they dominate the parse.  When
 * KCHECK_SHELL_CACHE names a directory, the output of each command is kept
 * there under a key that covers everything the output can depend on that
 * kcheck can see: the command text, the whole environment (the compiler
 * names and CC_VERSION_TEXT are in it) except the working-directory
 * variables, and the identity (device, inode, size, mtime) of every word of
 * the command that names an existing file, directly or through PATH.  Only
 * stdout is kept (that is all Kconfig reads); the command's stderr is not
 * replayed.  Without KCHECK_SHELL_CACHE this is plain popen().
 *
 * verify-exact runs with the cache: the resolved configurations it checks
 * are the proof that cached results equal fresh ones.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shellcache.h"

#undef popen
#undef pclose

extern char **environ;

struct h128 {
	uint64_t a, b;
};

static void mix(struct h128 *h, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < n; i++) {
		h->a = (h->a ^ p[i]) * 1099511628211ULL;
		h->b = (h->b ^ p[i]) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
	}
	h->a ^= n;
	h->b += n;
}

static void mix_str(struct h128 *h, const char *s)
{
	mix(h, s, strlen(s) + 1);
}

static int skip_env(const char *e)
{
	static const char *const skip[] = {
		"PWD=", "OLDPWD=", "SHLVL=", "_=", "KCHECK_",
	};
	size_t i;

	for (i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (!strncmp(e, skip[i], strlen(skip[i])))
			return 1;
	return 0;
}

static void mix_file(struct h128 *h, const char *path)
{
	struct stat st;

	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return;
	mix_str(h, path);
	mix(h, &st.st_dev, sizeof(st.st_dev));
	mix(h, &st.st_ino, sizeof(st.st_ino));
	mix(h, &st.st_size, sizeof(st.st_size));
	mix(h, &st.st_mtim, sizeof(st.st_mtim));
}

/* Every word that names a file, as given or found in PATH. */
static void mix_words(struct h128 *h, const char *cmd)
{
	const char *path = getenv("PATH");
	char word[4096];

	while (*cmd) {
		size_t n = strcspn(cmd, " \t\n;|&()<>'\"`$=");

		if (n && n < sizeof(word)) {
			memcpy(word, cmd, n);
			word[n] = '\0';
			if (strchr(word, '/')) {
				mix_file(h, word);
			} else if (path) {
				const char *p = path;

				while (*p) {
					size_t m = strcspn(p, ":");
					char full[8192];

					snprintf(full, sizeof(full), "%.*s/%s",
						 (int)m, p, word);
					if (!access(full, X_OK)) {
						mix_file(h, full);
						break;
					}
					p += m + (p[m] == ':');
				}
			}
		}
		cmd += n ? n : 1;
	}
}

static char *key_path(const char *dir, const char *cmd)
{
	struct h128 h = { 14695981039346656037ULL, 0x84222325cbf29ce4ULL };
	char **e;
	char *out;

	mix_str(&h, "kcheck-shellcache-1");
	mix_str(&h, cmd);
	for (e = environ; *e; e++)
		if (!skip_env(*e))
			mix_str(&h, *e);
	mix_words(&h, cmd);
	if (asprintf(&out, "%s/%016llx%016llx", dir, (unsigned long long)h.a,
		     (unsigned long long)h.b) < 0)
		return NULL;
	return out;
}

FILE *kcheck_popen(const char *command, const char *type)
{
	const char *dir = getenv("KCHECK_SHELL_CACHE");
	char *path, *tmp = NULL, buf[65536];
	FILE *f, *p, *out = NULL;
	size_t n;

	if (!dir || !*dir || strcmp(type, "r"))
		return popen(command, type);
	path = key_path(dir, command);
	if (!path)
		return popen(command, type);
	f = fopen(path, "r");
	if (f) {
		free(path);
		return f;
	}
	p = popen(command, type);
	if (!p) {
		free(path);
		return NULL;
	}
	if (asprintf(&tmp, "%s.%d.tmp", path, (int)getpid()) < 0)
		tmp = NULL;
	out = tmp ? fopen(tmp, "w") : NULL;
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		if (out)
			fwrite(buf, 1, n, out);
	if (pclose(p) == -1 || !out || fclose(out) || rename(tmp, path)) {
		/* no cache entry; run it again uncached for the caller */
		if (tmp)
			unlink(tmp);
		free(tmp);
		free(path);
		return popen(command, type);
	}
	free(tmp);
	f = fopen(path, "r");
	free(path);
	return f ? f : popen(command, type);
}

/*
 * Both a cached file and a pipe end up here; pclose() of a FILE that is not
 * a pipe is undefined, so tell them apart by the descriptor's type.
 */
int kcheck_pclose(FILE *f)
{
	struct stat st;

	if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode))
		return fclose(f) ? -1 : 0;
	return pclose(f);
}
