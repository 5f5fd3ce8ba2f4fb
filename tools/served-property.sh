#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# served-property.sh [--edits N] [--seed S] [--tree DIR] [--keep DIR]:
# kcheck served == kcheck fresh == make, under random edits of a tree
# (issue 29).  A copy of the tree (hard links, with a file of its own for
# every file an edit may touch), then N random edits (--edits, or EDITS in
# the environment as make served-property EDITS=N passes it; default 200),
# each followed, for x86 (x86_64_defconfig) and arm64 (defconfig) in turn,
# by four resolutions of the same configuration: make's, kcheck's served
# (model servers and caches on), kcheck's --no-model-cache, and kcheck's
# --no-shell-cache --no-model-cache.  Their exit statuses must agree, and
# when they succeed their .config files, symbol for symbol as
# verify-exact compares them.  The edits, drawn with the seed (default 1):
#
#   same-size  a 'default y' line of a Kconfig file becomes 'default n' (or
#              back), in place (the same inode, the same size), its mtime
#              put back: only the ctime says it changed
#   swap       the same flip in a new file renamed over the old one
#   helper     scripts/min-tool-version.sh, which scripts/cc-version.sh
#              runs (kcheck's keys name only cc-version.sh), says gcc 5.1.0
#              or 99.0.0, with which every resolution must fail
#   env        another value of a variable in the environment of kcheck and
#              make (PROPERTY_NOISE), or CC=gcc-12 for the host's gcc
#
# (An edit saved while a parse runs is t/60's model-during-parse: it cannot
# be timed from here.)  The tree given (default: the pinned base tree) is
# never written.  Prints one line per edit and a summary.  Exit 0: every
# edit agreed; 1: one did not; 2: could not run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

edits=${EDITS:-200} seed=1 tree='' keep=
while [ $# -gt 0 ]; do
	case $1 in
	--edits) edits=${2:?}; shift 2 ;;
	--seed) seed=${2:?}; shift 2 ;;
	--tree) tree=${2:?}; shift 2 ;;
	--keep) keep=${2:?}; shift 2 ;;
	*) die "usage: served-property.sh [--edits N] [--seed S] [--tree DIR] [--keep DIR]" ;;
	esac
done
case $edits$seed in *[!0-9]*) die "--edits and --seed take decimal numbers" ;; esac
[ "$edits" -ge 1 ] && [ "$edits" -le 100000 ] || die "--edits: 1 to 100000"
need make make
[ -x /usr/bin/python3 ] || die "/usr/bin/python3 not found (make deps)"
[ -n "$tree" ] || tree=$("$GMEM_TOP/tools/prepare-base.sh")
[ -f "$tree/scripts/min-tool-version.sh" ] || die "$tree: no scripts/min-tool-version.sh"
make -s -C "$GMEM_TOP/kconfig-checks" >&2
bin=$(kcheck_bin)

work=$(mktemp -d "${TMPDIR:-/tmp}/served-property.XXXXXX")
[ -z "$keep" ] && trap 'rm -rf -- "$work"' EXIT
copy=$work/tree
# the kcheck cache of this run alone: its model servers, its shell cache
export KCHECK_CACHE=$work/kcheck-cache
log "copying $tree (hard links; Kconfig files and scripts/ copied)"
# (a whole copy, without .git, when the tree is on another filesystem)
if ! cp -al -- "$tree" "$copy" 2>/dev/null; then
	rm -rf -- "$copy"
	mkdir -p -- "$copy"
	tar -C "$tree" --exclude=./.git -cf - . | tar -C "$copy" -xf -
fi
rm -rf -- "$copy/.git"
# every file an edit may touch gets an inode of its own
find "$copy" \( -name 'Kconfig*' -o -path "$copy/scripts/*" \) -type f -print0 |
	while IFS= read -r -d '' f; do cp -p -- "$f" "$f.tmp-copy" && mv -- "$f.tmp-copy" "$f"; done

/usr/bin/python3 - "$copy" "$seed" "$edits" >"$work/plan" <<'PY'
# The plan: one edit per line, "KIND ARCH ARG...", drawn with the seed.
import os, random, sys
top, seed, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed)
dirs = ["init", "mm", "kernel", "lib", "arch/x86", "arch/arm64", "virt", "block",
        "fs", "net/core", "security", "crypto", "drivers/base", "drivers/pci"]
lines = []
for d in dirs:
    for root, _, files in os.walk(os.path.join(top, d)):
        for f in files:
            if not f.startswith("Kconfig"):
                continue
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                for i, l in enumerate(fh):
                    if l.strip() in (b"default y", b"default n"):
                        lines.append((os.path.relpath(p, top), i))
lines.sort()
for k in range(n):
    arch = "x86" if k % 2 == 0 else "arm64"
    kind = rnd.choices(["same-size", "swap", "helper", "env"], [5, 2, 1, 2])[0]
    if kind in ("same-size", "swap"):
        f, i = rnd.choice(lines)
        print(kind, arch, f, i)
    elif kind == "helper":
        print(kind, arch)
    else:
        print(kind, arch, rnd.choice(["noise", "cc"]), rnd.randrange(1 << 30))
PY

