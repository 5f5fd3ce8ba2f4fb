// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of kcheck's pieces that need no kernel tree: the rules
 * parser and evaluator, the protocol's escaping, the removal of kcheck's
 * work directories, the cache keys' lookups of files, the baseline reader
 * and its keys, the findings model, and the matrix's naming (on a fixture
 * tree).  'unit GROUP [TREE FRAGMENTS]' runs one group (rules, escape,
 * remove, ident, baseline, matrix: the last needs the fixture tree and a
 * fragments directory) and prints "ok - ..." / "not ok - ..." lines;
 * exits 1 on any failure, 2 on bad usage.  Built with ASan+UBSan by
 * 'make -C kconfig-checks unit'; selftests/t/05-unit.sh runs each group
 * as a test of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "baseline.h"
#include "findings.h"
#include "ident.h"
#include "matrix.h"
#include "rules.h"
#include "util.h"

static int failed;

static void expect(int cond, const char *fmt, ...)
{
	va_list ap;

	fputs(cond ? "ok - " : "not ok - ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	failed |= !cond;
}

/* ---- rules ---- */

static const char *const values[][2] = {
	{ "Y", "y" }, { "M", "m" }, { "N", "n" }, { "S", "foo" },
	{ "H", "0x10" }, { "I", "9" },
};

static const char *lookup(const char *name, void *arg)
{
	size_t i;

	(void)arg;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		if (!strcmp(values[i][0], name))
			return values[i][1];
	return NULL;
}

/* Parse TEXT as a rules file; 0 or -1, message in err. */
static int parse(const char *text, struct rules *r, char *err, size_t len)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret = rules_read(f, "t.rules", r, err, len);

	fclose(f);
	return ret;
}

/* The value of "invariant EXPR" with the lookup above; -1 on a parse error. */
static int eval(const char *expr)
{
	char *text = kc_printf("invariant %s\n", expr), err[256];
	struct rules r;
	int v = -1;

	if (!parse(text, &r, err, sizeof(err))) {
		v = rule_eval(r.v[0].expr, lookup, NULL);
		rules_free(&r);
	}
	free(text);
	return v;
}

static void parse_error(const char *text, const char *want)
{
	struct rules r;
	char err[256] = "";
	int ret = parse(text, &r, err, sizeof(err));

	expect(ret == -1 && strstr(err, want), "rules: error '%s' (got '%s')",
	       want, ret ? err : "no error");
	if (!ret)
		rules_free(&r);
}

static void test_rules(void)
{
	static const struct { const char *expr; int want; } cases[] = {
		{ "Y", 2 }, { "M", 1 }, { "N", 0 }, { "UNDEFINED", 0 },
		{ "!M", 1 }, { "!Y", 0 }, { "!UNDEFINED", 2 },
		{ "Y && M", 1 }, { "M || N", 1 }, { "N || !Y", 0 },
		{ "Y && (N || M)", 1 }, { "!(Y && M)", 1 },
		{ "S = \"foo\"", 2 }, { "S != \"foo\"", 0 },
		/* a bare word is a symbol; an undefined one is n (rules.h) */
		{ "S = foo", 0 }, { "UNDEFINED = FOO", 2 },
		{ "H > I", 2 }, { "H = 16", 2 }, { "I < 10", 2 }, { "I >= 10", 0 },
		{ "UNDEFINED = n", 2 }, { "M = m", 2 }, { "Y = y && M != y", 2 },
		{ "N || N && Y", 0 }, { "Y || N && N", 2 },
	};
	struct rules r;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int v = eval(cases[i].expr);

		expect(v == cases[i].want, "rules: '%s' is %d (got %d)",
		       cases[i].expr, cases[i].want, v);
	}
	expect(!parse("# comment\n\ninvariant A || B\nexists C\nabsent D\n",
		      &r, err, sizeof(err)) && r.n == 3 &&
	       r.v[0].kind == RULE_INVARIANT && r.v[0].line == 3 &&
	       r.v[1].kind == RULE_EXISTS && !strcmp(r.v[1].text, "C") &&
	       r.v[2].kind == RULE_ABSENT && r.v[2].line == 5,
	       "rules: kinds, texts and line numbers of a file");
	if (!r.n || r.v[0].kind == RULE_INVARIANT)
		rules_free(&r);
	parse_error("invariant (A\n", "t.rules:1: expected ')'");
	parse_error("invariant A &&\n", "t.rules:1: expected a symbol at end of line");
	parse_error("\ninvariant A B\n", "t.rules:2: unexpected 'B'");
	parse_error("invariant S = \"foo\n", "unterminated string");
	parse_error("exists A B\n", "'A B' is not a symbol name");
	parse_error("frobnicate A\n", "expected 'invariant EXPR', 'exists SYMBOL' or 'absent SYMBOL'");
	parse_error("# only a comment\n", "t.rules: no rules in file");
	{
		static const char nul[] = "invariant A\0B\n";
		FILE *f = fmemopen((void *)nul, sizeof(nul) - 1, "r");
		int ret = rules_read(f, "t.rules", &r, err, sizeof(err));

		fclose(f);
		expect(ret == -1 && strstr(err, "t.rules:1: a NUL byte"),
		       "rules: a NUL byte is an error at its line");
	}
	{
		char *deep = kc_calloc(1, 200), *many;
		size_t k;

		strcpy(deep, "invariant ");
		for (k = 0; k < 65; k++)
			strcat(deep, "(");
		strcat(deep, "A\n");
		parse_error(deep, "nested more than 64 deep");
		free(deep);
		many = kc_strdup("invariant A");
		for (k = 0; k < 1024; k++) {
			char *t = kc_printf("%s || A", many);

			free(many);
			many = t;
		}
		parse_error(many, "more than 1024 operands");
		free(many);
	}
}

