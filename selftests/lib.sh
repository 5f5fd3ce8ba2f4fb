# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers for selftests/t/*.sh.  Each check prints one 'ok - ...' or
# 'not ok - ...' line that run.sh numbers.  Tests use their own cache
# directories under a scratch dir, never the user's cache, unless they say
# so (the base-tree tests reuse the user's downloaded .deb only through
# their own fresh preparation).
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/gmem-selftest.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
export PROG=selftest
# the project's KVM data and kcheck's binaries: KVM_RULES, KVM_FRAGMENTS
. "$TOP/tools/lib.sh"
export KCHECK_CACHE=$SCRATCH/kcheck-cache

ok()     { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; }

# check DESC CMD...: passes when CMD succeeds.
check() {
	local desc=$1
	shift
	if "$@" >"$SCRATCH/out" 2>&1; then
		ok "$desc"
	else
		not_ok "$desc"
		sed 's/^/    /' "$SCRATCH/out"
	fi
}

# fails_with DESC STATUS REGEX CMD...: passes when CMD exits with STATUS and
# its output matches REGEX (an extended regular expression).
fails_with() {
	local desc=$1 want=$2 re=$3 rc=0
	shift 3
	"$@" >"$SCRATCH/out" 2>&1 || rc=$?
	if [ "$rc" -eq "$want" ] && grep -qE -- "$re" "$SCRATCH/out"; then
		ok "$desc"
	else
		not_ok "$desc (exit $rc, wanted $want and /$re/)"
		sed 's/^/    /' "$SCRATCH/out"
	fi
}

# same DESC A B: passes when strings A and B are equal and non-empty.
same() {
	if [ -n "$2" ] && [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1 ('$2' vs '$3')"
	fi
}

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
