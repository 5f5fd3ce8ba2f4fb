#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# engine.sh TREE: print the path of a kcheck-worker built from TREE's own
# scripts/kconfig, building it first if needed.  Builds are cached under
# $GMEM_CACHE/kcheck/engine/<key>, where key hashes everything that goes
# in: the tree's kconfig sources, kcheck's worker sources, the compiler and
# SANITIZE.  A build happens in a temporary directory that is renamed into
# place when complete, so an interrupted build is never mistaken for one.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tree=${1:?usage: engine.sh TREE}
cache=${GMEM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gmem-kconfig}/kcheck/engine
san=${KCHECK_SANITIZE:-0}

for f in scripts/kconfig/conf.c scripts/kconfig/parser.y scripts/kconfig/lexer.l; do
	[ -r "$tree/$f" ] || { echo "engine.sh: $tree is not a kernel tree (no $f)" >&2; exit 2; }
done
for t in flex bison cc; do
	command -v $t >/dev/null || { echo "engine.sh: '$t' not found (make deps)" >&2; exit 2; }
done

key=$( {
	cd "$tree" && find scripts/kconfig -maxdepth 1 -type f \( -name '*.[chly]' \) -print0 |
		sort -z | xargs -0 sha256sum
	cd "$tree" && find scripts/include -maxdepth 1 -type f -name '*.h' -print0 |
		sort -z | xargs -0 sha256sum
	cd "$here" && sha256sum engine.mk src/*.[ch]
	cc --version | head -1; flex --version; bison --version | head -1
	echo "sanitize=$san"
} | sha256sum | cut -c1-16)

out=$cache/$key
if [ ! -x "$out/kcheck-worker" ]; then
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/.tmp-$key.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	make -s -f "$here/engine.mk" SRC="$tree" OUT="$tmp" SANITIZE="$san" \
		-j"$(nproc)" >&2
	rm -rf "$out.old"; [ -e "$out" ] && mv "$out" "$out.old"
	mv "$tmp" "$out" 2>/dev/null || [ -x "$out/kcheck-worker" ]
	rm -rf "$out.old"
	trap - EXIT
fi
echo "$out/kcheck-worker"
