# SPDX-License-Identifier: GPL-2.0-only
# kcheck's inputs, tried as a hostile but fair user would (issue 18): every
# typo, hostile path and bad file gets a clear error before any work
# starts (the whole output against selftests/expected/15-kcheck-input/),
# nothing kcheck writes replaces an input, a device, a link or a file of
# the checked tree, no path reaches a shell, and the exit status is only
# ever 0, 1 or 2.  Runs on the fixture tree kc1 with the base tree's
# scripts/kconfig.
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE
S=(--arch foo --no-code-scan --no-all-targets -j 1)

kc() { expect_run "$@"; }
sum() { sha256sum "$@" | cut -c1-64; }
# early: the error came before any configuration was evaluated
early() {
	! grep -E "configurations, [0-9]+ workers" "$T/err" ||
		{ echo "the error came after the run started"; return 1; }
}
unchanged() {	# FILE SUM
	[ "$(sum "$1")" = "$2" ] || { echo "$1 changed"; return 1; }
}

# --- data loss -----------------------------------------------------------
output_is_rules() {
	local before
	cp "$FX/bad.rules" x.rules && before=$(sum x.rules) &&
	kc 2 "$KCHECK" --tree "$FX" "${S[@]}" --rules x.rules --output x.rules && early &&
	unchanged x.rules "$before"
}
output_in_tree() {
	local before
	before=$(sum "$FX/Kconfig") &&
	kc 2 "$KCHECK" --tree "$FX" "${S[@]}" --output "$FX/Kconfig" && unchanged "$FX/Kconfig" "$before"
}
# the tree seen through a bind mount is still the tree (device and inode)
output_bind() {
	local before
	before=$(sum "$FX/Makefile") && mkdir b &&
	kc 2 unshare -m sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' _ "$FX" "$T/b" \
		"$KCHECK" --tree "$FX" "${S[@]}" --output "$T/b/Makefile" &&
	unchanged "$FX/Makefile" "$before"
}
output_device() { kc 2 "$KCHECK" --tree "$FX" "${S[@]}" --output /dev/full && [ -c /dev/full ]; }
output_link() {
	echo keep >target && ln -s target link &&
	kc 2 "$KCHECK" --tree "$FX" "${S[@]}" --output link && [ -L link ] && [ "$(cat target)" = keep ]
}
output_dir() {
	mkdir outdir && kc 2 "$KCHECK" --tree "$FX" "${S[@]}" --output outdir &&
	[ -z "$(ls -A outdir)" ] && [ -z "$(ls -d outdir.* .outdir* 2>/dev/null)" ]
}
output_no_dir() { kc 2 "$KCHECK" --tree "$FX" "${S[@]}" --output nodir/r.txt && early; }
stdout_full() {
	local rc=0
	"$KCHECK" --tree "$FX" "${S[@]}" --quiet >/dev/full 2>"$T/err" || rc=$?
	{ echo "exit $rc"; cat "$T/err"; } | expect
}
output_replaced() {
	echo old >report.txt &&
	run 1 "$KCHECK" --tree "$FX" "${S[@]}" --output report.txt &&
	[ -z "$(ls -A | grep '^.report.txt.kcheck-')" ] && expect <report.txt
}

# --- no shell ------------------------------------------------------------
cache_quote() {
	KCHECK_CACHE="$T/c/x'; touch INJECTED; echo '" run 1 "$KCHECK" --tree "$FX" "${S[@]}" &&
	[ ! -e INJECTED ] && [ ! -e "$T/c/INJECTED" ]
}
cache_odd() {
	KCHECK_CACHE="$T/c a
b-é" kc 1 "$KCHECK" --tree "$FX" "${S[@]}"
}
# an odd tree path: the same findings as the fixture's own path
odd_tree() { ODD="$T/tr-ée+=~%@"; cp -r "$FX" "$ODD"; }
tree_odd() {
	odd_tree && run 1 "$KCHECK" --tree "$ODD" "${S[@]}" --quiet && mv out odd.out &&
	run 1 "$KCHECK" --tree "$FX" "${S[@]}" --quiet && diff out odd.out
}
output_odd() {
	run 1 "$KCHECK" --tree "$FX" "${S[@]}" --output "$T/r 'é\".txt" && expect <"$T/r 'é\".txt"
}
tree_space() {
	cp -r "$FX" "$T/with space" && kc 2 "$KCHECK" --tree "$T/with space" "${S[@]}" && early
}

