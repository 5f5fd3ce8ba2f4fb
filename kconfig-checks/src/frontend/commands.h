/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kcheck's commands, one file each (cmd_*.c): each runs on the parsed
 * options in a session set up by kcheck.c, computes its result and hands
 * it to its renderer; it returns the exit status (0 clean, 1 findings or
 * differences, 2 could not run).
 */
#ifndef KCHECK_COMMANDS_H
#define KCHECK_COMMANDS_H

#include "options.h"
#include "session.h"

int cmd_check(struct opts *o, struct session *ss);
int cmd_diff(struct opts *o, struct session *ss);
int cmd_dump(struct opts *o, struct session *ss);
int cmd_sat(struct opts *o, struct session *ss);
int cmd_range(struct opts *o, struct session *ss);
/* list needs no session: it runs no worker */
int cmd_list(struct opts *o);

/* --arch help: when o's arches are "help", TREE's arches, and exit(0). */
void arch_help(const struct opts *o, const char *tree);

#endif /* KCHECK_COMMANDS_H */
