# SPDX-License-Identifier: GPL-2.0-only
# kcheck on a fixture tree (selftests/fixtures/kc1 plus the base tree's own
# scripts/kconfig): each check finds what was planted and nothing that was
# not, bad input exits 2 with a clear message, and the whole round runs a
# second time with ASan+UBSan builds of kcheck and its worker, which must
# stay silent.
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE
base=$("$TOP/tools/prepare-base.sh" 2>/dev/null) || { not_ok "base tree"; exit 1; }
fx=$SCRATCH/fx
cp -r "$TOP/selftests/fixtures/kc1" "$fx"
mkdir -p "$fx/scripts"
cp -r "$base/scripts/kconfig" "$base/scripts/include" "$fx/scripts/"

has()  { grep -qE -- "$1" "$SCRATCH/out"; }
hasnt() { ! grep -qE -- "$1" "$SCRATCH/out"; }
# run EXPECTED-STATUS ARGS...: kcheck, output in $SCRATCH/out
run() {
	local want=$1 rc=0
	shift
	"$KCHECK" "$@" >"$SCRATCH/out" 2>&1 || rc=$?
	cat "$SCRATCH/out" >>"$SCRATCH/all-output"
	[ "$rc" -eq "$want" ] || { echo "exit $rc, wanted $want"; sed 's/^/    /' "$SCRATCH/out"; return 1; }
}
t() { if eval "$2"; then ok "$ROUND$1"; else not_ok "$ROUND$1"; sed 's/^/    /' "$SCRATCH/out"; fi; }

