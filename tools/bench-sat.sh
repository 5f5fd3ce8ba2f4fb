#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bench-sat.sh: the all-configurations mode (kcheck sat), timed, and set
# against the configuration matrix on the same machine:
#
#  1. the KVM scope (every select touching a *KVM* symbol, redundancy
#     mining among them, the resting-state rules) on every KVM arch of the
#     series (x86 arm64 riscv s390 powerpc mips loongarch), -j BENCH_JOBS;
#     target: under 60 s on 2 cores;
#  2. every select of x86 of the base tree (the full unmet-dependency
#     sweep); target: under 10 minutes;
#  3. the matrix on the same arches (kcheck check: defconfigs, defconfigs +
#     KVM fragments, all{no,yes,mod}config, BENCH_RAND randconfigs plain
#     and with the fragments), and which unmet dependencies each finds that
#     the other does not.
#
# Caches are filled first (one untimed run), as in bench.sh's warm figure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$("$GMEM_TOP/tools/prepare-base.sh")
# the KVM scope with the resting-state rules runs on the series: the
# rules name its symbols (kcheck sat refuses a rule about a symbol the
# tree does not define)
wt=$("$GMEM_TOP/tools/apply.sh")
jobs=${BENCH_JOBS:-$(nproc)}
rand=${BENCH_RAND:-200}
kvm=x86,arm64,riscv,s390,powerpc,mips,loongarch
make -s -C "$GMEM_TOP/kconfig-checks" >&2
rules=$KVM_RULES
work=$GMEM_CACHE/bench-sat
mkdir -p "$work"
now() { date +%s.%N; }

"$kcheck" sat --tree "$wt" --arch "$kvm" --symbols '*KVM*' --no-redundancy --quiet -j "$jobs" >/dev/null || [ $? -eq 1 ]

log "1. kcheck sat: KVM scope on $kvm (the series)"
t0=$(now)
"$kcheck" sat --tree "$wt" --arch "$kvm" --symbols '*KVM*' --rules "$rules" --quiet -j "$jobs" \
	>"$work/kvm-scope.txt" || [ $? -eq 1 ]
t1=$(now)

log "2. kcheck sat: every select on x86"
"$kcheck" sat --tree "$tree" --arch x86 --unmet all --no-redundancy --quiet --format json \
	--output "$work/x86-all.json" || [ $? -eq 1 ]
t2=$(now)

log "3. kcheck check: the matrix on $kvm, $rand randconfigs per arch"
"$kcheck" check --tree "$tree" --arch "$kvm" --rand "$rand" --rand-fragments --no-code-scan --quiet \
	-j "$jobs" --format json --output "$work/matrix.json" || [ $? -eq 1 ]
t3=$(now)
"$kcheck" sat --tree "$tree" --arch "$kvm" --symbols '*KVM*' --no-redundancy --quiet -j "$jobs" \
	--format json --output "$work/kvm-scope.json" || [ $? -eq 1 ]

# unmet pairs "ARCH TARGET SELECTOR STATUS" from sat, "ARCH TARGET SELECTOR" from the matrix
/usr/bin/python3 - "$work" <<'PY'
import json, os, sys
w = sys.argv[1]
def sat(path):
    out = {}
    for a in json.load(open(path))["arches"]:
        for x in a["results"]:
            if x["what"] == "unmet":
                out[(a["arch"], x["target"], x["selector"])] = x["status"]
    return out
def matrix(path, arches=None):
    out = set()
    for f in json.load(open(path))["findings"]:
        if f["check"] != "unmet-dependency":
            continue
        for k in f["keys"]:
            _, t, s, cfg = k["key"].split("|")
            arch = cfg.split("/")[0]
            if arches is None or arch in arches:
                out.add((arch, t, s))
    return out
m = matrix(os.path.join(w, "matrix.json"))
for name, path, only in (("x86, every select", "x86-all.json", {"x86"}),
                         ("KVM scope, 7 arches", "kvm-scope.json", None)):
    s = sat(os.path.join(w, path))
    mm = {p for p in m if only is None or p[0] in only}
    if only is None:   # the matrix findings the scope covers
        mm = {p for p in mm if "KVM" in p[1] or "KVM" in p[2]}
    conf = {p for p, st in s.items() if st == "confirmed"}
    print("%s: sat confirmed %d, unconfirmed %d; matrix %d; sat only %d; matrix only %d"
          % (name, len(conf), len(s) - len(conf), len(mm), len(conf - mm), len(mm - set(s))))
    for p in sorted(conf - mm):
        print("  sat only: %s: %s selected by %s" % p)
    for p in sorted(mm - set(s)):
        print("  MATRIX ONLY (a soundness bug of the SAT mode): %s: %s selected by %s" % p)
PY
tail -1 "$work/kvm-scope.txt"
nconf=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["configurations"]))' "$work/matrix.json")
sel=$(/usr/bin/python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))
print(sum(x["value"] for a in r["arches"] for x in a["results"] if x["what"] == "stats" and x["name"] == "selects"))' "$work/x86-all.json")
printf 'kcheck sat, KVM scope, 7 arches (-j %s):  %8.1f s  (target < 60 s)\n' "$jobs" "$(echo "$t1 - $t0" | bc)"
printf 'kcheck sat, x86, all %s selects:      %8.1f s  (target < 600 s)\n' "$sel" "$(echo "$t2 - $t1" | bc)"
printf 'kcheck check, matrix, 7 arches, %s configurations: %8.1f s\n' "$nconf" "$(echo "$t3 - $t2" | bc)"
