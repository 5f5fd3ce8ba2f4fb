# SPDX-License-Identifier: GPL-2.0-only
# tier: all
# The Debian base tree: two fresh preparations in different cache
# directories give the same commit id, even when one of them was killed
# half way first; a second run is a cache hit; another 6.12.y package
# version works and reports itself.  Slow (a few minutes): it imports the
# whole kernel tree three times.
. "$(dirname "$0")/../lib.sh"
prep="$TOP/tools/prepare-base.sh"
get() { sed -n "s/^$2=//p" "$(dirname "$1")/base.info"; }

A=$SCRATCH/a B=$SCRATCH/b
check "fresh preparation in cache A" env GMEM_CACHE="$A" "$prep"
ta=$(sed -n '$p' "$SCRATCH/out")

# Kill a preparation in B while it is committing (SIGKILL: no trap runs).
mkdir -p "$B"
setsid env GMEM_CACHE="$B" "$prep" >"$SCRATCH/killed.log" 2>&1 &
pid=$!
for _ in $(seq 600); do
	ls -d "$B"/trees/.tmp-*/linux/.git >/dev/null 2>&1 && break
	sleep 0.2
done
sleep 3
kill -KILL -- -"$pid" 2>/dev/null
wait "$pid" 2>/dev/null
leftover=$(ls -d "$B"/trees/.tmp-* 2>/dev/null | head -n 1)
check "the killed run left only a .tmp- directory, no base.info" \
	test -n "$leftover" -a -z "$(find "$B" -name base.info)"

check "preparation in cache B after the kill" env GMEM_CACHE="$B" "$prep"
tb=$(sed -n '$p' "$SCRATCH/out")
grep -q 'removing leftover of an interrupted run' "$SCRATCH/out" &&
	ok "the rerun removed the leftover" || not_ok "the rerun removed the leftover"
same "A and B have the same base commit id" \
	"$(git -C "$ta" rev-parse refs/tags/base)" "$(git -C "$tb" rev-parse refs/tags/base)"
same "base.info records that commit id" \
	"$(get "$ta" base_commit)" "$(git -C "$tb" rev-parse refs/tags/base)"
[ -z "$(git -C "$tb" status --porcelain --ignored)" ] && ok "no file outside the commit" ||
	not_ok "no file outside the commit"
same "make kernelversion agrees with base.info" \
	"$(make -s -C "$tb" kernelversion)" "$(get "$tb" kernelversion)"

fails_with "a second run is a cache hit" 0 '^selftest: cached: linux-source-6.12 ' \
	env GMEM_CACHE="$B" "$prep"
rm -rf "$B"

# Another 6.12.y version from apt, as when Debian moves on.
other=$(apt-cache madison linux-source-6.12 | awk -F' [|] ' '{ print $2 }' |
	grep -vx "$(get "$ta" package_version)" | head -n 1)
if [ -z "$other" ]; then
	not_ok "apt offers a second linux-source-6.12 version to test with"
else
	check "preparation of linux-source-6.12 $other" \
		env GMEM_CACHE="$SCRATCH/c" LINUX_SOURCE_VERSION="$other" "$prep"
	tc=$(sed -n '$p' "$SCRATCH/out")
	same "it reports its own package version" "$(get "$tc" package_version)" "$other"
	same "and its own kernel version" "$(get "$tc" kernelversion)" \
		"$(make -s -C "$tc" kernelversion)"
	[ "$(get "$tc" base_commit)" != "$(get "$ta" base_commit)" ] &&
		ok "a different package gives a different commit" ||
		not_ok "a different package gives a different commit"
fi
