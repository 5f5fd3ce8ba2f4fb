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
KL=$TOP/selftests/fixtures/kclib

needs_kconfiglib() {
	$PY -c 'import kconfiglib' 2>/dev/null ||
		{ echo "needs Debian's kconfiglib: apt-get install python3-kconfiglib (or make deps)"; return 1; }
}
compat() {
	run 0 $PY -c "import sys; sys.path.insert(0, '$TOP/kconfig-checks/kclib'); import kconfiglib, kclib_compat
$1"
}
# plain FILE: Debian's kconfiglib alone stops on FILE; its error is expected
plain() {
	run 1 $PY -c "import kconfiglib; kconfiglib.Kconfig('$KL/$1')" &&
	tail -n 1 "$T/err" | expect
}
plain_modules() { plain Kconfig.modules-only; }
plain_transitional() { plain Kconfig.transitional-only; }
plain_conditional() { plain Kconfig.conditional-dep-only; }
compat_modules() {
	compat "
k = kclib_compat.CompatKconfig('$KL/Kconfig', warn=False)
assert k.modules.name == 'MODULES'
assert k.syms['TRI'].str_value == 'm', k.syms['TRI'].str_value
k.syms['MODULES'].set_value(0)
assert k.syms['TRI'].str_value == 'y', k.syms['TRI'].str_value"
}
compat_transitional() {
	compat "
k = kclib_compat.CompatKconfig('$KL/Kconfig', warn=False)
assert {s.name for s in k.transitional} == {'OLD_NAME'}, k.transitional
k.write_config('$T/t.config')
t = open('$T/t.config').read()
assert 'OLD_NAME' not in t and 'CONFIG_NEW_NAME' in t, t"
}
# 'depends on X if Y' (7.x): through the layer, input N of the fixture
# gives the values 7.3.4's conf wrote (expectedN); the test's name,
# conditional-N, names the input
conditional() {
	local cd=$KL/conditional-dep n=${TNAME#conditional-}
	compat "
import re
def values(path):
    v = {}
    for line in open(path):
        m = re.match(r'(?:CONFIG_(\w+)=(.*)|# CONFIG_(\w+) is not set)$', line.rstrip())
        if m:
            v[m[1] or m[3]] = m[2] or 'n'
    return v
k = kclib_compat.CompatKconfig('$cd/Kconfig', warn=False)
k.load_config('$cd/in$n')
k.write_config('$T/cd.config')
got, want = values('$T/cd.config'), values('$cd/expected$n')
names = set(got) | set(want)
diff = [(s, got.get(s, 'n'), want.get(s, 'n')) for s in sorted(names) if got.get(s, 'n') != want.get(s, 'n')]
assert not diff, diff"
}

# kclib-check on the kcheck fixture tree: the planted unmet dependency,
# invariant failure and undefined symbol, as kcheck reports them
kclib_check() {
	run 0 $PY "$TOP/kconfig-checks/kclib/kclib-check" --tree "$FX" --out "$T/kl" --rules "$FX/bad.rules" -j 2
}
kclib_keys() {
	kclib_check &&
	$PY -c "import json; r = json.load(open('$T/kl/report.json')); print('\n'.join(sorted(f['key'] for f in r['findings'])))" |
		expect
}
# both opinions on the fixture, for compare.py; KNOWN: the known
# disagreements, copied so that a test may add a line
both() {
	kclib_check &&
	run 0 "$KCHECK" dump --tree "$FX" --dump-dir "$T/kd" --quiet &&
	run 1 "$KCHECK" check --tree "$FX" --no-code-scan --rules "$FX/bad.rules" --format json --output "$T/k.json" --quiet &&
	cp "$TOP/kconfig-checks/kclib/known-disagreements" "$T/known"
}
# compare STATUS: compare.py's report (the line numbers of the known
# disagreements, which move as lines are added there, read known:N)
compare() {
	run "$1" $PY "$TOP/kconfig-checks/kclib/compare.py" "$T/kd" "$T/k.json" "$T/kl" "$T/known" &&
	sed -E 's/\(known:[0-9]+\)/(known:N)/' "$T/out" | expect
}
compare_agree() { both && compare 0; }
# flip C in one configuration of kconfiglib's side
plant() {
	sed -i 's/^CONFIG_C=y$/# CONFIG_C is not set/; t; s/^# CONFIG_C is not set$/CONFIG_C=y/' \
		"$T/kl/configs/foo/clean_defconfig.config"
}
compare_planted() { both && plant && compare 1; }
compare_explained() {
	both && plant && echo 'value ^VALUE\sfoo/clean_defconfig\sC: planted: a test' >>"$T/known" &&
	compare 0
}
kclib_unknown_arch() {
	run 2 $PY "$TOP/kconfig-checks/kclib/kclib-check" --tree "$FX" --out "$T/kl2" --arch nope &&
	expect <"$T/err"
}
kclib_not_kernel() {
	run 2 $PY "$TOP/kconfig-checks/kclib/kclib-check" --tree "$T" --out "$T/kl3" && expect <"$T/err"
}
# the cross-check on the real base tree, a sample from every arch
cross_check() {
	run 0 env GMEM_CACHE="$BASE_CACHE" KCHECK_CACHE="$T/kcheck-cache" "$TOP/tools/cross-check.sh" --sample || return 1
	grep -E 'agree|unexplained|kconfiglib [0-9]|explained:' "$T/out" "$T/err" | sed 's/^[^:]*:/note: /'
}

tcase plain-modules "plain kconfiglib cannot parse the 'modules' attribute" plain_modules kconfiglib
tcase plain-transitional "plain kconfiglib cannot parse 'transitional'" plain_transitional kconfiglib
tcase plain-conditional "plain kconfiglib cannot parse 'depends on X if Y'" plain_conditional kconfiglib
tcase compat-modules "kclib_compat: 'modules' marks MODULES; a tristate is m with MODULES=y, m becomes y with MODULES=n" compat_modules kconfiglib
tcase compat-transitional "kclib_compat: a 'transitional' symbol is marked and not written" compat_transitional kconfiglib
for in in "$KL"/conditional-dep/in[0-9]*; do
	n=${in##*/in}
	tcase "conditional-$n" "kclib_compat: 'depends on X if Y', input $n gives expected$n (7.3.4's conf)" conditional kconfiglib
done
tcase kclib-keys "kclib-check on the fixture tree: the planted unmet dependency, undefined symbol and failing invariant" kclib_keys kconfiglib kc1
tcase compare-agree "compare: kcheck and kconfiglib agree on every value of the fixture tree (known write-rule class aside)" compare_agree kconfiglib kcheck kc1
tcase compare-planted "compare: a planted value disagreement is unexplained, exit 1" compare_planted kconfiglib kcheck kc1
tcase compare-explained "compare: a known-disagreements line explains it, exit 0" compare_explained kconfiglib kcheck kc1
tcase kclib-unknown-arch "kclib-check: unknown arch, exit 2" kclib_unknown_arch kconfiglib kc1
tcase kclib-not-kernel "kclib-check: not a kernel tree, exit 2" kclib_not_kernel kconfiglib
tcase cross-check "cross-check --sample: no unexplained disagreement between kcheck and kconfiglib" cross_check kconfiglib base
run_tests "$@"
