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
 * variables, the identity (device, inode, size, mtime) of every word of
 * the command that names an existing file, directly or through PATH, and
 * the identity of the package database (ident_shell_key()): a probe's output also
 * depends on files the compiler reads that kcheck cannot name, such as the
 * C library a cc-can-link.sh probe links against, and on Debian every
 * package installed or removed rewrites dpkg's status file.  Only
 * stdout is kept (that is all Kconfig reads); the command's stderr is not
 * replayed.  Without KCHECK_SHELL_CACHE this is plain popen().
 *
 * verify-exact runs with the cache: the resolved configurations it checks
 * are the proof that cached results equal fresh ones.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ident.h"
#include "inputs.h"
#include "shellcache.h"

#undef popen
#undef pclose

static char *key_path(const char *dir, const char *cmd)
{
	char hex[33], *out;

	ident_shell_key(cmd, hex);
	if (asprintf(&out, "%s/%s", dir, hex) < 0)
		return NULL;
	return out;
}

FILE *kcheck_popen(const char *command, const char *type)
{
	const char *dir = getenv("KCHECK_SHELL_CACHE");
	char *path, *tmp = NULL, buf[65536];
	FILE *f, *p, *out = NULL;
	size_t n;

	inputs_shell(command);
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