for san in 0 1; do
	ROUND=$([ $san = 1 ] && echo "[asan+ubsan] " || echo "")
	export GMEM_CACHE=$SCRATCH/cache-$san KCHECK_CACHE=$SCRATCH/cache-$san/kcheck KCHECK_SANITIZE=$san
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
	: >"$SCRATCH/all-output"
	if ! make -s -C "$TOP/kconfig-checks" SANITIZE=$san >"$SCRATCH/out" 2>&1; then
		not_ok "${ROUND}kcheck builds"; cat "$SCRATCH/out"; continue
	fi
	grep -q warning "$SCRATCH/out" && not_ok "${ROUND}kcheck builds without warnings" ||
		ok "${ROUND}kcheck builds without warnings (-Wall -Wextra)"
	KCHECK=$(kcheck_bin)

	t "unmet dependency found at the select's file:line, with the configuration, exit 1" \
	  'run 1 --tree "$fx" --arch foo --no-code-scan && has "^Kconfig:8: warning: A selects B, whose direct dependencies are not met: C \[=n\]; in 1 configuration: foo/unmet_defconfig \[unmet-dependency\]"'
	t "clean defconfig, 'select ... if' with a false condition and 'imply' give no unmet finding" \
	  'run 1 --tree "$fx" --no-code-scan && hasnt "clean_defconfig|bar_defconfig|selects H|F selects|F implies"'
	t "undefined symbol in Kconfig, with file:line" \
	  'has "^Kconfig:17: warning: UNDEFINED_IN_KCONFIG is referenced .{2}depends on.{2} but defined on no architecture \[undefined-symbol\]"'
	t "undefined CONFIG_ uses in C and Makefiles found; IS_ENABLED/IS_MODULE/_MODULE/other-arch symbols are not" \
	  'run 1 --tree "$fx" && has "^drivers/code.c:2: warning: CONFIG_NOT_DEFINED_ANYWHERE is used" && has "^drivers/Makefile:3: .*MAKEFILE_ONLY_UNDEFINED" && hasnt "CONFIG_(A|E|E_MODULE|BAR_ONLY|C) is used"'
	t "--scope limits the CONFIG_ scan" \
	  'run 1 --tree "$fx" --scope drivers/Makefile && has MAKEFILE_ONLY_UNDEFINED && hasnt NOT_DEFINED_ANYWHERE'
	t "rules: failing invariant, exists and absent rules reported with the rule's file:line" \
	  'run 1 --tree "$fx" --rules "$fx/bad.rules" && has "bad.rules:2: warning: invariant .!A \|\| C. does not hold; in 1 configuration: foo/unmet_defconfig \[invariant\]" && has "bad.rules:3: .*NOWHERE_DEFINED must be defined .*\[exists\]" && has "bad.rules:4: .*UNDEFINED_IN_KCONFIG must not exist but is referenced at Kconfig:17 \[absent\]" && has "bad.rules:5: .*used as CONFIG_NOT_DEFINED_ANYWHERE at drivers/code.c:2 \[absent\]"'
	t "rules that hold give no rule finding" \
	  'run 1 --tree "$fx" --rules "$fx/ok.rules" && hasnt "\[(invariant|exists|absent)\]"'
	t "randconfigs are named by seed" \
	  'run 1 --tree "$fx" --arch foo --rand 3 --seed 0x10 --no-code-scan --format json && has "\"name\": \"randconfig-0x10\"" && has "\"name\": \"randconfig-0x12\"" && has "\"job\": \"rand..0x11\""'
	t "a malformed rules file: file:line of the rule, exit 2" \
	  'run 2 --tree "$fx" --rules "$fx/malformed.rules" && has "malformed.rules:2: expected a symbol at end of line"'
	t "an unreadable rules file, exit 2" \
	  'run 2 --tree "$fx" --rules "$fx/none.rules" && has "none.rules: cannot read rules file"'
	t "--format json is valid JSON with keys" \
	  'run 1 --tree "$fx" --format json --output "$SCRATCH/base.json" && /usr/bin/python3 -m json.tool "$SCRATCH/base.json" >/dev/null && grep -q "\"key\": \"unmet-dependency|B|A|foo/unmet_defconfig\"" "$SCRATCH/base.json"'
	t "--format md prints the arch x check matrix" \
	  'run 1 --tree "$fx" --format md && has "^\| foo \| 5 \| 0 \| 1 \| 0 \|$"'
	t "--baseline: everything known, exit 0" \
	  'run 0 --tree "$fx" --baseline "$SCRATCH/base.json" && has "0 findings \(after the baseline\)"'
	rm -rf "$SCRATCH/fx2"; cp -r "$fx" "$SCRATCH/fx2"
	printf 'CONFIG_A=y\nCONFIG_G=y\n' >"$SCRATCH/fx2/arch/foo/configs/new_defconfig"
	t "--baseline: a new configuration with the old problem is new" \
	  'run 1 --tree "$SCRATCH/fx2" --baseline "$SCRATCH/base.json" && has "in 1 configuration: foo/new_defconfig \[unmet-dependency\]" && hasnt "unmet_defconfig"'
	t "--baseline that is not a kcheck report: exit 2" \
	  'run 2 --tree "$fx" --baseline "$fx/Kconfig" && has "not valid JSON"'
	sed -i 's/default PICK_ONE/default PICK_TWO/' "$SCRATCH/fx2/Kconfig"
	t "diff: a changed default leads as a value change, per symbol; per configuration on request, exit 1" \
	  'run 1 diff "$fx" "$SCRATCH/fx2" --no-fragments --by-configuration && has "^Value changes" && has "PICK_ONE: y -> n in" && has "PICK_TWO: n -> y in 9:" && has "not in both trees" && has "^  bar/bar_defconfig: 2 symbols$"'
	t "diff: no per-configuration lines unless asked" \
	  'run 1 diff "$fx" "$SCRATCH/fx2" --no-fragments && hasnt "By configuration" && hasnt "^  bar/bar_defconfig: 2 symbols$"'
	t "diff of a tree with itself: no difference, exit 0" \
	  'run 0 diff "$fx" "$fx" && has "0 differ; 0 value changes"'
	t "unknown arch: exit 2" 'run 2 --tree "$fx" --arch nope && has "unknown arch .nope."'
	t "missing tree: exit 2" 'run 2 --tree "$SCRATCH/nothing" && has "nothing: No such file or directory"'
	mkdir -p "$SCRATCH/notkernel"
	t "not a kernel tree: exit 2" 'run 2 --tree "$SCRATCH/notkernel" && has "is not a Linux kernel tree"'
	t "a named defconfig that does not exist: exit 2" \
	  'run 2 --tree "$fx" --arch foo --defconfig nope_defconfig && has "no defconfig .nope_defconfig."'
	rm -rf "$SCRATCH/fx3"; cp -r "$fx" "$SCRATCH/fx3"
	mkdir -p "$SCRATCH/fx3/arch/baz"
	printf 'config ARCH_BAZ\n\tbool "baz"\n\tdepends on (\n' >"$SCRATCH/fx3/arch/baz/Kconfig"
	t "a Kconfig parse error in one arch is reported; the others are checked; exit 2" \
	  'run 2 --tree "$SCRATCH/fx3" && has "^arch/baz: error: worker failed .*arch/baz/Kconfig:3" && has "foo/unmet_defconfig \[unmet-dependency\]"'
	t "a crashing worker is named; the others are checked; exit 2" \
	  'KCHECK_FAULT=crash:bar run 2 --tree "$fx" && has "^arch/bar: error: worker crashed \(signal 6" && has "foo/unmet_defconfig \[unmet-dependency\]"'
	# the environment cache: a hit does not evaluate the Makefile; a
	# changed makefile (top or included) or --no-shell-cache does
	rm -rf "$SCRATCH/fx4"; cp -r "$fx" "$SCRATCH/fx4"
	printf 'FROM_INC := i1\nexport FROM_INC\n' >"$SCRATCH/fx4/scripts/fx.mk"
	cat >>"$SCRATCH/fx4/Makefile" <<-'EOM'
	include $(srctree)/scripts/fx.mk
	FROM_MAKE := m1
	export FROM_MAKE
	$(shell echo evaluated >>$(PROBE_LOG))
	EOM
	printf 'config FROM_MAKE\n\tstring\n\tdefault "$(FROM_MAKE)-$(FROM_INC)"\n' >>"$SCRATCH/fx4/Kconfig"
	export PROBE_LOG=$SCRATCH/probe-$san.log
	rm -f "$PROBE_LOG"
	envrun() { run 0 dump --tree "$SCRATCH/fx4" --arch foo --defconfig clean_defconfig \
		--dump-dir "$SCRATCH/dump-fx4" "$@" && grep -q "^CONFIG_FROM_MAKE=\"$want\"$" "$SCRATCH/dump-fx4/foo/clean_defconfig.config" &&
		[ "$(wc -l <"$PROBE_LOG")" = "$evals" ]; }
	t "environment cache: the first run evaluates the Makefile" 'want=m1-i1 evals=1 envrun'
	t "environment cache: the second run does not" 'want=m1-i1 evals=1 envrun'
	sed -i 's/m1/m2/' "$SCRATCH/fx4/Makefile"
	t "environment cache: a changed top Makefile is evaluated again" 'want=m2-i1 evals=2 envrun'
	sed -i 's/i1/i2/' "$SCRATCH/fx4/scripts/fx.mk"
	t "environment cache: a changed included makefile is evaluated again" 'want=m2-i2 evals=3 envrun'
	t "environment cache: --no-shell-cache evaluates it" 'want=m2-i2 evals=4 envrun --no-shell-cache'
	t "environment cache: another variable in kcheck's environment is another entry" 'want=m2-i2 evals=5 FROM_ENV=x envrun'
	unset PROBE_LOG
	rc=0
	timeout --preserve-status -s INT 1 "$KCHECK" --tree "$fx" --arch foo --rand 20000 --output "$SCRATCH/int.out" \
		>"$SCRATCH/out" 2>&1 || rc=$?
	cat "$SCRATCH/out" >>"$SCRATCH/all-output"
	t "an interrupted run exits 2, writes no report and leaves no work directory" \
	  '[ $rc = 2 ] && has "interrupted by signal 2" && [ ! -e "$SCRATCH/int.out" ] && [ -z "$(ls -A "$KCHECK_CACHE/work")" ]'
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer' "$SCRATCH/all-output"; then
		not_ok "${ROUND}no sanitizer report in any run"
		grep -E -A5 'AddressSanitizer|LeakSanitizer|runtime error:' "$SCRATCH/all-output" | head -40
	else
		ok "${ROUND}no sanitizer report in any run"
	fi
done
