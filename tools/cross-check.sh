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

[ -n "$arches" ] || arches=$("$kcheck" list --tree "$tree" --arch help | paste -sd, -)

# The matrix, as 'kcheck list' names it; kclib-check evaluates that list.
# --sample: each arch's first defconfig (x86: x86_64_defconfig), with the
# KVM fragments, and all*config.
kargs=(--tree "$tree" --arch "$arches")
if [ "$sample" = 1 ]; then
	for a in ${arches//,/ }; do
		d=$("$kcheck" list --tree "$tree" --arch "$a" --no-all-targets --no-fragments 2>/dev/null | awk -F'\t' 'NR == 1 { print $2 }')
		[ "$a" = x86 ] && d=x86_64_defconfig
		[ -n "$d" ] && kargs+=(--defconfig "$d")
	done
fi
"$kcheck" list "${kargs[@]}" >"$work/list" 2>/dev/null || die "kcheck list failed"
log "kconfiglib: $(wc -l <"$work/list") configurations"
t0=$(date +%s.%N)
/usr/bin/python3 "$kclib/kclib-check" --tree "$tree" --list "$work/list" \
	--out "$work/kconfiglib" --rules "$rules" || die "kclib-check failed"
t1=$(date +%s.%N)
kargs+=(--quiet)
log "kcheck: dumps and findings"
"$kcheck" dump "${kargs[@]}" --dump-dir "$work/kcheck" >/dev/null ||
	die "kcheck dump failed"
"$kcheck" check "${kargs[@]}" --no-code-scan --rules "$rules" --format json \
	--output "$work/kcheck.json" || [ $? -eq 1 ] || die "kcheck check failed"
t2=$(date +%s.%N)
printf 'kcheck %.1f s, kconfiglib %.1f s\n' "$(echo "$t2 - $t1" | bc)" "$(echo "$t1 - $t0" | bc)"
/usr/bin/python3 "$kclib/compare.py" "$work/kcheck" "$work/kcheck.json" \
	"$work/kconfiglib" "$kclib/known-disagreements" | tee "$work/result.txt"
