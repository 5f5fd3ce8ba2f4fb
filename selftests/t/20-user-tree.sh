# SPDX-License-Identifier: GPL-2.0-only
# KERNEL_TREE: the user's tree is only read.  apply, export and check work
# in a private clone; the user's files, index, HEAD and status are byte for
# byte what they were.  Also: the apply/export round trip is exact.
. "$(dirname "$0")/../lib.sh"

# The user's tree: a fake kernel with two topic commits that will become
# the series (one identity and date for author and committer, as 'git am'
# in apply.sh recreates them) and the user's own mess, which must survive
# untouched.  Made once; KERNEL_TREE names it; every test has its cache.
ID=(env GIT_AUTHOR_NAME=Dev GIT_AUTHOR_EMAIL=dev@example.org
    GIT_COMMITTER_NAME=Dev GIT_COMMITTER_EMAIL=dev@example.org
    GIT_AUTHOR_DATE='2025-07-21T10:00:00+0000'
    GIT_COMMITTER_DATE='2025-07-21T10:00:00+0000')
user_tree() {
	local fk=$SCRATCH/fk
	fake_kernel "$fk" &&
	git -C "$fk" checkout -q -b topic &&
	sed -i 's/KVM_PRIVATE_MEM/KVM_GUEST_MEMFD/' "$fk/virt/kvm/Kconfig" &&
	"${ID[@]}" git -C "$fk" commit -q -am 'KVM: Rename KVM_PRIVATE_MEM to KVM_GUEST_MEMFD' -m 'Body.' -s &&
	printf '\tselect XARRAY_MULTI\n' >>"$fk/virt/kvm/Kconfig" &&
	"${ID[@]}" git -C "$fk" commit -q -am 'KVM: guest_memfd: Select XARRAY_MULTI' -s &&
	git -C "$fk" checkout -q master &&
	echo 'local edit' >>"$fk/Kconfig" &&
	echo 'staged' >"$fk/staged.txt" &&
	git -C "$fk" add staged.txt &&
	echo 'untracked' >"$fk/untracked.txt" &&
	echo '*.o' >"$fk/.git/info/exclude" &&
	echo 'ignored' >"$fk/ignored.o" &&
	snapshot "$fk" >"$SCRATCH/fk.snapshot"
}
needs_user_tree() {
	once user-tree user_tree || return 1
	export KERNEL_TREE=$SCRATCH/fk GMEM_CACHE=$T/cache
}
unchanged() {
	snapshot "$KERNEL_TREE" >"$T/after" &&
	diff "$SCRATCH/fk.snapshot" "$T/after" >"$T/snap.diff" ||
		{ echo "KERNEL_TREE changed:"; head -n 20 "$T/snap.diff"; return 1; }
}

# apply_empty: make apply with no patches; WT, the worktree it prints
apply_empty() {
	mkdir -p "$T/empty" && run 0 env PATCHES="$T/empty" make -s -C "$TOP" apply &&
	WT=$(sed -n '$p' "$T/out")
}
# series DIR: the topic commits picked onto the worktree, exported to DIR
series() {
	local c
	apply_empty && GIT_OPTIONAL_LOCKS=0 git -C "$WT" fetch -q "file://$KERNEL_TREE" topic || return 1
	for c in $(git -C "$KERNEL_TREE" rev-list --reverse master..topic); do
		"${ID[@]}" git -C "$WT" cherry-pick "$c" >/dev/null || return 1
	done
	run 0 env PATCHES="$1" make -s -C "$TOP" export
}

private_clone() {
	apply_empty || return 1
	[ "${WT#"$GMEM_CACHE"/}" != "$WT" ] && [ -e "$WT/.git" ] ||
		{ echo "worktree $WT is not a clone under $GMEM_CACHE"; return 1; }
}
export_files() { series "$T/p1" && ls "$T/p1" | expect; }
base_commit() {
	series "$T/p1" &&
	[ "$(sed -n 's/^base-commit: //p' "$T/p1/0000-cover-letter.patch")" = "$(git -C "$KERNEL_TREE" rev-parse master)" ]
}
round_trip() {
	series "$T/p1" && cp -a "$T/p1" "$T/p2" &&
	run 0 env PATCHES="$T/p2" make -s -C "$TOP" apply && WT=$(sed -n '$p' "$T/out") &&
	run 0 env PATCHES="$T/p2" make -s -C "$TOP" export && diff -r "$T/p1" "$T/p2" &&
	[ "$(git -C "$WT" rev-parse HEAD^{tree})" = "$(git -C "$KERNEL_TREE" rev-parse topic^{tree})" ]
}
check_unevaluable() {
	series "$T/p1" && run 2 env PATCHES="$T/p1" make -s -C "$TOP" check &&
	cat "$T/out" "$T/err" | grep -E '^(series|base):|error: ' |
		sed -E 's/user-[0-9a-f]+-[0-9a-f]+/user-ID/g; s/\b[0-9a-f]{12,40}\b/COMMIT/g' | expect
}
plain_git_am() {
	# --no-hardlinks: with shared inodes, git am here would touch the
	# user's object files (git "freshens" objects it writes again)
	series "$T/p1" && git clone -q --no-hardlinks "$KERNEL_TREE" "$T/am" &&
	git -C "$T/am" -c user.name=T -c user.email=t@t am -q "$T/p1/series.mbox"
}
untouched() {
	series "$T/p1" && run 0 env PATCHES="$T/p1" make -s -C "$TOP" apply &&
	run 2 env PATCHES="$T/p1" make -s -C "$TOP" check
	unchanged
}

tcase private-clone "make apply with no patches makes its worktree a private clone under the cache" private_clone user_tree
tcase export-files "make export writes two patches, a cover letter, a series file and an mbox" export_files user_tree
tcase base-commit "the cover letter carries base-commit: of the user's HEAD" base_commit user_tree
tcase round-trip "apply + export round trip is byte-identical; the branch equals the topic branch" round_trip user_tree
tcase check-unevaluable "make check on a tree kconfig cannot evaluate applies the series, then says so (exit 2)" check_unevaluable user_tree
tcase plain-git-am "the exported mbox applies with plain git am" plain_git_am user_tree
tcase untouched "after apply, export and check, KERNEL_TREE is byte for byte unchanged (files, .git, HEAD, index, status)" untouched user_tree
run_tests "$@"
