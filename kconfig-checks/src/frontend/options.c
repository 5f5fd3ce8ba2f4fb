// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command line: which command, and its options, each checked here
 * before any work starts (numbers decimal and in range, lists without
 * empty items, paths made absolute for the workers).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "util.h"

#ifndef KCHECK_VERSION
#define KCHECK_VERSION "unknown"
#endif

const char *const cmd_names[NCMDS] = {
	"check", "diff", "dump", "sat", "list", "range",
};

static const char *const cmd_synopsis[NCMDS] = {
	"kcheck [check] --tree DIR [options]\n"
	"  Resolve every configuration of the matrix with the tree's own\n"
	"  scripts/kconfig and report unmet dependencies, undefined symbols and\n"
	"  the rules' findings.",
	"kcheck diff BASE-TREE HEAD-TREE [options]\n"
	"  The .config values that differ between two trees, configuration by\n"
	"  configuration: value changes first, appearing/vanishing symbols counted.",
	"kcheck dump --tree DIR --dump-dir DIR [options]\n"
	"  Write each configuration's .config symbol lines to DIR/ARCH/NAME.config.",
	"kcheck sat --tree DIR [options]\n"
	"  Every configuration Kconfig allows (SAT): selects that can be unmet,\n"
	"  invariants, redundant dependencies.",
	"kcheck list --tree DIR [options]\n"
	"  Print the matrix check would run: ARCH NAME KIND TARGET FRAGMENT.",
	"kcheck range --tree REPO BASE..HEAD [options]\n"
	"  Each commit of BASE..HEAD (first-parent walk) against its first\n"
	"  parent: the findings it adds and removes, the values it changes.",
};

#define C_CHECK (1u << CMD_CHECK)
#define C_DIFF (1u << CMD_DIFF)
#define C_DUMP (1u << CMD_DUMP)
#define C_SAT (1u << CMD_SAT)
#define C_LIST (1u << CMD_LIST)
#define C_RANGE (1u << CMD_RANGE)
#define C_MATRIX (C_CHECK | C_DIFF | C_DUMP | C_LIST | C_RANGE)
#define C_RUN (C_CHECK | C_DIFF | C_DUMP | C_SAT | C_RANGE)
#define C_ALL (C_RUN | C_LIST)

enum {
	O_TREE = 256, O_ARCH, O_DEFCONFIG, O_FRAGMENTS, O_NOFRAG, O_NOALL,
	O_NODEF, O_RAND, O_SEED, O_RANDFRAG, O_RULES, O_SCOPE, O_SYMBOLS,
	O_NOSCAN, O_BASELINE, O_FORMAT, O_OUTPUT, O_QUIET, O_DUMP, O_HELP,
	O_NOSHELL, O_NOMODEL, O_UNMET, O_NOREDUND, O_PROVED, O_REAL, O_SAMPLE, O_IMPLY, O_ASSUME, O_SAT, O_NOCROSS, O_JOBS, O_VERSION,
	O_BYCONFIG,
};

