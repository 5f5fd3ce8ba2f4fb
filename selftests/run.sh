#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run.sh - run every selftests/t/*.sh (or those named) and print TAP.
#
# Each test file prints 'ok - what' / 'not ok - what' lines (see lib.sh);
# anything else it prints becomes a TAP diagnostic.  A file that exits
# non-zero counts as one more failure.  Ends with the plan and a plain
# 'N passed, N failed' line; exits 1 on any failure or when no test ran.
set -uo pipefail
cd "$(dirname "$0")"

files=("$@")
[ "${#files[@]}" -gt 0 ] || files=(t/*.sh)

n=0 pass=0 fail=0
echo 'TAP version 13'
for f in "${files[@]}"; do
	start=$SECONDS
	echo "# --- $f"
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
	done < <(bash "$f" 2>&1 </dev/null; echo "__rc=$?")
	echo "# --- $f took $((SECONDS - start)) s"
done
echo "1..$n"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$n" -gt 0 ]
