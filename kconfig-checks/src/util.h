/* SPDX-License-Identifier: GPL-2.0-only */
/* Small helpers shared by kcheck's front end and worker. */
#ifndef KCHECK_UTIL_H
#define KCHECK_UTIL_H

#include <stddef.h>

void *kc_calloc(size_t n, size_t size);
void *kc_realloc(void *p, size_t size);
char *kc_strdup(const char *s);
char *kc_strndup(const char *s, size_t n);
char *kc_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "kcheck: error: ..." and exit 2 (could not run). */
void kc_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Write all of buf to fd; -1 on error. */
int kc_write_all(int fd, const void *buf, size_t len);

/* Read a whole file; NULL on error (errno set).  *len gets the size. */
char *kc_read_file(const char *path, size_t *len);

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
 * Every "key": "..." of a JSON report (a baseline) into KEYS; the file must
 * contain MARKER, else the error says it is not a WHAT report.  Returns 0, or -1 with a message in err.
 */
int kc_json_keys(const char *path, const char *marker, const char *what,
		 struct kc_set *keys, char *err, size_t errlen);

#endif /* KCHECK_UTIL_H */
