/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KCHECK_MERGE_H
#define KCHECK_MERGE_H

/*
 * Merge a configuration fragment into a .config file, in place, the way
 * scripts/kconfig/merge_config.sh -m does: for every CONFIG_FOO the
 * fragment sets (CONFIG_FOO=... or "# CONFIG_FOO is not set"), lines of
 * the base that mention it are dropped, then the fragment is appended.
 * Returns 0, or -1 with errno set.
 */
int merge_fragment(const char *config, const char *fragment);

/*
 * The symbol a fragment line sets, "CONFIG_FOO", as merge_config.sh's sed
 * expressions extract it from "CONFIG_FOO=..." and "# CONFIG_FOO is not
 * set"; NULL for any other line.  The caller frees it.
 */
char *fragment_symbol(const char *line);

#endif /* KCHECK_MERGE_H */
