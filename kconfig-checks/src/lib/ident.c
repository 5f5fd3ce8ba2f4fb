// SPDX-License-Identifier: GPL-2.0-only
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ident.h"

extern char **environ;

void ident_init(struct ident *h, const char *domain)
{
	h->a = 14695981039346656037ULL;
	h->b = 0x84222325cbf29ce4ULL;
	h->newest.tv_sec = 0;
	h->newest.tv_nsec = 0;
	ident_mix_str(h, domain);
}

void ident_mix(struct ident *h, const void *data, size_t n)
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

void ident_mix_str(struct ident *h, const char *s)
{
	ident_mix(h, s, strlen(s) + 1);
}

static void newer(struct ident *h, const struct timespec *t)
{
	if (t->tv_sec > h->newest.tv_sec ||
	    (t->tv_sec == h->newest.tv_sec && t->tv_nsec > h->newest.tv_nsec))
		h->newest = *t;
}

/*
 * A file's identity: mode, device, inode, size, mtime and ctime.  ctime is
 * what user space cannot set: an edit in place that keeps the size and
 * puts the mtime back (touch -r) still changes it.
 */
static void mix_stat(struct ident *h, const char *path, int ret,
		     const struct stat *st)
{
	ident_mix_str(h, path);
	if (ret) {
		ident_mix_str(h, "absent");
		return;
	}
	ident_mix(h, &st->st_mode, sizeof(st->st_mode));
	ident_mix(h, &st->st_dev, sizeof(st->st_dev));
	ident_mix(h, &st->st_ino, sizeof(st->st_ino));
	ident_mix(h, &st->st_size, sizeof(st->st_size));
	ident_mix(h, &st->st_mtim, sizeof(st->st_mtim));
	ident_mix(h, &st->st_ctim, sizeof(st->st_ctim));
	newer(h, &st->st_ctim);
}

void ident_mix_file(struct ident *h, const char *path)
{
	struct stat st;

	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return;
	mix_stat(h, path, 0, &st);
}

void ident_mix_stat(struct ident *h, const char *path)
{
	struct stat st;

	mix_stat(h, path, stat(path, &st), &st);
}

void ident_mix_stat_at(struct ident *h, const char *path, int dfd,
		       const char *rel)
{
	struct stat st;

	mix_stat(h, path, fstatat(dfd, rel, &st, 0), &st);
}

/*
 * PATH's directories, each opened once for the computation: a lookup is
 * then one name in an open directory rather than a whole path
 */
static void open_path_dirs(struct ident_paths *m)
{
	const char *p = getenv("PATH");

	m->opened = 1;
	while (p && *p) {
		size_t n = strcspn(p, ":");

		m->dirs = kc_realloc(m->dirs, (m->ndirs + 1) * sizeof(*m->dirs));
		m->dirs[m->ndirs].name = kc_strndup(p, n);
		/* an empty entry: "/WORD", as the lookup has always read it */
		m->dirs[m->ndirs].fd = open(n ? m->dirs[m->ndirs].name : "/",
					    O_PATH | O_DIRECTORY | O_CLOEXEC);
		m->ndirs++;
		p += n + (p[n] == ':');
	}
}

/* WORD's file in PATH, or NULL; the caller frees it */
static char *path_lookup(const char *word, struct ident_paths *m)
{
	size_t i;

	if (!m->opened)
		open_path_dirs(m);
	for (i = 0; i < m->ndirs; i++)
		if (m->dirs[i].fd >= 0 &&
		    !faccessat(m->dirs[i].fd, word, X_OK, 0))
			return kc_printf("%s/%s", m->dirs[i].name, word);
	return NULL;
}

