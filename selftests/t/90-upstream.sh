# SPDX-License-Identifier: GPL-2.0-only
# tier: all
# make upstream-scan's path on the newest kernel Debian offers, kept
# small: the tree fetched through the private apt configuration, one arch
# (x86) and a scope holding one of the bugs the full scan confirms (the
# AMD SoundWire machine selecting the TAS2783 codec), which make must
# print too; the fix series' proof (tools/upstream/fixes.sh: git am,
# checkpatch, kcheck sat on every arch before and after each patch, make
# on the counterexample and the touched directories); the kconfiglib
# second opinion on the same tree (the sample of every arch).
# Needs the network to deb.debian.org (sid, trixie-backports).  Uses the
# project cache (GMEM_CACHE) for the tree and kcheck, as make upstream-scan
# does: the tree is large and fetched once.
. "$(dirname "$0")/../lib.sh"
export GMEM_CACHE=${GMEM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gmem-kconfig}
export KCHECK_CACHE=$GMEM_CACHE/kcheck

apt_conf_before=$(find /etc/apt -type f -printf '%p %T@\n' | sort | sha256sum)
tree=$("$TOP/tools/upstream/tree.sh" 2>"$SCRATCH/tree.err")
check "tools/upstream/tree.sh prepares the newest linux-source (${tree#"$GMEM_CACHE"/})" \
	test -f "$tree/Makefile" -a -d "$tree/.git"
same "the machine's apt configuration is not touched" "$apt_conf_before" \
	"$(find /etc/apt -type f -printf '%p %T@\n' | sort | sha256sum)"
info=$(dirname "$tree")/base.info
pkg=$(sed -n 's/^package=//p' "$info")
case $pkg in
linux-source-[7-9].*|linux-source-[1-9][0-9].*) ok "the newest package is $pkg ($(sed -n 's/^kernelversion=//p' "$info"))" ;;
*) not_ok "the newest package is 7.x or later, not '$pkg'" ;;
esac

rc=0
"$TOP/tools/upstream/scan.sh" --arch x86 --rand 2 \
	--symbols 'SND_SOC_TAS2783_SDW,SND_SOC_AMD_LEGACY_SDW_MACH' \
	--report "$SCRATCH/report.md" >"$SCRATCH/scan.out" 2>&1 || rc=$?
same "scan.sh on x86, scope of one known bug, exits 0 (every finding made again by make)" 0 "$rc"
[ "$rc" = 0 ] || sed 's/^/    /' "$SCRATCH/scan.out"
check "the report has the bug, with make's own warning" \
	grep -qx 'WARNING: unmet direct dependencies detected for SND_SOC_TAS2783_SDW' "$SCRATCH/report.md"
check "the report names the select's file:line and says make printed every finding" \
	bash -c 'grep -q "^### SND_SOC_TAS2783_SDW selected by SND_SOC_AMD_LEGACY_SDW_MACH$" "$1" &&
		 grep -q "^- select at sound/soc/amd/acp/Kconfig:[0-9]*;" "$1" &&
		 grep -q "every one printed by make: yes$" "$1"' _ "$SCRATCH/report.md"
check "no KCHECK BUGS section" bash -c '! grep -q "KCHECK BUGS" "$1"' _ "$SCRATCH/report.md"

# the fix series, proved (every arch, scope of each patch)
"$TOP/tools/upstream/fixes.sh" check >"$SCRATCH/fixes.out" 2>"$SCRATCH/fixes.err"
echo "__fixes=$?" >>"$SCRATCH/fixes.out"
grep -E '^(ok|not ok) - ' "$SCRATCH/fixes.out" | sed 's/^\(not \)\{0,1\}ok - /&fixes.sh: /'
same "fixes.sh check exits 0" "__fixes=0" "$(tail -1 "$SCRATCH/fixes.out")"
same "fixes.sh check: 37 checks (1 + 6 x 6)" 37 "$(grep -cE '^(ok|not ok) - ' "$SCRATCH/fixes.out")"

check "fixes.sh export after check (git am of the series) is byte for byte patches/upstream-kconfig-fixes/" \
	bash -c '"$1" export --to "$2" >/dev/null 2>&1 && diff -r "$3" "$2"' _ \
	"$TOP/tools/upstream/fixes.sh" "$SCRATCH/fx" "$TOP/patches/upstream-kconfig-fixes"

# the second opinion parses the newest tree ('depends on X if Y')
rc=0
# every arch: the undefined-symbol check reads every arch's Kconfig
# files, and kclib-check only those of the arches it evaluates
"$TOP/tools/cross-check.sh" --sample --tree "$tree" >"$SCRATCH/cc.out" 2>&1 || rc=$?
same "cross-check on $pkg, the sample (each arch's first defconfig, all*config): no unexplained disagreement" 0 "$rc"
[ "$rc" = 0 ] || tail -20 "$SCRATCH/cc.out" | sed 's/^/    /'
