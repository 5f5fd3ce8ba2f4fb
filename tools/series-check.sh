#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# series-check.sh: kcheck on every patch of the series, over the base tree's
# baseline.  The KVM architectures (SERIES_ARCHES, default
# x86,arm64,riscv,s390,powerpc,mips,loongarch) over their defconfigs with
# the KVM fragments, all*config, and SERIES_RAND (default 200) randconfigs
# per arch, each also with the KVM fragments as KCONFIG_ALLCONFIG: the base
# tree is checked, then 'kcheck range base..series' walks the patches,
# evaluating at each only the arches whose Kconfig inputs it changes; a
# patch's findings are the base tree's plus what the patches up to it
# added, less what they removed, and only those absent from the base
# tree's run are reported.  The last patch is also checked whole against
# the resting-state rules.  Then the same for every configuration Kconfig allows: kcheck sat
# on each patch, every select touching a KVM symbol (SAT_SCOPE) on the same
# arches, over the base tree's sat baseline; the last patch with the rules,
# each invariant proved on each arch.  Writes the JSON reports and
# summary.md under the cache and prints the summary.  The findings a patch
# is meant to make (kvm/intended-findings, each with why) are counted apart;
# a key listed there that no patch makes is an error.  Exit 0: no patch
# adds a finding; 1: one does, or kvm/intended-findings is stale; 2: could
# not run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arches=${SERIES_ARCHES:-x86,arm64,riscv,s390,powerpc,mips,loongarch}
rand=${SERIES_RAND:-200}
sat_scope=${SAT_SCOPE:-'*KVM*'}
base_repo=$("$GMEM_TOP/tools/prepare-base.sh")
wt=$("$GMEM_TOP/tools/apply.sh")
make -s -C "$GMEM_TOP/kconfig-checks" >&2
rules=$KVM_RULES
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
log "base tree: kcheck sat, scope $sat_scope"
rc=0
"$kcheck" sat --tree "$base_repo" --arch "$arches" --symbols "$sat_scope" --no-redundancy --quiet \
	--format json --output "$out/base-sat.json" || rc=$?
[ "$rc" -le 1 ] || die "kcheck sat could not check the base tree (exit $rc)"
# sat_counts JSON: "confirmed unconfirmed refuted unknown selects proved"
sat_counts() {
	/usr/bin/python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
sel = prov = inv = invp = 0
for a in r["arches"]:
    for x in a["results"]:
        if x["what"] == "stats" and x["name"] == "selects":
            sel += x["value"]
        if x["what"] == "stats" and x["name"] == "selects-proved":
            prov += x["value"]
        if x["what"] == "invariant":
            inv += 1
            invp += x["status"] == "proved"
print(r["confirmed"], r["unconfirmed"], r["invariants_refuted"], r["invariants_unknown"], sel, prov, inv, invp)
PY
}

# One kcheck range over the patches: each against the one before it.
log "the patches: kcheck range base..series"
rc=0
rm -f "$out/range.json"
"$kcheck" range --tree "$base_repo" "${matrix[@]}" refs/tags/base..refs/heads/series \
	--format json --output "$out/range.json" || rc=$?
[ "$rc" -le 1 ] || [ -s "$out/range.json" ] || die "kcheck range could not walk the series (exit $rc)"
range_status=$rc

# range_findings I: "new intended errors" of patch I (1-based) as
# new_findings says them, from the range: the keys the patches up to I
# added and did not remove, less the base tree's; each new one printed on
# stderr.
range_findings() {
	/usr/bin/python3 - "$out/range.json" "$out/base.json" "$KVM_INTENDED" "$seen" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
keys = lambda f: {k["key"] for k in f["keys"]}
base = set().union(*[keys(f) for f in json.load(open(sys.argv[2]))["findings"]])
want = {l.strip() for l in open(sys.argv[3]) if l.strip() and not l.startswith("#")}
i = int(sys.argv[5])
have, group = set(), {}
for c in r["commits"][:i]:
    for f in c["gone"]:
        have -= keys(f)
    for f in c["added"]:
        have |= keys(f)
        for k in keys(f):
            group[k] = (f["check"], f["file"], f["line"], f["symbol"], f["message"])
groups = {}
for k in sorted(have - base):
    groups.setdefault(group[k], set()).add(k)
new = intended = 0
with open(sys.argv[4], "a") as seen:
    for g, ks in sorted(groups.items(), key=str):
        if ks <= want:
            intended += 1
            seen.write("".join(k + "\n" for k in sorted(ks)))
        else:
            new += 1
            print("%s:%d: warning: %s [%s] (%d configurations)" % (g[1], g[2], g[4], g[0], len(ks)),
                  file=sys.stderr)
print(new, intended, r["commits"][i - 1]["errors"])
PY
}

# new_findings JSON: "new intended errors": the patch's findings over the
# base, those of kvm/intended-findings apart; the intended keys seen are
# added to $seen.
seen=$(mktemp)
trap 'rm -f "$seen"' EXIT
new_findings() {
	/usr/bin/python3 - "$1" "$KVM_INTENDED" "$seen" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
want = set()
for line in open(sys.argv[2]):
    line = line.strip()
    if line and not line.startswith("#"):
        want.add(line)
new = intended = 0
with open(sys.argv[3], "a") as seen:
    for f in r["findings"]:
        keys = {k["key"] for k in f["keys"]}
        if keys <= want:
            intended += 1
            seen.write("".join(k + "\n" for k in sorted(keys)))
        else:
            new += 1
print(new, intended, r["summary"]["errors"])
PY
}

