/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Cache keys: a 128-bit hash of strings and of the identity (mode, device,
 * inode, size, mtime, ctime) of files, shared by the $(shell) cache and the environment
 * cache.  Not cryptographic; a key names a cache file, it proves nothing.
 */
#ifndef KCHECK_IDENT_H
#define KCHECK_IDENT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util.h"

struct ident {
	uint64_t a, b;
	struct timespec newest;	/* the latest ctime of the files mixed in */
};

void ident_init(struct ident *h, const char *domain);
void ident_mix(struct ident *h, const void *data, size_t n);
void ident_mix_str(struct ident *h, const char *s);
/* the file's path and identity; nothing when it is not a regular file */
void ident_mix_file(struct ident *h, const char *path);
/* the identity of any file: directory, regular or other; nothing if absent */
void ident_mix_stat(struct ident *h, const char *path);
/* the same for PATH, found as REL in the directory DFD (PATH's directory) */
void ident_mix_stat_at(struct ident *h, const char *path, int dfd,
		       const char *rel);
/*
 * DIR's identity and that of everything in it, in name order, into
 * subdirectories DEPTH levels deep; names starting with '.' left out
 */
void ident_mix_dir(struct ident *h, const char *dir, int depth);
/*
 * PATH lookups remembered for the length of one computation, so that a
 * key over many commands looks each word up once (a served model checks
 * every $(shell) command of its parse at each run).  Never kept longer:
 * a tool installed later must count.
 */
struct ident_paths {
	struct kc_set found;	/* word -> its file in PATH, or "";
				 * "\1" dir -> struct dir_ident (ident.c) */
	struct {
		char *name;
		int fd;		/* O_PATH; -1: cannot be opened */
	} *dirs;		/* PATH's, opened at the first lookup */
	size_t ndirs;
	int opened;
};

void ident_paths_free(struct ident_paths *memo);
/*
 * every word of TEXT that names a file, as given or found in PATH (a word
 * that starts with '-' is an option, not looked up); for a file in a
 * directory named scripts, every file under that directory (what a script
 * runs is most often beside it: cc-version.sh runs min-tool-version.sh);
 * MEMO (or NULL) remembers the PATH lookups and the scripts directories
 */
void ident_mix_words(struct ident *h, const char *text,
		     struct ident_paths *memo);
/* the environment, without the variables that name a working directory */
void ident_mix_environ(struct ident *h);
int ident_skip_env(const char *entry);
/* 32 hex digits */
void ident_hex(const struct ident *h, char out[33]);
/* the identity of the package database (cache/shellcache.c says why) */
void ident_mix_packages(struct ident *h);
/*
 * The key of a $(shell ...) command's output as things are now
 * (cache/shellcache.c says what it covers and why): 32 hex digits.
 */
void ident_shell_key(const char *cmd, char out[33]);

#endif /* KCHECK_IDENT_H */
