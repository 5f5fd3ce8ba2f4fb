#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run.sh [--all] [FILE...] - run the tests and print TAP.
#
# Without arguments: the fast tier, every selftests/t/*.sh that has no
# '# tier: all' line (unit tests, fixtures, a sample of the real tree:
# what a developer runs after each change).  --all: every file, kernel
# builds and QEMU boots included (what CI runs).  Files named run as given;
# 'cases/NAME' runs that Kconfig case of selftests/cases/ alone.
#
# Each test file prints 'ok - what' / 'not ok - what' lines (see lib.sh);
# anything else it prints becomes a TAP diagnostic.  A file that exits
# non-zero counts as one more failure.  Ends with the plan and a plain
# 'N passed, N failed' line; exits 1 on any failure or when no test ran.
set -uo pipefail
cd "$(dirname "$0")"

all=0
[ "${1:-}" = --all ] && { all=1; shift; }
files=("$@")
if [ "${#files[@]}" -eq 0 ]; then
	for f in t/*.sh; do
		[ "$all" = 1 ] || ! grep -qx '# tier: all' "$f" || continue
		files+=("$f")
	done
fi

n=0 pass=0 fail=0
echo 'TAP version 13'
for f in "${files[@]}"; do
	start=$SECONDS
	args=()
	case $f in
	cases/*) args=("${f#cases/}"); f=t/07-cases.sh ;;
	esac
	echo "# --- $f${args[*]:+ ${args[*]}}"
	while IFS= read -r line; do
		case $line in
		'ok - '*)
			n=$((n + 1)) pass=$((pass + 1))
			echo "ok $n - ${f#t/}: ${line#ok - }" ;;
		'not ok - '*)
			n=$((n + 1)) fail=$((fail + 1))
			echo "not ok $n - ${f#t/}: ${line#not ok - }" ;;
		__rc=0) ;;
		__rc=*)
			n=$((n + 1)) fail=$((fail + 1))
			echo "not ok $n - ${f#t/}: exited with status ${line#__rc=}" ;;
		*)
			echo "# $line" ;;
		esac
	done < <(bash "$f" "${args[@]}" 2>&1 </dev/null; echo "__rc=$?")
	echo "# --- $f took $((SECONDS - start)) s"
done
echo "1..$n"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$n" -gt 0 ]
