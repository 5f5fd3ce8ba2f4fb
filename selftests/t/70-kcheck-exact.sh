# SPDX-License-Identifier: GPL-2.0-only
# tier: all
# kcheck resolves configurations exactly as make does, on the real base
# tree: a sample from every architecture (tools/verify-exact.sh --sample),
# and the unmet-dependency check reports what make's own warnings report.
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE
check "verify-exact --sample: every arch's sample identical to make" \
	"$TOP/tools/verify-exact.sh" --sample
grep -E 'identical|DIFFERENT|MISSING|make loop' "$SCRATCH/out" | sed 's/^/# /'

base=$("$TOP/tools/prepare-base.sh" 2>/dev/null)
obj=$SCRATCH/obj
d=44x/iss476-smp_defconfig
make -s -C "$base" O="$obj" ARCH=powerpc "$d" >/dev/null 2>"$SCRATCH/make.err"
grep -A4 'unmet direct dependencies detected for' "$SCRATCH/make.err" |
	awk '/detected for/ { t = $NF } /^  - / { print t, $2 }' | sort -u >"$SCRATCH/make.unmet"
"$(kcheck_bin)" check --tree "$base" --arch powerpc --defconfig "$d" \
	--no-fragments --no-all-targets --no-code-scan --quiet --format json >"$SCRATCH/k.json" || true
/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
for f in r["findings"]:
    if f["check"] == "unmet-dependency":
        print(f["symbol"], f["message"].split()[0])' "$SCRATCH/k.json" | sort -u >"$SCRATCH/k.unmet"
if [ -s "$SCRATCH/make.unmet" ] && cmp -s "$SCRATCH/make.unmet" "$SCRATCH/k.unmet"; then
	ok "unmet dependencies of powerpc $d: kcheck = make's warnings ($(paste -sd' ' "$SCRATCH/k.unmet"))"
else
	not_ok "unmet dependencies of powerpc $d: kcheck and make disagree"
	diff "$SCRATCH/make.unmet" "$SCRATCH/k.unmet" | sed 's/^/    /'
fi
