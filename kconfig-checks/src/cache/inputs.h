/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a parse of the tree's Kconfig read: the files the lexer opened
 * (treeconf.c's kcheck_fopen) and the $(shell ...) commands the preprocessor
 * ran (shellcache.c).  A parsed model kept for later runs (the worker's
 * model server, cache/serve.c) is still what a parse would give now
 * while inputs_hash() is unchanged: every file it read has the identity
 * it had (path, mode, device, inode, size, mtime, ctime), and what every command's
 * $(shell) cache key covers is unchanged: the command's tools, the
 * package database and the environment, exactly as the $(shell) cache
 * has them.
 */
#ifndef KCHECK_INPUTS_H
#define KCHECK_INPUTS_H

/* Start (1) or stop (0) recording what the parse reads. */
void inputs_record(int on);
void inputs_file(const char *path);
void inputs_shell(const char *cmd);
/*
 * The identity of every recorded input as it is now: 32 hex digits.
 * Returns 1 when one of them changed after the recording began (its ctime
 * says so): the parse may have read it before the change, so its model
 * must not be kept.
 */
int inputs_hash(char out[33]);
/* How many files and commands were recorded. */
void inputs_count(unsigned int *files, unsigned int *commands);
/* FN for each recorded file ("file", path) and command ("shell", command). */
void inputs_each(void (*fn)(const char *kind, const char *what, void *arg),
		 void *arg);

#endif /* KCHECK_INPUTS_H */
