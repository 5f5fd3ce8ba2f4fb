# SPDX-License-Identifier: GPL-2.0-only
# b4, as a maintainer applies the series: 'b4 am' of the exported cover
# letter and mbox, offline, in a clone of the base tree, gives an mbox that
# git am applies, and the result is the series' tree.
. "$(dirname "$0")/../lib.sh"
command -v b4 >/dev/null || { not_ok "b4 not found: apt-get install b4 (or make deps)"; exit 1; }
unset KERNEL_TREE
base=$("$TOP/tools/prepare-base.sh" 2>/dev/null) || { not_ok "base tree"; exit 1; }
wt=$("$TOP/tools/apply.sh" 2>/dev/null) || { not_ok "the series applies"; exit 1; }
git clone -q --no-hardlinks "$base" "$SCRATCH/tree"
printf '[user]\n\tname = Maintainer\n\temail = maintainer@example.invalid\n' >"$SCRATCH/gitconfig"
export GIT_CONFIG_GLOBAL=$SCRATCH/gitconfig HOME=$SCRATCH
cat "$TOP/patches/0000-cover-letter.patch" "$TOP/patches/series.mbox" >"$SCRATCH/thread.mbox"
mkdir "$SCRATCH/am"
if (cd "$SCRATCH/tree" && b4 --offline-mode am -m "$SCRATCH/thread.mbox" -o "$SCRATCH/am") >"$SCRATCH/b4am.out" 2>&1; then
	ok "b4 am of the cover letter and the mbox, offline"
else
	not_ok "b4 am of the cover letter and the mbox, offline"; sed 's/^/    /' "$SCRATCH/b4am.out"
fi
same "b4 finds the 23 patches and the cover letter" \
	"$(grep -c '^  \[PATCH [0-9]*/23\]' "$SCRATCH/b4am.out") $(ls "$SCRATCH"/am/*.cover 2>/dev/null | wc -l)" "23 1"
check "b4 uses the base commit the cover letter names" \
	grep -q "Base: using specified base-commit $(git -C "$base" rev-parse HEAD)" "$SCRATCH/b4am.out"
git -C "$SCRATCH/tree" checkout -q -b b4 "$(git -C "$base" rev-parse HEAD)"
check "git am applies b4's mbox" git -C "$SCRATCH/tree" am -q "$SCRATCH"/am/*.mbx
same "the result is the series' tree" "$(git -C "$SCRATCH/tree" rev-parse HEAD^{tree})" \
	"$(git -C "$wt" rev-parse HEAD^{tree})"

# b4 as the contributor sends it: prep, cover letter, get_maintainer.pl
if "$TOP/tools/b4-send.sh" --dry-run "$SCRATCH/send" >"$SCRATCH/out" 2>&1; then
	ok "tools/b4-send.sh --dry-run: b4 prep, --edit-cover, --auto-to-cc, send -o"
else
	not_ok "tools/b4-send.sh --dry-run"; sed 's/^/    /' "$SCRATCH/out" | tail -20
fi
same "b4 writes the cover letter and 23 patches" "$(ls "$SCRATCH"/send/*.eml 2>/dev/null | wc -l)" 24
# addresses of a header, unfolded, one per line, sorted
addrs() { /usr/bin/python3 -c '
import email, email.utils, sys
m = email.message_from_file(open(sys.argv[1]))
for _, a in email.utils.getaddresses(m.get_all(sys.argv[2]) or []):
    print(a.lower())' "$1" "$2" | sort -u; }
# b4 sends the whole series to everyone get_maintainer.pl names for any
# patch (it puts reviewers in To:, tools/maintainers.sh in Cc:): the same
# recipients as the To: and Cc: lines of generated/tools-maintainers.sh.txt, the sender aside
cover=$(ls "$SCRATCH"/send/0000-*.eml 2>/dev/null)
me=$(sed -n 's/^From: .*<\(.*\)>$/\1/p' "$TOP/patches/0000-cover-letter.patch" | sed -n 1p | tr 'A-Z' 'a-z')
want=$(sed -n 's/^  \(To\|Cc\): //p' "$TOP/MAINTAINERS-notes/generated/tools-maintainers.sh.txt" | tr ',' '\n' |
	sed 's/.*<\(.*\)>.*/\1/; s/^ *//; s/ *$//' | tr 'A-Z' 'a-z' | sort -u)
same "b4's recipients are get_maintainer.pl's (To: and Cc: of MAINTAINERS-notes/generated/tools-maintainers.sh.txt)" \
	"$( [ -n "$cover" ] && { addrs "$cover" To; addrs "$cover" Cc; } | sort -u | grep -vx "$me" | paste -sd' ')" \
	"$(echo "$want" | paste -sd' ')"
check "b4's cover letter carries the project's cover text and its testing summary" \
	bash -c 'grep -q "This series backports to v6.12.y" "$1" && grep -q "^Testing (the evidence" "$1"' _ "$(ls "$SCRATCH"/send/0000-*.eml | head -1)"
