# SPDX-License-Identifier: GPL-2.0-only
# tier: all
# make stable-watch's logic on constructed releases (never Debian's, so
# that the verdict does not depend on what Debian publishes): the pinned
# base plus a commit that edits a hunk the series touches must be named at
# its file:line, with the changelog entries of its area and what git am -3
# says; the pinned base plus an unrelated commit applies.  The releases are
# git repositories the watch only reads (--tree).
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE
# the releases' private copies go into a cache of the test's own (the
# pinned base comes from the shared one, BASE_CACHE; see release)
export GMEM_CACHE=$SCRATCH/cache
WATCH=$TOP/tools/stable-watch.sh
PATCH1=$TOP/patches/$(sed -n 1p "$TOP/patches/series")

# release NAME FUNC: $T/NAME, a clone of the pinned base with one more
# commit made by the function FUNC run in it.  Only README and virt/kvm/
# are checked out (the watch reads commits, not files): a whole kernel
# checkout per release filled CI's disk.  The watch's copy of it goes
# into the test's own directory, removed when the test passed.
release() {
	local d=$T/$1
	export GMEM_CACHE=$T/cache
	git clone -q --no-checkout "$BASE" "$d" && git -C "$d" config gc.auto 0 &&
	git -C "$d" sparse-checkout set --no-cone /README /virt/kvm/ &&
	git -C "$d" checkout -q && (cd "$d" && "$2") &&
	git -C "$d" add -A &&
	git -C "$d" -c user.name=T -c user.email=t@t commit -q -m 'the next stable release'
}
# a Debian changelog with an entry for the new release and the pinned one
changelog() {
	cat >"$T/changelog" <<EOF
linux (6.12.999-1~deb12u1) bookworm-security; urgency=high

  * Update to 6.12.999:
    https://www.kernel.org/pub/linux/kernel/v6.x/ChangeLog-6.12.999
    - [amd64] KVM: x86: An x86 fix that the series does not touch
    - KVM: Rework the memslot code that the series builds on, with a subject
      long enough to wrap
    - mm: Something else entirely

 -- Debian Kernel Team <debian-kernel@lists.debian.org>  Mon, 30 Nov 2026 00:00:00 +0000

linux ($(sed -n 's/^package_version=//p' "$TOP/tools/base.pin")) bookworm-security; urgency=high

  * Update to the pinned release:
    - KVM: An entry of the pinned release, never named

 -- Debian Kernel Team <debian-kernel@lists.debian.org>  Mon, 16 Nov 2026 00:00:00 +0000
EOF
}

# add_line: a line after the first one that is $CONTEXT in kvm_mm.h
add_line() {
	awk -v l="$CONTEXT" '{ print } $0 == l && !done { print "/* moved by the next release */"; done = 1 }' \
		virt/kvm/kvm_mm.h >x && mv x virt/kvm/kvm_mm.h
}
append_readme() { echo 'the next release' >>README; }

# The first hunk of patch 1 in virt/kvm/kvm_mm.h, and the line its
# context starts with: a line is added right after it
moved() {
	local line
	line=$(awk '/^diff --git a\/virt\/kvm\/kvm_mm.h/ { f = 1 } f && /^@@ / { getline; print substr($0, 2); exit }' "$PATCH1")
	[ -n "$line" ] || { echo "patch 1 has no hunk in virt/kvm/kvm_mm.h"; return 1; }
	CONTEXT=$line release moved add_line &&
	changelog &&
	run 1 "$WATCH" --tree "$T/moved" --changelog "$T/changelog" --no-proofs || return 1
	# named at the file:line of the hunk, as patch 1 gives it
	grep -x -- "- at virt/kvm/kvm_mm.h:$(awk '/^diff --git a\/virt\/kvm\/kvm_mm.h/ { f = 1 } f && /^@@ / { sub(/^@@ -/, ""); sub(/,.*/, ""); print; exit }' "$PATCH1")" "$T/out" &&
	grep -E '^(Newer|git am|- |Changelog|No changelog)' "$T/out" | sed -E "s|$T|T|g; s|$(basename "$PATCH1")|PATCH1|; s|kvm_mm.h:[0-9]+|kvm_mm.h:LINE|; s|Linux 6\.12\.[0-9]+|Linux 6.12.N|" | expect
}
unrelated() {
	release unrelated append_readme &&
	run 0 "$WATCH" --tree "$T/unrelated" --no-proofs &&
	grep -x "git am: all $(wc -l <"$TOP/patches/series") patches apply." "$T/out"
}
# the watch only reads the release it is given
read_only() {
	release ro append_readme &&
	snapshot "$T/ro" >"$T/before" &&
	run 0 "$WATCH" --tree "$T/ro" --no-proofs &&
	snapshot "$T/ro" >"$T/after" && diff "$T/before" "$T/after"
}
bad_changelog() {
	run 2 "$WATCH" --changelog "$T/none" && grep -q 'is not a file' "$T/err"
}

tcase moved-hunk "a release that edits a hunk of patch 1 is named at its file:line, with its area's changelog entries" moved base
tcase unrelated "a release with an unrelated change: every patch applies, exit 0" unrelated base
tcase read-only "the release given with --tree is only read" read_only base
tcase bad-changelog "a --changelog that is not a file is an error, exit 2" bad_changelog
run_tests "$@"
