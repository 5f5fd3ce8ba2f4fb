#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# stable-watch.sh [--tree REPO [--ref REV]] [--changelog FILE] [--no-proofs]
#
# Is there a 6.12.y newer than the pinned base (tools/base.pin), and does
# the series still apply and prove there?  make stable-watch.
#
#   1. asks Debian (bookworm-security and bookworm, through a private apt
#      list under the cache) for the newest linux-source-6.12; not newer
#      than the pin: "up to date", exit 0;
#   2. prepares that tree and applies patches/ with git am, patch by patch;
#      for a patch that does not apply it names the file:line of the hunk
#      and the entries of that release's Debian changelog (since the
#      pinned version) whose subjects touch the same area, and says
#      separately whether 'git am -3' would apply the series;
#   3. when every patch applies, the fast proofs (unless --no-proofs):
#      kcheck diff of base and series on the new tree must say what it
#      says on the pinned tree (x86 and arm64, defconfigs and the KVM
#      fragments), and the KVM directories build for x86_64 and arm64.
#
# --tree REPO [--ref REV] takes that commit of a git repository as the new
# release instead of asking Debian (tests; a release candidate), and
# --changelog FILE a Debian changelog for it.  The repository is only read.
#
# Writes a short report (RECORD=1: MAINTAINERS-notes/generated/
# make-stable-watch.md; otherwise $GMEM_CACHE/notes/) and prints it.
# Exit 0 up to date, or the series applies and proves; 1 a patch does not
# apply or a proof fails; 2 could not run.  Never part of make test's
# verdict: the world changing must not fail the project's tests.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree_src= tree_ref=HEAD changelog= proofs=1
while [ $# -gt 0 ]; do
	case $1 in
	--tree) [ $# -ge 2 ] || die "--tree needs a repository"; tree_src=$2; shift 2 ;;
	--ref) [ $# -ge 2 ] || die "--ref needs a revision"; tree_ref=$2; shift 2 ;;
	--changelog) [ $# -ge 2 ] || die "--changelog needs a file"; changelog=$2; shift 2 ;;
	--no-proofs) proofs=0; shift ;;
	*) die "usage: $0 [--tree REPO [--ref REV]] [--changelog FILE] [--no-proofs]" ;;
	esac
done
[ -z "$changelog" ] || [ -f "$changelog" ] || die "--changelog $changelog is not a file"
[ -z "$changelog" ] || changelog=$(cd "$(dirname "$changelog")" && pwd)/$(basename "$changelog")

pkg=$(pin_get package)
pin_ver=$(pin_get package_version)
pin_kv=$(pin_get kernelversion)
report=$(note_path make-stable-watch.md)
work=$(mktemp -d "${TMPDIR:-/tmp}/stable-watch.XXXXXX")
trap 'rm -rf "$work"' EXIT
out=$work/report

# --- 1. the newest release ---------------------------------------------
if [ -n "$tree_src" ]; then
	new_tree=$(KERNEL_TREE=$tree_src KERNEL_REF=$tree_ref "$GMEM_TOP/tools/prepare-base.sh")
	new_ver="$tree_src at $tree_ref"
else
	need dpkg dpkg
	mkdir -p "$GMEM_CACHE/dl"
	apt_private "$GMEM_CACHE/apt-stable" \
		"deb http://deb.debian.org/debian-security bookworm-security main" \
		"deb http://deb.debian.org/debian bookworm main"
	log "asking Debian for the newest $pkg"
	apt_private_update
	new_ver=$(apt-cache "${APT_OPTS[@]}" madison "$pkg" |
		  awk -F' *[|] *' '{ print $2 }' | sort -V | tail -n 1)
	[ -n "$new_ver" ] || die "Debian offers no $pkg in bookworm or bookworm-security"
	if dpkg --compare-versions "$new_ver" le "$pin_ver"; then
		exec 8>&-
		{
			echo "# make stable-watch"
			echo
			echo "Up to date: the newest $pkg Debian offers is $new_ver; the pin (tools/base.pin) is $pin_ver."
		} >"$out"
		cp "$out" "$report"
		cat "$out"
		exit 0
	fi
	deb=$GMEM_CACHE/dl/${pkg}_${new_ver}_all.deb
	apt_private_download "$pkg" "$new_ver" "$deb"
	exec 8>&-
	new_tree=$(LINUX_SOURCE_DEB=$deb "$GMEM_TOP/tools/prepare-base.sh")
	if [ -z "$changelog" ]; then
		dpkg-deb --fsys-tarfile "$deb" |
			tar -xOf - "./usr/share/doc/$pkg/changelog.Debian.gz" 2>/dev/null |
			gzip -dc >"$work/changelog" || : >"$work/changelog"
		changelog=$work/changelog
	fi