/* ---- protocol escaping ---- */

static void test_escape(void)
{
	static const char *const cases[] = {
		"plain", "tab\there", "new\nline", "back\\slash", "\\t literal",
		"", "end\\",
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *e = kc_escape(cases[i]), *u = kc_unescape(e);

		expect(!strchr(e, '\t') && !strchr(e, '\n') && !strcmp(u, cases[i]),
		       "escape: round trip of case %zu, no tab or newline on the wire", i);
		free(e);
		free(u);
	}
}

/* ---- kc_remove_tree(): rm -rf, links removed and not followed ---- */

/* TOP/REL: a directory when REL ends in '/', else an empty file */
static void make_at(const char *top, const char *rel)
{
	char *p = kc_printf("%s/%s", top, rel);
	size_t n = strlen(p);
	FILE *f;

	if (p[n - 1] == '/') {
		p[n - 1] = '\0';
		mkdir(p, 0700);
	} else if ((f = fopen(p, "w"))) {
		fclose(f);
	}
	free(p);
}

static void test_remove(void)
{
	static const char *const entries[] = {
		"work/", "outside/", "outside/kept", "work/a/", "work/a/b/",
		"work/a/b/file", "work/a/empty/",
	};
	char top[] = "/tmp/kcheck-unit.XXXXXX", *w, *p;
	struct stat st;
	size_t i;

	if (!mkdtemp(top)) {
		expect(0, "remove: a scratch directory");
		return;
	}
	for (i = 0; i < sizeof(entries) / sizeof(entries[0]); i++)
		make_at(top, entries[i]);
	w = kc_printf("%s/work", top);
	p = kc_printf("%s/a/link", w);
	expect(!symlink("../../outside", p), "remove: a link out of the tree");
	free(p);

	kc_remove_tree(w);
	expect(lstat(w, &st) && errno == ENOENT,
	       "remove: the directory and everything under it are gone");
	p = kc_printf("%s/outside/kept", top);
	expect(!stat(p, &st), "remove: a link is removed, what it points to is kept");
	free(p);
	kc_remove_tree(w);
	expect(lstat(w, &st) && errno == ENOENT, "remove: a path that is gone is no error");
	kc_remove_tree(top);
	expect(lstat(top, &st) && errno == ENOENT, "remove: the scratch directory is gone");
	free(w);
}

/* ---- cache keys: files through PATH, files in an open directory ---- */

static int same_ident(const struct ident *a, const struct ident *b)
{
	return a->a == b->a && a->b == b->b;
}

