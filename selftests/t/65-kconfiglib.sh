# SPDX-License-Identifier: GPL-2.0-only
# tier: all
# The kconfiglib second opinion: kclib_compat parses what Debian's
# kconfiglib 14.1.0 cannot (fixtures for each construct, each shown to
# fail without the layer), kclib-check finds what kcheck finds on the
# kcheck fixture tree, and the cross-check on a sample of the base tree
# from every arch has no unexplained disagreement.
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE
PY=/usr/bin/python3
fx=$TOP/selftests/fixtures/kclib
if ! $PY -c 'import kconfiglib' 2>/dev/null; then
	not_ok "Debian's python3-kconfiglib is installed (make deps)"
	exit 1
fi
compat() { $PY -c "import sys; sys.path.insert(0, '$TOP/kconfig-checks/kclib'); import kconfiglib, kclib_compat
$1" >"$SCRATCH/out" 2>&1; }

fails_with "plain kconfiglib cannot parse the 'modules' attribute" 1 "couldn't parse 'modules'" \
	$PY -c "import kconfiglib; kconfiglib.Kconfig('$fx/Kconfig.modules-only')"
fails_with "plain kconfiglib cannot parse 'transitional'" 1 "transitional" \
	$PY -c "import kconfiglib; kconfiglib.Kconfig('$fx/Kconfig.transitional-only')"
check "kclib_compat: 'modules' marks MODULES; a tristate is m with MODULES=y, m becomes y with MODULES=n" compat "
k = kclib_compat.CompatKconfig('$fx/Kconfig', warn=False)
assert k.modules.name == 'MODULES'
assert k.syms['TRI'].str_value == 'm', k.syms['TRI'].str_value
k.syms['MODULES'].set_value(0)
assert k.syms['TRI'].str_value == 'y', k.syms['TRI'].str_value"
check "kclib_compat: a 'transitional' symbol is marked and not written" compat "
k = kclib_compat.CompatKconfig('$fx/Kconfig', warn=False)
assert {s.name for s in k.transitional} == {'OLD_NAME'}, k.transitional
k.write_config('$SCRATCH/t.config')
t = open('$SCRATCH/t.config').read()
assert 'OLD_NAME' not in t and 'CONFIG_NEW_NAME' in t, t"

# 'depends on X if Y' (7.x): plain kconfiglib stops on it; through the
# layer, each input of the fixture gives the values 7.3.4's conf wrote
cd_fx=$fx/conditional-dep
fails_with "plain kconfiglib cannot parse 'depends on X if Y'" 1 "couldn't parse 'depends on A if B'" \
	$PY -c "import kconfiglib; kconfiglib.Kconfig('$fx/Kconfig.conditional-dep-only')"
for in in "$cd_fx"/in[0-9]*; do
	n=${in##*/in}
	check "kclib_compat: 'depends on X if Y', input $n gives expected$n (7.3.4's conf)" compat "
import re
def values(path):
    v = {}
    for line in open(path):
        m = re.match(r'(?:CONFIG_(\w+)=(.*)|# CONFIG_(\w+) is not set)$', line.rstrip())
        if m:
            v[m[1] or m[3]] = m[2] or 'n'
    return v
k = kclib_compat.CompatKconfig('$cd_fx/Kconfig', warn=False)
k.load_config('$in')
k.write_config('$SCRATCH/cd.config')
got, want = values('$SCRATCH/cd.config'), values('$cd_fx/expected$n')
names = set(got) | set(want)
diff = [(s, got.get(s, 'n'), want.get(s, 'n')) for s in sorted(names) if got.get(s, 'n') != want.get(s, 'n')]
assert not diff, diff"
done

# kclib-check on the kcheck fixture tree: the planted unmet dependency,
# invariant failure and undefined symbol, as kcheck reports them
base=$("$TOP/tools/prepare-base.sh" 2>/dev/null) || { not_ok "base tree"; exit 1; }
kfx=$SCRATCH/kfx
cp -r "$TOP/selftests/fixtures/kc1" "$kfx"
mkdir -p "$kfx/scripts"
cp -r "$base/scripts/kconfig" "$base/scripts/include" "$kfx/scripts/"
check "kclib-check runs on the fixture tree" \
	$PY "$TOP/kconfig-checks/kclib/kclib-check" --tree "$kfx" --out "$SCRATCH/kl" --rules "$kfx/bad.rules" -j 2
keys=$($PY -c "import json; r = json.load(open('$SCRATCH/kl/report.json')); print(' '.join(sorted(f['key'] for f in r['findings'])))" 2>&1)
case " $keys " in
*" unmet-dependency|B|A|foo/unmet_defconfig "*) ok "kclib-check: the planted unmet dependency" ;;
*) not_ok "kclib-check: the planted unmet dependency (got: $keys)" ;;
esac
case " $keys " in
*" undefined-symbol|UNDEFINED_IN_KCONFIG "*) ok "kclib-check: the planted undefined symbol" ;;
*) not_ok "kclib-check: the planted undefined symbol (got: $keys)" ;;
esac
case " $keys " in
*"invariant|!A || C|foo/unmet_defconfig"*) ok "kclib-check: the failing invariant" ;;
*) not_ok "kclib-check: the failing invariant (got: $keys)" ;;
esac
# compare.py on the fixture: agreement, then a planted disagreement that
# fails until a known-disagreements line explains it
K=$(kcheck_bin)
make -s -C "$TOP/kconfig-checks" >/dev/null 2>&1
export GMEM_CACHE=$SCRATCH/cache KCHECK_CACHE=$SCRATCH/cache/kcheck
"$K" dump --tree "$kfx" --dump-dir "$SCRATCH/kd" --quiet >/dev/null 2>&1
"$K" check --tree "$kfx" --no-code-scan --rules "$kfx/bad.rules" --format json --output "$SCRATCH/k.json" --quiet >/dev/null 2>&1
cp "$TOP/kconfig-checks/kclib/known-disagreements" "$SCRATCH/known"
fails_with "compare: kcheck and kconfiglib agree on every value of the fixture tree (known write-rule class aside)" 0 "^9/9 configurations: kcheck and kconfiglib agree on every symbol's value" \
	$PY "$TOP/kconfig-checks/kclib/compare.py" "$SCRATCH/kd" "$SCRATCH/k.json" "$SCRATCH/kl" "$SCRATCH/known"