# --- typos ---------------------------------------------------------------
typo_rules() { printf 'invariant !NO_SUCH_A || NO_SUCH_B\n' >typo.rules; }
check_typo() { typo_rules && kc 1 "$KCHECK" --tree "$FX" "${S[@]}" --rules typo.rules; }
sat_typo() { typo_rules && kc 2 "$KCHECK" sat --tree "$FX" --arch foo --rules typo.rules; }
symbols_lower() { kc 2 "$KCHECK" sat --tree "$FX" --arch foo --symbols "a*"; }
symbols_bracket() { kc 2 "$KCHECK" sat --tree "$FX" --symbols "[A"; }
symbols_nothing() { kc 2 "$KCHECK" sat --tree "$FX" --symbols "NO_SUCH*"; }
symbols_empty() { kc 2 "$KCHECK" sat --tree "$FX" --symbols ""; }
arch_empty() { kc 2 "$KCHECK" --tree "$FX" --arch ""; }
arch_empty_item() { kc 2 "$KCHECK" --tree "$FX" --arch foo,,bar; }
rand_range() { kc 2 "$KCHECK" --tree "$FX" --rand 4294967297; }
seed_negative() { kc 2 "$KCHECK" --tree "$FX" --seed -1; }
# numbers are decimal: 010 is ten, 0x10 is refused
rand_decimal() {
	run 1 "$KCHECK" --tree "$FX" --arch foo --rand 010 --no-code-scan --no-defconfigs \
		--no-all-targets --format json --quiet &&
	[ "$(grep -o '"name": *"randconfig-0x[0-9a-f]*"' "$T/out" | sort -u | wc -l)" = 10 ] ||
		{ grep -o '"name": *"[^"]*' "$T/out"; return 1; }
}
rand_hex() { kc 2 "$KCHECK" --tree "$FX" --rand 0x10; }
# the last seed of --seed S --rand N is S + N - 1, which must fit in 32 bits
seed_wrap() { kc 2 "$KCHECK" --tree "$FX" --seed 4294967295 --rand 3; }
jobs_zero() { kc 2 "$KCHECK" --tree "$FX" -j 0; }
sat_md() { kc 2 "$KCHECK" sat --tree "$FX" --format md; }
other_option() { kc 2 "$KCHECK" sat --tree "$FX" --scope drivers; }
rules_nul() {
	printf 'invariant A\0B || C\n' >nul.rules && kc 2 "$KCHECK" --tree "$FX" "${S[@]}" --rules nul.rules
}
fragment_lines() {
	mkdir -p frag &&
	printf 'CONFIG_A=y\nthis is garbage\nCONFIG_NO_SUCH=y\nCONFIG_C=maybe\n# CONFIG_G is not set\n' >frag/foo-bad.config &&
	kc 1 "$KCHECK" --tree "$FX" "${S[@]}" --defconfig clean_defconfig --fragments frag
}
# '#CONFIG_X is not set' is a comment to kconfig: a finding, not a silence
fragment_nospace() {
	mkdir -p frag && printf '#CONFIG_G is not set\n# a comment\n' >frag/foo-nospace.config &&
	kc 1 "$KCHECK" --tree "$FX" "${S[@]}" --defconfig clean_defconfig --fragments frag
}
# a file name that is not UTF-8: the JSON report is valid UTF-8, with
# U+FFFD for the byte
json_utf8() {
	mkdir -p frag && printf 'garbage\n' >"frag/foo-$(printf '\377').config" &&
	kc 1 "$KCHECK" --tree "$FX" "${S[@]}" --defconfig clean_defconfig --fragments frag \
		--format json --output r.json &&
	/usr/bin/python3 -c '
import json, sys
r = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
print(*sorted(ascii(f["file"].rsplit("/", 1)[1]) for f in r["findings"] if f["check"] == "fragment"))
' r.json | grep -xF "'foo-\\ufffd.config'"
}

# --- limits instead of crashes -------------------------------------------
deep_parens() {
	{ printf 'invariant '; head -c 100000 /dev/zero | tr '\0' '('; echo A; } >deep.rules &&
	kc 2 "$KCHECK" --tree "$FX" "${S[@]}" --rules deep.rules &&
	[ -z "$(ls -A "$KCHECK_CACHE/work" 2>/dev/null | grep run)" ]
}
long_chain() {
	{ printf 'invariant A'; for _ in $(seq 100000); do printf ' || A'; done; echo; } >long.rules &&
	kc 2 "$KCHECK" --tree "$FX" "${S[@]}" --rules long.rules
}

