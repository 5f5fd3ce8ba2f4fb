# SPDX-License-Identifier: GPL-2.0-only
# kcheck on a fixture tree (selftests/fixtures/kc1 plus the base tree's own
# scripts/kconfig): each check finds what was planted and nothing that was
# not (the whole report against selftests/expected/60-kcheck/), bad input
# exits 2 with a clear message, and every test runs again with the ASan
# and UBSan builds of kcheck and its worker (asan-NAME), which must stay
# silent.
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE

# kc ARGS...: kcheck's report, exit status and errors are the expected file
kc() { expect_run "$@"; }
# copy FX to $T/tree for a test that changes it
own_tree() { cp -r "$FX" "$T/tree"; }

unmet_select() { kc 1 "$KCHECK" --tree "$FX" --arch foo --no-code-scan; }
no_false_unmet() { kc 1 "$KCHECK" --tree "$FX" --no-code-scan; }
code_scan() { kc 1 "$KCHECK" --tree "$FX"; }
scope() { kc 1 "$KCHECK" --tree "$FX" --scope drivers/Makefile; }
rules_fail() { kc 1 "$KCHECK" --tree "$FX" --rules "$FX/bad.rules"; }
rules_hold() { kc 1 "$KCHECK" --tree "$FX" --rules "$FX/ok.rules"; }
rand_names() {
	run 1 "$KCHECK" --tree "$FX" --arch foo --rand 3 --seed 16 --no-code-scan --format json &&
	/usr/bin/python3 -c '
import json, sys
for c in json.load(open(sys.argv[1]))["configurations"]:
    print(c["arch"], c["name"], c["job"])' "$T/out" | expect
}
rules_malformed() { kc 2 "$KCHECK" --tree "$FX" --rules "$FX/malformed.rules"; }
rules_unreadable() { kc 2 "$KCHECK" --tree "$FX" --rules "$FX/none.rules"; }
json_report() {
	run 1 "$KCHECK" --tree "$FX" --format json --output "$T/r.json" &&
	/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(r["kcheck"], r["tree"], r["summary"])
for f in r["findings"]:
    print(f["check"], f["file"], f["line"], f["symbol"], f["configurations"],
          [k["key"] for k in f["keys"]], sep=" | ")' "$T/r.json" | expect
}
md_matrix() { kc 1 "$KCHECK" --tree "$FX" --format md; }
# a baseline of the fixture's whole report
make_baseline() {
	run 1 "$KCHECK" --tree "$FX" --format json --quiet --output "$T/base.json"
}
baseline_known() { make_baseline && kc 0 "$KCHECK" --tree "$FX" --baseline "$T/base.json"; }
baseline_new_config() {
	make_baseline && own_tree &&
	printf 'CONFIG_A=y\nCONFIG_G=y\n' >"$T/tree/arch/foo/configs/new_defconfig" &&
	kc 1 "$KCHECK" --tree "$T/tree" --baseline "$T/base.json"
}
baseline_not_report() { kc 2 "$KCHECK" --tree "$FX" --baseline "$FX/Kconfig"; }
# the fixture with another default for one symbol
changed_default() {
	own_tree && sed -i 's/default PICK_ONE/default PICK_TWO/' "$T/tree/Kconfig"
}
diff_by_config() {
	changed_default && kc 1 "$KCHECK" diff "$FX" "$T/tree" --no-fragments --by-configuration
}
diff_plain() { changed_default && kc 1 "$KCHECK" diff "$FX" "$T/tree" --no-fragments; }
diff_itself() { kc 0 "$KCHECK" diff "$FX" "$FX"; }
unknown_arch() { kc 2 "$KCHECK" --tree "$FX" --arch nope; }
missing_tree() { kc 2 "$KCHECK" --tree "$T/nothing"; }
not_kernel() { mkdir "$T/notkernel" && kc 2 "$KCHECK" --tree "$T/notkernel"; }
no_defconfig() { kc 2 "$KCHECK" --tree "$FX" --arch foo --defconfig nope_defconfig; }
parse_error() {
	own_tree && mkdir -p "$T/tree/arch/baz" &&
	printf 'config ARCH_BAZ\n\tbool "baz"\n\tdepends on (\n' >"$T/tree/arch/baz/Kconfig" &&
	kc 2 "$KCHECK" --tree "$T/tree"
}
worker_crash() { KCHECK_FAULT=crash:bar kc 2 "$KCHECK" --tree "$FX"; }
# The sanitizer build checks each answer kcheck gives for the tree's code
# against the tree's own (src/hooks/hooks.h); a hook made to answer wrongly
# in one arch's worker stops that worker, naming the hook.
hook_choice() { KCHECK_FAULT=hook-choice:bar kc 2 "$KCHECK" --tree "$FX" --no-code-scan; }
hook_expr() { KCHECK_FAULT=hook-expr:bar kc 2 "$KCHECK" --tree "$FX" --no-code-scan; }
hook_default() { KCHECK_FAULT=hook-default:bar kc 2 "$KCHECK" --tree "$FX" --no-code-scan; }

