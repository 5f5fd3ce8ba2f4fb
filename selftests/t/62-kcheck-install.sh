# SPDX-License-Identifier: GPL-2.0-only
# kcheck as a tool of its own: 'make install' into a prefix (and a DESTDIR
# staging), the installed binary runs from another directory with its
# helpers found where it was installed, --version and kcheck(1); and its
# undefined-symbol check knows every arch's definitions whatever --arch
# narrows the evaluation to.
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE

# needs_installed: KI, kcheck installed once into a prefix with a space
needs_installed() {
	once install make -s -C "$TOP/kconfig-checks" install PREFIX="$SCRATCH/pre fix" &&
	KI="$SCRATCH/pre fix/bin/kcheck"
}
# the files make install wrote, relative to the prefix
install_files() { (cd "$SCRATCH/pre fix" && find . -type f | sort) | expect; }
destdir() {
	run 0 make -s -C "$TOP/kconfig-checks" install PREFIX=/usr/local DESTDIR="$T/stage" &&
	(cd "$T/stage" && find . -type f | sort) | expect
}
version() {
	[ "$(cd / && "$KI" --version)" = "kcheck $(cat "$TOP/kconfig-checks/VERSION")" ] &&
	grep -q '^\.TH KCHECK 1' "$SCRATCH/pre fix/share/man/man1/kcheck.1"
}
from_tmp() {
	(cd /tmp && KCHECK_CACHE="$T/ci" run 1 "$KI" --tree "$FX" --no-code-scan --quiet) &&
	mv "$T/out" "$T/installed.out" &&
	(cd /tmp && KCHECK_CACHE="$T/cb" run 1 "$KCHECK" --tree "$FX" --no-code-scan --quiet) &&
	diff "$T/out" "$T/installed.out" && expect <"$T/installed.out"
}
no_defaults() {
	# every configuration of the list is without a fragment ('-')
	(cd /tmp && KCHECK_CACHE="$T/ci" run 0 "$KI" list --tree "$BASE" --arch x86) &&
	[ -s "$T/out" ] && awk -F'\t' '$NF != "-"' "$T/out" | expect
}
# --arch x86 evaluates one arch; the undefined-symbol check reads them all
undefined_all_arches() {
	local n
	run 1 "$KCHECK" --tree "$BASE" --arch x86 --defconfig x86_64_defconfig \
		--no-all-targets --quiet --format json --output "$T/x86.json" || return 1
	/usr/bin/python3 -c '
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    if f["check"] == "undefined-symbol":
        print(f["symbol"])' "$T/x86.json" | sort -u >"$T/undef"
	find "$BASE" -name 'Kconfig*' -type f -print0 | xargs -0 grep -hE '^\s*(menu)?config\s+[A-Za-z0-9_]+' |
		awk '{ print $2 }' | sort -u >"$T/defined"
	n=$(wc -l <"$T/undef")
	echo "note: $n undefined symbols reported"
	[ "$n" -gt 0 ] || { echo "no undefined symbol reported"; return 1; }
	comm -12 "$T/undef" "$T/defined" >"$T/both"
	[ ! -s "$T/both" ] || { echo "defined on another arch:"; head "$T/both"; return 1; }
}

tcase install-files "make install PREFIX='<dir with a space>': the binary, its libexec helpers and sources, kcheck(1)" install_files installed
tcase destdir "make install DESTDIR=...: the same files staged under DESTDIR" destdir kcheck
tcase version "kcheck --version and kcheck(1), installed" version installed
tcase from-tmp "the installed kcheck, run from /tmp, finds what the built one finds" from_tmp installed kcheck kc1
tcase no-defaults "the installed kcheck has no project defaults: no fragments unless given" no_defaults installed base
tcase undefined-all-arches "--arch x86: none of the undefined symbols reported is defined on another arch" undefined_all_arches kcheck base
run_tests "$@"
