#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# deps.sh - install the Debian packages in tools/debian-packages.
# As root: apt-get update (when apt has no lists yet, or with --update)
# and apt-get install.  Otherwise: print the command to run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mapfile -t pkgs < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$GMEM_TOP/tools/debian-packages")
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
	log "all ${#pkgs[@]} Debian packages are installed"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	log "missing Debian packages; as root run:"
	echo "apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
	exit 2
fi
if [ "${1:-}" = --update ] || [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e lock -e partial)" ]; then
	apt-get update -q=2 || die "apt-get update failed"
fi
log "installing: ${missing[*]}"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q=2 --no-install-recommends "${missing[@]}" ||
	die "apt-get install ${missing[*]} failed; run 'apt-get update' and retry"