/* The option table: which subcommands take each option. */
static const struct optdef {
	const char *name;
	int has_arg;
	int id;
	unsigned int cmds;
	const char *arg, *help;
} optdefs[] = {
	{ "tree", 1, O_TREE, C_CHECK | C_DUMP | C_SAT | C_LIST | C_RANGE, "DIR",
	  "the Linux source tree (only read); range: a git repository\n"
	  "of one (only read: the commits are copied into the cache)" },
	{ "arch", 1, O_ARCH, C_ALL, "A[,B...]",
	  "architectures (make's ARCH); default: every arch/*/Kconfig;\n"
	  "'--arch help' lists them" },
	{ "defconfig", 1, O_DEFCONFIG, C_MATRIX, "NAME",
	  "only this defconfig (repeatable); default: all" },
	{ "fragments", 1, O_FRAGMENTS, C_MATRIX, "DIR",
	  "also each defconfig with each DIR/<ARCH>-*.config layered on it\n"
	  "(merge_config.sh); default: none" },
	{ "no-fragments", 0, O_NOFRAG, C_MATRIX, NULL,
	  "no fragments (undoes an earlier --fragments)" },
	{ "no-all-targets", 0, O_NOALL, C_MATRIX, NULL,
	  "skip allnoconfig, allyesconfig, allmodconfig" },
	{ "no-defconfigs", 0, O_NODEF, C_MATRIX, NULL,
	  "skip the defconfigs (and fragments)" },
	{ "rand", 1, O_RAND, C_MATRIX, "N",
	  "N randconfigs per arch (0-1000000; default 0)" },
	{ "seed", 1, O_SEED, C_MATRIX, "S",
	  "first randconfig seed (0-4294967295; default 1)" },
	{ "rand-fragments", 0, O_RANDFRAG, C_MATRIX, NULL,
	  "each randconfig also with each fragment as KCONFIG_ALLCONFIG" },
	{ "rules", 1, O_RULES, C_CHECK | C_SAT | C_RANGE, "FILE",
	  "invariants and existence rules (kcheck(1), RULES)" },
	{ "scope", 1, O_SCOPE, C_CHECK, "PATH",
	  "look for CONFIG_ uses under PATH only (repeatable)" },
	{ "no-code-scan", 0, O_NOSCAN, C_CHECK | C_RANGE, NULL,
	  "do not look for CONFIG_ uses outside Kconfig" },
	{ "symbols", 1, O_SYMBOLS, C_SAT, "GLOB[,GLOB]",
	  "the symbols to look at (fnmatch globs, e.g. 'KVM*'): selects\n"
	  "touching them, redundancy among them; default: every symbol" },
	{ "unmet", 1, O_UNMET, C_SAT, "all|symbols|none",
	  "which selects to check (default: symbols with --symbols, else all)" },
	{ "no-redundancy", 0, O_NOREDUND, C_SAT, NULL,
	  "skip redundancy mining" },
	{ "list-proved", 0, O_PROVED, C_SAT, NULL,
	  "also list each select proved never unmet (status 'proved')" },
	{ "real", 1, O_REAL, C_SAT, "N",
	  "randconfigs that pre-filter redundancy candidates (0-100000; 8)" },
	{ "sample", 1, O_SAMPLE, C_SAT, "N",
	  "the differential test: N random configurations of each arch's\n"
	  "SAT model, each resolved by the tree's kconfig, must come back\n"
	  "with the model's value for every symbol (0-100000; 0)" },
	{ "implications", 0, O_IMPLY, C_SAT, NULL,
	  "every A -> B that holds in every configuration, A in the scope\n"
	  "(--symbols), B in it or in the arch's own arch/ Kconfig; minimal" },
	{ "assume", 1, O_ASSUME, C_SAT, "SYM=V[,SYM=V]",
	  "with --implications: only configurations with these values" },
	{ "sat", 0, O_SAT, C_RANGE, NULL,
	  "also kcheck sat, on the parent and on the commit, on the selects\n"
	  "of the symbols each commit adds, removes or changes" },
	{ "baseline", 1, O_BASELINE, C_CHECK | C_SAT | C_RANGE, "FILE",
	  "a --format json report of the same subcommand: report only what\n"
	  "is not in it" },
	{ "dump-dir", 1, O_DUMP, C_DUMP, "DIR", "where dump writes" },
	{ "by-configuration", 0, O_BYCONFIG, C_DIFF, NULL,
	  "also a line per differing configuration" },
	{ "format", 1, O_FORMAT, C_CHECK | C_DIFF | C_SAT | C_LIST | C_RANGE, "FMT",
	  "text, json or md (sat and list: text or json)" },
	{ "output", 1, O_OUTPUT, C_CHECK | C_DIFF | C_SAT | C_LIST | C_RANGE, "FILE",
	  "write the report to FILE (a new file or a regular file that is\n"
	  "not an input) instead of standard output" },
	{ "quiet", 0, O_QUIET, C_RUN, NULL, "no progress on stderr" },
	{ "jobs", 1, O_JOBS, C_RUN, "N",
	  "parallel workers, 1-1024 (-j; default: CPU count)" },
	{ "no-cross", 0, O_NOCROSS, C_RUN, NULL,
	  "use the host compiler for every arch (default: the cross compiler\n"
	  "of cross-compile.map when installed)" },
	{ "no-shell-cache", 0, O_NOSHELL, C_RUN, NULL,
	  "no caches: run every Kconfig $(shell ...) and each arch's top\n"
	  "Makefile, parse every arch's Kconfig" },
	{ "no-model-cache", 0, O_NOMODEL, C_RUN, NULL,
	  "parse every arch's Kconfig, neither using nor leaving a model\n"
	  "server (the other caches stay)" },
	{ "help", 0, O_HELP, C_ALL, NULL, "this help (-h)" },
	{ "version", 0, O_VERSION, C_ALL, NULL, "kcheck's version" },
};

