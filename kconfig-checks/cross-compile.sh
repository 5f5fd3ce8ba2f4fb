#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# cross-compile.sh ARCH: print the CROSS_COMPILE prefix to use for ARCH, or
# nothing.  Nothing when CROSS_COMPILE is already set (the caller's choice
# stands) or KCHECK_NO_CROSS is set; otherwise the prefix cross-compile.map
# gives for ARCH, if its gcc is on PATH.
[ -n "${CROSS_COMPILE:-}" ] && exit 0
[ -n "${KCHECK_NO_CROSS:-}" ] && exit 0
map=$(dirname "$0")/cross-compile.map
prefix=$(awk -v a="$1" '$1 == a { print $2; exit }' "$map")
[ -n "$prefix" ] && command -v "${prefix}gcc" >/dev/null 2>&1 && echo "$prefix"
exit 0
