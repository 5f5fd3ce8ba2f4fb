# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers for selftests/t/*.sh (docs/tests.md): how a file declares and
# runs its tests, compares with expected files, and the prerequisites the
# files share.  Tests use their own cache directories under a scratch dir,
# never the user's cache, unless they say so (the prepared base tree, read
# only; the base-tree tests reuse the user's downloaded .deb only through
# their own fresh preparation).
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/gmem-selftest.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
export PROG=selftest
# the project's KVM data and kcheck's binaries: KVM_RULES, KVM_FRAGMENTS
. "$TOP/tools/lib.sh"
# the base tree is prepared in the user's cache (tools/lib.sh's default)
# whatever cache a test file then sets for its own runs
BASE_CACHE=$GMEM_CACHE
export KCHECK_CACHE=$SCRATCH/kcheck-cache
TFILE=$(basename "$0" .sh)

# --- Declaring and running tests ---------------------------------------
#
# A test file declares its tests in order and ends with 'run_tests "$@"':
#
#   tcase NAME 'what it shows' FUNCTION [PREREQ...]
#   FUNCTION() { ...; }      # returns 0 when the test passes
#
# Each selected test runs alone in a subshell, in its own directory $T
# (also its working directory; TNAME is its name), after its
# prerequisites: for each PREREQ the function needs_PREREQ runs in that
# subshell first (lib.sh's below, or the file's own).  A prerequisite does its expensive part once per
# run of the file with 'once' and sets its variables every time, so a
# test never depends on what an earlier test left behind.  A prerequisite
# that cannot be met fails the test with what to install or do.
#
#   bash t/60-kcheck.sh              every test of the file
#   bash t/60-kcheck.sh 12 diff-*    test 12 and the tests named diff-*
#
# Test output ('ok - N NAME: what') is read by run.sh; a passing test's
# lines that start with 'note: ' (figures worth seeing) follow it.
# TEST_UPDATE=1 makes 'expect' write the expected files instead of
# comparing with them.

TESTS=()
declare -A TDESC TFUNC TREQ
tcase() {
	local name=$1
	case $name in
	[0-9]*|*[!A-Za-z0-9_.+-]*)
		echo "tcase: bad test name '$name'" >&2; exit 2 ;;
	esac
	[ -z "${TDESC[$name]+set}" ] || { echo "tcase: two tests named '$name'" >&2; exit 2; }
	TESTS+=("$name")
	TDESC[$name]=$2
	TFUNC[$name]=$3
	TREQ[$name]=${*:4}
}

# run_tests [SELECTOR...]: a selector is a test's number in the file, a
# range N-M, or its name (a glob).  No selector: every test.
run_tests() {
	local i name sel want n=0 ran=0 rc
	mkdir -p "$SCRATCH/tests"
	for i in "${!TESTS[@]}"; do
		name=${TESTS[$i]}
		n=$((i + 1))
		want=$(($# == 0))
		for sel in "$@"; do
			case $sel in
			*[!0-9-]*|'') [[ $name == $sel ]] && want=1 ;;
			*-*) [ "$n" -ge "${sel%-*}" ] && [ "$n" -le "${sel#*-}" ] && want=1 ;;
			*) [ "$n" = "$sel" ] && want=1 ;;
			esac
		done
		[ "$want" = 1 ] || continue
		ran=$((ran + 1))
		T=$SCRATCH/tests/$name
		rm -rf "$T"
		mkdir -p "$T"
		rc=0
		(
			cd "$T" || exit 1
			TCUR=${TFUNC[$name]} TNAME=$name
			for req in ${TREQ[$name]}; do
				if ! "needs_$req"; then
					echo "prerequisite '$req' not met"
					exit 1
				fi
			done
			"${TFUNC[$name]}"
		) >"$T.log" 2>&1 </dev/null || rc=$?
		if [ "$rc" = 0 ]; then
			echo "ok - $n $name: ${TDESC[$name]}"
			grep '^note: ' "$T.log" | sed 's/^note: /    /'
			# a passed test's files are not needed again: kernel
			# trees are large, and the next test may need the room
			rm -rf "$T"
		else
			echo "not ok - $n $name: ${TDESC[$name]}"
			sed 's/^/    /' "$T.log" | tail -n 60
			low_disk_note "$T"
		fi
	done
	if [ "$ran" = 0 ]; then
		echo "not ok - no test of ${0##*/} matches: $*"
		echo "    tests: $(for i in "${!TESTS[@]}"; do printf '%d %s, ' $((i + 1)) "${TESTS[$i]}"; done)"
	fi
}