#define NOPTS (sizeof(optdefs) / sizeof(optdefs[0]))

static void usage(FILE *out, int cmd)
{
	size_t i;
	int c;

	if (cmd < 0) {
		fputs("usage:\n", out);
		for (c = 0; c < NCMDS; c++)
			fprintf(out, "  %.*s\n", (int)strcspn(cmd_synopsis[c], "\n"),
				cmd_synopsis[c]);
		fputs("\n'kcheck COMMAND --help' lists a command's options; kcheck(1) has the rest.\n"
		      "exit status: 0 clean, 1 findings (diff: differences), 2 could not run\n",
		      out);
		return;
	}
	fprintf(out, "usage: %s\n\noptions:\n", cmd_synopsis[cmd]);
	for (i = 0; i < NOPTS; i++) {
		const struct optdef *d = &optdefs[i];
		char head[64];
		const char *h = d->help, *nl;

		if (!(d->cmds & (1u << cmd)))
			continue;
		snprintf(head, sizeof(head), "--%s%s%s", d->name,
			 d->arg ? " " : "", d->arg ? d->arg : "");
		fprintf(out, "  %-24s ", head);
		while ((nl = strchr(h, '\n'))) {
			fprintf(out, "%.*s\n  %-24s ", (int)(nl - h), h, "");
			h = nl + 1;
		}
		fprintf(out, "%s\n", h);
	}
	fputs("\nexit status: 0 clean, 1 findings (diff: differences), 2 could not run\n",
	      out);
}

/* A comma-separated list option: no empty list, no empty item. */
static void split_add(const char *opt, char ***v, size_t *n, const char *arg)
{
	const char *p = arg;

	if (!*arg)
		kc_die("--%s: an empty value", opt);
	for (;;) {
		size_t len = strcspn(p, ",");

		if (!len)
			kc_die("--%s '%s': an empty item", opt, arg);
		*v = kc_realloc(*v, (*n + 1) * sizeof(char *));
		(*v)[(*n)++] = kc_strndup(p, len);
		if (!p[len])
			break;
		p += len + 1;
	}
}

static const char *nonempty(const char *opt, const char *arg)
{
	if (!*arg)
		kc_die("--%s: an empty value", opt);
	return arg;
}

static enum cmd find_cmd(const char *s)
{
	int c;

	for (c = 0; c < NCMDS; c++)
		if (!strcmp(s, cmd_names[c]))
			return c;
	return NCMDS;
}

/* The tree and the configurations: the matrix.  0 when not one of these. */
static int matrix_option(struct opts *o, int c, const char *name)
{
	switch (c) {
	case O_TREE:
		o->tree = optarg;
		break;
	case O_ARCH:
		split_add(name, &o->arches, &o->narches, optarg);
		break;
	case O_DEFCONFIG:
		split_add(name, &o->defconfigs, &o->ndefconfigs, optarg);
		break;
	case O_FRAGMENTS:
		free((char *)o->mo.fragments);
		o->mo.fragments = realpath(nonempty(name, optarg), NULL);
		if (!o->mo.fragments)
			kc_die("--fragments %s: %s", optarg, strerror(errno));
		break;
	case O_NOFRAG:
		free((char *)o->mo.fragments);
		o->mo.fragments = NULL;
		break;
	case O_NOALL:
		o->mo.all_targets = 0;
		break;
	case O_NODEF:
		o->mo.no_defconfigs = 1;
		break;
	case O_RAND:
		o->mo.rand = kc_number("--rand", optarg, 0, 1000000);
		break;
	case O_SEED:
		o->mo.seed = kc_number("--seed", optarg, 0, 4294967295ULL);
		break;
	case O_RANDFRAG:
		o->mo.rand_fragments = 1;
		break;
	default:
		return 0;
	}
	return 1;
}

