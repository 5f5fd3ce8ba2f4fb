# SPDX-License-Identifier: GPL-2.0-only
# b4, as a maintainer applies the series: 'b4 am' of the exported cover
# letter and mbox, offline, in a clone of the base tree, gives an mbox that
# git am applies, and the result is the series' tree.  b4 as the
# contributor sends it: prep, cover letter, get_maintainer.pl's recipients.
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE

needs_b4() {
	require b4 b4 || return 1
	printf '[user]\n\tname = Maintainer\n\temail = maintainer@example.invalid\n' >"$T/gitconfig"
	export GIT_CONFIG_GLOBAL=$T/gitconfig HOME=$T
}
# needs_series: WT, the series applied on the base tree (the user's cache)
needs_series() {
	needs_base &&
	once series bash -c 'GMEM_CACHE=$3 "$1/tools/apply.sh" >"$2/once/series.path"' _ \
		"$TOP" "$SCRATCH" "$BASE_CACHE" &&
	WT=$(sed -n '$p' "$SCRATCH/once/series.path")
}
# needs_clone: CLONE, a clone of the base tree made once (b4 am only reads
# it; a test that commits works in a worktree of its own)
needs_clone() {
	needs_base && once clone git clone -q --no-hardlinks "$BASE" "$SCRATCH/clone" && CLONE=$SCRATCH/clone
}
# b4_am: b4 am of the thread, offline, in the clone of the base tree
b4_am() {
	cat "$TOP/patches/0000-cover-letter.patch" "$TOP/patches/series.mbox" >"$T/thread.mbox" &&
	mkdir "$T/am" &&
	(cd "$CLONE" && run 0 b4 --offline-mode am -m "$T/thread.mbox" -o "$T/am")
}
am_finds() {
	b4_am || return 1
	# what b4 lists, and the base it uses
	cat "$T/out" "$T/err" | grep -E '^  \[PATCH [0-9]+/[0-9]+\]|Base: ' |
		sed "s/$(git -C "$BASE" rev-parse HEAD)/BASE-COMMIT/" | expect || return 1
	[ "$(ls "$T"/am/*.cover | wc -l)" = 1 ] || { echo "no cover letter from b4 am"; return 1; }
}
am_applies() {
	b4_am && git -C "$CLONE" worktree add -q --detach "$T/tree" "$(git -C "$BASE" rev-parse HEAD)" &&
	git -C "$T/tree" am -q "$T"/am/*.mbx &&
	[ "$(git -C "$T/tree" rev-parse HEAD^{tree})" = "$(git -C "$WT" rev-parse HEAD^{tree})" ]
}
# needs_sent: SENT, what tools/b4-send.sh --dry-run wrote (made once: it
# clones the series)
needs_sent() {
	needs_series && once sent env GMEM_CACHE="$BASE_CACHE" "$TOP/tools/b4-send.sh" --dry-run "$SCRATCH/send" &&
	SENT=$SCRATCH/send
}
send_files() { (cd "$SENT" && ls | sed -E 's/^[0-9]{4}-//') | expect; }
# addresses of a header, unfolded, one per line, sorted
addrs() { /usr/bin/python3 -c '
import email, email.utils, sys
m = email.message_from_file(open(sys.argv[1]))
for _, a in email.utils.getaddresses(m.get_all(sys.argv[2]) or []):
    print(a.lower())' "$1" "$2" | sort -u; }
# b4 sends the whole series to everyone get_maintainer.pl names for any
# patch (it puts reviewers in To:, tools/maintainers.sh in Cc:): the same
# recipients as the To: and Cc: lines of generated/tools-maintainers.sh.txt,
# the sender aside
recipients() {
	local cover me
	cover=$(ls "$SENT"/0000-*.eml) || return 1
	me=$(sed -n 's/^From: .*<\(.*\)>$/\1/p' "$TOP/patches/0000-cover-letter.patch" | sed -n 1p | tr 'A-Z' 'a-z')
	sed -n 's/^  \(To\|Cc\): //p' "$TOP/MAINTAINERS-notes/generated/tools-maintainers.sh.txt" | tr ',' '\n' |
		sed 's/.*<\(.*\)>.*/\1/; s/^ *//; s/ *$//' | tr 'A-Z' 'a-z' | sort -u >"$T/want"
	{ addrs "$cover" To; addrs "$cover" Cc; } | sort -u | grep -vx "$me" >"$T/got"
	diff "$T/want" "$T/got"
}
cover_text() {
	grep -q "This series backports to v6.12.y" "$SENT"/0000-*.eml &&
	grep -q "^Testing (the evidence" "$SENT"/0000-*.eml
}

tcase am-finds "b4 am, offline: the 23 patches, the cover letter, the base commit the cover letter names" am_finds b4 clone
tcase am-applies "git am applies b4's mbox; the result is the series' tree" am_applies b4 clone series
tcase send-files "tools/b4-send.sh --dry-run (b4 prep, --edit-cover, --auto-to-cc, send -o): the cover letter and 23 patches" send_files b4 sent
tcase recipients "b4's recipients are get_maintainer.pl's (To: and Cc: of MAINTAINERS-notes/generated/tools-maintainers.sh.txt)" recipients b4 sent
tcase cover-text "b4's cover letter carries the project's cover text and its testing summary" cover_text b4 sent
run_tests "$@"
