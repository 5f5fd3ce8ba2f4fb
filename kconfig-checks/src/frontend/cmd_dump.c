// SPDX-License-Identifier: GPL-2.0-only
/* kcheck dump: each configuration's .config, in DIR/ARCH/NAME.config. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "findings.h"
#include "report.h"
#include "treerun.h"
#include "util.h"

/* Name the dumped files after their configurations. */
static void rename_dumps(const char *dir, struct tree_run *s)
{
	size_t a, c;

	for (a = 0; a < s->m.narches; a++)
		for (c = 0; c < s->m.arches[a].njobs; c++) {
			char *from = kc_printf("%s/%s/%zu.config", dir,
					       s->m.arches[a].name, c);
			char *name = kc_strdup(s->m.arches[a].jobs[c].name), *p;
			char *to;

			for (p = name; *p; p++)
				if (*p == '/')
					*p = '_';
			to = kc_printf("%s/%s/%s.config", dir, s->m.arches[a].name,
				       name);
			if (rename(from, to) && errno != ENOENT)
				kc_die("cannot write %s: %s", to, strerror(errno));
			free(from);
			free(to);
			free(name);
		}
}

int cmd_dump(struct opts *o, struct session *ss)
{
	struct tree_run s = { 0 };
	struct report_input ri = { 0 };
	struct findings none = { 0 };
	char *dump_dir;
	size_t errors;

	if (!o->dump_dir)
		kc_die("dump needs --dump-dir DIR");
	s.tree = kc_strdup(o->tree);
	tree_run_matrix(o, &s);
	if (mkdir(o->dump_dir, 0755) && errno != EEXIST)
		kc_die("--dump-dir %s: %s", o->dump_dir, strerror(errno));
	/* workers run in directories of their own: the caller's directory */
	dump_dir = realpath(o->dump_dir, NULL);
	if (!dump_dir)
		kc_die("--dump-dir %s: %s", o->dump_dir, strerror(errno));
	o->dump_dir = dump_dir;
	tree_run(ss, o, &s, "tree", 0);
	rename_dumps(o->dump_dir, &s);
	ri.m = &s.m;
	ri.res = s.res;
	ri.f = &none;
	errors = report_errors(&ri);
	report(stderr, FMT_TEXT, &ri);
	tree_run_free(&s);
	o->dump_dir = NULL;
	free(dump_dir);
	return errors ? 2 : 0;
}