/* What is checked: rules, code scan, sat's symbols.  0 when not one of these. */
/* --assume SYM=V[,SYM=V]: names of symbols, values y, m or n. */
static void check_assume(const char *arg)
{
	const char *p = arg, *eq;

	for (;;) {
		eq = p + strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
		if (eq == p || *eq != '=' || !eq[1] || !strchr("ymn", eq[1]) ||
		    (eq[2] && eq[2] != ','))
			kc_die("--assume: SYMBOL=y|m|n[,SYMBOL=y|m|n], not '%s'", arg);
		if (!eq[2])
			return;
		p = eq + 3;
	}
}

static int check_option(struct opts *o, int c, const char *name)
{
	switch (c) {
	case O_RULES:
		/* workers run elsewhere: give them an absolute path */
		free(o->rules);
		o->rules = realpath(nonempty(name, optarg), NULL);
		if (!o->rules)
			kc_die("%s: cannot read rules file: %s", optarg,
			       strerror(errno));
		break;
	case O_SCOPE:
		o->scope = kc_realloc(o->scope, (o->nscope + 1) * sizeof(char *));
		o->scope[o->nscope++] = kc_strdup(nonempty(name, optarg));
		break;
	case O_SYMBOLS:
		split_add(name, &o->symbols, &o->nsymbols, optarg);
		break;
	case O_NOSCAN:
		o->no_code_scan = 1;
		break;
	case O_UNMET:
		if (strcmp(optarg, "all") && strcmp(optarg, "symbols") &&
		    strcmp(optarg, "none"))
			kc_die("--unmet: all, symbols or none, not '%s'", optarg);
		o->unmet = optarg;
		break;
	case O_PROVED:
		o->list_proved = 1;
		break;
	case O_NOREDUND:
		o->no_redundancy = 1;
		break;
	case O_REAL:
		o->real = kc_number("--real", optarg, 0, 100000);
		break;
	case O_SAMPLE:
		o->sample = kc_number("--sample", optarg, 0, 100000);
		break;
	case O_IMPLY:
		o->implications = 1;
		break;
	case O_SAT:
		o->sat = 1;
		break;
	case O_ASSUME:
		free(o->assume);
		o->assume = kc_strdup(nonempty(name, optarg));
		check_assume(o->assume);
		break;
	default:
		return 0;
	}
	return 1;
}

static void format_option(struct opts *o, const char *prog)
{
	if (!strcmp(optarg, "text"))
		o->fmt = FMT_TEXT;
	else if (!strcmp(optarg, "json"))
		o->fmt = FMT_JSON;
	else if (!strcmp(optarg, "md") &&
		 o->cmd != CMD_SAT && o->cmd != CMD_LIST)
		o->fmt = FMT_MD;
	else
		kc_die("%s --format: %s, not '%s'", prog,
		       o->cmd == CMD_SAT || o->cmd == CMD_LIST ?
		       "text or json" : "text, json or md", optarg);
}

/* Where the report goes, and how the run runs.  0 when not one of these. */
static int run_option(struct opts *o, int c, const char *name,
		      const char *prog)
{
	switch (c) {
	case O_BASELINE:
		o->baseline_path = nonempty(name, optarg);
		break;
	case O_FORMAT:
		format_option(o, prog);
		break;
	case O_OUTPUT:
		o->output = nonempty(name, optarg);
		break;
	case O_DUMP:
		o->dump_dir = nonempty(name, optarg);
		break;
	case O_BYCONFIG:
		o->by_config = 1;
		break;
	case O_QUIET:
		o->quiet = 1;
		break;
	case O_NOSHELL:
		o->no_shell_cache = 1;
		break;
	case O_NOMODEL:
		o->no_model_cache = 1;
		break;
	case O_NOCROSS:
		setenv("KCHECK_NO_CROSS", "1", 1);
		break;
	case 'j':
	case O_JOBS:
		o->jobs = kc_number(c == 'j' ? "-j" : "--jobs", optarg, 1, 1024);
		break;
	default:
		return 0;
	}
	return 1;
}

/* The rest: help, version, errors (none of them returns). */
static void final_option(const struct opts *o, int c, char **argv,
			 const char *prog)
{
	switch (c) {
	case O_VERSION:
		printf("kcheck %s\n", KCHECK_VERSION);
		exit(0);
	case O_HELP:
	case 'h':
		usage(stdout, o->cmd);
		exit(0);
	case ':':
		kc_die("%s: %s needs a value (see kcheck %s --help)", prog,
		       argv[optind - 1], prog);
	default:
		if (optopt && optopt < 256)
			kc_die("%s: unknown option '-%c' (see kcheck %s --help)",
			       prog, optopt, prog);
		kc_die("%s: unknown option '%s' (see kcheck %s --help)", prog,
		       argv[optind - 1], prog);
	}
}

