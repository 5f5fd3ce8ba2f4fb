#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run.sh [--all] [--update] [FILE [TEST...]]... - run the tests, print TAP.
#
# Without arguments: the fast tier, every selftests/t/*.sh that has no
# '# tier: all' line (unit tests, fixtures, a sample of the real tree:
# what a developer runs after each change).  --all: every file, kernel
# builds and QEMU boots included (what CI runs).  Files named run as given;
# the words after a file select its tests by number, range or name (glob),
# as each TAP line names them:
#
#   run.sh t/60-kcheck.sh 12 'diff-*'     test 12 and the diff tests
#   run.sh cases/unmet-select            that Kconfig case of selftests/cases/
#
# --update writes the expected files of the selected tests instead of
# comparing (read the diff before committing them).
#
# Each test file prints 'ok - what' / 'not ok - what' lines (see lib.sh);
# anything else it prints becomes a TAP diagnostic.  A file that exits
# non-zero counts as one more failure.  Ends with the plan and a plain
# 'N passed, N failed' line; exits 1 on any failure or when no test ran.
set -uo pipefail
cd "$(dirname "$0")"

all=0
while [ $# -gt 0 ]; do
	case $1 in
	--all) all=1 ;;
	--update) export TEST_UPDATE=1 ;;
	*) break ;;
	esac
	shift
done
# files[i] runs with the selectors sel[i] (one string, words separated by
# newlines: a selector may contain spaces only as a glob would)
files=() sel=()
for a in "$@"; do
	case $a in
	*.sh|cases/*)
		files+=("$a") sel+=("") ;;
	*)
		[ "${#files[@]}" -gt 0 ] || { echo "run.sh: '$a' follows no test file" >&2; exit 2; }
		i=$((${#files[@]} - 1))
		sel[i]+="$a"$'\n' ;;
	esac
done
if [ "${#files[@]}" -eq 0 ]; then
	for f in t/*.sh; do
		[ "$all" = 1 ] || ! grep -qx '# tier: all' "$f" || continue
		files+=("$f") sel+=("")
	done
fi

# free_disk: what is left on the disk the tests write to (kernel trees
# go to the cache, copies and builds to TMPDIR), so that a full disk is
# seen before it is a failure
free_disk() {
	local d dirs=()
	for d in "${TMPDIR:-/tmp}" "${GMEM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gmem-kconfig}"; do
		while [ ! -d "$d" ]; do d=$(dirname "$d"); done
		dirs+=("$d")
	done
	df -Ph "${dirs[@]}" | awk 'NR > 1 && !seen[$6]++ { printf "%s%s on %s", n++ ? ", " : "", $4, $6 }'
}

n=0 pass=0 fail=0
echo 'TAP version 13'
for i in "${!files[@]}"; do
	f=${files[i]}
	start=$SECONDS
	args=()
	[ -n "${sel[i]}" ] && mapfile -t args <<<"${sel[i]%$'\n'}"
	case $f in
	cases/*) args=("${f#cases/}"); f=t/07-cases.sh ;;
	esac
	[ -f "$f" ] || { echo "run.sh: no test file $f" >&2; exit 2; }
	echo "# --- $f${args[*]:+ ${args[*]}}"
	while IFS= read -r line; do
		case $line in
		'ok - '*)
			n=$((n + 1)) pass=$((pass + 1))
			echo "ok $n - ${f#t/} ${line#ok - }" ;;
		'not ok - '*)
			n=$((n + 1)) fail=$((fail + 1))
			echo "not ok $n - ${f#t/} ${line#not ok - }" ;;
		__rc=0) ;;
		__rc=*)
			n=$((n + 1)) fail=$((fail + 1))
			echo "not ok $n - ${f#t/}: exited with status ${line#__rc=}" ;;
		*)
			echo "# $line" ;;
		esac
	done < <(bash "$f" "${args[@]}" 2>&1 </dev/null; echo "__rc=$?")
	echo "# --- $f took $((SECONDS - start)) s; $(free_disk) free for tests"
done
echo "1..$n"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$n" -gt 0 ]
