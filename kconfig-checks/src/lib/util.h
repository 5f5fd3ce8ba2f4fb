/* SPDX-License-Identifier: GPL-2.0-only */
/* Small helpers shared by kcheck's front end and worker. */
#ifndef KCHECK_UTIL_H
#define KCHECK_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

void *kc_calloc(size_t n, size_t size);
void *kc_realloc(void *p, size_t size);
char *kc_strdup(const char *s);
char *kc_strndup(const char *s, size_t n);
char *kc_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "kcheck: error: ..." and exit 2 (could not run). */
void kc_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/*
 * The tests' fault injection: true when KCHECK_FAULT is PREFIX followed
 * by this worker's arch (SRCARCH), e.g. "crash:" + "x86".
 */
bool kc_fault_is(const char *prefix);

/* Write all of buf to fd; -1 on error. */
int kc_write_all(int fd, const void *buf, size_t len);

/* Read a whole file; NULL on error (errno set).  *len gets the size. */
char *kc_read_file(const char *path, size_t *len);

/* mkdir -p by syscall; 0, or -1 with errno set. */
int kc_mkdir_p(const char *path, mode_t mode);

/*
 * Remove PATH and, when it is a directory, everything under it, as
 * 'rm -rf' does: a symbolic link is removed, never followed.
 */
void kc_remove_tree(const char *path);

/*
 * Run argv[0] (found on PATH when it has no '/') with argv, without a shell;
 * its stdout is returned in *out (NUL-terminated, may hold NULs itself;
 * NULL when empty), its length in *len (when len is not NULL).  stderr goes
 * to /dev/null when quiet.  Returns the exit status (0-255), 128+sig when
 * killed, or -1 when it could not be started.
 */
int kc_run(char *const argv[], int quiet, char **out, size_t *len);

/*
 * A number for option OPT: decimal, 0x hex or 0 octal, in [min, max],
 * without sign tricks or trailing garbage; kc_die()s otherwise.
 */
unsigned long long kc_number(const char *opt, const char *arg,
			     unsigned long long min, unsigned long long max);

/* Escape tab, newline and backslash for the worker protocol, and back. */
char *kc_escape(const char *s);
char *kc_unescape(const char *s);

/* A set of strings (open addressing); the set owns copies. */
struct kc_set {
	char **slot;
	void **val;
	size_t cap, n;
};

/* Returns the slot's value pointer storage; inserts when absent. */
void **kc_set_put(struct kc_set *s, const char *key, int *added);
void *kc_set_get(const struct kc_set *s, const char *key);
int kc_set_has(const struct kc_set *s, const char *key);
void kc_set_free(struct kc_set *s, void (*free_val)(void *));

/*
 * Appends s (which v then owns) to the NULL-terminated vector v (NULL: an
 * empty one); returns the vector.
 */
char **kc_strv_add(char **v, char *s);

/*
 * fork() while another thread may be inside malloc().  glibc makes its
 * allocator safe for the child; the sanitizers' allocator (GCC 12's
 * libasan) is not: a child forked while the scan thread held its lock
 * waits for it forever (kcheck range under ASan hung so in CI).  A thread
 * that runs beside forks does its work between kc_gate_enter() and
 * kc_gate_leave(), never nested; kc_fork() forks when no thread is
 * inside (the child's gate starts open).
 */
void kc_gate_enter(void);
void kc_gate_leave(void);
pid_t kc_fork(void);

/* Frees the n strings of v, and v. */
void kc_strv_free(char **v, size_t n);

/* qsort()/bsearch() order of two char * (strcmp()). */
int kc_cmp_str(const void *a, const void *b);

/* Seconds on the monotonic clock, for durations. */
double kc_now(void);

/* 'n', 'm' or 'y' for a tristate 0, 1 or 2 (as kconfig's enum tristate). */
char kc_tri_char(int v);
/* The tristate 0, 1 or 2 of 'n', 'm' or 'y' (anything else: 0). */
int kc_tri_of(char c);

#endif /* KCHECK_UTIL_H */
