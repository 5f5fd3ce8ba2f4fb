# SPDX-License-Identifier: GPL-2.0-only
#
# Shared helpers for the project's shell tools.  Source it; do not run it.
#
# Every tool works under one cache directory (GMEM_CACHE, default
# ~/.cache/gmem-kconfig).  Everything in it is keyed by content and safe to
# delete; deleting it only costs the time to rebuild it.

GMEM_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GMEM_CACHE=${GMEM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gmem-kconfig}
PROG=${PROG:-$(basename "$0")}

# The project's make hands its command line to every make below it through
# MAKEFLAGS: "make move-base VERSION=..." would set the kernel's own VERSION
# in every kernel build.  The tools run their makes with their own options.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES GNUMAKEFLAGS MAKELEVEL

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 2; }

# A git that sees no user or system configuration, so that what it commits
# and how it treats files is the same on every machine.
pgit() {
	GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null \
	GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-gmem-kconfig}" \
	GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-gmem-kconfig@localhost}" \
	GIT_COMMITTER_NAME="${GIT_COMMITTER_NAME:-gmem-kconfig}" \
	GIT_COMMITTER_EMAIL="${GIT_COMMITTER_EMAIL:-gmem-kconfig@localhost}" \
	git -c core.autocrlf=false -c core.filemode=true -c core.symlinks=true \
	    -c core.precomposeunicode=false -c commit.gpgsign=false \
	    -c tag.gpgsign=false -c gc.auto=0 -c core.abbrev=12 -c advice.detachedHead=false \
	    -c init.defaultBranch=import "$@"
}

# pin_get KEY: KEY's value in tools/base.pin, the pinned base tree
pin_get() {
	local v
	v=$(sed -n "s/^$1=//p" "$GMEM_TOP/tools/base.pin")
	[ -n "$v" ] || die "tools/base.pin has no '$1='; restore it from git"
	printf '%s\n' "$v"
}

need() {
	# need COMMAND DEBIAN-PACKAGE
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' not found; install it with: apt-get install $2 (or: make deps)"
}

# is_kernel_tree DIR: succeeds when DIR looks like a Linux source tree.
# Prints the reason on failure.
is_kernel_tree() {
	local d=$1 f
	for f in Makefile Kconfig scripts/kconfig/conf.c scripts/kconfig/Makefile arch; do
		if [ ! -e "$d/$f" ]; then
			echo "$d has no $f"
			return 1
		fi
	done
	if ! grep -qE '^VERSION = [0-9]+$' "$d/Makefile" ||
	   ! grep -qE '^PATCHLEVEL = [0-9]+$' "$d/Makefile"; then
		echo "$d/Makefile has no 'VERSION =' / 'PATCHLEVEL =' lines"
		return 1
	fi
}

# kernel_version DIR: VERSION.PATCHLEVEL.SUBLEVEL[EXTRAVERSION] from the
# Makefile, the same string 'make kernelversion' prints.
kernel_version() {
	awk -F' = ' '
		/^VERSION = /      { v = $2 }
		/^PATCHLEVEL = /   { p = $2 }
		/^SUBLEVEL = /     { s = $2 }
		/^EXTRAVERSION =/  { e = $2; exit }
		END { printf "%s.%s.%s%s\n", v, p, s, e }' "$1/Makefile"
}

# Serialise users of the cache: one lock, taken for the life of the script.
cache_lock() {
	mkdir -p "$GMEM_CACHE"
	exec 9>"$GMEM_CACHE/.lock"
	if ! flock -n 9; then
		log "waiting for another run that holds $GMEM_CACHE/.lock"
		flock 9
	fi
}

# note_path NAME: where a proof command writes its generated note NAME
# (named after the command, e.g. make-bisect-build.txt): with RECORD=1 the
# committed MAINTAINERS-notes/generated/NAME, which the cover letter's
# testing lines and selftests/t/30 read; otherwise $GMEM_CACHE/notes/NAME,
# so that running a proof leaves the checkout as it was.
note_path() {
	if [ "${RECORD:-0}" = 1 ]; then
		echo "$GMEM_TOP/MAINTAINERS-notes/generated/$1"
	else
		mkdir -p "$GMEM_CACHE/notes"
		echo "$GMEM_CACHE/notes/$1"
	fi
}