# --- late or unclear errors ----------------------------------------------
baseline_missing() { kc 2 "$KCHECK" --tree "$FX" "${S[@]}" --baseline none.json && early; }
make_baseline() { run 1 "$KCHECK" --tree "$FX" "${S[@]}" --format json --output base.json; }
baseline_truncated() {
	make_baseline && head -c 300 base.json >trunc.json &&
	kc 2 "$KCHECK" --tree "$FX" "${S[@]}" --baseline trunc.json
}
baseline_shape() {
	echo '{"kcheck": 1, "tree": "/x", "findings": [{"keys": 3}]}' >shape.json &&
	kc 2 "$KCHECK" --tree "$FX" "${S[@]}" --baseline shape.json
}
baseline_pipe() { make_baseline && kc 0 "$KCHECK" --tree "$FX" "${S[@]}" --baseline <(cat base.json); }
baseline_other_tree() { make_baseline && odd_tree && kc 0 "$KCHECK" --tree "$ODD" "${S[@]}" --baseline base.json; }
tree_empty() { kc 2 "$KCHECK" --tree ""; }
arch_unknown() { kc 2 "$KCHECK" --tree "$FX" --arch frob; }
arch_help() { kc 0 "$KCHECK" --tree "$FX" --arch help; }
source_dir() {
	cp -r "$FX" tree && mkdir tree/subdir && echo 'source "subdir"' >>tree/Kconfig &&
	kc 2 "$KCHECK" --tree "$T/tree" "${S[@]}"
}
needs_root() { [ "$(id -u)" = 0 ] || { echo "needs root (to own a directory as another user)"; return 1; }; }
needs_nobody() {
	[ "$(id -u)" = 0 ] || { echo "needs root (to run kcheck as nobody)"; return 1; }
	require setpriv util-linux
}
tree_unreadable() {
	local u rc=0
	u=$(mktemp -d /tmp/kcheck-unreadable.XXXXXX) && chmod 755 "$u" &&
	cp -r "$FX" "$u/tree" && chmod 700 "$u/tree" || return 1
	KCHECK_CACHE=$u/c setpriv --reuid=65534 --regid=65534 --clear-groups "$KCHECK" --tree "$u/tree" \
		>"$T/out" 2>"$T/err" || rc=$?
	sed "s|$u|U|g" "$T/err" >"$T/err.u"
	rm -rf "$u"
	[ "$rc" = 2 ] || { echo "exit $rc, wanted 2"; return 1; }
	expect <"$T/err.u"
}

# --- trust (issue 29) ----------------------------------------------------
# a cache another user owns or can write to is refused: kcheck runs the
# workers it finds there
cache_other_owner() {
	mkdir -p other/engine && chown 65534:65534 other/engine &&
	KCHECK_CACHE=$T/other kc 2 "$KCHECK" --tree "$FX" "${S[@]}"
}
cache_writable() {
	mkdir -m 0777 open && chmod 0777 open &&
	KCHECK_CACHE=$T/open kc 2 "$KCHECK" --tree "$FX" "${S[@]}"
}
# a tree path with characters make or Kconfig interprets is refused up
# front: none of it runs
tree_dollar() {
	local d='a$(touch${IFS}pwned)'
	mkdir -p "$d" && cp -r "$FX" "$d/tree" &&
	kc 2 "$KCHECK" --tree "$T/$d/tree" "${S[@]}" && [ ! -e pwned ] &&
	! find "$T" "$FX" -name pwned | grep -q .
}
tree_quote() {
	mkdir -p "q'q" && cp -r "$FX" "q'q/tree" && kc 2 "$KCHECK" --tree "$T/q'q/tree" "${S[@]}"
}
tree_comma() {
	mkdir -p "c,c" && cp -r "$FX" "c,c/tree" && kc 2 "$KCHECK" --tree "$T/c,c/tree" "${S[@]}"
}
# KBUILD_OUTPUT and O are ignored, never written into
kbuild_output() {
	mkdir kbout &&
	run 1 env KBUILD_OUTPUT="$T/kbout" O="$T/kbout" "$KCHECK" --tree "$FX" "${S[@]}" &&
	[ -z "$(ls -A kbout)" ] && grep -E '^kcheck: note: (KBUILD_OUTPUT|O) is ignored' "$T/err" | expect
}
# the environment cache holds the whole environment: the user's alone
env_cache_mode() {
	export KCHECK_CACHE=$T/c
	run 1 env SECRET_OF_TEST=x "$KCHECK" --tree "$FX" "${S[@]}" &&
	[ -n "$(find "$KCHECK_CACHE/env" -type f)" ] &&
	find "$KCHECK_CACHE/env" -type f ! -perm 0600 | sed "s|$T|T|" | expect &&
	find "$KCHECK_CACHE" -maxdepth 1 -type d -perm /022 | sed "s|$T|T|" | expect dirs
}
# fragments are small regular files: a FIFO is refused before it is
# opened (no hang), so is a directory or a device
fragment_fifo() {
	mkdir frags && mkfifo frags/foo-fifo.config &&
	kc 2 timeout 60 "$KCHECK" --tree "$FX" "${S[@]}" --fragments frags
}
fragment_dir() {
	mkdir -p frags/foo-dir.config && kc 2 "$KCHECK" --tree "$FX" "${S[@]}" --fragments frags
}
fragment_device() {
	mkdir frags && ln -s /dev/zero frags/foo-zero.config &&
	kc 2 timeout 60 "$KCHECK" --tree "$FX" "${S[@]}" --fragments frags
}
fragment_huge() {
	mkdir frags && truncate -s 5M frags/foo-huge.config &&
	kc 2 "$KCHECK" --tree "$FX" "${S[@]}" --fragments frags
}