# flip FILE LINE MODE: 'default y' <-> 'default n' on line LINE (from 0),
# MODE in-place (same inode, mtime put back) or swap (a new file renamed)
flip() {
	/usr/bin/python3 - "$1" "$2" "$3" <<'PY'
import os, sys
p, n, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
st = os.stat(p)
data = open(p, "rb").read().split(b"\n")
l = data[n]
data[n] = l.replace(b"default y", b"default n") if b"default y" in l else l.replace(b"default n", b"default y")
out = b"\n".join(data)
if mode == "in-place":
    with open(p, "r+b") as f:
        f.write(out)
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
else:
    with open(p + ".swap", "wb") as f:
        f.write(out)
    os.chmod(p + ".swap", st.st_mode & 0o7777)
    os.rename(p + ".swap", p)
PY
}

defconfig_of() { [ "$1" = x86 ] && echo x86_64_defconfig || echo defconfig; }
syms() { grep -E '^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set$)' "$1" || true; }
env_extra=()
gcc_min=5.1.0
agreed=0 disagreed=0 k=0 served=0 runs=0
# resolve ARCH LABEL ARGS...: one kcheck resolution into $work/out/LABEL.config
kc() {
	local a=$1 label=$2 rc=0
	shift 2
	rm -rf -- "$work/out/$label"
	env "${env_extra[@]}" "$bin" dump --tree "$copy" --arch "$a" --defconfig "$(defconfig_of "$a")" \
		--dump-dir "$work/out/$label" "$@" >"$work/out/$label.out" 2>"$work/out/$label.err" || rc=$?
	echo "$rc" >"$work/out/$label.rc"
	cp "$work/out/$label/$a/$(defconfig_of "$a").config" "$work/out/$label.config" 2>/dev/null || : >"$work/out/$label.config"
}
mkdir -p "$work/out"
while read -r kind arch arg1 arg2; do
	k=$((k + 1))
	case $kind in
	same-size) flip "$copy/$arg1" "$arg2" in-place; what="$arg1:$((arg2 + 1)) in place" ;;
	swap) flip "$copy/$arg1" "$arg2" swap; what="$arg1:$((arg2 + 1)) swapped" ;;
	helper)
		old=$gcc_min
		if [ "$gcc_min" = 5.1.0 ]; then gcc_min=99.0.0; else gcc_min=5.1.0; fi
		sed -i "s/echo $old\$/echo $gcc_min/" "$copy/scripts/min-tool-version.sh"
		grep -q "echo $gcc_min\$" "$copy/scripts/min-tool-version.sh" ||
			die "scripts/min-tool-version.sh has no 'echo $old' line for gcc"
		what="min-tool-version.sh: gcc $gcc_min" ;;
	env)
		if [ "$arg1" = noise ]; then
			env_extra=("PROPERTY_NOISE=$arg2")
		elif [ "$arch" = x86 ]; then
			env_extra=(CC=gcc-12)
		else
			env_extra=()
		fi
		what="environment: ${env_extra[*]:-(none)}" ;;
	esac
	# make, in a build directory of its own per arch
	obj=$work/obj/$arch
	mkdir -p "$obj"
	cross=$("$GMEM_TOP/kconfig-checks/cross-compile.sh" "$arch")
	rc=0
	env "${env_extra[@]}" ${cross:+CROSS_COMPILE=$cross} make -s -C "$copy" O="$obj" ARCH="$arch" \
		"$(defconfig_of "$arch")" >"$work/out/make.out" 2>&1 || rc=$?
	mrc=$rc
	kc "$arch" served
	kc "$arch" fresh --no-model-cache
	kc "$arch" cold --no-shell-cache --no-model-cache
	grep -q '(model cache)' "$work/out/served.err" && served=$((served + 1))
	runs=$((runs + 1))
	# make's status 0 or not; kcheck's 0 or 1 (findings) or 2 (could not)
	m=$([ "$mrc" = 0 ] && echo ok || echo fail)
	verdict=
	for l in served fresh cold; do
		krc=$(cat "$work/out/$l.rc")
		kk=$([ "$krc" -le 1 ] && echo ok || echo fail)
		if [ "$kk" != "$m" ]; then
			verdict+=" $l: exit $krc, make: $m;"
		elif [ "$m" = ok ] && ! cmp -s <(syms "$obj/.config") <(syms "$work/out/$l.config"); then
			verdict+=" $l: $(diff <(syms "$obj/.config") <(syms "$work/out/$l.config") | grep -c '^[<>]') lines differ from make's;"
		fi
	done
	if [ -z "$verdict" ]; then
		verdict=agree agreed=$((agreed + 1))
	else
		verdict="DISAGREE:${verdict%;}" disagreed=$((disagreed + 1))
	fi
	echo "edit $k/$edits $kind, $arch: $what: make $m; $verdict"
	if [ "$verdict" != agree ] && [ -n "$keep" ]; then
		mkdir -p "$keep/edit-$k" && cp -a "$work/out/." "$obj/.config" "$keep/edit-$k/" 2>/dev/null || true
	fi
done <"$work/plan"
echo "served-property: $edits edits (x86 and arm64 in turn), $agreed agreed, $disagreed disagreed;" \
	"$served of $runs served runs took their model from a model server"
[ "$disagreed" = 0 ] || exit 1