# The environment cache: a hit does not evaluate the Makefile; a changed
# makefile (top or included), --no-shell-cache or another variable in
# kcheck's environment does.  Each test starts from an empty cache and
# counts the Makefile's evaluations in $T/probe.log.
# own_cache: an empty cache for this test, with kcheck's engine for the
# fixture already built in it (so that timing-sensitive steps do not
# include the build)
own_cache() {
	local shared=$KCHECK_CACHE
	export KCHECK_CACHE=$T/cache
	# the engine builds of the round's cache, when there are some (an
	# engine is named by the hash of all it is built from)
	mkdir -p "$KCHECK_CACHE"
	[ ! -d "$shared/engine" ] || cp -a "$shared/engine" "$KCHECK_CACHE/engine"
	run 1 "$KCHECK" --tree "$FX" --arch foo --no-code-scan --no-all-targets --quiet &&
	rm -rf "$KCHECK_CACHE/env" "$KCHECK_CACHE/shell" "$KCHECK_CACHE/work"
}
env_tree() {
	export PROBE_LOG=$T/probe.log
	own_cache && own_tree &&
	printf 'FROM_INC := i1\nexport FROM_INC\n' >"$T/tree/scripts/fx.mk" &&
	cat >>"$T/tree/Makefile" <<-'EOM' &&
	include $(srctree)/scripts/fx.mk
	FROM_MAKE := m1
	export FROM_MAKE
	$(shell echo evaluated >>$(PROBE_LOG))
	EOM
	printf 'config FROM_MAKE\n\tstring\n\tdefault "$(FROM_MAKE)-$(FROM_INC)"\n' >>"$T/tree/Kconfig"
}
# envrun WANT EVALS [ARGS...]: dump clean_defconfig; FROM_MAKE must be
# WANT and the Makefile must have been evaluated EVALS times in all
envrun() {
	local want=$1 evals=$2
	shift 2
	run 0 "$KCHECK" dump --tree "$T/tree" --arch foo --defconfig clean_defconfig \
		--dump-dir "$T/dump" "$@" || return 1
	grep -x "CONFIG_FROM_MAKE=\"$want\"" "$T/dump/foo/clean_defconfig.config" ||
		{ echo "FROM_MAKE is not $want:"; grep FROM_MAKE "$T/dump/foo/clean_defconfig.config"; return 1; }
	[ "$(wc -l <"$PROBE_LOG")" = "$evals" ] ||
		{ echo "$(wc -l <"$PROBE_LOG") evaluations, wanted $evals"; return 1; }
}
env_first() { env_tree && envrun m1-i1 1; }
env_hit() { env_tree && envrun m1-i1 1 && envrun m1-i1 1; }
env_top() { env_tree && envrun m1-i1 1 && sed -i 's/m1/m2/' "$T/tree/Makefile" && envrun m2-i1 2; }
env_included() {
	env_tree && envrun m1-i1 1 && sed -i 's/i1/i2/' "$T/tree/scripts/fx.mk" && envrun m1-i2 2
}
env_no_cache() { env_tree && envrun m1-i1 1 && envrun m1-i1 2 --no-shell-cache; }
env_variable() { env_tree && envrun m1-i1 1 && FROM_ENV=x envrun m1-i1 2; }
interrupted() {
	local rc=0
	own_cache || return 1
	timeout --preserve-status -s INT 1 "$KCHECK" --tree "$FX" --arch foo --rand 100000 \
		--output "$T/int.out" >"$T/out" 2>"$T/err" || rc=$?
	[ "$rc" = 2 ] || { echo "exit $rc, wanted 2"; cat "$T/err"; return 1; }
	[ ! -e "$T/int.out" ] || { echo "a report was written"; return 1; }
	[ -z "$(ls -A "$KCHECK_CACHE/work")" ] || { echo "left behind:"; ls -A "$KCHECK_CACHE/work"; return 1; }
	grep 'interrupted' "$T/err" | expect
}
# interrupted with --dump-dir: the message says where the files resolved
# before the signal are, and they are there
interrupted_dump() {
	local rc=0 pid i
	own_cache || return 1
	"$KCHECK" dump --tree "$FX" --arch foo --rand 20000 --dump-dir "$T/dumps" \
		>"$T/out" 2>"$T/err" &
	pid=$!
	# the signal once a configuration is written (slow under ASan)
	for i in $(seq 600); do
		[ -z "$(find "$T/dumps" -type f -print -quit 2>/dev/null)" ] || break
		sleep 0.1
	done
	kill -INT "$pid"
	wait "$pid" || rc=$?
	[ "$rc" = 2 ] || { echo "exit $rc, wanted 2"; cat "$T/err"; return 1; }
	grep -qxF "kcheck: error: interrupted by signal 2; no report was written; the configurations resolved before it are in $T/dumps" "$T/err" ||
		{ cat "$T/err"; return 1; }
	[ -n "$(find "$T/dumps" -type f -print -quit)" ] || { echo "no dump file in $T/dumps"; return 1; }
}

