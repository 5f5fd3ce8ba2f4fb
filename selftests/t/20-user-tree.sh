# SPDX-License-Identifier: GPL-2.0-only
# KERNEL_TREE: the user's tree is only read.  apply, export and check work
# in a private clone; the user's files, index, HEAD and status are byte for
# byte what they were.  Also: the apply/export round trip is exact.
. "$(dirname "$0")/../lib.sh"
export GMEM_CACHE=$SCRATCH/cache
fk=$SCRATCH/fk
fake_kernel "$fk"

# Two topic commits that will become the series, with one identity and
# date for author and committer, as 'git am' in apply.sh recreates them.
id=(env GIT_AUTHOR_NAME=Dev GIT_AUTHOR_EMAIL=dev@example.org
    GIT_COMMITTER_NAME=Dev GIT_COMMITTER_EMAIL=dev@example.org
    GIT_AUTHOR_DATE='2025-07-21T10:00:00+0000'
    GIT_COMMITTER_DATE='2025-07-21T10:00:00+0000')
git -C "$fk" checkout -q -b topic
sed -i 's/KVM_PRIVATE_MEM/KVM_GUEST_MEMFD/' "$fk/virt/kvm/Kconfig"
"${id[@]}" git -C "$fk" commit -q -am 'KVM: Rename KVM_PRIVATE_MEM to KVM_GUEST_MEMFD' -m 'Body.' -s
printf '\tselect XARRAY_MULTI\n' >>"$fk/virt/kvm/Kconfig"
"${id[@]}" git -C "$fk" commit -q -am 'KVM: guest_memfd: Select XARRAY_MULTI' -s
git -C "$fk" checkout -q master
# The user's own mess, which must survive untouched.
echo 'local edit' >>"$fk/Kconfig"
echo 'staged' >"$fk/staged.txt"
git -C "$fk" add staged.txt
echo 'untracked' >"$fk/untracked.txt"
echo '*.o' >"$fk/.git/info/exclude"
echo 'ignored' >"$fk/ignored.o"
before=$(snapshot "$fk")
export KERNEL_TREE=$fk

mkdir -p "$SCRATCH/empty" "$SCRATCH/p1"
check "make apply with no patches" env PATCHES="$SCRATCH/empty" make -s -C "$TOP" apply
wt=$(sed -n '$p' "$SCRATCH/out")
check "the worktree is a private clone under the cache" \
	test "${wt#"$GMEM_CACHE"/}" != "$wt" -a -e "$wt/.git"
GIT_OPTIONAL_LOCKS=0 git -C "$wt" fetch -q "file://$fk" topic
for c in $(git -C "$fk" rev-list --reverse master..topic); do
	"${id[@]}" git -C "$wt" cherry-pick "$c" >/dev/null || not_ok "cherry-pick $c"
done
check "make export writes the series" env PATCHES="$SCRATCH/p1" make -s -C "$TOP" export
same "export wrote two patches, a cover letter, a series file and an mbox" \
	"$(cd "$SCRATCH/p1" && ls | tr '\n' ' ')" \
	"0000-cover-letter.patch 0001-KVM-Rename-KVM_PRIVATE_MEM-to-KVM_GUEST_MEMFD.patch 0002-KVM-guest_memfd-Select-XARRAY_MULTI.patch series series.mbox "
same "the cover letter carries base-commit:" \
	"$(sed -n 's/^base-commit: //p' "$SCRATCH/p1/0000-cover-letter.patch")" \
	"$(git -C "$fk" rev-parse master)"

cp -a "$SCRATCH/p1" "$SCRATCH/p2"
check "make apply recreates the branch from the exported patches" \
	env PATCHES="$SCRATCH/p2" make -s -C "$TOP" apply
check "make export again" env PATCHES="$SCRATCH/p2" make -s -C "$TOP" export
check "apply + export round trip is byte-identical" diff -r "$SCRATCH/p1" "$SCRATCH/p2"
same "the branch equals the topic branch it came from" \
	"$(git -C "$wt" rev-parse HEAD^{tree})" "$(git -C "$fk" rev-parse topic^{tree})"

fails_with "make check on a tree kconfig cannot evaluate applies the series, then says so (exit 2)" 2 \
	"kcheck could not check the base tree" env PATCHES="$SCRATCH/p1" make -s -C "$TOP" check
grep -q "series: 2 patch(es) applied" "$SCRATCH/out" &&
	ok "make check reports the applied series" ||
	{ not_ok "make check reports the applied series"; sed 's/^/    /' "$SCRATCH/out"; }

# --no-hardlinks: with shared inodes, git am here would touch the
# user's object files (git "freshens" objects it writes again).
git clone -q --no-hardlinks "$fk" "$SCRATCH/am"
check "the mbox applies with plain git am" \
	git -C "$SCRATCH/am" -c user.name=T -c user.email=t@t am -q "$SCRATCH/p1/series.mbox"

after=$(snapshot "$fk")
if [ "$before" = "$after" ]; then
	ok "KERNEL_TREE is byte for byte unchanged (files, .git, HEAD, index, status)"
else
	not_ok "KERNEL_TREE is byte for byte unchanged (files, .git, HEAD, index, status)"
	diff <(echo "$before") <(echo "$after") | head -n 20 | sed 's/^/    /'
fi