/* argv[1], when it is a command (or 'help'); CMD_CHECK otherwise. */
static enum cmd command_of(int argc, char **argv)
{
	enum cmd cmd;

	if (argc < 2 || argv[1][0] == '-')
		return CMD_CHECK;
	if (!strcmp(argv[1], "help")) {
		usage(stdout, -1);
		exit(0);
	}
	cmd = find_cmd(argv[1]);
	if (cmd == NCMDS) {
		fprintf(stderr, "kcheck: error: '%s' is not a kcheck command\n",
			argv[1]);
		usage(stderr, -1);
		exit(2);
	}
	return cmd;
}

static void defaults(struct opts *o)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	o->mo.all_targets = 1;
	o->mo.seed = 1;
	o->real = -1;
	o->jobs = cpus > 0 ? (int)cpus : 1;
	if (o->jobs > 1024)
		o->jobs = 1024;
}

/* The operands, and what only the options together can say. */
static void operands(int argc, char **argv, struct opts *o, const char *prog)
{
	if (o->cmd == CMD_DIFF) {
		if (argc - optind != 2)
			kc_die("diff wants two trees: kcheck diff BASE HEAD");
		o->tree = argv[optind];
		o->tree2 = argv[optind + 1];
	} else if (o->cmd == CMD_RANGE) {
		if (argc - optind != 1)
			kc_die("range wants one range: kcheck range --tree REPO BASE..HEAD");
		if (!o->tree)
			kc_die("range needs --tree REPO (a git repository)");
		o->range = argv[optind];
	} else if (optind != argc) {
		kc_die("unexpected argument '%s' (see kcheck %s --help)",
		       argv[optind], prog);
	}
	if (o->cmd == CMD_DUMP && !o->dump_dir)
		kc_die("dump needs --dump-dir DIR");
	if (o->assume && !o->implications)
		kc_die("--assume is for --implications");
	if (o->implications && !o->nsymbols)
		kc_die("--implications needs a scope: --symbols GLOB");
	/* the seeds are 32-bit: the last one must not wrap to 0 */
	if (o->mo.rand &&
	    (unsigned long long)o->mo.seed + o->mo.rand - 1 > 4294967295ULL)
		kc_die("--seed %llu --rand %llu: the last seed would be %llu, past 4294967295",
		       (unsigned long long)o->mo.seed,
		       (unsigned long long)o->mo.rand,
		       (unsigned long long)o->mo.seed + o->mo.rand - 1);
	o->mo.arches = o->arches;
	o->mo.narches = o->narches;
	o->mo.defconfigs = o->defconfigs;
	o->mo.ndefconfigs = o->ndefconfigs;
}

void opts_parse(int argc, char **argv, struct opts *o)
{
	struct option lo[NOPTS + 1];
	const char *prog = "check";
	size_t i, n = 0;
	int c, idx;

	o->cmd = command_of(argc, argv);
	if (argc > 1 && argv[1][0] != '-') {
		argv++;
		argc--;
		prog = cmd_names[o->cmd];
	}
	for (i = 0; i < NOPTS; i++)
		if (optdefs[i].cmds & (1u << o->cmd))
			lo[n++] = (struct option){ optdefs[i].name,
				optdefs[i].has_arg ? required_argument : no_argument,
				NULL, optdefs[i].id };
	lo[n] = (struct option){ NULL, 0, NULL, 0 };
	defaults(o);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":j:h", lo, &idx)) != -1) {
		const char *name = c >= 256 ? lo[idx].name : "jobs";

		if (!matrix_option(o, c, name) && !check_option(o, c, name) &&
		    !run_option(o, c, name, prog))
			final_option(o, c, argv, prog);
	}
	operands(argc, argv, o, prog);
}

void opts_free(struct opts *o)
{
	if (o->have_baseline)
		baseline_free(&o->baseline);
	kc_strv_free(o->arches, o->narches);
	kc_strv_free(o->defconfigs, o->ndefconfigs);
	kc_strv_free(o->scope, o->nscope);
	kc_strv_free(o->symbols, o->nsymbols);
	free((char *)o->mo.fragments);
	free(o->rules);
	free(o->assume);
}
