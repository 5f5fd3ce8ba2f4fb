# SPDX-License-Identifier: GPL-2.0-only
# kcheck's inputs, tried as a hostile but fair user would (issue 18): every
# typo, hostile path and bad file gets a clear error before any work
# starts, nothing kcheck writes replaces an input, a device, a link or a
# file of the checked tree, no path reaches a shell, and the exit status is
# only ever 0, 1 or 2.  Runs on the fixture tree kc1 with the base tree's
# scripts/kconfig.
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE
base=$("$TOP/tools/prepare-base.sh" 2>/dev/null) || { not_ok "base tree"; exit 1; }
make -s -C "$TOP/kconfig-checks" >/dev/null 2>&1 || { not_ok "kcheck builds"; exit 1; }
K=$(kcheck_bin)
fx=$SCRATCH/fx
cp -r "$TOP/selftests/fixtures/kc1" "$fx"
mkdir -p "$fx/scripts"
cp -r "$base/scripts/kconfig" "$base/scripts/include" "$fx/scripts/"
S=(--arch foo --no-code-scan --no-all-targets -j 1)
cd "$SCRATCH"

# run WANT-STATUS ARGS...: kcheck, stdout+stderr in $SCRATCH/out
run() {
	local want=$1 rc=0
	shift
	"$K" "$@" >"$SCRATCH/out" 2>&1 || rc=$?
	[ "$rc" -eq "$want" ] || { echo "exit $rc, wanted $want"; return 1; }
}
has() { grep -qE -- "$1" "$SCRATCH/out"; }
hasnt() { ! grep -qE -- "$1" "$SCRATCH/out"; }
# early: the error came before any configuration was evaluated
early() { hasnt "configurations, [0-9]+ workers"; }
t() { if eval "$2"; then ok "$1"; else not_ok "$1"; sed 's/^/    /' "$SCRATCH/out"; fi; }
sum() { sha256sum "$@" | cut -c1-64; }

# --- data loss -----------------------------------------------------------
cp "$fx/bad.rules" x.rules
before=$(sum x.rules)
t "--output naming the --rules file is refused before the run; the rules are unchanged" \
  'run 2 --tree "$fx" "${S[@]}" --rules x.rules --output x.rules && has "is an input of this run" && early && [ "$(sum x.rules)" = "$before" ]'
before=$(sum "$fx/Kconfig")
t "--output inside the checked tree is refused; its Kconfig is unchanged" \
  'run 2 --tree "$fx" "${S[@]}" --output "$fx/Kconfig" && has "inside the checked tree" && [ "$(sum "$fx/Kconfig")" = "$before" ]'
t "--output /dev/full is refused and stays a device" \
  'run 2 --tree "$fx" "${S[@]}" --output /dev/full && has "not a regular file" && [ -c /dev/full ]'
echo keep >target; ln -s target link
t "--output a symbolic link is refused; link and target unchanged" \
  'run 2 --tree "$fx" "${S[@]}" --output link && has "symbolic link" && [ -L link ] && [ "$(cat target)" = keep ]'
mkdir outdir
t "--output a directory is refused and leaves nothing behind" \
  'run 2 --tree "$fx" "${S[@]}" --output outdir && has "is a directory" && [ -z "$(ls -A outdir)" ] && [ -z "$(ls -d outdir.* .outdir* 2>/dev/null)" ]'
t "--output in a directory that does not exist: an error before the run" \
  'run 2 --tree "$fx" "${S[@]}" --output nodir/r.txt && has "does not exist" && early'
t "a report to a full standard output is an error, exit 2" \
  '"$K" --tree "$fx" "${S[@]}" --quiet >/dev/full 2>"$SCRATCH/out"; [ $? = 2 ] && has "cannot write"'
echo old >report.txt
t "--output over an earlier report replaces it whole, through no leftover temporary file" \
  'run 1 --tree "$fx" "${S[@]}" --output report.txt && grep -q unmet-dependency report.txt && [ -z "$(ls -A | grep '^.report.txt.kcheck-')" ]'

# --- no shell ----------------------------------------------------------------
t "a cache path with a quote and a command in it runs nothing" \
  "KCHECK_CACHE=\"\$SCRATCH/c/x'; touch INJECTED; echo '\" run 1 --tree \"\$fx\" \"\${S[@]}\" && [ ! -e INJECTED ] && [ ! -e \"\$SCRATCH/c/INJECTED\" ]"
t "a cache path with spaces, a newline and non-ASCII works" \
  'KCHECK_CACHE="$SCRATCH/c a
