# SPDX-License-Identifier: GPL-2.0-only
# tier: all
# The project's own series: it applies with git am on a fresh base tree,
# export regenerates patches/ byte for byte (so patches/ is what the
# export tool writes, not hand edits), every patch is checkpatch.pl
# --strict clean, maps to its mainline commit, and no patch exposes a uapi
# name that no release had; the generated notes are for these patches;
# posting through git send-email threads and addresses every message.
# Imports the base tree once (a minute), in a cache of its own.
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE
export GMEM_CACHE=$SCRATCH/cache
NOTES=$TOP/MAINTAINERS-notes/generated
mapfile -t PATCHES <"$TOP/patches/series"

# needs_series: WT, patches/ applied with git am on a fresh base tree
needs_series() {
	once series bash -c 'PATCHES=$2 "$1/tools/apply.sh" >"$3/once/series.path"' _ \
		"$TOP" "$TOP/patches" "$SCRATCH" &&
	WT=$(sed -n '$p' "$SCRATCH/once/series.path")
}
export_exact() {
	# export writes into a copy of patches/, then the copy must be patches/
	cp -a "$TOP/patches" "$T/p" && run 0 env PATCHES="$T/p" "$TOP/tools/export.sh" &&
	diff -r -x upstream-kconfig-fixes "$TOP/patches" "$T/p"
}
series_file() { [ "${#PATCHES[@]}" -gt 0 ] && printf '%s\n' "${PATCHES[@]}" | expect; }
# checkpatch.pl --strict, with the two documented exceptions of
# tools/checkpatch.sh; FILE_PATH_CHANGES asks whether MAINTAINERS needs
# updating for a new file, which new_files checks instead.
# (the test's name, checkpatch-NNNN, names the patch)
checkpatch() {
	local p
	p=$(cd "$TOP/patches" && ls "${TNAME#checkpatch-}"-*.patch) &&
	run 0 "$TOP/tools/checkpatch.sh" "$WT" "$TOP/patches/$p"
}
# each new file of the series and whether MAINTAINERS covers it
new_files() {
	local p f who
	for p in "${PATCHES[@]}"; do
		for f in $(awk '/^diff --git /{ f = substr($4, 3) } /^new file mode/{ print f }' "$TOP/patches/$p"); do
			who=$(cd "$WT" && scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats -f "$f" 2>/dev/null |
				grep -v -e linux-kernel@vger.kernel.org -e torvalds@ | grep -c '@')
			[ "$who" -gt 0 ] && echo "$p: $f: has a MAINTAINERS entry" || echo "$p: $f: NO MAINTAINERS ENTRY"
		done
	done | expect
}
# every patch's mainline commit (Upstream:) and its sign-offs
trailers() {
	local p
	for p in "${PATCHES[@]}"; do
		echo "$p"
		grep -E '^(Upstream|Signed-off-by): ' "$TOP/patches/$p" | sed 's/^/  /'
	done | expect
}
# The rc1 ABI that 6.18 replaced before its release exists in no patch.
no_rc1_abi() { ! grep -l KVM_CAP_GUEST_MEMFD_MMAP "$TOP"/patches/*.patch; }

# The generated notes are for exactly these patches.
stamp_line() {	# FILE PREFIX STAMP: FILE has the line "PREFIX STAMP"
	grep -x "$2 $3" "$1" || { echo "$1 has no line '$2 $3':"; grep "^$2" "$1"; return 1; }
}
series_check_note() {
	stamp_line "$NOTES/make-series-check.txt" "kcheck-summary-of: base..series diff sha256" \
		"$(bash -c '. "$1/tools/lib.sh" && series_stamp "$2"' _ "$TOP" "$WT")"
}
pstamp() { bash -c '. "$1/tools/lib.sh" && patches_stamp "$1/patches"' _ "$TOP"; }
bisect_note() {
	stamp_line "$NOTES/make-bisect-build.txt" "build-log-of: patch code sha256" "$(pstamp)" || return 1
	# every build passed and no warning is new
	! grep FAILED "$NOTES/make-bisect-build.txt" &&
	grep -E '^- (W=1|sparse): ' "$NOTES/make-bisect-build.txt" | sed -E 's/[0-9]+ (builds|files)/N \1/g' | expect
}
runtime_note() {
	stamp_line "$NOTES/make-runtime-test.txt" "runtime-test-of: patch code sha256" "$(pstamp)" &&
	grep -E '^([0-9]+) of \1 checks as expected\.$' "$NOTES/make-runtime-test.txt"
}
maintainers_note() { run 0 "$TOP/tools/maintainers.sh" --check; }

# Posting: git send-email through a local sink (made once), then git am
# of what was sent.
needs_sent() {
	once sent "$TOP/tools/send.sh" --mbox "$SCRATCH/sent.mbox" && MB=$SCRATCH/sent.mbox
}
# msg I: the I-th message of the mbox
msg() { awk -v i="$1" '/^From mbox-sink /{m++} m == i' "$MB"; }
sent_count() {
	[ "$(grep -c '^From mbox-sink ' "$MB")" = $((${#PATCHES[@]} + 1)) ] ||
		{ echo "$(grep -c '^From mbox-sink ' "$MB") messages, wanted $((${#PATCHES[@]} + 1))"; return 1; }
	sed -n 's/^Subject: //p' "$MB" | expect
}
threading() {
	local cover_id replies
	cover_id=$(msg 1 | sed -n 's/^Message-I[dD]: //p' | head -n 1)
	replies=$(grep -c "^In-Reply-To: $cover_id\$" "$MB")
	[ -n "$cover_id" ] && [ "$replies" = "${#PATCHES[@]}" ] ||
		{ echo "cover $cover_id, $replies replies to it"; return 1; }
}
recipients() {
	local i m subj num f want got missing bad=0
	for i in $(seq 1 $((${#PATCHES[@]} + 1))); do
		m=$(msg "$i")
		subj=$(sed -n 's/^Subject: //p' <<<"$m" | head -n 1)
		num=$(sed -nE 's/^\[PATCH ([0-9]+)\/.*/\1/p' <<<"$subj")
		# the subject numbers are zero-padded (08, 09): read them as decimal
		f=$(printf '%04d-' "$((10#$num))")
		f=$(cd "$TOP/patches" && ls "$f"*.patch)
		want=$(grep -A2 "^$f\$" "$NOTES/tools-maintainers.sh.txt" | sed -n 's/^  \(To\|Cc\): //p' |
			tr ',' '\n' | grep -oE '[^<> ]+@[^<> ]+' | sort -u)
		got=$(sed -n 's/^X-Envelope-To: //p' <<<"$m" | tr ',' '\n' | tr -d ' ' | sort -u)
		missing=$(comm -23 <(printf '%s\n' "$want") <(printf '%s\n' "$got"))
		if [ -z "$want" ] || [ -n "$missing" ]; then
			bad=1
			echo "$f: not sent to: $missing"
		fi
	done
	[ "$bad" = 0 ]
}
sent_applies() {
	awk '/^From mbox-sink /{m++} m > 1' "$MB" >"$T/patches.mbox" &&
	git -C "$WT" worktree add -q --detach "$T/am" refs/tags/base &&
	git -C "$T/am" -c user.name=t -c user.email=t@t am -q "$T/patches.mbox" &&
	[ "$(git -C "$T/am" rev-parse HEAD^{tree})" = "$(git -C "$WT" rev-parse series^{tree})" ]
	local rc=$?
	git -C "$WT" worktree remove --force "$T/am" 2>/dev/null
	return $rc
}