# low_disk_note DIR: when the disk that holds DIR is nearly full, say so
# under a failed test: git's "unable to write file" does not
low_disk_note() {
	local kb
	kb=$(df -Pk "$1" 2>/dev/null | awk 'NR == 2 { print $4 }')
	[ -n "$kb" ] && [ "$kb" -lt 2097152 ] &&
		echo "    only $((kb / 1024)) MiB free on the disk of $1: the failure may be a full disk"
	return 0
}

# once KEY CMD...: runs CMD the first time any test of this run of the
# file asks for KEY, records its status, and returns it every time (with
# its output when it failed).  For the expensive part of prerequisites.
once() {
	local key=$1 m=$SCRATCH/once/$1 rc=0
	shift
	mkdir -p "$SCRATCH/once"
	if [ ! -e "$m.rc" ]; then
		"$@" >"$m.log" 2>&1 </dev/null || rc=$?
		echo "$rc" >"$m.rc"
	fi
	rc=$(cat "$m.rc")
	[ "$rc" = 0 ] || { echo "$key failed (exit $rc):"; tail -n 40 "$m.log"; }
	return "$rc"
}

# require PROG PACKAGE: fails naming the Debian package when PROG is
# missing (for a prerequisite: needs_b4() { require b4 b4; }).
require() {
	command -v "$1" >/dev/null && return 0
	echo "needs $1: apt-get install $2 (or make deps, which installs tools/debian-packages)"
	return 1
}

# normalize: the parts of an output that change from run to run or from
# machine to machine (paths of this run, times, the number of workers).
normalize() {
	sed -E -e "s|$T|T|g" -e "s|$SCRATCH|SCRATCH|g" -e "s|$TOP|TOP|g" 		${BASE:+-e "s|$BASE|BASE|g"} 		-e 's/\b[0-9]+\.[0-9]+ s\b/T s/g' -e 's/\b[0-9]+ workers\b/N workers/g'
}

# expect [SUFFIX] <ACTUAL: ACTUAL, normalized, must equal the expected file
# selftests/expected/<test file>/<test's function>[.SUFFIX] (the asan-
# round of a test shares the plain round's file), else the diff is
# printed.  With TEST_UPDATE=1 the file is written instead (review it
# before committing it).
expect() {
	local f=$TOP/selftests/expected/$TFILE/$TCUR${1:+.$1}
	normalize >"$T/.actual"
	if [ "${TEST_UPDATE:-0}" = 1 ]; then
		mkdir -p "$(dirname "$f")"
		cp "$T/.actual" "$f"
		echo "wrote ${f#"$TOP"/}" >&2
		return 0
	fi
	[ -f "$f" ] || { echo "no expected file ${f#"$TOP"/} (TEST_UPDATE=1 writes it)"; return 1; }
	diff -u --label "expected ${f#"$TOP"/}" --label actual "$f" "$T/.actual"
}

# run STATUS CMD...: CMD's standard output in $T/out, its error output in
# $T/err; fails unless it exits STATUS.  Any sanitizer report fails too.
run() {
	local want=$1 rc=0
	shift
	"$@" >"$T/out" 2>"$T/err" || rc=$?
	if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:|UndefinedBehaviorSanitizer' "$T/out" "$T/err"; then
		echo "a sanitizer reported:"; cat "$T/err"; return 1
	fi
	[ "$rc" -eq "$want" ] && return 0
	echo "exit $rc, wanted $want"
	echo "--- stdout"; cat "$T/out"; echo "--- stderr"; cat "$T/err"
	return 1
}

# errors: what run captured on the error output, without kcheck's per-arch
# progress lines (their order depends on which worker ends first).
errors() { grep -Ev '^kcheck: (base |head )?\[[0-9]+/[0-9]+\] ' "$T/err"; [ $? -le 1 ]; }