# --- interrupted runs ----------------------------------------------------
killed_run() {
	local pid left
	export KCHECK_CACHE=$T/cache
	"$KCHECK" --tree "$FX" --arch foo --rand 200000 --quiet >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 100); do [ -n "$(ls "$KCHECK_CACHE/work" 2>/dev/null)" ] && break; sleep 0.2; done
	sleep 1
	kill -9 $pid
	wait $pid 2>/dev/null
	left=$(ls "$KCHECK_CACHE/work" | grep -c '^run\.')
	pkill -9 -f "kcheck-worker.*$KCHECK_CACHE" 2>/dev/null
	sleep 0.5
	[ "$left" = 1 ] || { echo "$left run directories left, wanted 1"; return 1; }
	run 1 "$KCHECK" --tree "$FX" "${S[@]}" &&
	[ -z "$(ls "$KCHECK_CACHE/work" | grep '^run\.')" ]
}
engine_tmp() {
	local holder rc=0
	export KCHECK_CACHE=$T/cache
	mkdir -p "$KCHECK_CACHE/engine/.tmp-dead.1" "$KCHECK_CACHE/engine/.tmp-live.1"
	: >"$KCHECK_CACHE/engine/.tmp-dead.1/.lock"
	flock "$KCHECK_CACHE/engine/.tmp-live.1/.lock" sleep 60 &
	holder=$!
	sleep 0.5
	run 1 "$KCHECK" --tree "$FX" "${S[@]}" && [ ! -e "$KCHECK_CACHE/engine/.tmp-dead.1" ] &&
	[ -d "$KCHECK_CACHE/engine/.tmp-live.1" ] || rc=1
	kill $holder 2>/dev/null
	return $rc
}

