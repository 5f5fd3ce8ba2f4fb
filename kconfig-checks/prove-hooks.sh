#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# prove-hooks.sh TREE LABEL [ARCHES [RAND]]: check kcheck's speed hooks
# (src/hooks/hooks.h) on TREE's kconfig code, and print the hooks.proved
# line for it when they hold.  The sanitizer build of kcheck, with the
# hooks built in whatever hooks.proved says (KCHECK_HOOKS=on), asks the
# tree's own function beside every hook answer and stops the worker when
# they differ; run over ARCHES (default x86,arm64,riscv,s390,powerpc) with
# their defconfigs, all*config and RAND (default 20) randconfigs each.
# Nothing is written but a cache of its own, deleted at the end.  Exit 0:
# the line is printed; 1: a hook answered otherwise than the tree; 2: the
# run failed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tree=${1:?usage: prove-hooks.sh TREE LABEL [ARCHES [RAND]]}
label=${2:?usage: prove-hooks.sh TREE LABEL [ARCHES [RAND]]}
arches=${3:-x86,arm64,riscv,s390,powerpc}
rand=${4:-20}
case $label in
*$'\n'*) echo "prove-hooks.sh: LABEL is one line" >&2; exit 2 ;;
esac

make -s -C "$here" SANITIZE=1 >&2
digest=$("$here/engine.sh" --hooks-digest "$tree")
cache=$(mktemp -d)
trap 'rm -rf -- "$cache"' EXIT
rc=0
KCHECK_HOOKS=on KCHECK_CACHE=$cache/kcheck \
	ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	"$here/build-san/kcheck" --tree "$tree" --arch "$arches" --rand "$rand" \
	--no-code-scan --no-model-cache --format json --output "$cache/report.json" \
	2>"$cache/err" || rc=$?
if grep -q 'tree hook check' "$cache/err"; then
	grep 'tree hook check' "$cache/err" | sort -u >&2
	exit 1
fi
if [ "$rc" -gt 1 ]; then
	tail -20 "$cache/err" >&2
	echo "prove-hooks.sh: the run failed (exit $rc)" >&2
	exit 2
fi
n=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["configurations"]))' "$cache/report.json")
echo "$digest  $label: $n configurations ($arches; defconfigs, all*config, $rand randconfigs each), sanitizer build, every hook answer checked, $(date -u +%Y-%m-%d)"