b-é" run 1 --tree "$fx" "${S[@]}" && has "unmet-dependency"'
odd="$SCRATCH/tr'ee\"-é"
cp -r "$fx" "$odd"
t "a tree path with quotes and non-ASCII works and finds the same" \
  'run 1 --tree "$odd" "${S[@]}" --quiet && grep -v "^kcheck" out >odd.out && run 1 --tree "$fx" "${S[@]}" --quiet && cmp -s out odd.out'
t "an output path with quotes, spaces and non-ASCII works" \
  "run 1 --tree \"\$fx\" \"\${S[@]}\" --output \"\$SCRATCH/r 'é\\\".txt\" && grep -q unmet-dependency \"\$SCRATCH/r 'é\\\".txt\""
cp -r "$fx" "$SCRATCH/with space"
t "a tree path with a space: the kernel Makefile's rule, said before the run" \
  'run 2 --tree "$SCRATCH/with space" "${S[@]}" && has "spaces or colons" && early'

# --- typos ---------------------------------------------------------------
printf 'invariant !NO_SUCH_A || NO_SUCH_B\n' >typo.rules
t "check: a rule naming an undefined symbol is a finding of its own" \
  'run 1 --tree "$fx" "${S[@]}" --rules typo.rules && has "typo.rules:1: warning: .*NO_SUCH_A, which is defined on no architecture.*\[rule-undefined-symbol\]"'
t "sat: a rule naming an undefined symbol is an error" \
  'run 2 sat --tree "$fx" --arch foo --rules typo.rules && has "typo.rules:1: NO_SUCH_A is defined on no architecture"'
t "sat --symbols in lower case: an error naming the upper-case glob" \
  'run 2 sat --tree "$fx" --arch foo --symbols "a*" && has "symbols are upper case: .A\*."'
t "sat --symbols with an unbalanced '[': an error" 'run 2 sat --tree "$fx" --symbols "[A" && has "without its"'
t "sat --symbols matching nothing: an error" 'run 2 sat --tree "$fx" --symbols "NO_SUCH*" && has "matches no symbol"'
t "sat --symbols '': an error" 'run 2 sat --tree "$fx" --symbols "" && has "empty value"'
t "--arch '': an error" 'run 2 --tree "$fx" --arch "" && has "empty value"'
t "--arch 'foo,,bar': an error" 'run 2 --tree "$fx" --arch foo,,bar && has "empty item"'
t "--rand 4294967297: out of range" 'run 2 --tree "$fx" --rand 4294967297 && has "--rand wants a number from 0 to"'
t "--seed -1: refused" 'run 2 --tree "$fx" --seed -1 && has "--seed wants a number"'
t "-j 0: refused" 'run 2 --tree "$fx" -j 0 && has "wants a number from 1 to 1024"'
t "sat --format md: refused" 'run 2 sat --tree "$fx" --format md && has "text or json"'
t "an option of another subcommand: refused" 'run 2 sat --tree "$fx" --scope drivers && has "unknown option .--scope."'
printf 'invariant A\0B || C\n' >nul.rules
t "a NUL byte in a rules file: an error at its line" 'run 2 --tree "$fx" "${S[@]}" --rules nul.rules && has "nul.rules:1: a NUL byte"'
mkdir -p frag
printf 'CONFIG_A=y\nthis is garbage\nCONFIG_NO_SUCH=y\nCONFIG_C=maybe\n# CONFIG_G is not set\n' >frag/foo-bad.config
t "fragment lines kconfig would warn about are findings at the fragment's file:line" \
  'run 1 --tree "$fx" "${S[@]}" --defconfig clean_defconfig --fragments frag &&
   has "foo-bad.config:2: warning: .this is garbage. is neither" && has "foo-bad.config:3: warning: unknown symbol: NO_SUCH" &&
   has "foo-bad.config:4: warning: symbol value .maybe. invalid for C" && has "\[fragment\]"'

# --- limits instead of crashes --------------------------------------------
{ printf 'invariant '; head -c 100000 /dev/zero | tr '\0' '('; echo A; } >deep.rules
t "100000 nested parentheses: an error, no crash, nothing left behind" \
  'run 2 --tree "$fx" "${S[@]}" --rules deep.rules && has "deep.rules:1: .* nested more than 64 deep" && [ -z "$(ls -A "$KCHECK_CACHE/work" 2>/dev/null | grep run)" ]'
{ printf 'invariant A'; for i in $(seq 100000); do printf ' || A'; done; echo; } >long.rules
t "a 100000-term || chain: an error, no crash" \
  'run 2 --tree "$fx" "${S[@]}" --rules long.rules && has "long.rules:1: more than 1024 operands"'