void ident_paths_free(struct ident_paths *memo)
{
	size_t i;

	kc_set_free(&memo->found, free);
	for (i = 0; i < memo->ndirs; i++) {
		if (memo->dirs[i].fd >= 0)
			close(memo->dirs[i].fd);
		free(memo->dirs[i].name);
	}
	free(memo->dirs);
	memset(memo, 0, sizeof(*memo));
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Every entry of the directory DFD (REL from the top), in name order, so
 * that the same state gives the same key, into subdirectories while DEPTH
 * > 0; names starting with '.' (build records, editors' files) are left
 * out (adding or removing one changes the directory itself).
 */
static void mix_tree(struct ident *h, int dfd, const char *rel, int depth)
{
	struct dirent *e;
	struct stat st;
	char **names = NULL, *path;
	size_t n = 0, i;
	int fd;
	DIR *d;

	fd = dup(dfd);
	d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		if (fd >= 0)
			close(fd);
		ident_mix_str(h, "unreadable");
		return;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = kc_realloc(names, (n + 1) * sizeof(*names));
		names[n++] = kc_strdup(e->d_name);
	}
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		path = kc_printf("%s/%s", rel, names[i]);
		/*
		 * A symbolic link counts as the link (its identity changes
		 * when it is replaced) and what it names, but a directory
		 * is walked only where it is, not through a link: the
		 * kernel's scripts/dtc/include-prefixes/ links to every
		 * arch's device trees, some ten thousand files.
		 */
		if (!fstatat(dfd, names[i], &st, AT_SYMLINK_NOFOLLOW) &&
		    S_ISLNK(st.st_mode)) {
			mix_stat(h, path, 0, &st);
			if (!fstatat(dfd, names[i], &st, 0))
				mix_stat(h, path, 0, &st);
		} else if (!fstatat(dfd, names[i], &st, 0)) {
			mix_stat(h, path, 0, &st);
			if (S_ISDIR(st.st_mode) && depth > 0) {
				fd = openat(dfd, names[i],
					    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
				if (fd >= 0) {
					mix_tree(h, fd, path, depth - 1);
					close(fd);
				}
			}
		}
		free(path);
		free(names[i]);
	}
	free(names);
	closedir(d);
}

void ident_mix_dir(struct ident *h, const char *dir, int depth)
{
	int fd;

	ident_mix_stat(h, dir);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	mix_tree(h, fd, dir, depth);
	close(fd);
}

/* what the memo keeps of a scripts directory */
struct dir_ident {
	char hex[33];
	struct timespec newest;
};

/*
 * PATH names a file in a directory named scripts: mix in every file under
 * that directory, its identity computed once per MEMO.
 */
static void mix_scripts_dir(struct ident *h, const char *path,
			    struct ident_paths *memo)
{
	const char *at = NULL, *p;
	struct dir_ident **slot;
	struct ident sub;
	char *dir, *key;
	int added;

	for (p = strstr(path, "/scripts/"); p; p = strstr(p + 1, "/scripts/"))
		at = p;		/* the innermost */
	if (!at)
		return;
	dir = kc_strndup(path, at - path + strlen("/scripts"));
	key = kc_printf("\001%s", dir);	/* no command word starts so */
	slot = (struct dir_ident **)kc_set_put(&memo->found, key, &added);
	if (added) {
		ident_init(&sub, "kcheck-scripts-dir-1");
		ident_mix_dir(&sub, dir, 8);
		*slot = kc_calloc(1, sizeof(**slot));
		ident_hex(&sub, (*slot)->hex);
		(*slot)->newest = sub.newest;
	}
	ident_mix_str(h, dir);
	ident_mix_str(h, (*slot)->hex);
	newer(h, &(*slot)->newest);
	free(key);
	free(dir);
}

void ident_mix_words(struct ident *h, const char *text,
		     struct ident_paths *memo)
{
	struct ident_paths own = { 0 };
	char word[4096];

	if (!memo)
		memo = &own;	/* for this text's words */
	while (*text) {
		size_t n = strcspn(text, " \t\n;|&()<>'\"`$=");

		if (n && n < sizeof(word)) {
			char *full, **slot;
			int added;

			memcpy(word, text, n);
			word[n] = '\0';
			if (word[0] == '-') {
				/* an option, not a command */
			} else if (strchr(word, '/')) {
				ident_mix_file(h, word);
				mix_scripts_dir(h, word, memo);
			} else {
				slot = (char **)kc_set_put(&memo->found, word,
							   &added);
				if (added) {
					full = path_lookup(word, memo);
					*slot = full ? full : kc_strdup("");
				}
				if (**slot)
					ident_mix_file(h, *slot);
			}
		}
		text += n ? n : 1;
	}
	ident_paths_free(&own);
}

int ident_skip_env(const char *e)
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

void ident_mix_environ(struct ident *h)
{
	char **e;

	for (e = environ; *e; e++)
		if (!ident_skip_env(*e))
			ident_mix_str(h, *e);
}

void ident_hex(const struct ident *h, char out[33])
{
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)h->a,
		 (unsigned long long)h->b);
}

/* dpkg's status file: every package installed or removed rewrites it */
#define PKG_DB "/var/lib/dpkg/status"

void ident_mix_packages(struct ident *h)
{
	ident_mix_file(h, PKG_DB);
}

void ident_shell_key(const char *cmd, char out[33])
{
	struct ident h;

	ident_init(&h, "kcheck-shellcache-2");
	ident_mix_str(&h, cmd);
	ident_mix_environ(&h);
	ident_mix_words(&h, cmd, NULL);
	ident_mix_packages(&h);
	ident_hex(&h, out);
}
