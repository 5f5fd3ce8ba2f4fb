#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# cross-check.sh [--sample] [--arch A,B] [--tree DIR]: kcheck (the tree's
# scripts/kconfig) against kconfiglib (Debian's python3-kconfiglib through
# kconfig-checks/kclib), on the same matrix: every defconfig with the
# arch's fragments and all{no,yes,mod}config (--sample: each arch's first
# defconfig, x86_64_defconfig on x86, with fragments, and the all*config).
# Compares every symbol's value in every configuration and the
# unmet-dependency, invariant (kvm/kvm-guest-memfd.rules)
# and Kconfig undefined-symbol findings; prints each disagreement with its
# class from kconfig-checks/kclib/known-disagreements, and
# "N/N configurations: kcheck and kconfiglib agree on every symbol".
# Exit 1 on an unexplained disagreement, 2 when a side could not run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sample=0 arches= tree=
while [ $# -gt 0 ]; do
	case $1 in
	--sample) sample=1 ;;
	--arch) arches=$2; shift ;;
	--tree) tree=$2; shift ;;
	*) die "unknown option '$1' (see the top of $0)" ;;
	esac
	shift
done

need make make
[ -x /usr/bin/python3 ] || die "/usr/bin/python3 not found (make deps)"
/usr/bin/python3 -c 'import kconfiglib' 2>/dev/null ||
	die "Debian's python3-kconfiglib is not installed (make deps)"
[ -n "$tree" ] || tree=$("$GMEM_TOP/tools/prepare-base.sh")
make -s -C "$GMEM_TOP/kconfig-checks" >&2
kclib=$GMEM_TOP/kconfig-checks/kclib
rules=$KVM_RULES
work=$GMEM_CACHE/cross-check
rm -rf "$work"
mkdir -p "$work"

[ -n "$arches" ] || arches=$(cd "$tree/arch" && for d in */; do
	[ -f "$d/Kconfig" ] && printf '%s\n' "${d%/}"; done | paste -sd, -)

largs=(--tree "$tree" --arch "$arches" --out "$work/kconfiglib" --rules "$rules")
[ "$sample" = 1 ] && largs+=(--first-defconfig)
log "kconfiglib: the matrix"
t0=$(date +%s.%N)
/usr/bin/python3 "$kclib/kclib-check" "${largs[@]}" || die "kclib-check failed"
t1=$(date +%s.%N)

# kcheck on the same matrix; for the sample, the defconfigs kclib-check
# picked (kcheck applies each name on every arch that has it; compare.py
# compares what kclib-check evaluated)
kargs=(--tree "$tree" --arch "$arches" --quiet)
if [ "$sample" = 1 ]; then
	while read -r d; do
		kargs+=(--defconfig "$d")
	done < <(/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
for n in sorted({c["name"] for c in r["configurations"]}):
    if "+" not in n and not n.startswith("all"):
        print(n)' "$work/kconfiglib/report.json")
fi
log "kcheck: dumps and findings"
"$kcheck" dump "${kargs[@]}" --dump-dir "$work/kcheck" >/dev/null ||
	die "kcheck dump failed"
"$kcheck" check "${kargs[@]}" --no-code-scan --rules "$rules" --format json \
	--output "$work/kcheck.json" || [ $? -eq 1 ] || die "kcheck check failed"
t2=$(date +%s.%N)
printf 'kcheck %.1f s, kconfiglib %.1f s\n' "$(echo "$t2 - $t1" | bc)" "$(echo "$t1 - $t0" | bc)"
/usr/bin/python3 "$kclib/compare.py" "$work/kcheck" "$work/kcheck.json" \
	"$work/kconfiglib" "$kclib/known-disagreements" | tee "$work/result.txt"
