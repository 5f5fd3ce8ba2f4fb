#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# cover-testing.sh SERIES_STAMP PATCHES_STAMP - the cover letter's testing
# summary: at most 15 lines, drawn from the notes that were made for
# exactly this series (their stamps match), naming the file that holds
# the full evidence.  A note made for another version is left out and
# said so on stderr.  Called by export.sh.
#
# Environment: KCHECK_SUMMARY, BUILD_LOG, RUNTIME_LOG, COCCICHECK_LOG
# (default: the files in MAINTAINERS-notes/).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# = 2 ] || die "usage: $0 SERIES_STAMP PATCHES_STAMP"
sstamp=$1 pstamp=$2
notes=$GMEM_TOP/MAINTAINERS-notes
summary=${KCHECK_SUMMARY:-$notes/generated/make-series-check.txt}
build=${BUILD_LOG:-$notes/generated/make-bisect-build.txt}
runtime=${RUNTIME_LOG:-$notes/generated/make-runtime-test.txt}
cocci=${COCCICHECK_LOG:-$notes/generated/make-coccicheck.txt}

# current FILE KEY STAMP TARGET: the note exists and was made for this series
current() {
	[ -f "$1" ] || { log "note: no $1 (run 'make $4'); the cover letter goes without it"; return 1; }
	grep -qx "$2: $3" "$1" && return 0
	log "note: $1 is not for this series (run 'make $4'); the cover letter goes without it"
	return 1
}

lines=()
# item TEXT: one item of the summary, "- TEXT" folded at 74 columns
item() {
	local l
	while IFS= read -r l; do lines+=("$l"); done < <(printf '%s\n' "$*" | fold -s -w 72 |
		sed -e 's/ *$//' -e '1s/^/- /' -e '2,$s/^/  /')
}
if current "$build" "build-log-of" "patch code sha256 $pstamp" bisect-build; then
	fails=$(grep -c 'FAILED' "$build" || true)
	npatch=$(grep -cE '^\| [0-9]+/[0-9]+ ' "$build" || true)
	w1=$(sed -n 's/^- W=1: .*, \([0-9]*\) new$/\1/p' "$build")
	sp=$(sed -n 's/^- sparse: .*, \([0-9]*\) new$/\1/p' "$build")
	item "builds: $npatch patches on x86_64 (KVM=y, =m), i386, arm64; the last" \
		"also on riscv64, s390x, ppc64le, mips64el: $fails failed; W=1/sparse:" \
		"${w1:-?}/${sp:-?} new"
fi
if current "$cocci" "coccicheck-log-of" "patch code sha256 $pstamp" coccicheck; then
	nc=$(sed -n 's/.*; new: \([0-9]*\)$/\1/p' "$cocci")
	item "make coccicheck MODE=report on the C files the series touches:" \
		"${nc:-?} new warnings"
fi
if current "$runtime" "runtime-test-of" "patch code sha256 $pstamp" runtime-test; then
	# abi SIDE: "x86_64 38/38, arm64 25/25", gmem-abi checks passed per arch
	abi() {
		sed -n "s/^| \([a-z0-9_]*\) | $1 | gmem-abi checks | \([0-9]*\) of \([0-9]*\) pass |\$/\1 \2\/\3/p" "$runtime" |
			paste -sd, - | sed 's/,/, /g'
	}
	asexp=$(sed -n 's/^\([0-9]*\) of \([0-9]*\) checks as expected\.$/\1\/\2/p' "$runtime")
	item "QEMU TCG boots, gmem-abi (released ABI, raw ioctls): series" \
		"$(abi series) pass; base $(abi base), the expected fails;" \
		"${asexp:-?} results as expected"
fi
if current "$summary" "kcheck-summary-of" "base..series diff sha256 $sstamp" series-check; then
	ncfg=$(sed -n 's/^kcheck, per patch, over the base tree.s findings: \([0-9]*\) configurations.*/\1/p' "$summary")
	newf=$(grep -E '^  patch [0-9]+/[0-9]+ .*: [0-9]+ new findings' "$summary" |
		sed -E 's/.*: ([0-9]+) new findings.*/\1/' | awk '{ s += $1 } END { print s + 0 }')
	intf=$(grep -E '^  patch [0-9]+/[0-9]+ .*: [0-9]+ new findings, [0-9]+ intended' "$summary" |
		tail -1 | sed -E 's/.*: [0-9]+ new findings, ([0-9]+) intended.*/\1/')
	sat=$(grep -E '^  patch [0-9]+/[0-9]+: ' "$summary" | tail -1 |
		sed -E 's/^  patch [0-9]+\/[0-9]+: ([0-9]+) selects, ([0-9]+) proved never unmet.*invariants proved: ([0-9]+\/[0-9]+).*/\2\/\1 selects never unmet, \3 invariants/')
	item "kcheck, every patch, $ncfg configurations of the 7 KVM arches: $newf" \
		"new findings (${intf:-0} intended, kvm/intended-findings);" \
		"kcheck sat (last patch): $sat"
	# Value changes only: a symbol that gets a value, loses it, or changes
	# it, with "n", "(not in .config)" and "(undefined)" all meaning "off";
	# counts summed per symbol, largest first, four of each kind.
	vc=$(sed -n '/^\(By symbol:\|Value changes\)/,/^$/p' "$summary" | awk '
		function norm(v) { return (v == "n" || v == "(not in .config)" || v == "(undefined)" || v == "") ? "off" : v }
		/^  [A-Z0-9_]+: / {
			line = substr($0, 3)
			sym = substr(line, 1, index(line, ": ") - 1)
			rest = substr(line, index(line, ": ") + 2)
			if (!match(rest, / in [0-9]+:/))
				next
			n = substr(rest, RSTART + 4, RLENGTH - 5)
			rest = substr(rest, 1, RSTART - 1)
			a = norm(substr(rest, 1, index(rest, " -> ") - 1))
			b = norm(substr(rest, index(rest, " -> ") + 4))
			if (a == b)
				next
			key = (a == "off") ? "on" : (b == "off") ? "off" : "changed"
			what = (key == "changed") ? sym " " a "->" b : sym
			count[key, what] += n
		}
		END {
			for (k in count) {
				split(k, p, SUBSEP)
				print p[1] "\t" count[k] "\t" p[2]
			}
		}' | sort -t "$(printf '\t')" -k1,1 -k2,2nr |
		awk -F '\t' '
		function more() { if (n > 4) printf " and %d more", n - 4 }
		{ if ($1 != g) { more(); printf "%s%s: ", (g == "" ? "" : "; "), $1; g = $1; sep = ""; n = 0 }
		  if (++n <= 4) { printf "%s%s %s", sep, $3, $2; sep = ", " } }
		END { more(); if (g != "") print "" }')
	item "value changes, base -> series (symbol, configurations): ${vc:-none}"
fi
[ "${#lines[@]}" -gt 0 ] || exit 0
echo "Testing (the evidence: MAINTAINERS-notes/ of the generating project):"
[ "${#lines[@]}" -le 14 ] ||
	log "note: the testing summary has ${#lines[@]} lines, more than the 14 a cover letter should carry"
printf '%s\n' "${lines[@]}"
