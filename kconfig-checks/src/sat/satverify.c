// SPDX-License-Identifier: GPL-2.0-only
/*
 * Counterexamples through the real engine.  A SAT model is only a
 * candidate (the encoding is looser than the engine where it does not
 * model string/int/hex values); it becomes a finding when the tree's own
 * conf_read() + sym_calc_value() (treeconf_olddefconfig(): what 'make
 * olddefconfig' does with the fragment as .config) reproduces it.  Then
 * lines are dropped while it still reproduces, so the reported fragment
 * is small.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "satwork.h"
#include "treeconf.h"
#include "util.h"

bool sat_reproduces(struct satwork *w, char **lines, int n, sat_pred pred,
		    void *arg)
{
	char *path = kc_printf("%s/sat-%d.config", w->tmp_dir, (int)getpid());
	FILE *f = fopen(path, "w");
	bool ok = false;
	int i;

	if (!f)
		kc_die("kcheck-sat: cannot write %s: %s", path, strerror(errno));
	for (i = 0; i < n; i++)
		fprintf(f, "%s\n", lines[i]);
	if (fclose(f))
		kc_die("kcheck-sat: cannot write %s: %s", path, strerror(errno));
	w->verified++;
	if (!treeconf_olddefconfig(path))
		ok = pred(w, arg);
	unlink(path);
	free(path);
	return ok;
}

int sat_minimize(struct satwork *w, char **lines, int n, sat_pred pred,
		 void *arg)
{
	char **tmp = kc_calloc(n ? n : 1, sizeof(char *));
	int chunk = n / 2, i, k, t;

	if (chunk < 1)
		chunk = 1;
	while (n > 0) {
		for (i = 0; i < n; ) {
			int end = i + chunk < n ? i + chunk : n;

			for (t = 0, k = 0; k < n; k++)
				if (k < i || k >= end)
					tmp[t++] = lines[k];
			w->minimize_runs++;
			if (sat_reproduces(w, tmp, t, pred, arg)) {
				for (k = i; k < end; k++)
					free(lines[k]);
				memmove(lines + i, lines + end,
					(n - end) * sizeof(char *));
				n -= end - i;
			} else {
				i = end;
			}
		}
		if (chunk == 1)
			break;
		chunk /= 2;
	}
	free(tmp);
	/* leave the engine in the state of the minimal fragment */
	if (!sat_reproduces(w, lines, n, pred, arg))
		kc_die("kcheck-sat: a minimized counterexample stopped reproducing");
	return n;
}

char *sat_join(char **lines, int n)
{
	size_t len = 1;
	char *s, *p;
	int i;

	for (i = 0; i < n; i++)
		len += strlen(lines[i]) + 1;
	s = p = kc_calloc(1, len);
	for (i = 0; i < n; i++)
		p += sprintf(p, "%s%s", i ? "\n" : "", lines[i]);
	return s;
}

