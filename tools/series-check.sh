#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# series-check.sh: kcheck on every patch of the series, over the base tree's
# baseline.  For each patch i of n, a worktree of the private base
# repository at that patch is checked on the KVM architectures
# (SERIES_ARCHES, default x86,arm64,riscv,s390,powerpc,mips,loongarch) over
# their defconfigs with the KVM fragments, all*config, and SERIES_RAND
# (default 200) randconfigs per arch, each also with the KVM fragments as
# KCONFIG_ALLCONFIG; only findings absent from the base tree's run are
# reported.  The last patch is also checked against the resting-state
# rules.  Writes the JSON reports and summary.md under the cache and prints
# the summary.  Exit 0: no patch adds a finding; 1: one does; 2: could not run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arches=${SERIES_ARCHES:-x86,arm64,riscv,s390,powerpc,mips,loongarch}
rand=${SERIES_RAND:-200}
base_repo=$("$GMEM_TOP/tools/prepare-base.sh")
wt=$("$GMEM_TOP/tools/apply.sh")
make -s -C "$GMEM_TOP/kconfig-checks" >&2
kcheck=$GMEM_TOP/kconfig-checks/build/kcheck
rules=$GMEM_TOP/kconfig-checks/rules/kvm-guest-memfd.rules
top=$(dirname "$base_repo")
out=$top/report/series
mkdir -p "$out"
matrix=(--arch "$arches" --rand "$rand" --rand-fragments --quiet)

n=$(pgit -C "$wt" rev-list --count refs/tags/base..series)
[ "$n" -gt 0 ] || die "the series is empty"

log "base tree: $arches, $rand randconfigs per arch (x2 with fragments)"
rc=0
"$kcheck" check --tree "$base_repo" "${matrix[@]}" --format json --output "$out/base.json" || rc=$?
[ "$rc" -le 1 ] || die "kcheck could not check the base tree (exit $rc)"
configs=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["configurations"]))' "$out/base.json")

status=0
{
	echo "kcheck, per patch, over the base tree's findings: $configs configurations"
	echo "($arches: defconfigs, defconfigs + KVM fragments, all{no,yes,mod}config,"
	echo "$rand randconfigs per arch, plain and with the KVM fragments; seeds 1..$rand)."
	echo
	echo "| patch | new findings | configurations that could not be evaluated |"
	echo "|---|---:|---:|"
} >"$out/summary.md"
for i in $(seq 1 "$n"); do
	commit=$(pgit -C "$wt" rev-parse "series~$((n - i))")
	subject=$(pgit -C "$wt" log -1 --format=%s "$commit")
	pw=$top/patch-$i
	if [ ! -e "$pw/.git" ]; then
		rm -rf "$pw"
		pgit -C "$base_repo" worktree prune
		pgit -C "$base_repo" worktree add -q --detach "$pw" "$commit"
	else
		pgit -C "$pw" checkout -q -f --detach "$commit"
		pgit -C "$pw" clean -q -fdx
	fi
	extra=()
	[ "$i" = "$n" ] && extra=(--rules "$rules")
	rc=0
	"$kcheck" check --tree "$pw" "${matrix[@]}" "${extra[@]}" --baseline "$out/base.json" \
		--format json --output "$out/patch-$i.json" || rc=$?
	read -r nf ne < <(/usr/bin/python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["findings"], s["errors"])' "$out/patch-$i.json")
	echo "| $i/$n $subject$([ "$i" = "$n" ] && echo " (+ rules)") | $nf | $ne |" >>"$out/summary.md"
	if [ "$rc" -ge 2 ]; then status=2; elif [ "$rc" = 1 ] && [ "$status" = 0 ]; then status=1; fi
	if [ "$rc" != 0 ]; then
		"$kcheck" check --tree "$pw" "${matrix[@]}" "${extra[@]}" --baseline "$out/base.json" || true
	fi
done
cat "$out/summary.md"

# What the whole series changes, for the cover letter.
rc=0
"$kcheck" diff "$base_repo" "$wt" "${matrix[@]}" >"$out/diff.txt" || rc=$?
[ "$rc" -le 1 ] || { cat "$out/diff.txt"; die "kcheck diff could not run (exit $rc)"; }
stamp=$(series_stamp "$wt")
summary=$GMEM_TOP/MAINTAINERS-notes/kcheck-summary.txt
{
	echo "kcheck (kconfig-checks/ of this project; each tree's own scripts/kconfig"
	echo "resolves every configuration, 'make'-exact) on the KVM architectures:"
	echo
	sed -n '1,3p' "$out/summary.md"
	echo
	awk -F' [|] ' '/^[|] [0-9]+[/]/ { sub(/^[|] /, "", $1); sub(/ [|]$/, "", $3);
		printf "  patch %s: %s new findings, %s configurations not evaluated\n", $1, $2, $3 }' "$out/summary.md"
	echo
	echo "What the series changes in resolved configurations (kcheck diff):"
	sed -n '1p' "$out/diff.txt"
	sed -n '/^By symbol:/,/^$/p' "$out/diff.txt"
	echo "kcheck-summary-of: base..series diff sha256 $stamp"
} >"$summary.tmp"
mv "$summary.tmp" "$summary"
log "wrote $summary (for make export)"
echo "reports: $out"
exit "$status"
