# SPDX-License-Identifier: GPL-2.0-only
# tier: all
# The project's own series: it applies with git am on a fresh base tree,
# export regenerates patches/ byte for byte (so patches/ is what the
# export tool writes, not hand edits), every patch is checkpatch.pl
# --strict clean, maps to its mainline commit, and no patch exposes a uapi
# name that no release had.  Imports the base tree once (a minute).
. "$(dirname "$0")/../lib.sh"
export GMEM_CACHE=$SCRATCH/cache
unset KERNEL_TREE
cp -a "$TOP/patches" "$SCRATCH/p"
check "patches/ applies with git am on the base tree" \
	env PATCHES="$SCRATCH/p" "$TOP/tools/apply.sh"
wt=$(sed -n '$p' "$SCRATCH/out")
check "export from the applied branch" env PATCHES="$SCRATCH/p" "$TOP/tools/export.sh"
check "patches/ is byte for byte what export writes (the upstream fix series aside: tools/upstream/fixes.sh exports it)" diff -r -x upstream-kconfig-fixes "$TOP/patches" "$SCRATCH/p"
n=0
while read -r p; do
	n=$((n + 1))
	# checkpatch.pl --strict, with the two documented exceptions of
	# tools/checkpatch.sh; FILE_PATH_CHANGES asks whether MAINTAINERS needs
	# updating for a new file, which is checked below instead.
	check "checkpatch.pl --strict: $p" "$TOP/tools/checkpatch.sh" "$wt" "$TOP/patches/$p"
	for f in $(awk '/^diff --git /{ f = substr($4, 3) } /^new file mode/{ print f }' "$TOP/patches/$p"); do
		if (cd "$wt" && scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats -f "$f" 2>/dev/null) |
			grep -v -e linux-kernel@vger.kernel.org -e torvalds@ | grep -q '@'; then
			ok "$p: the new file $f has a MAINTAINERS entry"
		else
			not_ok "$p: the new file $f has no MAINTAINERS entry"
		fi
	done
	grep -q '^Signed-off-by: ' "$TOP/patches/$p" && ok "Signed-off-by: $p" ||
		not_ok "Signed-off-by: $p"
	grep -qE '^Upstream: [0-9a-f]{12} \(".+"\)$' "$TOP/patches/$p" &&
		ok "$p names its mainline commit (Upstream:)" ||
		not_ok "$p has no 'Upstream: <12-char id> (\"subject\")' line"
done <"$TOP/patches/series"
[ "$n" -gt 0 ] && ok "the series file names $n patches" || not_ok "the series file names no patch"
# The rc1 ABI that 6.18 replaced before its release exists in no patch.
check "no patch names KVM_CAP_GUEST_MEMFD_MMAP" \
	bash -c '! grep -l KVM_CAP_GUEST_MEMFD_MMAP "$1"/*.patch' _ "$TOP/patches"

# The generated notes are for exactly these patches.
stamp=$(bash -c '. "$1/tools/lib.sh" && series_stamp "$2"' _ "$TOP" "$wt")
check "MAINTAINERS-notes/generated/make-series-check.txt was made for this series (make series-check)" \
	grep -qx "kcheck-summary-of: base..series diff sha256 $stamp" "$TOP/MAINTAINERS-notes/generated/make-series-check.txt"
pstamp=$(bash -c '. "$1/tools/lib.sh" && patches_stamp "$1/patches"' _ "$TOP")
check "MAINTAINERS-notes/generated/make-bisect-build.txt was made from patches/ (make bisect-build)" \
	grep -qx "build-log-of: patch code sha256 $pstamp" "$TOP/MAINTAINERS-notes/generated/make-bisect-build.txt"
check "the build log says every build passed and no warning is new" \
	bash -c '! grep -q FAILED "$1" && grep -q "^- W=1: .* 0 new$" "$1" && grep -q "^- sparse: .* 0 new$" "$1"' _ "$TOP/MAINTAINERS-notes/generated/make-bisect-build.txt"
check "MAINTAINERS-notes/generated/make-runtime-test.txt was made from patches/ (make runtime-test)" \
	grep -qx "runtime-test-of: patch code sha256 $pstamp" "$TOP/MAINTAINERS-notes/generated/make-runtime-test.txt"
check "the runtime log says every selftest result was as expected" \
	bash -c 'grep -Eq "^([0-9]+) of \1 checks as expected\.$" "$1"' _ "$TOP/MAINTAINERS-notes/generated/make-runtime-test.txt"
check "MAINTAINERS-notes/generated/tools-maintainers.sh.txt is what get_maintainer.pl says" \
	"$TOP/tools/maintainers.sh" --check

# Posting: git send-email through a local sink, then git am of what was sent.
mb=$SCRATCH/sent.mbox
check "send.sh --mbox posts the cover letter and every patch" "$TOP/tools/send.sh" --mbox "$mb"
sent=$(grep -c '^From mbox-sink ' "$mb" 2>/dev/null || echo 0)
[ "$sent" = $((n + 1)) ] && ok "$sent messages sent" || not_ok "$sent messages sent, wanted $((n + 1))"
cover_id=$(awk '/^From mbox-sink /{m++} m == 1 && /^Message-I[dD]: /{print $2; exit}' "$mb")
replies=$(grep -c "^In-Reply-To: $cover_id\$" "$mb" || true)
[ -n "$cover_id" ] && [ "$replies" = "$n" ] && ok "every patch is threaded under the cover letter" ||
	not_ok "threading: cover $cover_id, $replies replies to it"
bad=0
for i in $(seq 1 $((n + 1))); do
	msg=$(awk -v i="$i" '/^From mbox-sink /{m++} m == i' "$mb")
	subj=$(sed -n 's/^Subject: //p' <<<"$msg" | head -1)
	num=$(sed -nE 's/^\[PATCH ([0-9]+)\/.*/\1/p' <<<"$subj")
	# the subject numbers are zero-padded (08, 09): read them as decimal
	f=$(printf '%04d-' "$((10#$num))")
	f=$(cd "$TOP/patches" && ls "$f"*.patch)
	want=$(grep -A2 "^$f\$" "$TOP/MAINTAINERS-notes/generated/tools-maintainers.sh.txt" | sed -n 's/^  \(To\|Cc\): //p' |
		tr ',' '\n' | grep -oE '[^<> ]+@[^<> ]+' | sort -u)
	got=$(sed -n 's/^X-Envelope-To: //p' <<<"$msg" | tr ',' '\n' | tr -d ' ' | sort -u)
	missing=$(comm -23 <(printf '%s\n' "$want") <(printf '%s\n' "$got"))
	if [ -z "$want" ] || [ -n "$missing" ]; then
		bad=1
		echo "    $f: not sent to: $missing"
	fi
done
[ "$bad" = 0 ] && ok "each message went to its To/Cc from generated/tools-maintainers.sh.txt" || not_ok "recipients"
awk '/^From mbox-sink /{m++} m > 1' "$mb" >"$SCRATCH/patches.mbox"
git -C "$wt" worktree add -q --detach "$SCRATCH/am" refs/tags/base 2>/dev/null
check "what was sent applies with git am and gives the series' tree" \
	bash -c 'git -C "$1" -c user.name=t -c user.email=t@t am -q "$2" &&
		[ "$(git -C "$1" rev-parse HEAD^{tree})" = "$(git -C "$3" rev-parse series^{tree})" ]' \
	_ "$SCRATCH/am" "$SCRATCH/patches.mbox" "$wt"
git -C "$wt" worktree remove --force "$SCRATCH/am" 2>/dev/null || true
