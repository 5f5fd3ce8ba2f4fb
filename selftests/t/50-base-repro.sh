# SPDX-License-Identifier: GPL-2.0-only
# tier: all
# The Debian base tree: two fresh preparations in different cache
# directories give the same commit id, even when one of them was killed
# half way first; a second run is a cache hit; another 6.12.y package
# version works and reports itself.  Slow (a few minutes): it imports the
# whole kernel tree three times (each once per run, whichever tests ask).
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE
PREP=$TOP/tools/prepare-base.sh
get() { sed -n "s/^$2=//p" "$(dirname "$1")/base.info"; }

# needs_a: TA, a fresh preparation in cache A
prep_a() { GMEM_CACHE=$SCRATCH/a "$PREP" >"$SCRATCH/once/a.path"; }
needs_a() { once a prep_a && TA=$(sed -n '$p' "$SCRATCH/once/a.path"); }

# needs_b: cache B, where a preparation was killed while committing
# (SIGKILL: no trap runs); KILLED_LEFT says what it left; then TB, the
# preparation run again, its messages in $SCRATCH/once/b.log
prep_b() {
	local b=$SCRATCH/b pid
	mkdir -p "$b"
	setsid env GMEM_CACHE="$b" "$PREP" >"$SCRATCH/once/killed.log" 2>&1 &
	pid=$!
	for _ in $(seq 600); do
		ls -d "$b"/trees/.tmp-*/linux/.git >/dev/null 2>&1 && break
		sleep 0.2
	done
	sleep 3
	kill -KILL -- -"$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	{ ls -d "$b"/trees/.tmp-* 2>/dev/null | sed "s|$b/||; s|\.tmp-.*|.tmp-*|" | sort -u
	  find "$b" -name base.info; } >"$SCRATCH/once/killed.left"
	GMEM_CACHE=$b "$PREP" >"$SCRATCH/once/b.path" 2>"$SCRATCH/once/b.log"
}
needs_b() { once b prep_b && TB=$(sed -n '$p' "$SCRATCH/once/b.path"); }

killed_left() { expect <"$SCRATCH/once/killed.left"; }
rerun_cleans() { grep 'removing leftover of an interrupted run' "$SCRATCH/once/b.log"; }
same_commit() {
	[ "$(git -C "$TA" rev-parse refs/tags/base)" = "$(git -C "$TB" rev-parse refs/tags/base)" ]
}
info_commit() { [ "$(get "$TB" base_commit)" = "$(git -C "$TB" rev-parse refs/tags/base)" ]; }
nothing_else() {
	git -C "$TB" status --porcelain --ignored >"$T/status" && [ ! -s "$T/status" ] ||
		{ cat "$T/status"; return 1; }
}
kernelversion() { [ "$(make -s -C "$TB" kernelversion)" = "$(get "$TB" kernelversion)" ]; }
cache_hit() {
	run 0 env GMEM_CACHE="$SCRATCH/b" "$PREP" &&
	grep -E '^selftest: cached: linux-source-6.12 ' "$T/err"
}

# Another 6.12.y version from apt, as when Debian moves on: OTHER, its
# version, and TC, its tree
prep_c() {
	local other
	other=$(apt-cache madison linux-source-6.12 | awk -F' [|] ' '{ print $2 }' |
		grep -vx "$(get "$TA" package_version)" | head -n 1)
	[ -n "$other" ] || { echo "apt offers no second linux-source-6.12 version to test with"; return 1; }
	echo "$other" >"$SCRATCH/once/c.version"
	GMEM_CACHE=$SCRATCH/c LINUX_SOURCE_VERSION=$other "$PREP" >"$SCRATCH/once/c.path"
}
needs_c() {
	needs_a && once c prep_c &&
	OTHER=$(cat "$SCRATCH/once/c.version") TC=$(sed -n '$p' "$SCRATCH/once/c.path")
}
other_version() { [ "$(get "$TC" package_version)" = "$OTHER" ]; }
other_kernelversion() { [ "$(get "$TC" kernelversion)" = "$(make -s -C "$TC" kernelversion)" ]; }
other_commit() { [ "$(get "$TC" base_commit)" != "$(get "$TA" base_commit)" ]; }

tcase fresh-a "a fresh preparation in cache A" true a
tcase killed-left "a run killed while committing left only a .tmp- directory, no base.info" killed_left b
tcase rerun-cleans "the preparation after the kill removed the leftover" rerun_cleans b
tcase same-commit "A and B have the same base commit id" same_commit a b
tcase info-commit "base.info records that commit id" info_commit b
tcase nothing-else "no file outside the commit" nothing_else b
tcase kernelversion "make kernelversion agrees with base.info" kernelversion b
tcase cache-hit "a second run is a cache hit" cache_hit b
tcase other-version "another linux-source-6.12 version from apt reports its own package version" other_version c
tcase other-kernelversion "and its own kernel version" other_kernelversion c
tcase other-commit "and gives a different commit" other_commit c
run_tests "$@"
