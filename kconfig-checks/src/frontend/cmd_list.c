// SPDX-License-Identifier: GPL-2.0-only
/* kcheck list: the matrix a check would run, without running it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "commands.h"
#include "output.h"
#include "report.h"
#include "treerun.h"
#include "util.h"

/* kcheck list: ARCH NAME KIND TARGET FRAGMENT, one configuration a line. */
int cmd_list(struct opts *o)
{
	struct json_object *root = NULL, *cfgs = NULL, *skips = NULL;
	struct tree_run s = { 0 };
	size_t a, c, k;
	FILE *out;

	s.tree = kc_strdup(o->tree);
	tree_run_matrix(o, &s);
	if (o->fmt == FMT_JSON) {
		root = json_object_new_object();
		cfgs = json_object_new_array();
		skips = json_object_new_array();
	}
	out = output_open(o->output);
	for (a = 0; a < s.m.narches; a++)
		for (c = 0; c < s.m.arches[a].njobs; c++) {
			const struct job *j = &s.m.arches[a].jobs[c];
			char *line = kc_strdup(j->line), *f[3] = { 0 };
			char *save = NULL, *t;
			const char *kind;
			int n = 0;

			for (t = strtok_r(line, "\t", &save); t && n < 3;
			     t = strtok_r(NULL, "\t", &save))
				f[n++] = t;
			kind = !strcmp(f[0], "all") ? "all" :
			       !strcmp(f[0], "rand") ? "randconfig" : "defconfig";
			if (root) {
				struct json_object *x = json_object_new_object();

				json_object_object_add(x, "arch", json_object_new_string(s.m.arches[a].name));
				json_object_object_add(x, "name", json_object_new_string(j->name));
				json_object_object_add(x, "kind", json_object_new_string(kind));
				json_object_object_add(x, "target", json_object_new_string(f[1] ? f[1] : ""));
				json_object_object_add(x, "fragment", f[2] ? json_object_new_string(f[2]) : NULL);
				json_object_array_add(cfgs, x);
			} else {
				fprintf(out, "%s\t%s\t%s\t%s\t%s\n",
					s.m.arches[a].name, j->name, kind,
					f[1] ? f[1] : "-", f[2] ? f[2] : "-");
			}
			free(line);
		}
	if (!root && s.m.nskips)
		fprintf(stderr, "kcheck: %zu targets skipped as make does not evaluate them as defconfigs (--format json names them and why)\n",
			s.m.nskips);
	for (k = 0; root && k < s.m.nskips; k++) {
		struct json_object *x;

		x = json_object_new_object();
		json_object_object_add(x, "arch", json_object_new_string(s.m.skips[k].arch));
		json_object_object_add(x, "target", json_object_new_string(s.m.skips[k].target));
		json_object_object_add(x, "reason", json_object_new_string(s.m.skips[k].reason));
		json_object_array_add(skips, x);
	}
	if (root) {
		json_object_object_add(root, "kcheck-list", json_object_new_int(1));
		json_object_object_add(root, "tree", json_object_new_string(s.tree));
		json_object_object_add(root, "configurations", cfgs);
		json_object_object_add(root, "skipped", skips);
		kc_json_print(out, root);
		json_object_put(root);
	}
	output_commit(out, o->output);
	tree_run_free(&s);
	return 0;
}
