#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# engine.sh TREE CACHE: build kcheck-worker and kcheck-sat from TREE's own
# scripts/kconfig into CACHE/<key>/ unless they are there, and print <key>
# (hex digits only, so that no path has to travel through a pipe).  The
# key hashes everything that goes in: the tree's kconfig sources, kcheck's
# worker sources, the compiler and SANITIZE (KCHECK_SANITIZE, which kcheck
# sets to how it was built itself).
#
# A build happens in CACHE/.tmp-<key>.XXXXXX, renamed into place when
# complete, so an interrupted build is never mistaken for one.  The build
# holds a lock on .tmp-*/.lock; a later run deletes the .tmp-* directories
# whose lock nobody holds (left by a build that was killed).  make sees
# only relative paths (symbolic links 'tree' and 'kcheck' in the build
# directory), so no path's quotes or spaces reach a make recipe's shell.
#
# The speed hooks (src/hooks/hooks.h) replace functions of the tree's
# kconfig code; they go in only when the digest of that code (hooks_digest
# below) is listed in hooks.proved, where a sanitizer run checked every
# answer of theirs against the tree's own functions (prove-hooks.sh).
# Otherwise the engine is built with HOOKS=0: the tree's functions answer,
# and the engine directory's file 'hooks' says why, for kcheck's note.
# KCHECK_HOOKS=on builds them in anyway (prove-hooks.sh does, under the
# sanitizers, to check them); KCHECK_HOOKS=off leaves them out on any tree
# (the plain path, for reading kcheck without its speed layer).
#
# engine.sh --hooks-digest TREE prints the digest.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# hooks_digest TREE: sha256 of the tree's kconfig code the engine compiles
# (the parser's and resolver's sources, conf.c, which treeconf.c includes,
# and the headers), a missing file named as missing
hooks_digest() {
	(
		cd "$1" || exit 2
		for f in conf.c confdata.c expr.c lexer.l menu.c parser.y preprocess.c symbol.c util.c; do
			if [ -f "scripts/kconfig/$f" ]; then
				sha256sum "scripts/kconfig/$f"
			else
				echo "absent scripts/kconfig/$f"
			fi
		done
		find scripts/kconfig scripts/include -maxdepth 1 -type f -name '*.h' -print0 |
			LC_ALL=C sort -z | xargs -0 sha256sum
	) | sha256sum | cut -c1-64
}
if [ "${1:-}" = --hooks-digest ]; then
	hooks_digest "${2:?usage: engine.sh --hooks-digest TREE}"
	exit 0
fi

tree=${1:?usage: engine.sh TREE CACHE}
cache=${2:?usage: engine.sh TREE CACHE}
san=${KCHECK_SANITIZE:-0}

for f in scripts/kconfig/conf.c scripts/kconfig/parser.y scripts/kconfig/lexer.l; do
	[ -r "$tree/$f" ] || { echo "engine.sh: $tree is not a kernel tree (no $f)" >&2; exit 2; }
done
for t in flex bison cc make flock; do
	command -v $t >/dev/null || { echo "engine.sh: '$t' not found (make deps)" >&2; exit 2; }
done

digest=$(hooks_digest "$tree")
case ${KCHECK_HOOKS:-} in
''|on|off) ;;
*) echo "engine.sh: KCHECK_HOOKS is on or off, not '$KCHECK_HOOKS'" >&2; exit 2 ;;
esac
if [ "${KCHECK_HOOKS:-}" = on ]; then
	hooks=1 why="on (KCHECK_HOOKS=on)"
elif [ "${KCHECK_HOOKS:-}" = off ]; then
	hooks=0 why="off (KCHECK_HOOKS=off)"
elif grep -q "^$digest " "$here/hooks.proved"; then
	hooks=1 why="proved ($(grep -m1 "^$digest " "$here/hooks.proved" | cut -d' ' -f3-))"
else
	hooks=0 why="not proved on this kconfig code (digest $digest is not in hooks.proved)"
fi

key=$( {
	cd "$tree" && find scripts/kconfig -maxdepth 1 -type f \( -name '*.[chly]' \) -print0 |
		sort -z | xargs -0 sha256sum
	cd "$tree" && find scripts/include -maxdepth 1 -type f -name '*.h' -print0 |
		sort -z | xargs -0 sha256sum
	cd "$here" && find engine.mk src -type f \( -name '*.[ch]' -o -name '*.mk' \) -print0 |
		sort -z | xargs -0 sha256sum
	cc --version | head -1; flex --version; bison --version | head -1
	echo "sanitize=$san"
	echo "hooks=$hooks"
} | sha256sum | cut -c1-16)

# the engine holds programs kcheck runs: the user's alone (kcheck refuses a
# cache others can write to)
umask 077
mkdir -p -- "$cache"
# builds that were killed: their lock is free
for d in "$cache"/.tmp-*; do
	[ -d "$d" ] && [ -e "$d/.lock" ] || continue
	flock -n "$d/.lock" rm -rf -- "$d" 2>/dev/null || true
done

out=$cache/$key
if [ ! -x "$out/kcheck-worker" ] || [ ! -x "$out/kcheck-sat" ]; then
	if [ "$san" != 1 ] && ! echo 'int main(void) { return 0; }' |
		cc -x c - -ljemalloc -o /dev/null 2>/dev/null; then
		echo "engine.sh: cannot link with jemalloc (Debian: libjemalloc-dev; make deps)" >&2
		exit 2
	fi
	tmp=$(mktemp -d "$cache/.tmp-$key.XXXXXX")
	exec 9>"$tmp/.lock"
	flock 9
	trap 'rm -rf -- "$tmp"' EXIT
	ln -s "$tree" "$tmp/tree"
	ln -s "$here" "$tmp/kcheck"
	make -s -C "$tmp" -f kcheck/engine.mk SRC=tree OUT=. SANITIZE="$san" \
		HOOKS="$hooks" -j"$(nproc)" >&2
	echo "$why" >"$tmp/hooks"
	rm -f -- "$tmp/tree" "$tmp/kcheck" "$tmp/.lock"
	rm -rf -- "$out.old"; [ -e "$out" ] && mv -- "$out" "$out.old"
	mv -- "$tmp" "$out" 2>/dev/null || [ -x "$out/kcheck-worker" ]
	rm -rf -- "$out.old"
	trap - EXIT
fi
echo "$key"