# The model servers (cache/serve.h): a second run takes each arch's
# parsed model from the server the first left; a changed Kconfig file,
# environment variable or tool a $(shell ...) runs (as a compiler is) is a
# miss, and the run after it is served again.  The tree gets a string
# whose default is the output of a tool found in PATH.  Each step prints
# how many arches were served and the values that show what was parsed;
# the transcript is the expected file.
model_tree() {
	own_cache && own_tree && mkdir "$T/bin" || return 1
	printf 'config TOOL_OUT\n\tstring\n\tdefault "$(shell,tool-of-test)"\n' >>"$T/tree/Kconfig"
	printf '#!/bin/sh\necho one\n' >"$T/bin/tool-of-test"
	chmod +x "$T/bin/tool-of-test"
	export PATH=$T/bin:$PATH
}
step() {	# LABEL [ENV=VALUE...]
	local label=$1 served arches
	shift
	rm -rf "$T/dump"
	run 0 env "$@" "$KCHECK" dump --tree "$T/tree" ${STEP_ARCH:+--arch "$STEP_ARCH"} \
		--defconfig clean_defconfig --dump-dir "$T/dump" || return 1
	served=$(grep -c '(model cache)' "$T/err")
	arches=$(grep -cE '^kcheck: \[[0-9]+/[0-9]+\] ' "$T/err")
	echo "$label: $served of $arches arches from a model server;" \
		$(grep -hE '^CONFIG_(TOOL_OUT|HELPER_OUT|PICK_ONE|PICK_TWO)=' "$T/dump/foo/clean_defconfig.config")
}
# engine.sh's answer is kept by the identity of what it reads
engine_identity() {
	local answers k=(--arch foo --no-code-scan --no-all-targets --quiet)
	own_cache && own_tree || return 1
	answers=$KCHECK_CACHE/engine/by-identity
	rm -rf "$answers"
	{
		run 1 "$KCHECK" --tree "$T/tree" "${k[@]}" && kept "first run" &&
		run 1 "$KCHECK" --tree "$T/tree" "${k[@]}" && kept "nothing changed" &&
		touch -d 2030-01-01 "$T/tree/scripts/kconfig/expr.h" &&
		run 1 "$KCHECK" --tree "$T/tree" "${k[@]}" &&
		kept "expr.h touched, same contents"
	} | expect
}
kept() {	# LABEL: the answers kept; whether an engine was built since the first run
	local now
	now=$(ls "$KCHECK_CACHE/engine")
	[ -e "$T/engines" ] || echo "$now" >"$T/engines"
	echo "$1: $(find "$answers" -type f | wc -l) answer(s) kept;" \
		"$([ "$now" = "$(cat "$T/engines")" ] && echo "no engine built" || echo "an engine built")"
}
model_hit() { model_tree && { step first && step second && step third; } | expect; }
model_kconfig() {
	model_tree && {
		step first && step second &&
		sed -i 's/default PICK_ONE/default PICK_TWO/' "$T/tree/Kconfig" &&
		step "Kconfig changed" && step "after it"
	} | expect
}
# an edit in place (same inode) that keeps the size, with the mtime put
# back: only the ctime says the file changed
model_same_size() {
	model_tree && {
		step first && step second &&
		cp -p "$T/tree/Kconfig" "$T/Kconfig.ref" &&
		stat -c '%i %s %y' "$T/tree/Kconfig" >"$T/stat.before" &&
		sed 's/default PICK_ONE/default PICK_TWO/' "$T/Kconfig.ref" >"$T/tree/Kconfig" &&
		touch -r "$T/Kconfig.ref" "$T/tree/Kconfig" &&
		stat -c '%i %s %y' "$T/tree/Kconfig" | cmp -s - "$T/stat.before" &&
		step "Kconfig edited in place, size and mtime kept" && step "after it"
	} | expect
}
# a relative --dump-dir is the caller's directory, not a worker's
dump_relative() {
	(cd "$T" && run 0 "$KCHECK" dump --tree "$FX" --arch foo --defconfig clean_defconfig \
		--dump-dir rel --quiet) &&
	grep -q '^CONFIG_' "$T/rel/foo/clean_defconfig.config"
}
model_env() {
	model_tree && {
		step first && step second && step "FROM_ENV=x" FROM_ENV=x && step "FROM_ENV=x again" FROM_ENV=x &&
		step "without it"
	} | expect
}
model_tool() {
	model_tree && {
		step first && step second &&
		printf '#!/bin/sh\necho two\n' >"$T/bin/tool-of-test" &&
		step "tool changed" && step "after it"
	} | expect
}
# an edit saved while the parse runs (the tool edits the Kconfig file the
# parse has read, once): that parse leaves no model server.  One arch: a
# second one's parse may read the file before the edit or after it.
model_during_parse() {
	local STEP_ARCH=foo
	model_tree || return 1
	printf '#!/bin/sh\n[ -e "%s/edited" ] || { sed -i "s/default PICK_ONE/default PICK_TWO/" "%s/tree/Kconfig"; touch "%s/edited"; }\necho one\n' \
		"$T" "$T" "$T" >"$T/bin/tool-of-test"
	{ step "first, Kconfig edited during the parse" && sleep 0.2 && step second && step third; } | expect
}
# a script a $(shell) script runs is in the keys: scripts/probe.sh runs
# scripts/helper.sh, which changes
model_script() {
	model_tree || return 1
	printf '#!/bin/sh\nexec sh "$(dirname "$0")/helper.sh"\n' >"$T/tree/scripts/probe.sh"
	printf '#!/bin/sh\necho one\n' >"$T/tree/scripts/helper.sh"
	chmod +x "$T/tree/scripts/probe.sh"
	printf 'config HELPER_OUT\n\tstring\n\tdefault "$(shell,$(srctree)/scripts/probe.sh)"\n' >>"$T/tree/Kconfig"
	{
		step first && step second &&
		printf '#!/bin/sh\necho two\n' >"$T/tree/scripts/helper.sh" &&
		step "helper.sh changed" && step "after it"
	} | expect
}
# a probe killed by a signal is an error naming it, not an answer, and is
# not cached: the run after the cause is gone gets the real answer
probe_signal() {
	local k=(dump --tree "$T/tree" --defconfig clean_defconfig --dump-dir "$T/dump" --no-model-cache)
	model_tree || return 1
	printf 'config KILLED_OUT\n\tstring\n\tdefault "$(shell,exec killed-tool)"\n' >>"$T/tree/Kconfig"
	printf '#!/bin/sh\nkill -KILL $$\n' >"$T/bin/killed-tool"
	chmod +x "$T/bin/killed-tool"
	{
		run 2 "$KCHECK" "${k[@]}" && grep -o 'kcheck: error: .*killed by signal.*' "$T/err" | sort -u &&
		printf '#!/bin/sh\necho alive\n' >"$T/bin/killed-tool" &&
		run 0 "$KCHECK" "${k[@]}" && grep -h '^CONFIG_KILLED_OUT=' "$T/dump"/*/clean_defconfig.config
	} | expect
}
# a probe run while the disk of the cache is full is an error, not an
# answer (in a tmpfs of its own, filled to under 1 MiB free)
probe_disk_full() {
	own_tree || return 1
	# a probe that writes a temporary file, as $(cc-option) does
	printf 'config PROBE_OUT\n\tstring\n\tdefault "$(shell,echo y >probe.tmp && cat probe.tmp)"\n' >>"$T/tree/Kconfig"
	unshare -m bash -c '
		set -e
		T=$1 KCHECK=$2 cache=$3
		mkdir -p "$T/small"
		mount -t tmpfs -o size=64m,mode=0700 tmpfs "$T/small"
		cp -a "$cache/engine" "$T/small/engine" 2>/dev/null || true
		export KCHECK_CACHE=$T/small
		k=(--tree "$T/tree" --arch foo --no-code-scan --no-all-targets --no-model-cache --quiet)
		"$KCHECK" "${k[@]}" >/dev/null 2>"$T/err0" || [ $? = 1 ] || { cat "$T/err0"; exit 1; }
		avail=$(df --output=avail -B1 "$T/small" | tail -1)
		head -c $((avail - 512 * 1024)) /dev/zero >"$T/small/fill"
		rc=0
		FROM_ENV=full "$KCHECK" "${k[@]}" >"$T/out" 2>"$T/err" || rc=$?
		echo "full: exit $rc"
		grep -ho "\$(shell,.* is full[^[]*" "$T/out" "$T/err" | sed -E "s|$T/small[^ ]*|CACHE/...|g" | sort -u
		rm "$T/small/fill"
		rc=0
		FROM_ENV=full "$KCHECK" "${k[@]}" >"$T/out" 2>"$T/err" || rc=$?
		echo "space again: exit $rc"
		umount "$T/small"
	' _ "$T" "$KCHECK" "$KCHECK_CACHE" | expect
}
# a served run is the caller's: its umask (the mode of the dump files) and
# its resource limits; a caller with other settings gets a daemon of its own
dump_mode() { stat -c %a "$T/dump/foo/clean_defconfig.config"; }
model_settings() {
	model_tree && {
		(umask 002 && step "umask 002" && echo "mode $(dump_mode)") &&
		(umask 002 && step "umask 002 again" && echo "mode $(dump_mode)") &&
		(umask 022 && step "umask 022" && echo "mode $(dump_mode)") &&
		(umask 022 && ulimit -S -n 1000 && step "umask 022, ulimit -S -n 1000") &&
		(umask 022 && ulimit -S -n 1000 && step "the same again")
	} | expect
}
# at most 48 daemons in a cache: 50 keys (25 environments x 2 arches),
# the least recently used go: the first environment is parsed again, the
# second, used once more before the others came, is still served
model_bound() {
	local i
	model_tree || return 1
	{
		step "FROM_ENV=1" FROM_ENV=1 >/dev/null && step "FROM_ENV=2" FROM_ENV=2 >/dev/null || return 1
		step "FROM_ENV=2, used again" FROM_ENV=2 >/dev/null || return 1
		for i in $(seq 3 25); do step "FROM_ENV=$i" FROM_ENV=$i >/dev/null || return 1; done
		sleep 2
		echo "sockets: $(find "$KCHECK_CACHE/model" -name '*.sock' | wc -l)"
		step "FROM_ENV=2 again" FROM_ENV=2 && step "FROM_ENV=1 again" FROM_ENV=1 &&
		step "FROM_ENV=25 again" FROM_ENV=25
	} | expect
}
# a daemon whose input changed exits on its own, without a run; the
# daemon of the fixture (own_cache's run) stays
socks() { find "$KCHECK_CACHE/model" -name '*.sock' | wc -l; }
model_self_check() {
	local i
	model_tree && step first >/dev/null || return 1
	[ "$(socks)" = 3 ] || { echo "$(socks) daemons, wanted 3 (the tree's 2, the fixture's 1)"; return 1; }
	sed -i 's/default PICK_ONE/default PICK_TWO/' "$T/tree/Kconfig"
	for i in $(seq 30); do
		[ "$(socks)" = 1 ] && sleep 6 && [ "$(socks)" = 1 ] && return 0
		sleep 0.5
	done
	echo "$(socks) daemons listen 15 s after the change, wanted 1"
	return 1
}
# the speed hooks only on kconfig code they were proved on: a tree whose
# conf.c makes defconfig's set-all give every symbol y is answered by its
# own code (a note says so once), and the fixture's, proved, gets no note
hooks_tree_code() {
	own_cache && own_tree || return 1
	sed -i '/^static void conf_set_all_new_symbols(enum conf_def_mode mode)$/{n;s/^{$/{ if (mode == def_default) mode = def_yes;/}' \
		"$T/tree/scripts/kconfig/conf.c"
	grep -q 'mode = def_yes;' "$T/tree/scripts/kconfig/conf.c" || { echo "conf.c not changed"; return 1; }
	{
		run 0 "$KCHECK" dump --tree "$FX" --arch foo --defconfig clean_defconfig --dump-dir "$T/d1" &&
		echo "fixture: $(grep -c '^kcheck: note: .*speed hooks' "$T/err") note(s);" \
			$(grep -E '^(# )?CONFIG_F[= ]' "$T/d1/foo/clean_defconfig.config") &&
		run 0 "$KCHECK" dump --tree "$T/tree" --defconfig clean_defconfig --dump-dir "$T/d2" &&
		echo "changed conf.c: $(grep -c '^kcheck: note: .*speed hooks are not proved' "$T/err") note(s);" \
			$(grep -hE '^(# )?CONFIG_F[= ]' "$T/d2"/*/clean_defconfig.config)
	} | expect
}
# KCHECK_HOOKS=off: the plain path, without the speed hooks, on a proved
# tree: the same .config, one note; a value other than on and off is refused
hooks_off() {
	own_cache || return 1
	{
		run 0 "$KCHECK" dump --tree "$FX" --arch foo --dump-dir "$T/d1" &&
		KCHECK_HOOKS=off run 0 "$KCHECK" dump --tree "$FX" --arch foo --dump-dir "$T/d2" &&
		echo "off: $(grep -c '^kcheck: note: .*speed hooks are off (KCHECK_HOOKS=off)' "$T/err") note(s);" \
			"$(ls "$T/d2/foo" | wc -l) configurations;" \
			"$(diff -r "$T/d1" "$T/d2" >/dev/null && echo identical || echo DIFFERENT)" &&
		KCHECK_HOOKS=maybe run 2 "$KCHECK" dump --tree "$FX" --arch foo --dump-dir "$T/d3" &&
		grep -o 'KCHECK_HOOKS is on or off.*' "$T/err"
	} | expect
}
model_off() {
	local i
	model_tree && rm -rf "$KCHECK_CACHE/model" || return 1
	for i in 1 2; do
		run 1 "$KCHECK" --tree "$T/tree" --no-code-scan --no-model-cache &&
		! grep '(model cache)' "$T/err" && [ ! -e "$KCHECK_CACHE/model" ] || return 1
	done
}
# The runner (cache/serve.c): the daemon's copy of the parsed model that
# serves run after run.  A run it serves after other configurations (all
# four all*config, randconfigs) resolves clean_defconfig to the same
# .config as the run that parsed; a killed runner is replaced; a run that
# comes while the runner is busy gets a copy of its own.  Each step prints
# what it shows; the transcript is the expected file.
runners() {	# the daemons' children, sorted
	local d
	for d in $(pgrep -f -- "--model-dir $KCHECK_CACHE/model"); do
		pgrep -P "$d" || :
	done | sort -n
}
same_dump() {	# LABEL: clean_defconfig's .config against the first run's
	echo "$1: $(cmp -s "$T/first.config" "$T/dump/foo/clean_defconfig.config" &&
		echo "the same .config as the run that parsed" || echo "ANOTHER .config")"
}
model_runner() {
	local before
	model_tree && {
		step first && cp "$T/dump/foo/clean_defconfig.config" "$T/first.config" &&
		step second && before=$(runners) &&
		echo "runners after the second run: $(echo "$before" | grep -c .)" &&
		run 1 "$KCHECK" --tree "$T/tree" --no-code-scan --rand 8 --seed 7 &&
		echo "other configurations: $(grep -c '(model cache)' "$T/err") of 2 arches served" &&
		step "after them" && same_dump "after them" &&
		echo "the same runners: $([ "$(runners)" = "$before" ] && echo yes || echo no)" &&
		kill -9 $before && sleep 0.2 &&
		step "runners killed" && same_dump "runners killed" &&
		echo "new runners: $(runners | grep -c .), none of the killed: $(comm -12 <(runners) <(echo "$before") | grep -c . || :)"
	} | expect
}
busy_runner() {	# wait (up to 60 s) until a runner works in a run's directory
	local i r cwd
	for i in $(seq 600); do
		for r in $(runners); do
			cwd=$(readlink "/proc/$r/cwd") || continue
			case $cwd in
			*/work/run.*" (deleted)") ;;
			*/work/run.*) return 0 ;;
			esac
		done
		sleep 0.1
	done
	echo "no runner took the long run"
	return 1
}
model_busy() {
	local pid rc=0
	model_tree && {
		step first && cp "$T/dump/foo/clean_defconfig.config" "$T/first.config" &&
		step second || return 1
		# a long run (some seconds) keeps the runner busy; interrupted once the
		# run beside it is done
		"$KCHECK" --tree "$T/tree" --arch foo --no-code-scan --rand 50000 --quiet \
			>/dev/null 2>"$T/long.err" &
		pid=$!
		busy_runner || rc=1
		step "beside a busy runner" && same_dump "beside a busy runner" || rc=1
		kill -INT "$pid"
		wait "$pid" || echo "the long run: interrupted, exit $?"
		[ "$rc" = 0 ] && step "after it" && same_dump "after it"
	} | expect
}
# a server whose cache is deleted exits (within its one-second tick)
model_gone() {
	local i
	model_tree && step first >/dev/null &&
	pgrep -f -- "--model-dir $KCHECK_CACHE/model" >/dev/null ||
		{ echo "no model server running"; return 1; }
	rm -rf "$KCHECK_CACHE"
	for i in $(seq 50); do
		pgrep -f -- "--model-dir $KCHECK_CACHE/model" >/dev/null || return 0
		sleep 0.1
	done
	echo "the model server still runs 5 s after its cache was deleted"
	return 1
}

