#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# cross-compile.sh ARCH...: print, one line per ARCH, the CROSS_COMPILE
# prefix to use for it, or an empty line.  Empty when CROSS_COMPILE is
# already set (the caller's choice stands) or KCHECK_NO_CROSS is set;
# otherwise the prefix cross-compile.map gives for ARCH, if its gcc is on
# PATH.  kcheck asks once per run for all its arches.
map=${0%/*}/cross-compile.map
for a in "$@"; do
	prefix=
	if [ -z "${CROSS_COMPILE:-}" ] && [ -z "${KCHECK_NO_CROSS:-}" ]; then
		while read -r arch p _; do
			[ "$arch" = "$a" ] && { prefix=$p; break; }
		done <"$map"
		[ -n "$prefix" ] && ! command -v "${prefix}gcc" >/dev/null 2>&1 &&
			prefix=
	fi
	printf '%s\n' "$prefix"
done
exit 0
