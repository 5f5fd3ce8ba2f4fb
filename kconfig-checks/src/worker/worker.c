// SPDX-License-Identifier: GPL-2.0-only
/*
 * kcheck-worker: one process per (tree, arch).  It parses the tree's Kconfig
 * once, then resolves the configuration jobs one after the other;
 * treeconf_resolve() and treeconf_olddefconfig() start each from the state a fresh
 * 'conf' process has.  (A fork per configuration did the same at twice the
 * cost: the child copies every page the evaluation writes.)  A crash takes
 * down the worker; kcheck reports its arch as not evaluated, naming the
 * signal, and the other arches go on.
 *
 * Runs with the environment 'make ARCH=...' gives scripts/kconfig/conf and
 * in a private output directory.  Jobs on stdin, one per line (the jobs
 * file of protocol.h); output on stdout, the lines of protocol.h.
 *
 * With --model-dir and --model-key the worker leaves a model server
 * behind after its parse (serve.h): later runs get a worker whose parse
 * is done.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inputs.h"
#include "merge.h"
#include "protocol.h"
#include "rules.h"
#include "selectrule.h"
#include "serve.h"
#include "treeconf.h"
#include "util.h"


static struct {
	int values;
	const char *dump_dir;
	const char *tmp_dir;
	struct rules rules;
	int have_rules;
	const char *model_dir, *model_key;	/* serve.h */
	int model_idle;
	int inputs;		/* I lines: what the parse read */
} opt;

/*
 * What the parse alone decides, computed once right after it and printed
 * by every run of this model, a model server's runs included.
 */
static struct {
	char *text;		/* the S and R lines */
	size_t len;
	char **names;		/* sorted symbol names, for N and V lines */
	size_t nnames;
} facts;

/* ---- per configuration ---- */

struct child {
	FILE *out;
	int id;
	char **vals;		/* indexed like facts.names */
	FILE *dump;
};

static void on_value(const struct treeconf_value *v, void *arg)
{
	struct child *c = arg;
	char **slot;

	if (c->dump && v->written) {
		if ((v->type == 'b' || v->type == 't') && v->val[0] == 'n')
			fprintf(c->dump, "# CONFIG_%s is not set\n", v->name);
		else if (v->type == 's')
			fprintf(c->dump, "CONFIG_%s=\"%s\"\n", v->name, v->val);
		else
			fprintf(c->dump, "CONFIG_%s=%s\n", v->name, v->val);
	}
	if (!c->vals)
		return;
	slot = bsearch(&v->name, facts.names, facts.nnames, sizeof(char *),
		       kc_cmp_str);
	if (slot)
		c->vals[slot - facts.names] = v->written ? kc_escape(v->val) : NULL;
}

static void on_select(const struct treeconf_select *s, void *arg)
{
	struct child *c = arg;
	char *dep;

	if (!select_unmet(kc_tri_of(s->active), kc_tri_of(s->target_dep)))
		return;
	dep = treeconf_dep_string(s->target);
	KC_EMIT(c->out, U, .id = c->id, .target = s->target,
		.selector = s->selector, .file = s->file,
		.line = s->line, .active = s->active,
		.dependency_value = s->target_dep, .dependency = dep);
	free(dep);
}

/* An E line for this configuration; frees MSG. */
static void job_error(struct child *c, char *msg)
{
	KC_EMIT(c->out, E, .id = c->id, .message = msg);
	free(msg);
}

/*
 * What kconfig says about a well-formed line setting NAME to VAL: an
 * unknown symbol, a value its type refuses, or one the resolved
 * configuration does not have.  NULL: nothing; *msg gets the message.
 */
static const char *value_finding(const char *name, const char *val,
				 char **msg)
{
	const char *kind = NULL, *have;
	char *want;

	if (!treeconf_is_defined(name)) {
		*msg = kc_printf("unknown symbol: %s", name);
		return "unknown-symbol";
	}
	if (!treeconf_value_valid(name, val)) {
		*msg = kc_printf("symbol value '%s' invalid for %s", val, name);
		return "invalid-value";
	}
	want = kc_strdup(val);
	have = treeconf_value_of(name);
	if (want[0] == '"') {
		want[strlen(want) - 1] = '\0';
		memmove(want, want + 1, strlen(want));
	}
	if (!have)
		have = "n";
	if (strcmp(want, have)) {
		kind = "not-in-final";
		*msg = kc_printf("value requested for CONFIG_%s not in final .config: requested %s, actual %s",
				 name, val, have);
	}
	free(want);
	return kind;
}

