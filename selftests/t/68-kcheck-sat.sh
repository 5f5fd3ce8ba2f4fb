# SPDX-License-Identifier: GPL-2.0-only
# kcheck sat, the all-configurations mode, on a fixture tree
# (selftests/fixtures/sat1 plus the base tree's scripts/kconfig): every
# planted bug is found and its counterexample, run through kcheck's matrix
# path (the engine verify-exact compares with make), shows the same unmet
# dependency; the tricky clean constructs are proved clean; invariants are
# proved or refuted; the planted redundancies are proved.  The round runs
# again under ASan+UBSan.  Then the property test: every unmet dependency
# the engine finds in randconfigs (fixture, and x86 of the base tree) is
# one the SAT mode says is possible.
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE
base=$("$TOP/tools/prepare-base.sh" 2>/dev/null) || { not_ok "base tree"; exit 1; }
fx=$SCRATCH/fx
cp -r "$TOP/selftests/fixtures/sat1" "$fx"
mkdir -p "$fx/scripts"
cp -r "$base/scripts/kconfig" "$base/scripts/include" "$fx/scripts/"

has()  { grep -qE -- "$1" "$SCRATCH/out"; }
hasnt() { ! grep -qE -- "$1" "$SCRATCH/out"; }
run() {
	local want=$1 rc=0
	shift
	"$KCHECK" "$@" >"$SCRATCH/out" 2>"$SCRATCH/err" || rc=$?
	cat "$SCRATCH/err" >>"$SCRATCH/out"
	[ "$rc" -eq "$want" ] || { echo "exit $rc, wanted $want"; sed 's/^/    /' "$SCRATCH/out"; return 1; }
}
t() { if eval "$2"; then ok "$ROUND$1"; else not_ok "$ROUND$1"; sed 's/^/    /' "$SCRATCH/out"; fi; }
sat=(sat --tree "$fx" --rules "$fx/sat.rules" --symbols 'R*' --unmet all)

for san in 0 1; do
	ROUND=$([ $san = 1 ] && echo "[asan+ubsan] " || echo "")
	export GMEM_CACHE=$SCRATCH/cache-$san KCHECK_CACHE=$SCRATCH/cache-$san/kcheck KCHECK_SANITIZE=$san
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
	if ! make -s -C "$TOP/kconfig-checks" SANITIZE=$san >"$SCRATCH/out" 2>&1; then
		not_ok "${ROUND}kcheck builds"; cat "$SCRATCH/out"; continue
	fi
	KCHECK=$(kcheck_bin)

	t "the three planted unmet dependencies are confirmed, exit 1" \
	  'run 1 "${sat[@]}" && has "^  Kconfig:31: warning: select T_DEEP in BUG_DEEP .* \[sat-unmet, confirmed\]" &&
	   has "^  Kconfig:43: warning: select T_TRI in BUG_TRI .* \[sat-unmet, confirmed\]" &&
	   has "^  Kconfig:64: warning: select T_CHOICE in BUG_CHOICE .* \[sat-unmet, confirmed\]"'
	t "the five-switch bug's counterexample is minimal: P1..P5 and BUG_DEEP" \
	  'grep -A1 "T_DEEP in BUG_DEEP" "$SCRATCH/out" | tail -1 | tr " " "\n" | grep -c "^CONFIG_.*=y$" | grep -qx 6'
	t "tristate m-vs-y, choices, select-if, X || X=n, promptless defaults, imply, tristate <=: no report" \
	  'hasnt "select CLEAN_|in CLEAN_" && has "6 of 9 selects proved impossible" && has "0 unconfirmed"'
	t "invariants: two proved, one refuted with a counterexample" \
	  'has "sat.rules:3: invariant proved" && has "sat.rules:5: invariant proved" &&
	   has "sat.rules:7: invariant refuted: BUG_TRI = n \|\| DEP_M = y" && has "counterexample: CONFIG_BUG_TRI=y"'
	t "redundancy: equal classes, fixed values, a select-if and a depends clause, proved" \
	  'has "equal in every configuration: (RB|RQ|RON|RA)( = (RB|RQ|RON|RA)){3}$" &&
	   has "equal in every configuration: (RT = RS|RS = RT)$" &&
	   has "RON: on-whenever-deps-hold" && has "RNEVER: always-n" &&
	   has "RS: the condition of .select RT if ....* never changes" &&
	   has "RD: .depends on RQ \|\| RZ. is implied" && hasnt "RZ: |RD: always|RS: always"'
	t "a scope of clean selects exits 0" \
	  'run 0 sat --tree "$fx" --symbols "CLEAN*" --no-redundancy && has "0 confirmed, 0 unconfirmed, 6 of 6 selects proved impossible"'
	t "--list-proved: the 6 clean selects and RS (select RT, which has no dependencies: dependency y) are listed as proved in the JSON (and only there), the counts unchanged" \
	  'run 1 "${sat[@]}" --list-proved --format json --output "$SCRATCH/lp.json" &&
	   /usr/bin/python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