# The stamps that tie generated notes to what they were made from.
# series_stamp WORKTREE: sha256 of the series' diff against base (the kcheck
# summary, make series-check).
series_stamp() {
	pgit -C "$1" diff refs/tags/base refs/heads/series | sha256sum | cut -d' ' -f1
}
# patches_stamp DIR: sha256 of the code of the patches in DIR: each
# patch's diff (from its first 'diff --git' to its '-- ' signature line),
# in order, cover letter aside.  Changelogs are not part of it: what the
# build log (make bisect-build) and the runtime log (make runtime-test)
# prove depends on the code only.
patches_stamp() {
	local f
	for f in "$1"/[0-9][0-9][0-9][0-9]-*.patch; do
		case ${f##*/} in
		0000-*) ;;
		*) awk '/^diff --git / { d = 1 } /^-- $/ { d = 0 } d' "$f" ;;
		esac
	done | sha256sum | cut -d' ' -f1
}

# kcheck as this project runs it: the tool (kconfig-checks/, built on
# demand) with the project's cache and its KVM data (kvm/): the fragments
# are layered on each defconfig of the matrix subcommands, and KVM_RULES is
# the resting-state rules file the scripts pass with --rules.  The tool
# itself has neither default.
KVM_DATA=$GMEM_TOP/kvm
KVM_RULES=$KVM_DATA/kvm-guest-memfd.rules
KVM_FRAGMENTS=$KVM_DATA/fragments
KVM_INTENDED=$KVM_DATA/intended-findings
# kcheck_bin: the kcheck of this checkout (KCHECK_SANITIZE=1: ASan+UBSan)
kcheck_bin() {
	if [ "${KCHECK_SANITIZE:-0}" = 1 ]; then
		echo "$GMEM_TOP/kconfig-checks/build-san/kcheck"
	else
		echo "$GMEM_TOP/kconfig-checks/build/kcheck"
	fi
}
export KCHECK_CACHE=${KCHECK_CACHE:-$GMEM_CACHE/kcheck}
kcheck=$GMEM_TOP/tools/kcheck

# apt_private DIR SOURCE-LINE...: point apt at a sources list of our own
# (the lines given, each "deb URI SUITE COMPONENT", signed by Debian's
# archive keyring), with lists and cache under DIR, through -o options in
# APT_OPTS: the machine's apt configuration and state are never read for
# sources or changed, and no root is needed.  Takes the lock DIR/.lock on
# file descriptor 8 for the life of the script (exec 8>&- drops it).
apt_private() {
	local dir=$1 line keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	shift
	need apt-get apt
	[ -r "$keyring" ] || die "$keyring missing; install it with: apt-get install debian-archive-keyring"
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	exec 8>"$dir/.lock"
	flock 8
	for line in "$@"; do
		printf '%s\n' "${line/#deb /deb [signed-by=$keyring] }"
	done >"$dir/sources.list.tmp"
	mv "$dir/sources.list.tmp" "$dir/sources.list"
	# Debug::NoLocking: the private lists and cache need no system lock,
	# and the system's lock must not be taken (a running apt would block us).
	APT_OPTS=(-o "Dir::Etc::sourcelist=$dir/sources.list"
		  -o Dir::Etc::sourceparts=/nonexistent
		  -o "Dir::State::lists=$dir/lists"
		  -o "Dir::Cache=$dir/cache"
		  -o Debug::NoLocking=1
		  -o APT::Sandbox::User="$(id -un)")
}

# apt_private_update: apt-get update of the private lists (apt_private)
apt_private_update() {
	local dir
	dir=$(dirname "${APT_OPTS[1]#Dir::Etc::sourcelist=}")
	if ! apt-get "${APT_OPTS[@]}" update -q=2 >"$dir/update.log" 2>&1; then
		sed 's/^/  /' "$dir/update.log" >&2
		die "apt-get update of the sources in $dir/sources.list failed"
	fi
}

# apt_private_download PKG VERSION DEB: download PKG=VERSION as DEB
# (atomically: a temporary directory next to it, then a rename)
apt_private_download() {
	local pkg=$1 ver=$2 deb=$3 dl
	[ -f "$deb" ] && return 0
	dl=$(mktemp -d "$(dirname "$deb")/.tmp-XXXXXX")
	chmod 0755 "$dl"
	log "downloading $pkg=$ver"
	if ! (cd "$dl" && apt-get "${APT_OPTS[@]}" download -q=2 "$pkg=$ver") \
		>"$dl/log" 2>&1; then
		sed 's/^/  /' "$dl/log" >&2
		rm -rf "$dl"
		die "apt-get download $pkg=$ver failed"
	fi
	mv "$dl"/*.deb "$deb"
	rm -rf "$dl"
}