fi
new_kv=$(kernel_version "$new_tree")
log "newer than the pin ($pin_ver): $new_ver, Linux $new_kv"

# --- 2. does the series apply? -----------------------------------------
# changelog_entries: the subjects of the release's changelog since the
# pinned version, one per line (continuation lines joined)
changelog_entries() {
	[ -n "$changelog" ] && [ -s "$changelog" ] || return 0
	awk -v pin="($pin_ver)" '
		/^[a-z0-9][^ ]* \(/ { if (index($0, pin)) exit; next }
		/^    - / { if (e != "") print e; e = substr($0, 7); next }
		/^      [^ ]/ && e != "" { sub(/^ +/, " "); e = e $0; next }
		{ if (e != "") print e; e = "" }
		END { if (e != "") print e }' "$changelog"
}
# area FILE: what marks a changelog subject as touching FILE's area: the
# file's stem (as a word), then an extended regular expression for the
# subsystem prefix of its directory ("[amd64] " marks arch-only entries)
area() {
	local f=$1 stem=${1##*/}
	printf '%s\n' "${stem%.*}"
	case $f in
	virt/kvm/*|include/linux/kvm*|include/uapi/linux/kvm*) echo '^KVM: ' ;;
	arch/x86/kvm/*) echo '^(\[[a-z0-9]+\] )?KVM: (x86|SVM|VMX|nVMX|nSVM)' ;;
	arch/arm64/kvm/*) echo '^(\[[a-z0-9]+\] )?KVM: arm64' ;;
	tools/testing/selftests/kvm/*) echo '^KVM: selftests' ;;
	*) echo '^$' ;;
	esac
}
# entries_for FILE: the changelog entries of FILE's area, those naming its
# stem first, at most 8
entries_for() {
	local words
	mapfile -t words < <(area "$1")
	changelog_entries >"$work/entries"
	{
		grep -F -w -- "${words[0]}" "$work/entries" || true
		grep -E -- "${words[1]}" "$work/entries" || true
	} | awk '!seen[$0]++' | head -n 8
}

mapfile -t list < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$GMEM_TOP/patches/series")
wt=$(dirname "$new_tree")/watch
cache_lock
if [ ! -e "$wt/.git" ]; then
	rm -rf "$wt"
	pgit -C "$new_tree" worktree prune
	pgit -C "$new_tree" worktree add -q --detach "$wt" refs/tags/base
fi

# try_am [-3]: apply the series from base; prints the number of patches
# that applied; on a failure, $work/fail holds its git am output
try_am() {
	local n=0 p
	pgit -C "$wt" am --abort >/dev/null 2>&1 || true
	pgit -C "$wt" checkout -q -f --detach refs/tags/base
	pgit -C "$wt" clean -q -fdx
	: >"$work/fail"
	for p in "${list[@]}"; do
		if ! pgit -C "$wt" am -q "$@" "$GMEM_TOP/patches/$p" >"$work/fail" 2>&1; then
			pgit -C "$wt" am --abort >/dev/null 2>&1 || true
			break
		fi
		: >"$work/fail"
		n=$((n + 1))
	done
	echo "$n"
}

total=${#list[@]}
rc=0
{
	echo "# make stable-watch"
	echo
	echo "The pin (tools/base.pin): $pkg $pin_ver (Linux $pin_kv)."
	echo "Newer: $new_ver (Linux $new_kv)."
	echo
} >"$out"
n3=$(try_am -3)
n=$(try_am)
if [ "$n" = "$total" ]; then
	echo "git am: all $total patches apply." >>"$out"
else
	rc=1
	bad=${list[$n]}
	{
		echo "git am: patch $((n + 1))/$total ($bad) does not apply:"
		sed -n 's/^error: patch failed: \(.*\)$/- at \1/p; s/^error: \(.*\): does not exist in index$/- \1 does not exist/p' "$work/fail"
		echo
		if [ "$n3" = "$total" ]; then
			echo "git am -3: all $total patches apply (a three-way merge resolves it; review the result before moving the pin)."
		else
			echo "git am -3: stops at patch $((n3 + 1))/$total (${list[$n3]})."
		fi
		echo
		files=$(sed -n 's/^error: patch failed: \(.*\):[0-9]*$/\1/p; s/^error: \(.*\): does not exist in index$/\1/p' "$work/fail" | sort -u)
		for f in $files; do
			e=$(entries_for "$f")
			if [ -n "$e" ]; then
				echo "Changelog entries of $new_ver that touch the area of $f:"
				printf '%s\n' "$e" | sed 's/^/- /'
			else
				echo "No changelog entry of $new_ver names the area of $f."
			fi
			echo
		done
	} >>"$out"
fi

# the proofs prepare and apply under the same lock
exec 9>&-

# --- 3. the fast proofs --------------------------------------------------
if [ "$rc" = 0 ] && [ "$proofs" = 1 ]; then
	pin_tree=$("$GMEM_TOP/tools/prepare-base.sh")
	pin_wt=$("$GMEM_TOP/tools/apply.sh")
	make -s -C "$GMEM_TOP/kconfig-checks" >&2
	frags=("$KVM_FRAGMENTS"/x86-kvm-host.config "$KVM_FRAGMENTS"/arm64-kvm-host.config)
	# the defconfigs of x86 and arm64, each also with the KVM fragments
	# (tools/kcheck layers them); exit 1 is "differences", as expected
	for side in pin new; do
		if [ "$side" = pin ]; then set -- "$pin_tree" "$pin_wt"; else set -- "$new_tree" "$wt"; fi
		drc=0
		"$kcheck" diff "$1" "$2" --arch x86,arm64 --no-all-targets --quiet \
			>"$work/diff.$side" 2>"$work/diff.$side.err" || drc=$?
		[ "$drc" -le 1 ] || { cat "$work/diff.$side.err" >&2; die "kcheck diff could not run on the $side tree (above)"; }
	done
	if cmp -s "$work/diff.pin" "$work/diff.new"; then
		echo "kcheck diff: the series changes the same values on $new_kv as on $pin_kv ($(head -n 1 "$work/diff.new"))." >>"$out"
	else
		rc=1
		{
			echo "kcheck diff: the series changes other values on $new_kv than on $pin_kv:"
			echo
			diff -u --label "$pin_kv" --label "$new_kv" "$work/diff.pin" "$work/diff.new" | sed 's/^/    /'
		} >>"$out"
	fi
	for b in "x86 x86_64_defconfig ${frags[0]} arch/x86/kvm/" \
		 "arm64 defconfig ${frags[1]} arch/arm64/kvm/"; do
		read -r arch def frag dir <<<"$b"
		cross=
		[ "$arch" = arm64 ] && cross=aarch64-linux-gnu-
		if CROSS_COMPILE=$cross BUILD_NAME=stable-watch-$arch \
		   "$GMEM_TOP/tools/build-kvm.sh" "$wt" "$arch" "$def" "$frag" -- "$dir" \
		   >"$work/build-$arch.log" 2>&1; then
			echo "build: $dir of $arch $def + $(basename "$frag"): ok" >>"$out"
		else
			rc=1
			echo "build: $dir of $arch $def + $(basename "$frag"): FAILED" >>"$out"
			tail -n 5 "$work/build-$arch.log" | sed 's/^/    /' >>"$out"
		fi
	done
fi
if [ "$rc" = 0 ]; then
	echo >>"$out"
	if [ -n "$tree_src" ]; then
		echo "The series applies$([ "$proofs" = 1 ] && echo " and proves") on $new_kv." >>"$out"
	else
		echo "The series applies$([ "$proofs" = 1 ] && echo " and proves") on $new_kv: move the pin with 'make move-base VERSION=$new_ver'." >>"$out"
	fi
fi
cp "$out" "$report"
cat "$out"
exit "$rc"