/*
 * The finding of fragment line S (LEN bytes, without its newline), or
 * NULL; *name gets the symbol (or "") and *msg the message, both to free.
 */
static const char *line_finding(char *s, size_t len, char **name, char **msg)
{
	*name = NULL;
	if (memchr(s, '\0', len)) {
		*msg = kc_strdup("a NUL byte");
		*name = kc_strdup("");
		return "garbage";
	}
	if (!s[strspn(s, " \t")])
		return NULL;
	*name = fragment_symbol(s);
	if (!*name && !strncmp(s, "#CONFIG_", 8) && strstr(s, " is not set")) {
		/* kconfig reads it as a comment: nothing is unset */
		*msg = kc_printf("'%s' is a comment to kconfig, which sets nothing; '# CONFIG_<SYMBOL> is not set' needs the space after '#'",
				 s);
		*name = kc_strndup(s + 8, strcspn(s + 8, " "));
		return "garbage";
	}
	if (!*name && s[0] == '#')
		return NULL;
	if (!*name || !(*name)[7]) {
		free(*name);
		*msg = kc_printf("'%s' is neither CONFIG_<SYMBOL>=<value> nor '# CONFIG_<SYMBOL> is not set'", s);
		*name = kc_strdup("");
		return "garbage";
	}
	memmove(*name, *name + 7, strlen(*name + 7) + 1);
	return value_finding(*name, s[0] == '#' ? "n" : strchr(s, '=') + 1, msg);
}

/*
 * What kconfig and merge_config.sh say about a fragment, line by line:
 * garbage, unknown symbols, values the symbol's type refuses, and
 * values the resolved configuration does not have.
 *   W ID FILE LINE KIND SYMBOL MESSAGE
 */