sed -i 's/^CONFIG_C=y$/# CONFIG_C is not set/; t; s/^# CONFIG_C is not set$/CONFIG_C=y/' "$SCRATCH/kl/configs/foo/clean_defconfig.config"
fails_with "compare: a planted value disagreement is unexplained, exit 1" 1 "^VALUE foo/clean_defconfig C: .*UNEXPLAINED" \
	$PY "$TOP/kconfig-checks/kclib/compare.py" "$SCRATCH/kd" "$SCRATCH/k.json" "$SCRATCH/kl" "$SCRATCH/known"
echo 'value ^VALUE\sfoo/clean_defconfig\sC: planted: a test' >>"$SCRATCH/known"
fails_with "compare: a known-disagreements line explains it, exit 0" 0 "explained: 1 x planted" \
	$PY "$TOP/kconfig-checks/kclib/compare.py" "$SCRATCH/kd" "$SCRATCH/k.json" "$SCRATCH/kl" "$SCRATCH/known"
unset GMEM_CACHE
fails_with "kclib-check: unknown arch, exit 2" 2 "unknown arch 'nope'" \
	$PY "$TOP/kconfig-checks/kclib/kclib-check" --tree "$kfx" --out "$SCRATCH/kl2" --arch nope
fails_with "kclib-check: not a kernel tree, exit 2" 2 "is not a Linux kernel tree" \
	$PY "$TOP/kconfig-checks/kclib/kclib-check" --tree "$SCRATCH" --out "$SCRATCH/kl3"

# the cross-check on the real base tree, a sample from every arch
check "cross-check --sample: no unexplained disagreement between kcheck and kconfiglib" \
	"$TOP/tools/cross-check.sh" --sample
grep -E 'agree|unexplained|kconfiglib [0-9]|explained:' "$SCRATCH/out" | sed 's/^/# /'