static void write_tool(const char *top, const char *rel, const char *text,
		       mode_t mode)
{
	char *p = kc_printf("%s/%s", top, rel);
	FILE *f = fopen(p, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
	chmod(p, mode);
	free(p);
}

/* the words of TEXT with PATH as given, MEMO or none */
static struct ident words(const char *path, const char *text, int memo)
{
	struct ident_paths m = { 0 };
	struct ident h;

	setenv("PATH", path, 1);
	ident_init(&h, "unit");
	ident_mix_words(&h, text, memo ? &m : NULL);
	ident_paths_free(&m);
	return h;
}

/* ident_mix_dir() of TOP/w, as a scripts/ directory's key takes it. */
static struct ident dir_ident(const char *top)
{
	char *w = kc_printf("%s/w", top);
	struct ident h;

	ident_init(&h, "unit");
	ident_mix_dir(&h, w, 8);
	free(w);
	return h;
}

/*
 * A directory's identity: what is in it and below, a linked file as the
 * link and the file, a linked directory as the link only (the kernel's
 * scripts/dtc/include-prefixes/ links to every arch's device trees).
 */
static void test_ident_dir(void)
{
	static const char *const dirs[] = { "w/", "w/in/", "far/", "far/big/" };
	char top[] = "/tmp/kcheck-unit.XXXXXX";
	struct ident a, b;
	char *p, *q;
	size_t i;

	if (!mkdtemp(top)) {
		expect(0, "ident dir: a scratch directory");
		return;
	}
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		make_at(top, dirs[i]);
	write_tool(top, "w/in/f", "one\n", 0644);
	write_tool(top, "far/big/g", "one\n", 0644);
	write_tool(top, "far/tool", "#!/bin/sh\n", 0755);
	p = kc_printf("%s/w/dlink", top);
	q = kc_printf("%s/w/flink", top);
	expect(!symlink("../far/big", p) && !symlink("../far/tool", q),
	       "ident dir: the links made");
	a = dir_ident(top);
	write_tool(top, "w/in/f", "two, longer\n", 0644);
	b = dir_ident(top);
	expect(!same_ident(&a, &b), "ident dir: a file below it changes it");
	a = b;
	write_tool(top, "far/big/g", "two, longer\n", 0644);
	b = dir_ident(top);
	expect(same_ident(&a, &b), "ident dir: a directory is not walked through a link");
	write_tool(top, "far/tool", "#!/bin/sh\necho changed\n", 0755);
	b = dir_ident(top);
	expect(!same_ident(&a, &b), "ident dir: a file named by a link counts");
	a = b;
	unlink(p);
	expect(!symlink("../far", p), "ident dir: the link replaced");
	b = dir_ident(top);
	expect(!same_ident(&a, &b), "ident dir: a replaced link changes it");
	free(p);
	free(q);
	kc_remove_tree(top);
}

static void test_ident(void)
{
	static const char *const dirs[] = { "d1/", "d2/", "sub/", "sub/x/" };
	char top[] = "/tmp/kcheck-unit.XXXXXX", *old = getenv("PATH");
	char *path, *t1, *t2, *rel;
	struct ident a, b, ref;
	size_t i;
	int dfd;

	old = old ? kc_strdup(old) : NULL;
	if (!mkdtemp(top)) {
		expect(0, "ident: a scratch directory");
		return;
	}
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		make_at(top, dirs[i]);
	write_tool(top, "d1/t2", "not a program\n", 0644);
	write_tool(top, "d2/t1", "#!/bin/sh\n", 0755);
	write_tool(top, "d2/t2", "#!/bin/sh\n", 0755);
	write_tool(top, "sub/x/Kconfig", "config X\n", 0644);
	path = kc_printf("%s/d1::%s/d2", top, top);
	t1 = kc_printf("%s/d2/t1", top);
	t2 = kc_printf("%s/d2/t2", top);

	ident_init(&ref, "unit");	/* each word, in order, as often */
	ident_mix_file(&ref, t1);
	ident_mix_file(&ref, t2);
	ident_mix_file(&ref, t1);
	a = words(path, "t1 -t2 | t2 missing; t1", 1);
	b = words(path, "t1 -t2 | t2 missing; t1", 0);
	expect(same_ident(&a, &ref),
	       "ident: each word's file through PATH (the first executable one; not an option)");
	expect(same_ident(&a, &b), "ident: the same with and without a memo");
	write_tool(top, "d2/t1", "#!/bin/sh\necho changed\n", 0755);
	b = words(path, "t1 -t2 | t2 missing; t1", 1);
	expect(!same_ident(&a, &b), "ident: a changed tool found through PATH changes the key");
	write_tool(top, "d1/t2", "not a program\n", 0755);
	b = words(path, "t2", 1);
	free(t2);
	t2 = kc_printf("%s/d1/t2", top);
	ident_init(&ref, "unit");
	ident_mix_file(&ref, t2);
	expect(same_ident(&b, &ref), "ident: a tool made executable earlier in PATH is the one");

	rel = kc_printf("%s/sub/", top);
	dfd = open(rel, O_PATH | O_DIRECTORY);
	free(rel);
	for (i = 0; i < 2; i++) {
		const char *name = i ? "x/none" : "x/Kconfig";
		char *full = kc_printf("%s/sub/%s", top, name);

		ident_init(&a, "unit");
		ident_init(&b, "unit");
		ident_mix_stat(&a, full);
		ident_mix_stat_at(&b, full, dfd, name);
		expect(dfd >= 0 && same_ident(&a, &b),
		       "ident: a file looked up in its open directory as by its path (%s)",
		       i ? "absent" : "present");
		free(full);
	}
	if (dfd >= 0)
		close(dfd);
	if (old)
		setenv("PATH", old, 1);
	else
		unsetenv("PATH");
	free(old);
	free(path);
	free(t1);
	free(t2);
	kc_remove_tree(top);
}

/* ---- baselines, keys, findings ---- */

static const char check_report[] =
	"{\"kcheck\": 1, \"tree\": \"/t\", \"configurations\": [],"
	" \"findings\": [{\"check\": \"unmet-dependency\", \"keys\": ["
	"{\"key\": \"unmet-dependency|B|A|foo/x\"}, {\"key\": \"unmet-dependency|B|A|foo/y\"}]}],"
	" \"summary\": {\"findings\": 1}}";

static int load(const char *text, enum baseline_kind kind, struct baseline *b,
		char *err, size_t len)
{
	char *copy = kc_strdup(text);
	int ret = baseline_parse(copy, strlen(copy), "b.json", kind, b, err, len);

	free(copy);
	return ret;
}

static void bad_baseline(const char *text, enum baseline_kind kind,
			 const char *want)
{
	struct baseline b;
	char err[512] = "";
	int ret = load(text, kind, &b, err, sizeof(err));

	expect(ret == -1 && strstr(err, want), "baseline: refused, '%s' (got '%s')",
	       want, ret ? err : "accepted");
	if (!ret)
		baseline_free(&b);
}

static void test_baseline(void)
{
	struct kc_set groups = { 0 };
	struct findings f = { 0 };
	struct baseline b;
	char err[512];

	expect(!load(check_report, BASELINE_CHECK, &b, err, sizeof(err)) &&
	       b.keys.n == 2 && kc_set_has(&b.keys, "unmet-dependency|B|A|foo/y") &&
	       !strcmp(b.tree, "/t"),
	       "baseline: a check report's keys and tree");
	bad_baseline("{\"kcheck\": 1, \"tree\": \"/t\", \"configurations\": [", BASELINE_CHECK,
		     "not valid JSON");
	bad_baseline("{\"kcheck\": 1}", BASELINE_CHECK, "no \"configurations\"");
	bad_baseline("{\"kcheck\": 1, \"tree\": \"/t\", \"configurations\": [], \"findings\": [], \"summary\": {\"findings\": 3}}",
		     BASELINE_CHECK, "does not count");
	bad_baseline(check_report, BASELINE_SAT, "not a kcheck sat");
	bad_baseline("{\"kcheck\": 1, \"tree\": \"/t\", \"configurations\": [], \"findings\": [{\"check\": \"x\", \"keys\": [{\"key\": 3}]}], \"summary\": {\"findings\": 1}}",
		     BASELINE_CHECK, "not a non-empty string");
	bad_baseline("{} {}", BASELINE_CHECK, "text after the JSON document");
	bad_baseline("", BASELINE_CHECK, "not valid JSON");
	/* the findings model: grouping, keys, and the baseline applied */
	findings_add(&f, &groups, "unmet-dependency", kc_strdup("U|B|A"), "Kconfig", 8,
		     "B", kc_strdup("A selects B"), "foo/x",
		     kc_strdup("unmet-dependency|B|A|foo/x"));
	findings_add(&f, &groups, "unmet-dependency", kc_strdup("U|B|A"), "Kconfig", 8,
		     "B", kc_strdup("A selects B"), "foo/z",
		     kc_strdup("unmet-dependency|B|A|foo/z"));
	findings_add(&f, &groups, "fragment", kc_strdup("W|f|3"), "f.config", 3,
		     "X", kc_strdup("unknown symbol: X"), "foo/x",
		     kc_strdup("fragment|unknown-symbol|f.config:3|X|foo/x"));
	expect(f.n == 2 && f.v[0].nconfigs == 2 && !strcmp(f.v[0].configs[1], "foo/z") &&
	       f.v[1].line == 3, "findings: one finding per group, each configuration with its key");
	findings_apply_baseline(&f, &b);
	expect(f.n == 2 && f.suppressed == 1 && f.v[0].nconfigs == 1 &&
	       !strcmp(f.v[0].configs[0], "foo/z"),
	       "findings: the baseline drops the (finding, configuration) pairs it knows");
	findings_free(&f);
	kc_set_free(&groups, NULL);
	baseline_free(&b);
}

/* ---- the matrix and its names ---- */

static int has_job(const struct matrix *m, const char *arch, const char *name,
		   const char *line)
{
	size_t a, j;

	for (a = 0; a < m->narches; a++)
		for (j = 0; !strcmp(m->arches[a].name, arch) && j < m->arches[a].njobs; j++)
			if (!strcmp(m->arches[a].jobs[j].name, name) &&
			    !strcmp(m->arches[a].jobs[j].line, line))
				return 1;
	return 0;
}

static void test_matrix(const char *tree, const char *frags)
{
	struct matrix_opts o = {
		.tree = tree, .all_targets = 1, .rand = 2, .seed = 0x10,
		.fragments = frags, .rand_fragments = 1,
	};
	char *arches[] = { "nope" };
	struct matrix m;
	char err[512], *line;

	if (matrix_build(&o, &m, err, sizeof(err))) {
		expect(0, "matrix: builds on the fixture (%s)", err);
		return;
	}
	expect(m.narches == 2 && !strcmp(m.arches[0].name, "bar") &&
	       !strcmp(m.arches[1].name, "foo"), "matrix: arches sorted");
	expect(has_job(&m, "foo", "unmet_defconfig", "defconfig\tarch/foo/configs/unmet_defconfig"),
	       "matrix: a defconfig is named after its file");
	line = kc_printf("frag\tarch/foo/configs/clean_defconfig\t%s/foo-extra.config", frags);
	expect(has_job(&m, "foo", "clean_defconfig+foo-extra", line),
	       "matrix: defconfig+fragment, named DEFCONFIG+FRAGMENT");
	free(line);
	expect(has_job(&m, "bar", "allmodconfig", "all\tallmodconfig"),
	       "matrix: all*config");
	expect(has_job(&m, "foo", "randconfig-0x11", "rand\t0x11"),
	       "matrix: randconfigs named by seed, from --seed");
	line = kc_printf("rand\t0x10\t%s/foo-extra.config", frags);
	expect(has_job(&m, "foo", "randconfig-0x10+foo-extra", line),
	       "matrix: a randconfig with a fragment as KCONFIG_ALLCONFIG");
	free(line);
	/* 3 defconfigs, 2 with foo's fragment, 2 x 3 all*config, 2 x 2 seeds,
	 * foo's 2 seeds with the fragment */
	expect(matrix_count(&m) == 3 + 2 + 6 + 4 + 2,
	       "matrix: %zu configurations (defconfigs, fragments, all*, rand, rand+fragments)",
	       matrix_count(&m));
	matrix_free(&m);
	o.arches = arches;
	o.narches = 1;
	expect(matrix_build(&o, &m, err, sizeof(err)) == -1 &&
	       strstr(err, "unknown arch 'nope'; this tree has: bar foo"),
	       "matrix: an unknown arch names the arches");
}

int main(int argc, char **argv)
{
	const char *group = argc > 1 ? argv[1] : "";

	if (!strcmp(group, "rules") && argc == 2)
		test_rules();
	else if (!strcmp(group, "escape") && argc == 2)
		test_escape();
	else if (!strcmp(group, "remove") && argc == 2)
		test_remove();
	else if (!strcmp(group, "ident") && argc == 2) {
		test_ident();
		test_ident_dir();
	}
	else if (!strcmp(group, "baseline") && argc == 2)
		test_baseline();
	else if (!strcmp(group, "matrix") && argc == 4)
		test_matrix(argv[2], argv[3]);
	else {
		fprintf(stderr, "usage: unit rules|escape|remove|ident|baseline|matrix TREE FRAGMENTS\n");
		return 2;
	}
	return failed;
}
