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
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tree=${1:?usage: engine.sh TREE CACHE}
cache=${2:?usage: engine.sh TREE CACHE}
san=${KCHECK_SANITIZE:-0}

for f in scripts/kconfig/conf.c scripts/kconfig/parser.y scripts/kconfig/lexer.l; do
	[ -r "$tree/$f" ] || { echo "engine.sh: $tree is not a kernel tree (no $f)" >&2; exit 2; }
done
for t in flex bison cc make flock; do
	command -v $t >/dev/null || { echo "engine.sh: '$t' not found (make deps)" >&2; exit 2; }
done

key=$( {
	cd "$tree" && find scripts/kconfig -maxdepth 1 -type f \( -name '*.[chly]' \) -print0 |
		sort -z | xargs -0 sha256sum
	cd "$tree" && find scripts/include -maxdepth 1 -type f -name '*.h' -print0 |
		sort -z | xargs -0 sha256sum
	cd "$here" && find engine.mk src -type f \( -name '*.[ch]' -o -name '*.mk' \) -print0 |
		sort -z | xargs -0 sha256sum
	cc --version | head -1; flex --version; bison --version | head -1
	echo "sanitize=$san"
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
		-j"$(nproc)" >&2
	rm -f -- "$tmp/tree" "$tmp/kcheck" "$tmp/.lock"
	rm -rf -- "$out.old"; [ -e "$out" ] && mv -- "$out" "$out.old"
	mv -- "$tmp" "$out" 2>/dev/null || [ -x "$out/kcheck-worker" ]
	rm -rf -- "$out.old"
	trap - EXIT
fi
echo "$key"
