// SPDX-License-Identifier: GPL-2.0-only
/*
 * kcheck range's side of git (rangegit.h).  The user's repository is only
 * read: the commands run on it are rev-parse, merge-base, log, diff-tree
 * and the upload-pack a fetch runs there, with GIT_OPTIONAL_LOCKS=0.  The
 * commits reach kcheck's cache the way tools/prepare-base.sh copies one:
 * a shallow fetch that copies objects (a path, not a clone: nothing shared
 * or hard-linked, so that git never "freshens" the user's object files).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ident.h"
#include "rangegit.h"
#include "util.h"

#define MAX_GIT_ARGS 32

/*
 * git with ARG1 and the NULL-terminated arguments after it; its standard
 * output in *out (NULL when empty or not wanted).  Returns its status.
 */
static int git_run(char **out, int quiet, const char *arg1, ...)
{
	const char *argv[MAX_GIT_ARGS + 1];
	size_t n = 0;
	va_list ap;
	int st;

	va_start(ap, arg1);
	argv[n++] = "git";
	argv[n++] = arg1;
	while (n < MAX_GIT_ARGS && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	st = kc_run((char *const *)argv, quiet, out, NULL);
	if (st < 0)
		kc_die("range: cannot run git: %s (install git)", strerror(errno));
	return st;
}

static void chomp(char *s)
{
	size_t n = s ? strlen(s) : 0;

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

/*
 * The environment every git of the range runs in: nothing of the
 * caller's redirects it to another repository, and reading takes no
 * optional lock (git status would otherwise refresh the user's index).
 */
static void git_env(void)
{
	static const char *const clear[] = {
		"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
		"GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
		"GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES",
	};
	size_t i;

	for (i = 0; i < sizeof(clear) / sizeof(clear[0]); i++)
		unsetenv(clear[i]);
	setenv("GIT_OPTIONAL_LOCKS", "0", 1);
	setenv("GIT_TERMINAL_PROMPT", "0", 1);
}

/* BASE..HEAD into its two names; kc_die()s on any other shape. */
static void split_range(const char *range, char **base, char **head)
{
	const char *dots = strstr(range, "..");

	if (!dots || dots[2] == '.' || dots == range || !dots[2] ||
	    strstr(dots + 2, ".."))
		kc_die("range: '%s' is not BASE..HEAD (two revisions joined by '..', e.g. v6.12..my-series)",
		       range);
	*base = kc_strndup(range, dots - range);
	*head = kc_strdup(dots + 2);
}

static char *commit_of(const struct range_repo *r, const char *what,
		       const char *name)
{
	char *spec = kc_printf("%s^{commit}", name), *out = NULL;
	int st = git_run(&out, 1, "-C", r->repo, "rev-parse", "--verify",
			 "-q", "--end-of-options", spec, NULL);

	free(spec);
	chomp(out);
	if (st || !out || !*out)
		kc_die("range: %s '%s' is not a commit of %s (git rev-parse)",
		       what, name, r->repo);
	return out;
}

/* REPO must be a git repository; its common git directory. */
static void open_repo(struct range_repo *r)
{
	struct stat st;
	char *out = NULL;

	if (!*r->repo)
		kc_die("range: --tree: an empty path");
	if (stat(r->repo, &st))
		kc_die("range: --tree %s: %s", r->repo, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		kc_die("range: --tree %s: not a directory", r->repo);
	if (git_run(&out, 1, "-C", r->repo, "rev-parse",
		    "--path-format=absolute", "--git-common-dir", NULL) || !out)
		kc_die("range: --tree %s is not a git repository; kcheck range reads the commits of BASE..HEAD from one",
		       r->repo);
	chomp(out);
	r->gitdir = realpath(out, NULL);
	if (!r->gitdir)
		kc_die("range: %s: %s", out, strerror(errno));
	free(out);
}

/* "SHA<TAB>PARENTS<TAB>SUBJECT" lines of git log, into r->v. */
static void parse_walk(struct range_repo *r, char *text)
{
	char *line, *save = NULL;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct range_commit *c;
		char *t1 = strchr(line, '\t'), *t2;

		t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t2)
			kc_die("range: git log printed '%s', not SHA, parents and subject",
			       line);
		*t1 = *t2 = '\0';
		r->v = kc_realloc(r->v, (r->n + 1) * sizeof(*r->v));
		c = &r->v[r->n++];
		memset(c, 0, sizeof(*c));
		c->sha = kc_strdup(line);
		c->parent = kc_strndup(t1 + 1, strcspn(t1 + 1, " "));
		c->merge = !!strchr(t1 + 1, ' ');
		c->subject = kc_strdup(t2 + 1);
		if (!*c->parent)
			kc_die("range: %s has no parent; BASE must be an ancestor",
			       c->sha);
	}
}

/* The first-parent walk of BASE..HEAD, oldest first. */
static void walk(struct range_repo *r, const char *range)
{
	char *spec = kc_printf("%s..%s", r->base, r->head), *out = NULL;
	int st;

	st = git_run(&out, 1, "-C", r->repo, "-c", "log.showSignature=false",
		     "log", "--first-parent", "--reverse", "--no-decorate",
		     "--no-color", "--format=%H%x09%P%x09%s", spec, "--", NULL);
	free(spec);
	if (st)
		kc_die("range: git log %s failed in %s (exit %d)", range, r->repo, st);
	if (out)
		parse_walk(r, out);
	free(out);
	if (!r->n)
		kc_die("range: %s is empty: HEAD adds no commit to BASE", range);
	r->start = kc_strdup(r->v[0].parent);
}

/* Each commit's changed paths, against its first parent. */
static void changed_files(const struct range_repo *r, struct range_commit *c)
{
	char *out = NULL, *p;
	size_t len = 0;
	const char *argv[] = {
		"git", "-C", r->repo, "diff-tree", "-r", "-z", "--name-only",
		"--no-renames", "--no-ext-diff", c->parent, c->sha, NULL,
	};
	int st = kc_run((char *const *)argv, 1, &out, &len);

	if (st)
		kc_die("range: git diff-tree %s %s failed in %s (exit %d)",
		       c->parent, c->sha, r->repo, st);
	for (p = out; p && p < out + len; p += strlen(p) + 1) {
		c->files = kc_realloc(c->files, (c->nfiles + 1) * sizeof(char *));
		c->files[c->nfiles++] = kc_strdup(p);
	}
	free(out);
}

/* The private repository's directory, locked: one range run at a time. */
static void private_dir(struct range_repo *r, const char *cache, int quiet)
{
	struct ident h;
	char key[33], *lock;

	ident_init(&h, "kcheck-range-1");
	ident_mix_str(&h, r->gitdir);
	ident_hex(&h, key);
	key[16] = '\0';
	r->dir = kc_printf("%s/range/%s", cache, key);
	r->tree = kc_printf("%s/tree", r->dir);
	if (kc_mkdir_p(r->dir, 0700))
		kc_die("range: cannot create %s: %s", r->dir, strerror(errno));
	lock = kc_printf("%s/lock", r->dir);
	r->lockfd = open(lock, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (r->lockfd < 0)
		kc_die("range: cannot open %s: %s", lock, strerror(errno));
	if (flock(r->lockfd, LOCK_EX | LOCK_NB)) {
		if (!quiet)
			fprintf(stderr, "kcheck: range: waiting for another kcheck range on %s\n",
				r->repo);
		if (flock(r->lockfd, LOCK_EX))
			kc_die("range: cannot lock %s: %s", lock, strerror(errno));
	}
	free(lock);
}

/* Whether the private copy already has the whole walk. */
static int have_walk(const struct range_repo *r)
{
	char *spec = kc_printf("%s..%s", r->start, r->head), *out = NULL;
	int st = git_run(&out, 1, "-C", r->tree, "rev-list", "--first-parent",
			 "--count", spec, "--", NULL);
	int ok = !st && out && strtoul(out, NULL, 10) == r->n;

	free(spec);
	free(out);
	return ok;
}

/* The commits of the walk and their parents, copied into the cache. */
static void fetch(struct range_repo *r, int quiet)
{
	char *gitfile = kc_printf("%s/.git", r->tree), *depth;
	int st;

	if (access(gitfile, F_OK) &&
	    git_run(NULL, 0, "init", "-q", r->tree, NULL))
		kc_die("range: git init %s failed", r->tree);
	free(gitfile);
	if (have_walk(r))
		return;
	if (!quiet)
		fprintf(stderr, "kcheck: range: copying %zu commits of %s into %s (shallow; the repository is only read)\n",
			r->n, r->repo, r->tree);
	depth = kc_printf("--depth=%zu", r->n + 1);
	st = git_run(NULL, 0, "-C", r->tree, "-c", "core.hooksPath=/dev/null",
		     "fetch", "-q", "--no-tags", depth,
		     "--upload-pack=git -c uploadpack.allowAnySHA1InWant=true upload-pack",
		     "--", r->gitdir, r->head, NULL);
	free(depth);
	if (st || !have_walk(r))
		kc_die("range: could not copy %s..%s from %s into %s",
		       r->start, r->head, r->repo, r->tree);
}

void range_repo_open(struct range_repo *r, const char *repo,
		     const char *range, const char *cache, int quiet)
{
	char *base, *head;
	size_t i;
	int st;

	memset(r, 0, sizeof(*r));
	r->lockfd = -1;
	git_env();
	r->repo = kc_strdup(repo);
	split_range(range, &base, &head);
	open_repo(r);
	r->base = commit_of(r, "BASE", base);
	r->head = commit_of(r, "HEAD", head);
	st = git_run(NULL, 1, "-C", r->repo, "merge-base", "--is-ancestor",
		     r->base, r->head, NULL);
	if (st == 1)
		kc_die("range: BASE %s is not an ancestor of HEAD %s: BASE..HEAD is not a series on BASE",
		       base, head);
	if (st)
		kc_die("range: git merge-base failed in %s (exit %d)", r->repo, st);
	walk(r, range);
	for (i = 0; i < r->n; i++)
		changed_files(r, &r->v[i]);
	free(base);
	free(head);
	private_dir(r, cache, quiet);
	fetch(r, quiet);
}

/*
 * The private copy's files are exactly the commit's: no line-ending
 * conversion, no hook of the user's configuration (core.hooksPath) runs.
 */
void range_checkout(const struct range_repo *r, const char *sha)
{
	if (git_run(NULL, 0, "-C", r->tree, "-c", "advice.detachedHead=false",
		    "-c", "core.autocrlf=false", "-c", "core.hooksPath=/dev/null",
		    "checkout", "-q", "-f", "--detach", sha, NULL) ||
	    git_run(NULL, 0, "-C", r->tree, "clean", "-q", "-ffdx", NULL))
		kc_die("range: cannot check out %s in %s", sha, r->tree);
}

char *range_blob(const struct range_repo *r, const char *sha,
		 const char *path)
{
	char *spec = kc_printf("%s:%s", sha, path), *out = NULL;
	int st = git_run(&out, 1, "-C", r->tree, "cat-file", "blob", spec, NULL);

	free(spec);
	if (st) {
		free(out);
		return NULL;
	}
	return out ? out : kc_strdup("");
}

const char *range_short(const char *sha)
{
	static char buf[4][13];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%.12s", sha);
	return buf[k];
}

void range_repo_free(struct range_repo *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].sha);
		free(r->v[i].parent);
		free(r->v[i].subject);
		kc_strv_free(r->v[i].files, r->v[i].nfiles);
	}
	free(r->v);
	free(r->repo);
	free(r->gitdir);
	free(r->dir);
	free(r->tree);
	free(r->base);
	free(r->head);
	free(r->start);
	if (r->lockfd >= 0)
		close(r->lockfd);
	memset(r, 0, sizeof(*r));
}