status=0
{
	echo "kcheck, per patch, over the base tree's findings: $configs configurations"
	echo "($arches: defconfigs, defconfigs + KVM fragments, all{no,yes,mod}config,"
	echo "$rand randconfigs per arch, plain and with the KVM fragments; seeds 1..$rand)."
	echo
	echo "| patch | new findings | intended findings (kvm/intended-findings) | configurations that could not be evaluated | sat: selects checked | sat: proved impossible | sat: new unmet (confirmed) | sat: unconfirmed | sat: invariants proved |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
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
	if [ "$i" = "$n" ]; then
		# the last patch whole, with the rules
		rc=0
		"$kcheck" check --tree "$pw" "${matrix[@]}" "${extra[@]}" --baseline "$out/base.json" \
			--format json --output "$out/patch-$i.json" || rc=$?
		[ "$rc" -le 1 ] || status=2
		read -r nf ni ne < <(new_findings "$out/patch-$i.json")
		if [ "$rc" != 0 ]; then
			"$kcheck" check --tree "$pw" "${matrix[@]}" "${extra[@]}" --baseline "$out/base.json" || true
		fi
	else
		read -r nf ni ne < <(range_findings "$i")
		[ "$ne" = 0 ] || status=2
	fi
	[ "$nf" = 0 ] || [ "$status" != 0 ] || status=1
	rc=0
	"$kcheck" sat --tree "$pw" --arch "$arches" --symbols "$sat_scope" --no-redundancy --quiet \
		"${extra[@]}" --baseline "$out/base-sat.json" --format json --output "$out/patch-$i-sat.json" || rc=$?
	read -r sc su sr sk ss sp si sip < <(sat_counts "$out/patch-$i-sat.json")
	echo "| $i/$n $subject$([ "$i" = "$n" ] && echo " (+ rules)") | $nf | $ni | $ne | $ss | $sp | $sc | $su | $([ "$si" = 0 ] && echo - || echo "$sip/$si") |" >>"$out/summary.md"
	if [ "$rc" -ge 2 ]; then status=2; elif [ "$rc" = 1 ] && [ "$status" = 0 ]; then status=1; fi
	if [ "$rc" != 0 ]; then
		"$kcheck" sat --tree "$pw" --arch "$arches" --symbols "$sat_scope" --no-redundancy \
			"${extra[@]}" --baseline "$out/base-sat.json" || true
	fi
done
[ "$range_status" -le 1 ] || status=2
cat "$out/summary.md"
stale=$(grep -v -e '^#' -e '^[[:space:]]*$' "$KVM_INTENDED" | sort -u | comm -23 - <(sort -u "$seen"))
if [ -n "$stale" ]; then
	log "kvm/intended-findings lists findings no patch makes:"
	sed 's/^/  /' <<<"$stale" >&2
	[ "$status" != 0 ] || status=1
fi

# What the whole series changes, for the cover letter.
rc=0
"$kcheck" diff "$base_repo" "$wt" "${matrix[@]}" >"$out/diff.txt" || rc=$?
[ "$rc" -le 1 ] || { cat "$out/diff.txt"; die "kcheck diff could not run (exit $rc)"; }
stamp=$(series_stamp "$wt")
summary=$(note_path make-series-check.txt)
{
	echo "kcheck (kconfig-checks/ of this project; each tree's own scripts/kconfig"
	echo "resolves every configuration, 'make'-exact) on the KVM architectures:"
	echo
	sed -n '1,3p' "$out/summary.md"
	echo
	awk -F' [|] ' '/^[|] [0-9]+[/]/ { sub(/^[|] /, "", $1);
		printf "  patch %s: %s new findings, %s intended, %s configurations not evaluated\n", $1, $2, $3, $4 }' "$out/summary.md"
	echo
	echo "kcheck sat (every configuration Kconfig allows; CaDiCaL over the tree's"
	echo "own parsed model, counterexamples confirmed by the tree's scripts/kconfig),"
	echo "every select touching a $sat_scope symbol on the same arches, over the base tree:"
	echo
	awk -F' [|] ' '/^[|] [0-9]+[/]/ { sub(/^[|] /, "", $1); sub(/ [|]$/, "", $9); split($1, p, " ");
		printf "  patch %s: %s selects, %s proved never unmet, %s new confirmed, %s unconfirmed%s\n",
			p[1], $5, $6, $7, $8, ($9 == "-" ? "" : ", invariants proved: " $9) }' "$out/summary.md"
	echo
	echo "What the series changes in resolved configurations (kcheck diff):"
	sed -n '1p' "$out/diff.txt"
	sed -n '/^Value changes/,$p' "$out/diff.txt"
	echo "kcheck-summary-of: base..series diff sha256 $stamp"
} >"$summary.tmp"
mv "$summary.tmp" "$summary"
log "wrote $summary (for make export)"
echo "reports: $out"
exit "$status"
