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

need dpkg-deb dpkg
need flock util-linux

mkdir -p "$GMEM_CACHE/dl"
apt_private "$GMEM_CACHE/apt-upstream" \
	"deb http://deb.debian.org/debian sid main" \
	"deb http://deb.debian.org/debian trixie-backports main"

newest_deb_offline() {
	find "$GMEM_CACHE/dl" -maxdepth 1 -name 'linux-source-*_all.deb' \
		-printf '%f\n' | sort -V | tail -n 1
}

if [ "${UPSTREAM_OFFLINE:-0}" = 1 ]; then
	f=$(newest_deb_offline)
	[ -n "$f" ] || die "UPSTREAM_OFFLINE=1 but no linux-source .deb in $GMEM_CACHE/dl"
	deb=$GMEM_CACHE/dl/$f
else
	log "apt-get update of sid and trixie-backports into $GMEM_CACHE/apt-upstream"
	apt_private_update
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
	apt_private_download "$pkg" "$ver" "$deb"
fi
exec 8>&-
LINUX_SOURCE_DEB=$deb exec "$GMEM_TOP/tools/prepare-base.sh"