p = sorted(x[\"selector\"] for a in r[\"arches\"] for x in a[\"results\"] if x[\"what\"] == \"unmet\" and x[\"status\"] == \"proved\")
assert p == [\"CLEAN_CHOICE\", \"CLEAN_CMP\", \"CLEAN_DEFAULT\", \"CLEAN_IDIOM\", \"CLEAN_M\", \"CLEAN_SELECT_IF\", \"RS\"], p
nodep = [x[\"selector\"] for a in r[\"arches\"] for x in a[\"results\"] if x[\"what\"] == \"unmet\" and x[\"dependency\"] == \"y\"]
assert nodep == [\"RS\"], nodep
assert r[\"confirmed\"] == 3 and r[\"unconfirmed\"] == 0 and r[\"summary\"][\"findings\"] == 4, r[\"summary\"]  # 3 unmet + the refuted invariant
" "$SCRATCH/lp.json" && run 1 "${sat[@]}" --list-proved && hasnt "proved\]"'
	t "--format json has the confirmed findings with keys" \
	  'run 1 "${sat[@]}" --format json && has "\"key\": \"sat-unmet\|T_DEEP\|BUG_DEEP\|sat\"" && has "\"kcheck-sat\": 1"'
	"$KCHECK" "${sat[@]}" --format json --quiet --output "$SCRATCH/base.json" 2>/dev/null
	t "--baseline: findings already in the baseline are not new, exit 0 once the invariant is gone" \
	  'grep -v "^invariant BUG_TRI" "$fx/sat.rules" >"$SCRATCH/r2" &&
	   run 0 sat --tree "$fx" --rules "$SCRATCH/r2" --symbols "R*" --unmet all --baseline "$SCRATCH/base.json" &&
	   has "3 findings in the baseline"'
	[ $san = 1 ] && t "sanitizers stayed silent" \
	  '! grep -rqE "ERROR: (Address|Leak)Sanitizer|runtime error:" "$SCRATCH/out" "$KCHECK_CACHE"/work 2>/dev/null'
done
ROUND=
export KCHECK_SANITIZE=0 GMEM_CACHE=$SCRATCH/cache-0 KCHECK_CACHE=$SCRATCH/cache-0/kcheck
KCHECK=$(kcheck_bin)

# each counterexample through kcheck's matrix path as a defconfig
"$KCHECK" "${sat[@]}" >"$SCRATCH/sat.txt" 2>/dev/null
n=0
while IFS= read -r line; do
	n=$((n + 1))
	printf '%s\n' $line >"$fx/arch/sat/configs/cx${n}_defconfig"
done < <(grep -A1 "sat-unmet, confirmed" "$SCRATCH/sat.txt" | sed -n 's/.*make olddefconfig): //p')
t "each counterexample, as a defconfig in kcheck check, shows its unmet dependency" \
  'run 1 --tree "$fx" --no-code-scan --no-all-targets && [ $n = 3 ] &&
   has "BUG_DEEP selects T_DEEP.*sat/cx[0-9]_defconfig" && has "BUG_TRI selects T_TRI.*sat/cx[0-9]_defconfig" &&
   has "BUG_CHOICE selects T_CHOICE.*sat/cx[0-9]_defconfig"'
rm -f "$fx"/arch/sat/configs/cx*_defconfig

# property: unmet dependencies of randconfigs (the engine) are a subset of
# what the SAT mode says is possible
pairs() {	# kcheck check JSON -> "TARGET SELECTOR" lines
	grep -o '"key": "unmet-dependency|[^|]*|[^|]*|' "$1" | cut -d'|' -f2,3 | tr '|' ' ' | sort -u
}
satpairs() {	# kcheck sat text -> "TARGET SELECTOR" lines, confirmed or not
	sed -n 's/^  .*: \(warning\|note\): select \([A-Za-z0-9_]*\) in \([A-Za-z0-9_]*\) .*/\2 \3/p' "$1" | sort -u
}
"$KCHECK" check --tree "$fx" --no-code-scan --rand 300 --format json --output "$SCRATCH/fx.json" 2>/dev/null
pairs "$SCRATCH/fx.json" >"$SCRATCH/fx.rand"
satpairs "$SCRATCH/sat.txt" >"$SCRATCH/fx.sat"
t "property (fixture): 300 randconfigs' unmet dependencies ($(wc -l <"$SCRATCH/fx.rand")) are all possible for the SAT mode" \
  '[ -s "$SCRATCH/fx.rand" ] && comm -23 "$SCRATCH/fx.rand" "$SCRATCH/fx.sat" >"$SCRATCH/out" && [ ! -s "$SCRATCH/out" ]'

"$KCHECK" check --tree "$base" --arch x86 --no-defconfigs --no-code-scan --rand 300 --fragments "$KVM_FRAGMENTS" --rand-fragments \
	--format json --output "$SCRATCH/x86.json" 2>/dev/null
pairs "$SCRATCH/x86.json" >"$SCRATCH/x86.rand"
scope=$(cut -d' ' -f2 "$SCRATCH/x86.rand" | sort -u | paste -sd,)
"$KCHECK" sat --tree "$base" --arch x86 --symbols "${scope:-NONE}" --no-redundancy >"$SCRATCH/x86.sat.txt" 2>&1
satpairs "$SCRATCH/x86.sat.txt" >"$SCRATCH/x86.sat"
t "property (base tree, x86): 300 randconfigs x 4 fragment sets' unmet dependencies ($(wc -l <"$SCRATCH/x86.rand")) are all possible for the SAT mode" \
  '[ -s "$SCRATCH/x86.rand" ] && comm -23 "$SCRATCH/x86.rand" "$SCRATCH/x86.sat" >"$SCRATCH/out" && [ ! -s "$SCRATCH/out" ]'