# --- late or unclear errors -----------------------------------------------
t "a missing --baseline: an error before the run" 'run 2 --tree "$fx" "${S[@]}" --baseline none.json && has "none.json: No such file" && early'
run 1 --tree "$fx" "${S[@]}" --format json --output base.json
head -c 300 base.json >trunc.json
t "a truncated baseline: an error, not a silent pass" 'run 2 --tree "$fx" "${S[@]}" --baseline trunc.json && has "not valid JSON"'
echo '{"kcheck": 1, "tree": "/x", "findings": [{"keys": 3}]}' >shape.json
t "a baseline of the wrong shape: an error" 'run 2 --tree "$fx" "${S[@]}" --baseline shape.json && has "shape.json: no .configurations."'
t "a baseline through a pipe works" 'run 0 --tree "$fx" "${S[@]}" --baseline <(cat base.json) && has "0 findings \(after the baseline\)"'
t "a baseline from another tree is said" 'run 0 --tree "$odd" "${S[@]}" --baseline base.json && has "note: the baseline base.json was made on .*/fx, not on"'
t "--tree '': says so" 'run 2 --tree "" && has "--tree: an empty path"'
t "--arch frob: names the arches that exist" 'run 2 --tree "$fx" --arch frob && has "unknown arch .frob.; this tree has: bar foo" && hasnt "list-arches"'
t "--arch help: lists them" 'run 0 --tree "$fx" --arch help && [ "$(cat out)" = "$(printf "bar\nfoo")" ]'
rm -rf "$SCRATCH/fxd"; cp -r "$fx" "$SCRATCH/fxd"; mkdir "$SCRATCH/fxd/subdir"; echo 'source "subdir"' >>"$SCRATCH/fxd/Kconfig"
t "a sourced Kconfig that is a directory: named, on one line" \
  'run 2 --tree "$SCRATCH/fxd" "${S[@]}" && has "^arch/foo: error: worker failed \(exit 1\): Kconfig:[0-9]+: can.t open file .subdir. \[could-not-run\]$"'
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	u=$(mktemp -d /tmp/kcheck-unreadable.XXXXXX); chmod 755 "$u"
	cp -r "$fx" "$u/tree"; chmod 700 "$u/tree"
	t "an unreadable tree: says it cannot read it" \
	  'KCHECK_CACHE=$u/c setpriv --reuid=65534 --regid=65534 --clear-groups "$K" --tree "$u/tree" >out 2>&1; [ $? = 2 ] && has "Permission denied"'
	rm -rf "$u"
else
	not_ok "an unreadable tree (needs root and setpriv from util-linux to run as nobody)"
fi

# --- interrupted runs -------------------------------------------------------
export KCHECK_CACHE=$SCRATCH/kill-cache
"$K" --tree "$fx" --arch foo --rand 200000 --quiet >/dev/null 2>&1 &
pid=$!
for i in $(seq 50); do [ -n "$(ls "$KCHECK_CACHE/work" 2>/dev/null)" ] && break; sleep 0.2; done
sleep 1; kill -9 $pid; wait $pid 2>/dev/null
left=$(ls "$KCHECK_CACHE/work" | grep -c '^run\.')
pkill -9 -f "kcheck-worker.*$KCHECK_CACHE" 2>/dev/null; sleep 0.5
t "a run killed with SIGKILL leaves its run directory ($left) and the next run deletes it" \
  '[ "$left" = 1 ] && run 1 --tree "$fx" "${S[@]}" && [ -z "$(ls "$KCHECK_CACHE/work" | grep "^run\.")" ]'

# an engine build killed mid-way leaves .tmp-* with a free lock: cleaned;
# one whose lock is held (a build running) is left alone
export KCHECK_CACHE=$SCRATCH/tmp-cache
mkdir -p "$KCHECK_CACHE/engine/.tmp-dead.1" "$KCHECK_CACHE/engine/.tmp-live.1"
: >"$KCHECK_CACHE/engine/.tmp-dead.1/.lock"
flock "$KCHECK_CACHE/engine/.tmp-live.1/.lock" sleep 60 &
holder=$!
sleep 0.5
t "a killed engine build's .tmp-* directory is deleted by the next run; a running one's is not" \
  'run 1 --tree "$fx" "${S[@]}" && [ ! -e "$KCHECK_CACHE/engine/.tmp-dead.1" ] && [ -d "$KCHECK_CACHE/engine/.tmp-live.1" ]'
kill $holder 2>/dev/null