tcase applies "patches/ applies with git am on the base tree" true series
tcase export-exact "patches/ is byte for byte what export writes (the upstream fix series aside: tools/upstream/fixes.sh exports it)" export_exact series
tcase series-file "the series file names the patches" series_file
for p in "${PATCHES[@]}"; do
	tcase "checkpatch-${p%%-*}" "checkpatch.pl --strict: $p" checkpatch series
done
tcase new-files "every new file has a MAINTAINERS entry" new_files series
tcase trailers "every patch names its mainline commit (Upstream:) and is signed off" trailers
tcase no-rc1-abi "no patch names KVM_CAP_GUEST_MEMFD_MMAP (the rc1 ABI 6.18 replaced)" no_rc1_abi
tcase series-check-note "generated/make-series-check.txt was made for this series (make series-check)" series_check_note series
tcase bisect-note "generated/make-bisect-build.txt was made from patches/ (make bisect-build); every build passed, no new warning" bisect_note
tcase runtime-note "generated/make-runtime-test.txt was made from patches/ (make runtime-test); every result as expected" runtime_note
tcase maintainers-note "generated/tools-maintainers.sh.txt is what get_maintainer.pl says" maintainers_note series
tcase sent-count "send.sh --mbox posts the cover letter and every patch" sent_count sent
tcase threading "every patch is threaded under the cover letter" threading sent
tcase recipients "each message went to its To/Cc from generated/tools-maintainers.sh.txt" recipients sent
tcase sent-applies "what was sent applies with git am and gives the series' tree" sent_applies series sent
run_tests "$@"
