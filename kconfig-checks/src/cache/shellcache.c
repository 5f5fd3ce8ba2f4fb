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
 *
 * A failure is not an answer: a command killed by a signal, or run while
 * the disk it and the cache write to is full (a $(cc-option) whose object
 * file cannot be written answers n), ends the parse with an error that
 * names the command, cached or not; its arch fails and no model server is
 * left from that parse.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ident.h"
#include "inputs.h"
#include "shellcache.h"
#include "util.h"

#undef popen
#undef pclose

/* under this much free space a probe's failure may be the disk's */
#define MIN_FREE (1UL << 20)

static void no_space(const char *command, const char *where)
{
	struct statvfs v;

	if (!statvfs(where, &v) &&
	    ((unsigned long long)v.f_bavail * v.f_frsize < MIN_FREE ||
	     (v.f_files && v.f_favail < 16)))
		kc_die("$(shell,%s): the disk of %s is full (under %lu KiB or 16 inodes free); the command may have failed for it, so its output is not an answer",
		       command, where, MIN_FREE >> 10);
}

/*
 * After COMMAND ran (STATUS from pclose()): die unless its output is an
 * answer.  DIR: the cache directory, or NULL.
 */
static void answer_or_die(const char *command, int status, const char *dir)
{
	char *cwd;

	if (status != -1 && WIFSIGNALED(status))
		kc_die("$(shell,%s) was killed by signal %d; its output is not an answer",
		       command, WTERMSIG(status));
	cwd = getcwd(NULL, 0);
	no_space(command, cwd ? cwd : ".");
	free(cwd);
	if (dir)
		no_space(command, dir);
}

static char *key_path(const char *dir, const char *cmd)
{
	char hex[33], *out;

	ident_shell_key(cmd, hex);
	if (asprintf(&out, "%s/%s", dir, hex) < 0)
		return NULL;
	return out;
}

/* the command of the pipe kcheck_pclose() will close (one at a time) */
static char *running;

static FILE *run(const char *command, const char *type)
{
	free(running);
	running = kc_strdup(command);
	return popen(command, type);
}

FILE *kcheck_popen(const char *command, const char *type)
{
	const char *dir = getenv("KCHECK_SHELL_CACHE");
	char *path, *tmp = NULL, buf[65536];
	FILE *f, *p, *out = NULL;
	int status, err = 0;
	size_t n;

	inputs_shell(command);
	if (!dir || !*dir || strcmp(type, "r"))
		return run(command, type);
	path = key_path(dir, command);
	if (!path)
		return run(command, type);
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
	if (!out)
		err = errno;
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		if (out && fwrite(buf, 1, n, out) != n && !err)
			err = errno;
	status = pclose(p);
	answer_or_die(command, status, dir);
	if (out && fclose(out) && !err)
		err = errno;
	if (err == ENOSPC || err == EDQUOT || err == EFBIG)
		kc_die("$(shell,%s): cannot write its cache entry in %s: %s; its output is not an answer",
		       command, dir, strerror(err));
	if (status == -1 || err || !out || rename(tmp, path)) {
		/* no cache entry; run it again uncached for the caller */
		if (tmp)
			unlink(tmp);
		free(tmp);
		free(path);
		return run(command, type);
	}
	free(tmp);
	f = fopen(path, "r");
	free(path);
	return f ? f : run(command, type);
}

/*
 * Both a cached file and a pipe end up here; pclose() of a FILE that is not
 * a pipe is undefined, so tell them apart by the descriptor's type.
 */
int kcheck_pclose(FILE *f)
{
	struct stat st;

	int status;

	if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode))
		return fclose(f) ? -1 : 0;
	status = pclose(f);
	answer_or_die(running ? running : "?", status, NULL);
	return status;
}
