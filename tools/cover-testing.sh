#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# cover-testing.sh SERIES_STAMP PATCHES_STAMP - the cover letter's testing
# summary: at most 15 lines, drawn from the notes that were made for
# exactly this series (their stamps match), naming the file that holds
# the full evidence.  A note made for another version is left out and
# said so on stderr.  Called by export.sh.
#
# Environment: KCHECK_SUMMARY, BUILD_LOG, RUNTIME_LOG (default: the files
# in MAINTAINERS-notes/).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# = 2 ] || die "usage: $0 SERIES_STAMP PATCHES_STAMP"
sstamp=$1 pstamp=$2
notes=$GMEM_TOP/MAINTAINERS-notes
summary=${KCHECK_SUMMARY:-$notes/kcheck-summary.txt}
build=${BUILD_LOG:-$notes/build-log.txt}
runtime=${RUNTIME_LOG:-$notes/runtime-log.txt}

# current FILE KEY STAMP TARGET: the note exists and was made for this series
current() {
	[ -f "$1" ] || { log "note: no $1 (run 'make $4'); the cover letter goes without it"; return 1; }
	grep -qx "$2: $3" "$1" && return 0
	log "note: $1 is not for this series (run 'make $4'); the cover letter goes without it"
	return 1
}

lines=()
if current "$build" "build-log-of" "patches sha256 $pstamp" bisect-build; then
	fails=$(grep -c 'FAILED' "$build" || true)
	npatch=$(grep -cE '^\| [0-9]+/[0-9]+ ' "$build" || true)
	w1=$(sed -n 's/^- W=1: .*, \([0-9]*\) new$/\1/p' "$build")
	sp=$(sed -n 's/^- sparse: .*, \([0-9]*\) new$/\1/p' "$build")
	lines+=("- builds: $npatch patches x (x86_64 KVM=y, KVM=m, i386, arm64), last patch also"
		"  riscv64, s390x, ppc64le, mips64el: $fails failed; W=1 ${w1:-?} and sparse ${sp:-?} new warnings")
fi
if current "$runtime" "runtime-test-of" "patches sha256 $pstamp" runtime-test; then
	abi=$(sed -n 's/^| \([a-z0-9_]*\) | series | gmem-abi checks | \(.*\) |$/\1 \2/p' "$runtime" |
		paste -sd, - | sed 's/,/, /g')
	base=$(sed -n 's/^| \([a-z0-9_]*\) | base | gmem-abi checks | \([0-9]*\) of \([0-9]*\) pass |$/\1 \2\/\3/p' "$runtime" |
		paste -sd, - | sed 's/,/, /g')
	asexp=$(sed -n 's/^\([0-9]* of [0-9]*\) checks as expected\.$/\1/p' "$runtime")
	lines+=("- booted under QEMU TCG, the conformance program (released ABI, raw ioctls):"
		"  series ${abi:-?}; base ${base:-?} (its fails are the expected ones)"
		"  and the guest_memfd selftests: ${asexp:-?} results as expected")
fi
if current "$summary" "kcheck-summary-of" "base..series diff sha256 $sstamp" series-check; then
	ncfg=$(sed -n 's/^kcheck, per patch, over the base tree.s findings: \([0-9]*\) configurations.*/\1/p' "$summary")
	newf=$(grep -E '^  patch [0-9]+/[0-9]+ .*: [0-9]+ new findings' "$summary" |
		sed -E 's/.*: ([0-9]+) new findings.*/\1/' | awk '{ s += $1 } END { print s + 0 }')
	sat=$(grep -E '^  patch [0-9]+/[0-9]+: ' "$summary" | tail -1 |
		sed -E 's/^  patch [0-9]+\/[0-9]+: //')
	lines+=("- kcheck on every patch, $ncfg configurations of the 7 KVM arches: $newf new findings;"
		"  kcheck sat, last patch: $sat")
	# Value changes only: y/m/n/strings that differ, with "n", "(not in
	# .config)" and "(undefined)" all meaning "off".
	vc=$(sed -n '/^By symbol:/,/^$/p' "$summary" | awk '
		function norm(v) { return (v == "n" || v == "(not in .config)" || v == "(undefined)" || v == "") ? "off" : v }
		/^  [A-Z0-9_]+: / {
			line = substr($0, 3)
			sym = substr(line, 1, index(line, ": ") - 1)
			rest = substr(line, index(line, ": ") + 2)
			a = substr(rest, 1, index(rest, " -> ") - 1)
			rest = substr(rest, index(rest, " -> ") + 4)
			b = substr(rest, 1, index(rest, " in ") - 1)
			n = substr(rest, index(rest, " in ") + 4); sub(/:.*/, "", n)
			if (norm(a) != norm(b)) {
				printf "%s%s %s->%s (%s)", sep, sym, norm(a), norm(b), n
				sep = ", "
			}
		}')
	mapfile -t vcl < <(printf 'value changes, base -> series (configurations): %s\n' "${vc:-none}" |
		fold -s -w 74 | sed 's/^/  /')
	lines+=("${vcl[@]}")
fi
[ "${#lines[@]}" -gt 0 ] || exit 0
echo "Testing (full evidence: MAINTAINERS-notes/build-log.txt, runtime-log.txt"
echo "and kcheck-summary.txt of the project that generates this series):"
printf '%s\n' "${lines[@]}" | head -13
