# SPDX-License-Identifier: GPL-2.0-only
# kcheck as a tool of its own: 'make install' into a prefix (and a DESTDIR
# staging), the installed binary runs from another directory with its
# helpers found where it was installed, --version and kcheck(1); and its
# undefined-symbol check knows every arch's definitions whatever --arch
# narrows the evaluation to.
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE
base=$("$TOP/tools/prepare-base.sh" 2>/dev/null) || { not_ok "base tree"; exit 1; }
prefix="$SCRATCH/pre fix"
if make -s -C "$TOP/kconfig-checks" install PREFIX="$prefix" >"$SCRATCH/out" 2>&1; then
	ok "make install PREFIX='$prefix'"
else
	not_ok "make install"; sed 's/^/    /' "$SCRATCH/out"
fi
check "make install DESTDIR=... stages every file under DESTDIR" \
	bash -c 'make -s -C "$1/kconfig-checks" install PREFIX=/usr/local DESTDIR="$2/stage" &&
		 [ -x "$2/stage/usr/local/bin/kcheck" ] && [ -x "$2/stage/usr/local/libexec/kcheck/engine.sh" ] &&
		 [ -f "$2/stage/usr/local/share/man/man1/kcheck.1" ] && [ -f "$2/stage/usr/local/libexec/kcheck/src/worker/worker.c" ]' _ "$TOP" "$SCRATCH"
K=$prefix/bin/kcheck
same "kcheck --version" "$(cd / && "$K" --version)" "kcheck $(cat "$TOP/kconfig-checks/VERSION")"
check "kcheck(1) is installed" grep -q '^\.TH KCHECK 1' "$prefix/share/man/man1/kcheck.1"
fx=$SCRATCH/fx
cp -r "$TOP/selftests/fixtures/kc1" "$fx"
mkdir -p "$fx/scripts"
cp -r "$base/scripts/kconfig" "$base/scripts/include" "$fx/scripts/"
(cd /tmp && KCHECK_CACHE="$SCRATCH/ci" "$K" --tree "$fx" --no-code-scan --quiet >"$SCRATCH/installed.out" 2>&1)
rc=$?
(cd /tmp && KCHECK_CACHE="$SCRATCH/cb" "$(kcheck_bin)" --tree "$fx" --no-code-scan --quiet >"$SCRATCH/built.out" 2>&1)
check "the installed kcheck, run from /tmp, finds what the built one finds (exit $rc)" \
	bash -c '[ "$1" = 1 ] && cmp "$2/installed.out" "$2/built.out" && grep -q unmet-dependency "$2/installed.out"' _ "$rc" "$SCRATCH"
check "the installed kcheck has no project defaults: no fragments unless given" \
	bash -c 'cd /tmp && KCHECK_CACHE="$1/ci" "$2" list --tree "$3" --arch x86 | grep -v "	-$" | wc -l | grep -qx 0' _ "$SCRATCH" "$K" "$base"

# --arch x86 evaluates one arch; the undefined-symbol check reads them all
KCHECK_CACHE="$SCRATCH/cb" "$(kcheck_bin)" --tree "$base" --arch x86 --defconfig x86_64_defconfig \
	--no-all-targets --quiet --format json --output "$SCRATCH/x86.json" >/dev/null 2>&1
/usr/bin/python3 -c '
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    if f["check"] == "undefined-symbol":
        print(f["symbol"])' "$SCRATCH/x86.json" | sort -u >"$SCRATCH/undef"
find "$base" -name 'Kconfig*' -type f -print0 | xargs -0 grep -hE '^\s*(menu)?config\s+[A-Za-z0-9_]+' |
	awk '{ print $2 }' | sort -u >"$SCRATCH/defined"
comm -12 "$SCRATCH/undef" "$SCRATCH/defined" >"$SCRATCH/both"
n=$(wc -l <"$SCRATCH/undef")
if [ "$n" -gt 0 ] && [ ! -s "$SCRATCH/both" ]; then
	ok "--arch x86: none of the $n undefined symbols reported is defined on another arch"
else
	not_ok "--arch x86: undefined symbols that another arch defines ($n reported): $(head -5 "$SCRATCH/both" | paste -sd' ')"
fi
