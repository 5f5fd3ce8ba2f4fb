#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tools/upstream/tree.sh - the newest kernel Debian offers, as a prepared tree.
#
# Looks in Debian's sid and trixie-backports suites for the linux-source-N.M
# package with the highest N.M (and of that, the highest version), fetches
# it with 'apt-get download' and prepares it with prepare-base.sh: a git
# repository whose single commit is reproducible, tagged 'base'.  Prints
# the path of the tree on stdout.
#
# apt is pointed at those suites through -o options naming a sources list,
# a lists directory and a cache that live under $GMEM_CACHE/apt-upstream:
# the machine's apt configuration and state are never read for sources or
# changed.
#
# Environment: GMEM_CACHE; UPSTREAM_SOURCE_PKG (a linux-source-N.M to take
# instead of the newest), UPSTREAM_SOURCE_VERSION (a version of it);
# UPSTREAM_OFFLINE=1 (take the newest .deb already downloaded, no network).
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

need apt-get apt
need dpkg-deb dpkg
need flock util-linux

APT_DIR=$GMEM_CACHE/apt-upstream
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$KEYRING" ] || die "$KEYRING missing; install it with: apt-get install debian-archive-keyring"

mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$GMEM_CACHE/dl"
exec 8>"$APT_DIR/.lock"
flock 8
cat >"$APT_DIR/sources.list.tmp" <<EOF
deb [signed-by=$KEYRING] http://deb.debian.org/debian sid main
deb [signed-by=$KEYRING] http://deb.debian.org/debian trixie-backports main
EOF
mv "$APT_DIR/sources.list.tmp" "$APT_DIR/sources.list"

# Debug::NoLocking: the private lists and cache need no system lock, and
# the system's lock must not be taken (a running apt would block us).
APT_OPTS=(-o "Dir::Etc::sourcelist=$APT_DIR/sources.list"
	  -o Dir::Etc::sourceparts=/nonexistent
	  -o "Dir::State::lists=$APT_DIR/lists"
	  -o "Dir::Cache=$APT_DIR/cache"
	  -o Debug::NoLocking=1
	  -o APT::Sandbox::User="$(id -un)")

newest_deb_offline() {
	find "$GMEM_CACHE/dl" -maxdepth 1 -name 'linux-source-*_all.deb' \
		-printf '%f\n' | sort -V | tail -n 1
}

if [ "${UPSTREAM_OFFLINE:-0}" = 1 ]; then
	f=$(newest_deb_offline)
	[ -n "$f" ] || die "UPSTREAM_OFFLINE=1 but no linux-source .deb in $GMEM_CACHE/dl"
	deb=$GMEM_CACHE/dl/$f
else
	log "apt-get update of sid and trixie-backports into $APT_DIR"
	if ! apt-get "${APT_OPTS[@]}" update -q=2 >"$APT_DIR/update.log" 2>&1; then
		sed 's/^/  /' "$APT_DIR/update.log" >&2
		die "apt-get update of the temporary sources list failed"
	fi
	if [ -n "${UPSTREAM_SOURCE_PKG:-}" ]; then
		pkg=$UPSTREAM_SOURCE_PKG
		[[ $pkg =~ ^linux-source-[0-9]+\.[0-9]+$ ]] ||
			die "UPSTREAM_SOURCE_PKG=$pkg is not linux-source-N.M"
	else
		pkg=$(apt-cache "${APT_OPTS[@]}" pkgnames linux-source- |
		      grep -E '^linux-source-[0-9]+\.[0-9]+$' | sort -V | tail -n 1) ||
			true
		[ -n "$pkg" ] || die "sid and trixie-backports offer no linux-source-N.M package"
	fi
	if [ -n "${UPSTREAM_SOURCE_VERSION:-}" ]; then
		ver=$UPSTREAM_SOURCE_VERSION
	else
		ver=$(apt-cache "${APT_OPTS[@]}" madison "$pkg" |
		      awk -F' *[|] *' '{ print $2 }' | sort -V | tail -n 1)
		[ -n "$ver" ] || die "no version of $pkg in sid or trixie-backports"
	fi
	deb=$GMEM_CACHE/dl/${pkg}_${ver}_all.deb
	if [ ! -f "$deb" ]; then
		dl=$(mktemp -d "$GMEM_CACHE/dl/.tmp-XXXXXX")
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
	fi
fi
exec 8>&-
LINUX_SOURCE_DEB=$deb exec "$GMEM_TOP/tools/prepare-base.sh"