# expect_run STATUS CMD...: run CMD, then its standard output, 'exit
# STATUS' and its error output (errors) must be the expected file.
expect_run() {
	run "$@" || return 1
	{ cat "$T/out"; echo "exit $1"; errors; } | expect
}

# --- Prerequisites shared by the test files ----------------------------

# needs_base: BASE, the prepared Debian base tree (tools/prepare-base.sh).
needs_base() {
	once base bash -c 'GMEM_CACHE=$3 "$1/tools/prepare-base.sh" >"$2/once/base.path"' _ \
		"$TOP" "$SCRATCH" "$BASE_CACHE" || return 1
	BASE=$(sed -n '$p' "$SCRATCH/once/base.path")
}

# needs_kcheck / needs_kcheck_asan: KCHECK, built plain or with ASan and
# UBSan, with a cache of its own per build.
kcheck_build() {	# SANITIZE
	make -s -C "$TOP/kconfig-checks" SANITIZE="$1" >"$SCRATCH/once/build-$1.out" 2>&1 || {
		cat "$SCRATCH/once/build-$1.out"; return 1; }
	! grep -q warning "$SCRATCH/once/build-$1.out" || {
		echo "compiler warnings:"; cat "$SCRATCH/once/build-$1.out"; return 1; }
}
kcheck_use() {
	export KCHECK_SANITIZE=$1 KCHECK_CACHE=$SCRATCH/kcheck-cache-$1
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
	KCHECK=$(kcheck_bin)
}
needs_kcheck() { once kcheck kcheck_build 0 && kcheck_use 0; }
needs_kcheck_asan() { once kcheck-asan kcheck_build 1 && kcheck_use 1; }

# a mount namespace of the test's own (unshare -m), for a bind mount or a
# small filesystem
needs_mountns() { unshare -m true; }

# fixture_tree NAME DIR: the fixture selftests/fixtures/NAME with the base
# tree's scripts/kconfig, at DIR.
fixture_tree() {
	cp -r "$TOP/selftests/fixtures/$1" "$2" &&
	mkdir -p "$2/scripts" &&
	cp -r "$BASE/scripts/kconfig" "$BASE/scripts/include" "$2/scripts/"
}
# needs_kc1 / needs_sat1: FX, a fixture tree made once per run (read only:
# a test that changes a tree copies it to $T first).
needs_kc1() { needs_base && once kc1 fixture_tree kc1 "$SCRATCH/kc1" && FX=$SCRATCH/kc1; }
needs_sat1() { needs_base && once sat1 fixture_tree sat1 "$SCRATCH/sat1" && FX=$SCRATCH/sat1; }

# fake_kernel DIR: a tiny git repository shaped like a kernel tree, enough
# for the bootstrap's checks (not for Kconfig evaluation).
fake_kernel() {
	local d=$1
	mkdir -p "$d/scripts/kconfig" "$d/arch/x86" "$d/virt/kvm"
	echo "# x86" >"$d/arch/x86/Kconfig"
	printf 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nEXTRAVERSION =\nNAME = Fixture\n' >"$d/Makefile"
	printf 'mainmenu "fixture"\nsource "virt/kvm/Kconfig"\n' >"$d/Kconfig"
	printf 'config KVM_PRIVATE_MEM\n\tbool\n' >"$d/virt/kvm/Kconfig"
	echo '/* conf.c */' >"$d/scripts/kconfig/conf.c"
	echo '# kconfig' >"$d/scripts/kconfig/Makefile"
	git -C "$d" init -q -b master
	git -C "$d" add -A
	git -C "$d" -c user.name=T -c user.email=t@t commit -q -m 'fixture base'
}

# snapshot DIR: everything that identifies the state of a git tree, byte
# for byte: every file under DIR (.git included) with its mode and
# content hash, HEAD, and git status.  Read-only: GIT_OPTIONAL_LOCKS=0
# keeps 'git status' from refreshing the index.
snapshot() {
	local d=$1
	(cd "$d" && find . \( -type f -o -type l \) -printf '%m %T@ %p\n' | sort &&
	 find . -type f -print0 | sort -z | xargs -0 sha256sum &&
	 GIT_OPTIONAL_LOCKS=0 git rev-parse HEAD &&
	 GIT_OPTIONAL_LOCKS=0 git status --porcelain=v2 --untracked-files=all --ignored)
}
