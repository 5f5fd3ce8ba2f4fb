/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kcheck's commands and their options: one table (options.c) says which
 * command takes each option; opts_parse() turns the command line into a
 * struct opts, refusing what no command could run.
 */
#ifndef KCHECK_OPTIONS_H
#define KCHECK_OPTIONS_H

#include <stddef.h>

#include "baseline.h"
#include "matrix.h"
#include "report.h"

enum cmd { CMD_CHECK, CMD_DIFF, CMD_DUMP, CMD_SAT, CMD_LIST, CMD_RANGE, NCMDS };

extern const char *const cmd_names[NCMDS];

struct opts {
	enum cmd cmd;
	const char *tree, *tree2;
	const char *range;	/* range: BASE..HEAD */
	struct matrix_opts mo;
	char **arches;
	size_t narches;
	char **defconfigs;
	size_t ndefconfigs;
	char **scope;		/* check: paths */
	size_t nscope;
	char **symbols;		/* sat: globs */
	size_t nsymbols;
	char *rules;
	const char *baseline_path, *output, *dump_dir;
	enum format fmt;
	int no_code_scan, no_shell_cache, no_model_cache, jobs, quiet, by_config;
	const char *unmet;
	int no_redundancy;
	int list_proved;
	long real;
	long sample;		/* --sample: models per arch, 0 none */
	int implications;	/* --implications */
	int sat;		/* range --sat */
	char *assume;		/* --assume SYM=V,... */
	struct baseline baseline;
	int have_baseline;
};

/* Parses argv (exits for --help, --version and errors). */
void opts_parse(int argc, char **argv, struct opts *o);
void opts_free(struct opts *o);

#endif /* KCHECK_OPTIONS_H */
