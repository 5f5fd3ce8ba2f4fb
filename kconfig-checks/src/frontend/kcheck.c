// SPDX-License-Identifier: GPL-2.0-only
/*
 * kcheck: Kconfig checks over a whole configuration matrix, evaluated by
 * the checked tree's own scripts/kconfig.  The front end's dispatcher:
 * the options (options.c), the session every command runs in (session.c),
 * then the command (cmd_*.c).
 *
 *   kcheck [check] --tree DIR [options]   findings; exit 0/1/2
 *   kcheck diff BASE HEAD [options]       what changes between two trees
 *   kcheck dump --tree DIR --dump-dir D   each configuration's .config lines
 *   kcheck sat --tree DIR [options]       every configuration Kconfig allows
 *   kcheck list --tree DIR [options]      the matrix a check would run
 *   kcheck range --tree REPO BASE..HEAD   each commit against its parent
 *
 * Every input is validated before any work starts; nothing runs through a
 * shell; the report is written through output.c.  Exit status: 0 clean,
 * 1 findings (diff: differences), 2 could not run.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "options.h"
#include "output.h"
#include "session.h"
#include "util.h"

static struct session session;
static volatile sig_atomic_t interrupted;
static pid_t main_pid;

static void on_signal(int sig)
{
	interrupted = sig;
}

/*
 * atexit: no half report, no run directory left behind; only in kcheck's
 * own process, never in a child that exits without exec (the result
 * cache's copier, a model client)
 */
static void cleanup(void)
{
	if (getpid() != main_pid)
		return;
	output_abandon();
	session_end(&session);
}

/* --arch help: TREE's arches, one a line (commands.h). */
void arch_help(const struct opts *o, const char *tree)
{
	char **names;
	size_t i, n;

	for (i = 0; i < o->narches; i++)
		if (!strcmp(o->arches[i], "help"))
			break;
	if (i == o->narches)
		return;
	matrix_arch_names(tree, &names, &n);
	for (i = 0; i < n; i++) {
		printf("%s\n", names[i]);
		free(names[i]);
	}
	free(names);
	if (fflush(stdout) || ferror(stdout))
		kc_die("cannot write to standard output: %s", strerror(errno));
	exit(0);
}

/* The baseline (--baseline), read before any work starts. */
static void load_baseline(struct opts *o)
{
	char err[4096];

	if (!o->baseline_path)
		return;
	if (baseline_load(o->baseline_path,
			  o->cmd == CMD_SAT ? BASELINE_SAT : BASELINE_CHECK,
			  &o->baseline, err, sizeof(err)))
		kc_die("%s", err);
	o->have_baseline = 1;
	if (strcmp(o->baseline.tree, o->tree) && !o->quiet)
		fprintf(stderr, "kcheck: note: the baseline %s was made on %s, not on %s\n",
			o->baseline_path, o->baseline.tree, o->tree);
}

static int (*const commands[NCMDS])(struct opts *, struct session *) = {
	[CMD_CHECK] = cmd_check,
	[CMD_DIFF] = cmd_diff,
	[CMD_DUMP] = cmd_dump,
	[CMD_SAT] = cmd_sat,
	[CMD_RANGE] = cmd_range,
};

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	char *t1 = NULL, *t2 = NULL;
	int ret;

	opts_parse(argc, argv, &o);
	session_clear_kbuild_env(o.quiet);
	session.libexec = session_libexec();
	session.interrupted = &interrupted;
	/* range: --tree is a git repository, checked by rangegit.c */
	if (o.cmd != CMD_RANGE) {
		t1 = session_tree(o.cmd == CMD_DIFF ? "base tree" : "--tree",
				  o.tree);
		o.tree = t1;
		arch_help(&o, o.tree);
	}
	if (o.tree2) {
		t2 = session_tree("head tree", o.tree2);
		o.tree2 = t2;
	}
	load_baseline(&o);
	session_check_outputs(&o);

	main_pid = getpid();
	atexit(cleanup);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if (o.cmd == CMD_LIST) {
		ret = cmd_list(&o);
	} else {
		session_start(&session, &o);
		ret = commands[o.cmd](&o, &session);
	}
	if (fflush(stdout) || ferror(stdout))
		kc_die("cannot write to standard output: %s", strerror(errno));
	opts_free(&o);
	free(t1);
	free(t2);
	return ret;
}