static void check_fragment(struct child *c, const char *frag)
{
	FILE *f = fopen(frag, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int no = 0;

	if (!f) {
		job_error(c, kc_printf("cannot read %s", frag));
		return;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *name, *msg = NULL;
		const char *kind;

		no++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		kind = line_finding(line, len, &name, &msg);
		if (kind)
			KC_EMIT(c->out, W, .id = c->id, .file = frag, .line = no,
				.kind = kind, .symbol = name, .message = msg);
		free(msg);
		free(name);
	}
	free(line);
	fclose(f);
}

static int run_job(const struct kc_JOB *j, struct child *c)
{
	const char *kind = j->kind, *allconfig = j->more_n ? j->more[0] : NULL;
	char *path;
	size_t k;
	int i;

	if (!strcmp(kind, "defconfig") && !j->more_n)
		return treeconf_resolve(TREECONF_DEFCONFIG, j->target, 0);
	if (!strcmp(kind, "all") && j->more_n <= 1) {
		static const struct { const char *n; enum treeconf_kind k; } t[] = {
			{ "allnoconfig", TREECONF_ALLNO },
			{ "allyesconfig", TREECONF_ALLYES },
			{ "allmodconfig", TREECONF_ALLMOD },
			{ "alldefconfig", TREECONF_ALLDEF },
		};
		for (i = 0; i < 4; i++)
			if (!strcmp(j->target, t[i].n))
				return treeconf_resolve(t[i].k, allconfig, 0);
		job_error(c, kc_printf("unknown target %s", j->target));
		return -2;
	}
	if (!strcmp(kind, "rand") && j->more_n <= 1)
		return treeconf_resolve(TREECONF_RANDOM, allconfig,
				    (unsigned int)strtoul(j->target, NULL, 0));
	if (!strcmp(kind, "frag") && j->more_n) {
		if (treeconf_resolve(TREECONF_DEFCONFIG, j->target, 0))
			return -1;
		path = kc_printf("%s/%d.config", opt.tmp_dir, (int)getpid());
		if (treeconf_write(path)) {
			job_error(c, kc_printf("cannot write %s", path));
			free(path);
			return -2;
		}
		for (k = 0; k < j->more_n; k++) {
			if (merge_fragment(path, j->more[k])) {
				job_error(c, kc_printf("cannot merge %s: %s", j->more[k],
						   strerror(errno)));
				unlink(path);
				free(path);
				return -2;
			}
		}
		i = treeconf_olddefconfig(path);
		unlink(path);
		free(path);
		for (k = 0; !i && k < j->more_n; k++)
			check_fragment(c, j->more[k]);
		return i;
	}
	job_error(c, kc_strdup("malformed job"));
	return -2;
}

static void run_one(const struct kc_JOB *j)
{
	struct child c = { .id = j->id };
	char *buf = NULL, *dpath;
	size_t len = 0, i;
	int ret;

	c.out = open_memstream(&buf, &len);
	if (!c.out)
		kc_die("worker: out of memory");
	KC_EMIT(c.out, C, .id = j->id);
	ret = run_job(j, &c);
	if (ret == -1)
		job_error(&c, kc_printf("scripts/kconfig could not read %s", j->target));
	if (ret == 0) {
		if (opt.values)
			c.vals = kc_calloc(facts.nnames, sizeof(char *));
		if (opt.dump_dir) {
			dpath = kc_printf("%s/%d.config", opt.dump_dir, j->id);
			c.dump = fopen(dpath, "w");
			if (!c.dump)
				job_error(&c, kc_printf("cannot write %s", dpath));
			free(dpath);
		}
		/*
		 * conf_write()'s walk, for the values and the dump; the checks
		 * below compute what they read themselves (sym_calc_value()
		 * memoises, so the order of evaluation changes no value).
		 */
		if (c.vals || c.dump)
			treeconf_walk_values(on_value, &c);
		if (c.dump)
			fclose(c.dump);
		treeconf_walk_selects(on_select, &c);
		for (i = 0; opt.have_rules && i < opt.rules.n; i++) {
			const struct rule *r = &opt.rules.v[i];
			int v;

			if (r->kind != RULE_INVARIANT)
				continue;
			v = rule_eval(r->expr, treeconf_lookup, NULL);
			if (!v)
				KC_EMIT(c.out, F, .id = j->id, .rule_line = r->line);
		}
		if (c.vals) {
			KC_EMIT(c.out, V, .id = j->id, .values = c.vals,
				.values_n = facts.nnames);
			for (i = 0; i < facts.nnames; i++)
				free(c.vals[i]);
			free(c.vals);
		}
	}
	KC_EMIT(c.out, D, .id = j->id);
	fclose(c.out);
	fflush(stdout);
	if (kc_write_all(1, buf, len))
		kc_die("worker: cannot write to kcheck: %s", strerror(errno));
	free(buf);
}

/* ---- parse-time facts: definitions and undefined references ---- */

static void on_def(const struct treeconf_def *d, void *arg)
{
	FILE *out = arg;

	KC_EMIT(out, S, .name = d->name, .type = d->type, .file = d->file,
		.line = d->line);
	if (d->type == '?')
		return;
	facts.names = kc_realloc(facts.names,
				 (facts.nnames + 1) * sizeof(char *));
	facts.names[facts.nnames++] = kc_strdup(d->name);
}

struct refs {
	FILE *out;
	struct kc_set seen;
};

static void on_ref(const struct treeconf_ref *r, void *arg)
{
	struct refs *s = arg;
	int added;

	if (treeconf_is_defined(r->name))
		return;
	kc_set_put(&s->seen, r->name, &added);
	if (added)
		KC_EMIT(s->out, R, .name = r->name, .file = r->file,
			.line = r->line, .how = r->how);
}

static void compute_facts(void)
{
	struct refs refs = { 0 };
	size_t i, k = 0;

	refs.out = open_memstream(&facts.text, &facts.len);
	if (!refs.out)
		kc_die("worker: out of memory");
	treeconf_walk_defs(on_def, refs.out);
	treeconf_walk_refs(on_ref, &refs);
	if (fclose(refs.out))
		kc_die("worker: out of memory");
	kc_set_free(&refs.seen, NULL);

	/* a symbol defined in several places has one value */
	if (facts.nnames)
		qsort(facts.names, facts.nnames, sizeof(char *), kc_cmp_str);
	for (i = 0; i < facts.nnames; i++) {
		if (k && !strcmp(facts.names[k - 1], facts.names[i])) {
			free(facts.names[i]);
			continue;
		}
		facts.names[k++] = facts.names[i];
	}
	facts.nnames = k;
}

static int read_jobs(struct kc_msg **jobs)
{
	char *line = NULL;
	size_t cap = 0;
	int n = 0;

	*jobs = NULL;
	while (getline(&line, &cap, stdin) >= 0) {
		struct kc_msg j;

		line[strcspn(line, "\n")] = '\0';
		if (!*line)
			continue;
		if (kc_parse_as(KC_JOB, line, &j))
			kc_die("worker: malformed job line: %s", line);
		kc_msg_own(&j);
		*jobs = kc_realloc(*jobs, (n + 1) * sizeof(**jobs));
		(*jobs)[n++] = j;
	}
	free(line);
	return n;
}

static void free_jobs(struct kc_msg *jobs, int n)
{
	int i;

	for (i = 0; i < n; i++)
		kc_msg_free(&jobs[i]);
	free(jobs);
}

static void parse_options(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "values", no_argument, NULL, 'v' },
		{ "dump-dir", required_argument, NULL, 'd' },
		{ "tmp-dir", required_argument, NULL, 't' },
		{ "rules", required_argument, NULL, 'r' },
		{ "model-dir", required_argument, NULL, 'M' },
		{ "model-key", required_argument, NULL, 'K' },
		{ "model-idle", required_argument, NULL, 'I' },
		{ "inputs", no_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 },
	};
	char err[1024];
	int c;

	optind = 0;	/* a model server's run parses a second vector */
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'v':
			opt.values = 1;
			break;
		case 'd':
			opt.dump_dir = optarg;
			break;
		case 't':
			opt.tmp_dir = optarg;
			break;
		case 'r':
			if (rules_load(optarg, &opt.rules, err, sizeof(err)))
				kc_die("%s", err);
			opt.have_rules = 1;
			break;
		case 'M':
			opt.model_dir = optarg;
			break;
		case 'K':
			opt.model_key = optarg;
			break;
		case 'I':
			opt.model_idle = atoi(optarg);
			break;
		case 'i':
			opt.inputs = 1;
			break;
		default:
			kc_die("worker: bad arguments");
		}
	}
	if (optind != argc - 1 || !opt.tmp_dir ||
	    (opt.model_dir && (!opt.model_key || opt.model_idle < 1)))
		kc_die("usage: kcheck-worker --tmp-dir DIR [--values] [--inputs] [--dump-dir DIR]\n"
		       "  [--rules FILE] [--model-dir DIR --model-key KEY\n"
		       "  --model-idle SECONDS] KCONFIG < jobs");
}

