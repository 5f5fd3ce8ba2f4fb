/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The engine for a tree: kcheck-worker and kcheck-sat, built from the
 * tree's own scripts/kconfig by engine.sh, which prints the engine's key,
 * a hash of the contents of everything that goes in (the tree's kconfig
 * sources, kcheck's worker sources, the tools).  Hashing contents costs a
 * few dozen processes, at the start of every run; so engine_path()
 * remembers engine.sh's answer under CACHE/engine/by-identity/<id>, where
 * <id> hashes the identity (path, device, inode, size, mtime) of every
 * file in the directories engine.sh reads (a superset of what it hashes)
 * and of the directories themselves, of the tools it runs as found
 * through PATH, and kcheck's environment.  Whatever engine.sh would see
 * change, the identity changes with it, and engine.sh runs again.
 */
#ifndef KCHECK_ENGINE_H
#define KCHECK_ENGINE_H

/*
 * The path of the engine binary NAME for TREE, built first if need be;
 * kc_die()s when it cannot be built.
 */
char *engine_path(const char *libexec, const char *cache_root,
		  const char *tree, int quiet, const char *name);

#endif /* KCHECK_ENGINE_H */