P="kcheck kc1"
tcase output-is-rules "--output naming the --rules file is refused before the run; the rules are unchanged" output_is_rules $P
tcase output-in-tree "--output inside the checked tree is refused; its Kconfig is unchanged" output_in_tree $P
tcase output-bind "--output in a bind mount of the checked tree is refused; the tree's Makefile is unchanged" output_bind $P mountns
tcase output-device "--output /dev/full is refused and stays a device" output_device $P
tcase output-link "--output a symbolic link is refused; link and target unchanged" output_link $P
tcase output-dir "--output a directory is refused and leaves nothing behind" output_dir $P
tcase output-no-dir "--output in a directory that does not exist: an error before the run" output_no_dir $P
tcase stdout-full "a report to a full standard output is an error, exit 2" stdout_full $P
tcase output-replaced "--output over an earlier report replaces it whole, through no leftover temporary file" output_replaced $P
tcase cache-quote "a cache path with a quote and a command in it runs nothing" cache_quote $P
tcase cache-odd "a cache path with spaces, a newline and non-ASCII works" cache_odd $P
tcase tree-odd "a tree path with non-ASCII and punctuation make and Kconfig take literally works and finds the same" tree_odd $P
tcase output-odd "an output path with quotes, spaces and non-ASCII works" output_odd $P
tcase tree-space "a tree path with a space: the kernel Makefile's rule, said before the run" tree_space $P
tcase check-typo "check: a rule naming an undefined symbol is a finding of its own" check_typo $P
tcase sat-typo "sat: a rule naming an undefined symbol is an error" sat_typo $P
tcase symbols-lower "sat --symbols in lower case: an error naming the upper-case glob" symbols_lower $P
tcase symbols-bracket "sat --symbols with an unbalanced '[': an error" symbols_bracket $P
tcase symbols-nothing "sat --symbols matching nothing: an error" symbols_nothing $P
tcase symbols-empty "sat --symbols '': an error" symbols_empty $P
tcase arch-empty "--arch '': an error" arch_empty $P
tcase arch-empty-item "--arch 'foo,,bar': an error" arch_empty_item $P
tcase rand-range "--rand 4294967297: out of range" rand_range $P
tcase seed-negative "--seed -1: refused" seed_negative $P
tcase cache-other-owner "a cache with a directory another user owns is refused" cache_other_owner $P root
tcase cache-writable "a cache others can write to is refused" cache_writable $P
tcase tree-dollar "a tree path with \$(...) is refused up front; nothing runs it" tree_dollar $P
tcase tree-quote "a tree path with a quote is refused up front, with the reason" tree_quote $P
tcase tree-comma "a tree path with a comma (an argument separator of Kconfig's functions) is refused up front" tree_comma $P
tcase kbuild-output "KBUILD_OUTPUT and O are ignored (a note), nothing is written there" kbuild_output $P
tcase env-cache-mode "the environment cache's files are 0600, the cache's directories not writable by others" env_cache_mode $P
tcase fragment-fifo "a FIFO as a fragment is refused, no hang" fragment_fifo $P
tcase fragment-dir "a directory as a fragment is refused" fragment_dir $P
tcase fragment-device "a device as a fragment is refused" fragment_device $P
tcase fragment-huge "a fragment of 5 MB is refused" fragment_huge $P
tcase rand-decimal "--rand 010: ten randconfigs (decimal, not octal)" rand_decimal $P
tcase rand-hex "--rand 0x10: refused, numbers are decimal" rand_hex $P
tcase seed-wrap "--seed 4294967295 --rand 3: refused, the seeds would wrap to 0" seed_wrap $P
tcase jobs-zero "-j 0: refused" jobs_zero $P
tcase sat-md "sat --format md: refused" sat_md $P
tcase other-option "an option of another subcommand: refused" other_option $P
tcase rules-nul "a NUL byte in a rules file: an error at its line" rules_nul $P
tcase fragment-nospace "'#CONFIG_X is not set' without its space is a fragment finding" fragment_nospace $P
tcase json-utf8 "a file name that is not UTF-8: the JSON report is valid UTF-8 (U+FFFD for the byte)" json_utf8 $P
tcase fragment-lines "fragment lines kconfig would warn about are findings at the fragment's file:line" fragment_lines $P
tcase deep-parens "100000 nested parentheses: an error, no crash, nothing left behind" deep_parens $P
tcase long-chain "a 100000-term || chain: an error, no crash" long_chain $P
tcase baseline-missing "a missing --baseline: an error before the run" baseline_missing $P
tcase baseline-truncated "a truncated baseline: an error, not a silent pass" baseline_truncated $P
tcase baseline-shape "a baseline of the wrong shape: an error" baseline_shape $P
tcase baseline-pipe "a baseline through a pipe works" baseline_pipe $P
tcase baseline-other-tree "a baseline from another tree is said" baseline_other_tree $P
tcase tree-empty "--tree '': says so" tree_empty $P
tcase arch-unknown "--arch frob: names the arches that exist" arch_unknown $P
tcase arch-help "--arch help: lists them" arch_help $P
tcase source-dir "a sourced Kconfig that is a directory: named, on one line" source_dir $P
tcase tree-unreadable "an unreadable tree: says it cannot read it (run as nobody)" tree_unreadable $P nobody
tcase killed-run "a run killed with SIGKILL leaves its run directory and the next run deletes it" killed_run $P
tcase engine-tmp "a killed engine build's .tmp-* directory is deleted by the next run; a running one's is not" engine_tmp $P
run_tests "$@"