# The engine (the workers built against the tree) follows how kcheck was
# built, never KCHECK_SANITIZE in the environment: a sanitizer run cannot
# silently use plain workers, nor a plain run sanitizer ones.
engine_kinds() {	# LABEL: the engines in the cache, plain or sanitizer
	local d kinds=
	for d in "$KCHECK_CACHE"/engine/*/; do
		case $d in */by-identity/|*/.tmp-*) continue ;; esac
		if grep -qa __asan_init "$d"/* 2>/dev/null; then kinds="$kinds sanitizer"; else kinds="$kinds plain"; fi
	done
	echo "$1:$(printf '%s\n' $kinds | sort | tr '\n' ' ' | sed 's/ $//; s/^/ /')"
}
engine_sanitize() {
	local plain=$TOP/kconfig-checks/build/kcheck san=$TOP/kconfig-checks/build-san/kcheck
	local k=(--tree "$FX" --arch foo --no-code-scan --no-all-targets --quiet)
	export KCHECK_CACHE=$T/cache
	{
		run 1 env KCHECK_SANITIZE=1 "$plain" "${k[@]}" &&
		engine_kinds "plain kcheck, KCHECK_SANITIZE=1" &&
		run 1 env -u KCHECK_SANITIZE "$plain" "${k[@]}" &&
		engine_kinds "plain kcheck, no KCHECK_SANITIZE" &&
		run 1 env KCHECK_SANITIZE=0 "$san" "${k[@]}" &&
		engine_kinds "sanitizer kcheck, KCHECK_SANITIZE=0" &&
		run 1 env -u KCHECK_SANITIZE "$san" "${k[@]}" &&
		engine_kinds "sanitizer kcheck, no KCHECK_SANITIZE"
	} | expect
}

for k in kcheck kcheck_asan; do
	p=
	[ "$k" = kcheck_asan ] && p=asan-
	tcase "${p}builds" "kcheck and its worker build without warnings (-Wall -Wextra)" true $k
	tcase "${p}unmet-select" "unmet dependency at the select's file:line, with the configuration, exit 1" unmet_select $k kc1
	tcase "${p}no-false-unmet" "a clean defconfig, 'select ... if' with a false condition and 'imply' give no unmet finding" no_false_unmet $k kc1
	tcase "${p}code-scan" "undefined CONFIG_ uses in C and Makefiles, not IS_ENABLED/IS_MODULE/_MODULE/other-arch symbols" code_scan $k kc1
	tcase "${p}scope" "--scope limits the CONFIG_ scan" scope $k kc1
	tcase "${p}rules-fail" "failing invariant, exists and absent rules at the rule's file:line" rules_fail $k kc1
	tcase "${p}rules-hold" "rules that hold give no rule finding" rules_hold $k kc1
	tcase "${p}rand-names" "randconfigs are named by seed" rand_names $k kc1
	tcase "${p}rules-malformed" "a malformed rules file: file:line of the rule, exit 2" rules_malformed $k kc1
	tcase "${p}rules-unreadable" "an unreadable rules file, exit 2" rules_unreadable $k kc1
	tcase "${p}json" "--format json: the findings with their keys" json_report $k kc1
	tcase "${p}md" "--format md: the arch x check matrix" md_matrix $k kc1
	tcase "${p}baseline-known" "--baseline: everything known, exit 0" baseline_known $k kc1
	tcase "${p}baseline-new-config" "--baseline: a new configuration with the old problem is new" baseline_new_config $k kc1
	tcase "${p}baseline-not-report" "--baseline that is not a kcheck report: exit 2" baseline_not_report $k kc1
	tcase "${p}diff-by-config" "diff: a changed default leads as a value change; per configuration on request; exit 1" diff_by_config $k kc1
	tcase "${p}diff-plain" "diff: no per-configuration lines unless asked" diff_plain $k kc1
	tcase "${p}diff-itself" "diff of a tree with itself: no difference, exit 0" diff_itself $k kc1
	tcase "${p}unknown-arch" "unknown arch: exit 2" unknown_arch $k kc1
	tcase "${p}missing-tree" "missing tree: exit 2" missing_tree $k kc1
	tcase "${p}not-kernel" "not a kernel tree: exit 2" not_kernel $k kc1
	tcase "${p}no-defconfig" "a named defconfig that does not exist: exit 2" no_defconfig $k kc1
	tcase "${p}parse-error" "a Kconfig parse error in one arch is reported; the others are checked; exit 2" parse_error $k kc1
	tcase "${p}worker-crash" "a crashing worker is named; the others are checked; exit 2" worker_crash $k kc1
	if [ "$k" = kcheck_asan ]; then
		tcase asan-hook-choice "the check of sym_get_choice_menu()'s answers fires when one is wrong" hook_choice $k kc1
		tcase asan-hook-expr "the check that every expression was invalidated fires when one was not" hook_expr $k kc1
		tcase asan-hook-default "the check that defconfig's set-all sets no user value fires when it does" hook_default $k kc1
	fi
	tcase "${p}env-first" "environment cache: the first run evaluates the Makefile" env_first $k kc1
	tcase "${p}env-hit" "environment cache: the second run does not" env_hit $k kc1
	tcase "${p}env-top" "environment cache: a changed top Makefile is evaluated again" env_top $k kc1
	tcase "${p}env-included" "environment cache: a changed included makefile is evaluated again" env_included $k kc1
	tcase "${p}env-no-cache" "environment cache: --no-shell-cache evaluates it" env_no_cache $k kc1
	tcase "${p}env-variable" "environment cache: another variable in kcheck's environment is another entry" env_variable $k kc1
	tcase "${p}interrupted" "an interrupted run exits 2, writes no report and leaves no work directory" interrupted $k kc1
	tcase "${p}interrupted-dump" "an interrupted run with --dump-dir names the directory of the files it wrote" interrupted_dump $k kc1
	tcase "${p}engine-identity" "engine.sh's answer, kept by identity: reused while nothing changed, asked again for a touched kconfig source (the same engine)" engine_identity $k kc1
	tcase "${p}model-hit" "model server: the runs after the first take every arch's parsed model from it" model_hit $k kc1
	tcase "${p}model-kconfig" "model server: a changed Kconfig file is a miss; the next run is served again" model_kconfig $k kc1
	tcase "${p}model-during-parse" "model server: a Kconfig file edited while the parse runs leaves no server; the runs after it are right" model_during_parse $k kc1
	tcase "${p}model-script" "model server and \$(shell) cache: a script that a named script runs is in the keys (scripts/)" model_script $k kc1
	tcase "${p}hooks-tree-code" "the speed hooks only on proved kconfig code: a changed conf.c answers itself, with one note" hooks_tree_code $k kc1
	tcase "${p}hooks-off" "KCHECK_HOOKS=off: the tree's own kconfig functions answer, the same .config, one note; other values refused" hooks_off $k kc1
	tcase "${p}model-settings" "model server: a served run has the caller's umask and resource limits (other settings: another daemon)" model_settings $k kc1
	tcase "${p}model-bound" "model server: at most 48 daemons in a cache, the least recently used go first" model_bound $k kc1
	tcase "${p}model-self-check" "model server: a daemon whose input changed exits on its own, without a run" model_self_check $k kc1
	tcase "${p}probe-signal" "a \$(shell) probe killed by a signal is an error naming it (exit 2), not a cached answer" probe_signal $k kc1
	tcase "${p}probe-disk-full" "a \$(shell) probe run while the cache's disk is full is an error (exit 2), not a cached answer" probe_disk_full $k kc1 mountns
	tcase "${p}model-same-size" "model server: a Kconfig file edited in place with its size and mtime kept is a miss (ctime)" model_same_size $k kc1
	tcase "${p}dump-relative" "dump: a relative --dump-dir is the caller's; the .config files are there" dump_relative $k kc1
	tcase "${p}model-env" "model server: another environment variable is another model" model_env $k kc1
	tcase "${p}model-tool" "model server: a changed tool that a \$(shell ...) runs (a compiler) is a miss" model_tool $k kc1
	tcase "${p}model-off" "--no-model-cache neither uses nor leaves a model server" model_off $k kc1
	tcase "${p}model-gone" "a model server whose cache is deleted exits" model_gone $k kc1
	tcase "${p}model-runner" "model server: one runner serves run after run as a fresh copy would; a killed one is replaced" model_runner $k kc1
	tcase "${p}model-busy" "model server: a run beside a busy runner gets a copy of its own" model_busy $k kc1
done
tcase engine-sanitize "the engine follows the kcheck build, not KCHECK_SANITIZE in the environment" engine_sanitize kcheck kcheck_asan kc1
run_tests "$@"
