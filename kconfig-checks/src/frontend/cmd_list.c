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

/* One configuration of the matrix, as kcheck list shows it. */
struct list_entry {
	const char *arch, *name, *kind, *target;
	const char *fragment;	/* the first fragment, or NULL */
};

/* The matrix's configurations, in order (the strings are the matrix's). */
static struct list_entry *list_entries(const struct matrix *m, size_t *n)
{
	struct list_entry *v = kc_calloc(matrix_count(m) + 1, sizeof(*v));
	size_t a, c;

	*n = 0;
	for (a = 0; a < m->narches; a++)
		for (c = 0; c < m->arches[a].njobs; c++) {
			const struct job *j = &m->arches[a].jobs[c];
			struct list_entry *e = &v[(*n)++];

			e->arch = m->arches[a].name;
			e->name = j->name;
			e->kind = !strcmp(j->spec.kind, "all") ? "all" :
				  !strcmp(j->spec.kind, "rand") ? "randconfig" :
				  "defconfig";
			e->target = j->spec.target;
			e->fragment = j->spec.more_n ? j->spec.more[0] : NULL;
		}
	return v;
}

/* ARCH NAME KIND TARGET FRAGMENT, one configuration a line. */
static void list_text(FILE *out, const struct matrix *m,
		      const struct list_entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(out, "%s\t%s\t%s\t%s\t%s\n", v[i].arch, v[i].name,
			v[i].kind, v[i].target,
			v[i].fragment ? v[i].fragment : "-");
	if (m->nskips)
		fprintf(stderr, "kcheck: %zu targets skipped as make does not evaluate them as defconfigs (--format json names them and why)\n",
			m->nskips);
}

static void list_json(FILE *out, const char *tree, const struct matrix *m,
		      const struct list_entry *v, size_t n)
{
	struct json_object *root = json_object_new_object();
	struct json_object *cfgs = json_object_new_array();
	struct json_object *skips = json_object_new_array();
	size_t i;

	for (i = 0; i < n; i++) {
		struct json_object *x = json_object_new_object();

		json_object_object_add(x, "arch", json_object_new_string(v[i].arch));
		json_object_object_add(x, "name", json_object_new_string(v[i].name));
		json_object_object_add(x, "kind", json_object_new_string(v[i].kind));
		json_object_object_add(x, "target", json_object_new_string(v[i].target));
		json_object_object_add(x, "fragment", v[i].fragment ?
				       json_object_new_string(v[i].fragment) : NULL);
		json_object_array_add(cfgs, x);
	}
	for (i = 0; i < m->nskips; i++) {
		struct json_object *x = json_object_new_object();

		json_object_object_add(x, "arch", json_object_new_string(m->skips[i].arch));
		json_object_object_add(x, "target", json_object_new_string(m->skips[i].target));
		json_object_object_add(x, "reason", json_object_new_string(m->skips[i].reason));
		json_object_array_add(skips, x);
	}
	json_object_object_add(root, "kcheck-list", json_object_new_int(1));
	json_object_object_add(root, "tree", json_object_new_string(tree));
	json_object_object_add(root, "configurations", cfgs);
	json_object_object_add(root, "skipped", skips);
	kc_json_print(out, root);
	json_object_put(root);
}

/* kcheck list: the matrix a check would run, text or JSON. */
int cmd_list(struct opts *o)
{
	struct tree_run s = { 0 };
	struct list_entry *v;
	size_t n;
	FILE *out;

	s.tree = kc_strdup(o->tree);
	tree_run_matrix(o, &s);
	v = list_entries(&s.m, &n);
	out = output_open(o->output);
	if (o->fmt == FMT_JSON)
		list_json(out, s.tree, &s.m, v, n);
	else
		list_text(out, &s.m, v, n);
	output_commit(out, o->output);
	free(v);
	tree_run_free(&s);
	return 0;
}
