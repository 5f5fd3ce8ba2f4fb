# SPDX-License-Identifier: GPL-2.0-only
# tier: all
# The series builds: the last patch, rebuilt from patches/ on a fresh base
# tree, for x86_64 (KVM=y with both vendors, SEV and software-protected
# VMs) and arm64 (defconfig + KVM), as make bisect-build does for every
# patch.  The committed build log's stamp is checked by t/30.  Builds from
# scratch: about 10 minutes on 2 cores.
. "$(dirname "$0")/../lib.sh"
export GMEM_CACHE=$SCRATCH/cache
unset KERNEL_TREE
log=$SCRATCH/build-log.txt
check "bisect-build.sh --last-only: x86_64-kvm-host and arm64-kvm-host build" \
	"$TOP/tools/bisect-build.sh" --last-only --only x86_64-kvm-host,arm64-kvm-host --no-warnings --log "$log"
for c in x86_64-kvm-host arm64-kvm-host; do
	col=$(head -20 "$log" 2>/dev/null | grep '^| patch |' | tr '|' '\n' | sed 's/ //g' | grep -n -x "$c" | cut -d: -f1)
	cell=$(grep -E '^\| [0-9]+/[0-9]+ ' "$log" 2>/dev/null | tail -1 | cut -d'|' -f"${col:-0}" 2>/dev/null)
	case $cell in
	*ok,*) ok "$c: the last patch builds ($cell)" ;;
	*) not_ok "$c: the last patch does not build ('$cell')"; sed 's/^/    /' "$log" ;;
	esac
done
stamp=$(bash -c '. "$1/tools/lib.sh" && patches_stamp "$1/patches"' _ "$TOP")
check "the rebuild's log is stamped with patches/" grep -qx "build-log-of: patch code sha256 $stamp" "$log"
