# SPDX-License-Identifier: GPL-2.0-only
# Bad input to the bootstrap (tools/prepare-base.sh, apply.sh, make apply)
# gets a clear error, exit 2 (messages against
# selftests/expected/10-bad-input/), and leaves nothing behind that a
# later run could mistake for a prepared tree.
. "$(dirname "$0")/../lib.sh"

# every test prepares in a cache of its own
needs_cache() { export GMEM_CACHE=$T/cache; }
# error_is STATUS CMD...: exits STATUS and its error line is the expected
# file (the fake tree's cache name and commit, which change with its path
# and the time it was made, read ID)
error_is() {
	run "$@" || return 1
	grep -E '(^|: )error: ' "$T/err" |
		sed -E 's/user-[0-9a-f]+-[0-9a-f]+/user-ID/g; s/base is [0-9a-f]+/base is ID/' | expect
}
# fails CMD...: error_is 2, and no prepared tree or temporary directory
# is left in the cache
fails() {
	error_is 2 "$@" || return 1
	left=$(find "$GMEM_CACHE" -name base.info -o -name '.tmp-*' 2>/dev/null)
	[ -z "$left" ] || { echo "left behind: $left"; return 1; }
}
# make bench-pair: its revisions and pair count checked before any work
bench_pair_input() {
	local bad="x\"; touch \"$T/pasted\"; : \""
	{
		"$TOP/tools/bench-pair.sh" --runs 1 HEAD HEAD 2>&1 | grep -o 'error: .*'
		"$TOP/tools/bench-pair.sh" --runs x HEAD HEAD 2>&1 | grep -o 'error: .*'
		"$TOP/tools/bench-pair.sh" HEAD 2>&1 | grep -o 'error: .*'
		"$TOP/tools/bench-pair.sh" no-such-rev HEAD 2>&1 | grep -o 'error: .*'
		make -s -C "$TOP" bench-pair A="$bad" B=HEAD 2>&1 | grep -o 'error: .*'
		true
	} | sed "s|$T|T|g" | expect || return 1
	[ ! -e "$T/pasted" ] || { echo "a value was run by the shell"; return 1; }
	[ ! -e "$GMEM_CACHE/bench-pair" ] || { echo "bench-pair made its directory"; return 1; }
}
not_kernel() {
	mkdir -p notkernel && echo hello >notkernel/README && git -C notkernel init -q &&
	git -C notkernel add -A && git -C notkernel -c user.name=T -c user.email=t@t commit -q -m x &&
	fails env KERNEL_TREE="$T/notkernel" "$TOP/tools/prepare-base.sh"
}
# each makes a file if its value were pasted into the recipe's shell line
make_variables() {
	local bad="x\"; touch \"$T/pasted\"; : \""
	{
		make -s -C "$TOP" move-base VERSION="$bad" 2>&1 | grep -o 'error: .*'
		make -s -C "$TOP" runtime-test RUNTIME_ARCH="$bad" 2>&1 | grep -o 'error: .*'
		make -s -C "$TOP" cross-check CROSS_CHECK_TREE="$T/no such \"tree" 2>&1 | grep -o 'error: .*'
		true	# make's exit 2 is not this pipeline's
	} | sed "s|$T|T|g" | expect || return 1
	[ ! -e "$T/pasted" ] || { echo "a value was run by the shell"; return 1; }
}
missing_tree() { fails env KERNEL_TREE="$T/nonexistent" "$TOP/tools/prepare-base.sh"; }
not_git() { mkdir plain && fails env KERNEL_TREE="$T/plain" "$TOP/tools/prepare-base.sh"; }
unknown_ref() {
	fake_kernel "$T/fk" && fails env KERNEL_TREE="$T/fk" KERNEL_REF=no-such-ref "$TOP/tools/prepare-base.sh"
}
unknown_package() { fails env LINUX_SOURCE_PKG=linux-source-0.0 "$TOP/tools/prepare-base.sh"; }
unknown_version() { fails env LINUX_SOURCE_VERSION=0.0-0 "$TOP/tools/prepare-base.sh"; }
# A copy of the project's tools/ whose tools/base.pin says what the test
# wants (PIN_KEY=value...), so that the pinned path runs on a fake base
pinned_copy() {
	mkdir -p top && cp -r "$TOP/tools" top/ || return 1
	local kv
	for kv in "$@"; do
		sed -i "s|^${kv%%=*}=.*|$kv|" top/tools/base.pin || return 1
	done
}
# fake_deb DEB: a linux-source-6.12 package holding a tiny kernel-shaped
# tree, as the real one holds its tarball
fake_deb() {
	fake_kernel "$T/fkd/linux-source-6.12" && rm -rf "$T/fkd/linux-source-6.12/.git" &&
	mkdir -p "$T/pkg/DEBIAN" "$T/pkg/usr/src" &&
	printf 'Package: linux-source-6.12\nVersion: 6.12.0-0\nArchitecture: all\nMaintainer: T <t@t>\nDescription: fixture\n' >"$T/pkg/DEBIAN/control" &&
	tar -C "$T/fkd" -cJf "$T/pkg/usr/src/linux-source-6.12.tar.xz" linux-source-6.12 &&
	mkdir -p "$(dirname "$1")" && dpkg-deb -b -Znone "$T/pkg" "$1" >/dev/null
}
# the pinned version is no longer in apt: the error lists what apt has
# (which changes as Debian publishes: read VERSIONS) and how to move the pin
pin_gone() {
	pinned_copy package_version=6.12.0-0 || return 1
	run 2 top/tools/prepare-base.sh || return 1
	grep -E 'error: ' "$T/err" | sed -E 's/apt has: [^;]*;/apt has: VERSIONS;/' | expect || return 1
	# and the versions it names are apt's
	grep -q "apt has: $(apt-cache madison linux-source-6.12 | awk -F' [|] ' '{ print $2 }' | sort -u -V | head -n 1)" "$T/err"
}
# a .deb of the pinned version whose sha256 is not the pinned one is
# refused, set aside, and nothing is prepared
pin_sha() {
	pinned_copy package_version=6.12.0-0 && fake_deb "$GMEM_CACHE/dl/linux-source-6.12_6.12.0-0_all.deb" &&
	run 2 top/tools/prepare-base.sh &&
	grep -E 'error: ' "$T/err" | sed -E 's/sha256 [0-9a-f]+/sha256 SHA/; s/says [0-9a-f]+/says PINNED/' | expect &&
	[ -z "$(find "$GMEM_CACHE" -name base.info -o -name '.tmp-*')" ] &&
	[ -f "$GMEM_CACHE/dl/linux-source-6.12_6.12.0-0_all.deb.rejected" ]
}
# the pinned .deb that imports to another commit than the pinned one
pin_commit() {
	fake_deb "$GMEM_CACHE/dl/linux-source-6.12_6.12.0-0_all.deb" &&
	pinned_copy package_version=6.12.0-0 \
		deb_sha256="$(sha256sum "$GMEM_CACHE/dl/linux-source-6.12_6.12.0-0_all.deb" | cut -d' ' -f1)" \
		base_commit=0123456789abcdef0123456789abcdef01234567 &&
	run 2 top/tools/prepare-base.sh &&
	grep -E 'error: ' "$T/err" | sed -E 's/gave commit [0-9a-f]+/gave commit ID/' | expect &&
	[ -z "$(find "$GMEM_CACHE" -name base.info)" ]
}
no_patch_dir() {
	fake_kernel "$T/fk" && fails make -s -C "$TOP" apply KERNEL_TREE="$T/fk" PATCHES="$T/nopatches"
}
# A patch that does not apply names the patch and the file:line.
bad_patch() {
	fake_kernel "$T/fk" && mkdir badp && cat >badp/0001-bad.patch <<'P'
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: T <t@t>
Date: Mon, 1 Jan 2024 00:00:00 +0000
Subject: [PATCH] bad

---
 virt/kvm/Kconfig | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/virt/kvm/Kconfig b/virt/kvm/Kconfig
--- a/virt/kvm/Kconfig
+++ b/virt/kvm/Kconfig
@@ -1,2 +1,2 @@
-config NOT_THERE
+config KVM_GUEST_MEMFD
 	bool
P
	# (the base prepared from the fake tree is rightly kept)
	error_is 2 env KERNEL_TREE="$T/fk" PATCHES="$T/badp" "$TOP/tools/apply.sh"
}