/* An I line: what the parse read (kcheck range's question). */
static void emit_input(const char *kind, const char *what, void *out)
{
	KC_EMIT(out, I, .kind = kind, .what = what);
}

/*
 * Everything after the parse, for this run's jobs: also what a model
 * server's child runs (HOW says where the model came from).
 */
static int answer(struct kc_msg *jobs, int n, const char *how)
{
	int i;

	KC_EMIT(stdout, P, .status = "ok", .how = how);
	fwrite(facts.text, 1, facts.len, stdout);
	if (opt.values)
		KC_EMIT(stdout, N, .names = facts.names, .names_n = facts.nnames);
	if (opt.inputs)
		inputs_each(emit_input, stdout);

	for (i = 0; i < n; i++)
		run_one(&jobs[i].u.JOB);
	KC_EMIT(stdout, Z);
	fflush(stdout);

	free_jobs(jobs, n);
	if (opt.have_rules)
		rules_free(&opt.rules);
	return 0;
}

/* A model server's child: this run's arguments and jobs, the model kept. */
static int answer_from_model(int argc, char **argv)
{
	struct kc_msg *jobs;
	int n;

	/* the daemon's copy of the first run's options */
	if (opt.have_rules)
		rules_free(&opt.rules);
	memset(&opt, 0, sizeof(opt));
	parse_options(argc, argv);
	n = read_jobs(&jobs);
	return answer(jobs, n, "model-cache");
}

int main(int argc, char **argv)
{
	struct kc_msg *jobs;
	int n;

	parse_options(argc, argv);

	/*
	 * Fault injection for the tests of crash handling:
	 * KCHECK_FAULT=crash:<SRCARCH> makes this arch's worker die.
	 */
	if (getenv("KCHECK_FAULT") && getenv("SRCARCH") &&
	    !strncmp(getenv("KCHECK_FAULT"), "crash:", 6) &&
	    !strcmp(getenv("KCHECK_FAULT") + 6, getenv("SRCARCH")))
		abort();

	n = read_jobs(&jobs);
	inputs_record(1);
	if (treeconf_parse(argv[optind]))
		kc_die("worker: Kconfig errors in %s", argv[optind]);
	inputs_record(0);
	compute_facts();
	if (opt.model_dir)
		serve_start(opt.model_dir, opt.model_key, opt.model_idle,
			    answer_from_model);
	return answer(jobs, n, "parsed");
}
