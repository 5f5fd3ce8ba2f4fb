# SPDX-License-Identifier: GPL-2.0-only
# tier: all
# make upstream-scan's path on a pinned 7.x kernel (tools/upstream/
# test-tree.pin: the scan itself follows the newest, the test must not),
# kept small: the tree fetched through the private apt configuration, one arch
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
export GMEM_CACHE=$BASE_CACHE
export KCHECK_CACHE=$GMEM_CACHE/kcheck
# the pinned tree, for tree.sh and every tool that calls it
UPIN=$TOP/tools/upstream/test-tree.pin
UPSTREAM_SOURCE_PKG=$(sed -n 's/^package=//p' "$UPIN")
UPSTREAM_SOURCE_VERSION=$(sed -n 's/^package_version=//p' "$UPIN")
export UPSTREAM_SOURCE_PKG UPSTREAM_SOURCE_VERSION

# needs_upstream: UP, the pinned 7.x tree (tools/upstream/tree.sh, once), and
# APT_BEFORE/APT_AFTER, the machine's apt configuration around the fetch
apt_state() { find /etc/apt -type f -printf '%p %T@\n' | sort | sha256sum; }
fetch() {
	local deb sha
	apt_state >"$SCRATCH/once/apt.before" &&
	"$TOP/tools/upstream/tree.sh" >"$SCRATCH/once/upstream.path" ||
		{ echo "the pinned $UPSTREAM_SOURCE_PKG=$UPSTREAM_SOURCE_VERSION (tools/upstream/test-tree.pin) could not be prepared; if Debian no longer offers it, move the pin"; return 1; }
	apt_state >"$SCRATCH/once/apt.after"
	deb=$GMEM_CACHE/dl/${UPSTREAM_SOURCE_PKG}_${UPSTREAM_SOURCE_VERSION}_all.deb
	sha=$(sha256sum "$deb" | cut -d' ' -f1)
	[ "$sha" = "$(sed -n 's/^deb_sha256=//p' "$UPIN")" ] ||
		{ echo "$deb has sha256 $sha, not the one tools/upstream/test-tree.pin names"; return 1; }
}
needs_upstream() { once upstream fetch && UP=$(sed -n '$p' "$SCRATCH/once/upstream.path"); }

tree_ready() { [ -f "$UP/Makefile" ] && [ -d "$UP/.git" ] && echo "note: ${UP#"$GMEM_CACHE"/}"; }
apt_untouched() { diff "$SCRATCH/once/apt.before" "$SCRATCH/once/apt.after"; }
newest() {
	local info pkg
	info=$(dirname "$UP")/base.info
	pkg=$(sed -n 's/^package=//p' "$info")
	echo "note: $pkg ($(sed -n 's/^kernelversion=//p' "$info"))"
	case $pkg in
	linux-source-[7-9].*|linux-source-[1-9][0-9].*) ;;
	*) echo "the pinned package is not 7.x or later: '$pkg'"; return 1 ;;
	esac
}

# needs_scan: REPORT, scan.sh on x86 with the scope of one known bug
scan() {
	"$TOP/tools/upstream/scan.sh" --arch x86 --rand 2 \
		--symbols 'SND_SOC_TAS2783_SDW,SND_SOC_AMD_LEGACY_SDW_MACH' \
		--report "$SCRATCH/report.md"
}
needs_scan() { needs_upstream && once scan scan && REPORT=$SCRATCH/report.md; }
# the bug's section of the report: the select's file:line, make's warning
bug_section() {
	sed -n '/^### SND_SOC_TAS2783_SDW selected by SND_SOC_AMD_LEGACY_SDW_MACH$/,/^### \|^## /p' "$REPORT" |
		grep -E '^### |^- select at |^WARNING: unmet direct dependencies' |
		sed -E 's/Kconfig:[0-9]+;.*/Kconfig:N/' | expect
}
all_printed() { grep -E 'every one printed by make: yes$' "$REPORT"; }
no_kcheck_bugs() { ! grep 'KCHECK BUGS' "$REPORT"; }

# needs_fixes: fixes.sh check, once: its checks (ok/not ok lines)
needs_fixes() {
	needs_upstream &&
	once fixes bash -c '"$1/tools/upstream/fixes.sh" check >"$2/once/fixes.out"; rc=$?
		grep -A20 "^not ok" "$2/once/fixes.out"; exit $rc' _ "$TOP" "$SCRATCH"
}
# every check fixes.sh makes, by name: none missing, none failed
# the objects a counterexample builds depend on which model the solver
# found (any configuration with the unmet dependency): counted, not compared
fixes_checks() {
	grep -E '^(ok|not ok) - ' "$SCRATCH/once/fixes.out" |
		sed -E 's/builds \([0-9]+ objects\)/builds (N objects)/' | expect
}
fixes_export() {
	run 0 "$TOP/tools/upstream/fixes.sh" export --to "$T/fx" &&
	diff -r "$TOP/patches/upstream-kconfig-fixes" "$T/fx"
}
# the second opinion parses the pinned 7.x tree ('depends on X if Y'); every
# arch: the undefined-symbol check reads every arch's Kconfig files, and
# kclib-check only those of the arches it evaluates
cross_check() {
	run 0 "$TOP/tools/cross-check.sh" --sample --tree "$UP" || return 1
	grep -E 'agree|unexplained|explained:' "$T/out" "$T/err" | sed 's/^[^:]*:/note: /'
}

tcase tree-ready "tools/upstream/tree.sh prepares the pinned linux-source (tools/upstream/test-tree.pin)" tree_ready upstream
tcase apt-untouched "the machine's apt configuration is not touched" apt_untouched upstream
tcase newest "the pinned package is 7.x or later" newest upstream
tcase scan "scan.sh on x86, scope of one known bug, exits 0 (every finding made again by make)" true scan
tcase bug-section "the report has the bug: the select's file:line and make's own warning" bug_section scan
tcase all-printed "the report says make printed every finding" all_printed scan
tcase no-kcheck-bugs "no KCHECK BUGS section" no_kcheck_bugs scan
tcase fixes-check "fixes.sh check: every check of the fix series passes (1 + 6 x 6)" fixes_checks fixes
tcase fixes-export "fixes.sh export after check (git am of the series) is byte for byte patches/upstream-kconfig-fixes/" fixes_export fixes
tcase cross-check "cross-check on the pinned 7.x tree, the sample (each arch's first defconfig, all*config): no unexplained disagreement" cross_check upstream
run_tests "$@"
