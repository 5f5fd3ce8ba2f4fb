# SPDX-License-Identifier: GPL-2.0-only
# tier: all
# The series builds: the last patch, rebuilt from patches/ on a fresh base
# tree, for x86_64 (KVM=y with both vendors, SEV and software-protected
# VMs) and arm64 (defconfig + KVM), as make bisect-build does for every
# patch.  The committed build log's stamp is checked by t/30.  Builds from
# scratch once per run (about 10 minutes on 2 cores); each test reads the
# log.
. "$(dirname "$0")/../lib.sh"
export GMEM_CACHE=$SCRATCH/cache
unset KERNEL_TREE

needs_built() {
	once build "$TOP/tools/bisect-build.sh" --last-only --only x86_64-kvm-host,arm64-kvm-host \
		--no-warnings --log "$SCRATCH/build-log.txt" && LOG=$SCRATCH/build-log.txt
}
# cell CONFIG: the last patch's cell of the log's table for CONFIG
builds() {
	local col cell
	col=$(head -20 "$LOG" | grep '^| patch |' | tr '|' '\n' | sed 's/ //g' | grep -n -x "$1" | cut -d: -f1)
	cell=$(grep -E '^\| [0-9]+/[0-9]+ ' "$LOG" | tail -1 | cut -d'|' -f"${col:-0}")
	echo "note: $1: $cell"
	case $cell in
	*ok,*) ;;
	*) echo "the last patch does not build for $1: '$cell'"; cat "$LOG"; return 1 ;;
	esac
}
x86_64() { builds x86_64-kvm-host; }
arm64() { builds arm64-kvm-host; }
stamped() {
	grep -x "build-log-of: patch code sha256 $(bash -c '. "$1/tools/lib.sh" && patches_stamp "$1/patches"' _ "$TOP")" "$LOG"
}

tcase x86_64 "x86_64-kvm-host: the last patch builds" x86_64 built
tcase arm64 "arm64-kvm-host: the last patch builds" arm64 built
tcase stamped "the rebuild's log is stamped with patches/" stamped built
run_tests "$@"
