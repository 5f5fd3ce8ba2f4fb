# SPDX-License-Identifier: GPL-2.0-only
# tier: all
# kcheck resolves configurations exactly as make does, on the real base
# tree: a sample from every architecture (tools/verify-exact.sh --sample:
# without caches, and with every parsed model from a model server), and
# the unmet-dependency check reports what make's own warnings report.
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE

verify_exact() {
	run 0 env GMEM_CACHE="$BASE_CACHE" KCHECK_CACHE="$T/kcheck-cache" "$TOP/tools/verify-exact.sh" --sample || return 1
	grep -E 'identical|DIFFERENT|MISSING|make loop|model server' "$T/out" "$T/err" | sed 's/^[^:]*:/note: /'
}
# make's "unmet direct dependencies" warnings for one defconfig, as
# "TARGET SELECTOR" lines, against kcheck's findings for it
make_warnings() {
	local d=44x/iss476-smp_defconfig
	make -s -C "$BASE" O="$T/obj" ARCH=powerpc "$d" >/dev/null 2>"$T/make.err"
	grep -A4 'unmet direct dependencies detected for' "$T/make.err" |
		awk '/detected for/ { t = $NF } /^  - / { print t, $2 }' | sort -u >"$T/make.unmet"
	run 1 "$KCHECK" check --tree "$BASE" --arch powerpc --defconfig "$d" \
		--no-fragments --no-all-targets --no-code-scan --quiet --format json --output "$T/k.json" || return 1
	/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
for f in r["findings"]:
    if f["check"] == "unmet-dependency":
        print(f["symbol"], f["message"].split()[0])' "$T/k.json" | sort -u >"$T/k.unmet"
	[ -s "$T/make.unmet" ] || { echo "make printed no warning"; cat "$T/make.err"; return 1; }
	diff "$T/make.unmet" "$T/k.unmet" && expect <"$T/k.unmet"
}

tcase verify-exact "verify-exact --sample: every arch's sample identical to make" verify_exact base
tcase make-warnings "unmet dependencies of powerpc 44x/iss476-smp_defconfig: kcheck = make's warnings" make_warnings kcheck base
run_tests "$@"