tcase make-variables "a value given on make's command line never reaches a shell line (make move-base VERSION=, runtime-test RUNTIME_ARCH=, cross-check CROSS_CHECK_TREE=)" make_variables cache
tcase bench-pair-input "make bench-pair: a bad pair count or revision is named before any work, and no value reaches a shell" bench_pair_input cache
tcase not-kernel "a git tree that is not a kernel is refused" not_kernel cache
tcase missing-tree "a missing KERNEL_TREE is named" missing_tree cache
tcase not-git "a KERNEL_TREE that is not a git repository is refused" not_git cache
tcase unknown-ref "an unknown KERNEL_REF is named" unknown_ref cache
tcase unknown-package "an unknown Debian package is named, with what to do" unknown_package cache
tcase unknown-version "a version apt cannot download is named" unknown_version cache
tcase pin-gone "a pinned base apt no longer has names apt's versions and make move-base" pin_gone cache
tcase pin-sha "a pinned .deb with another sha256 is refused and set aside" pin_sha cache
tcase pin-commit "a pinned .deb that imports to another commit is refused, nothing prepared" pin_commit cache
tcase no-patch-dir "make apply with a missing patch directory is refused" no_patch_dir cache
tcase bad-patch "a patch that does not apply names patch and file:line" bad_patch cache
run_tests "$@"
