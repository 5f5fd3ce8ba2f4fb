#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build-kvm.sh SRC ARCH DEFCONFIG [FRAGMENT...] -- DIR...
#
# Configure an out-of-tree build of SRC (O= under the cache; SRC is only
# read) from DEFCONFIG plus fragments (merge_config.sh, then
# olddefconfig), check that every fragment line survived, run 'make
# prepare', then build the named directories (e.g. virt/kvm/
# arch/x86/kvm/).  Build directories are reused between runs.
#
# Environment: CROSS_COMPILE, W (passed as W=), BUILD_NAME (names the
# build directory; default ARCH-DEFCONFIG-fragments).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -ge 3 ] || die "usage: $0 SRC ARCH DEFCONFIG [FRAGMENT...] -- DIR..."
src=$1 arch=$2 defconfig=$3
shift 3
frags=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	[ -f "$1" ] || die "fragment $1 does not exist"
	frags+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")")
	shift
done
[ "${1:-}" = -- ] || die "no directories to build (missing --)"
shift
dirs=("$@")
why=$(is_kernel_tree "$src") || die "not a kernel tree: $why"

name=${BUILD_NAME:-$arch-$defconfig$(for f in "${frags[@]}"; do printf -- '-%s' "$(basename "$f" .config)"; done)}
out=$GMEM_CACHE/build/$name
mkdir -p "$out"
mk=(make -s -C "$src" O="$out" ARCH="$arch" -j"$(nproc)")
[ -n "${CROSS_COMPILE:-}" ] && mk+=(CROSS_COMPILE="$CROSS_COMPILE")

"${mk[@]}" "$defconfig" >/dev/null
if [ "${#frags[@]}" -gt 0 ]; then
	(cd "$out" && ARCH=$arch "$src/scripts/kconfig/merge_config.sh" -m -O "$out" \
		"$out/.config" "${frags[@]}" >/dev/null)
	"${mk[@]}" olddefconfig >/dev/null
	for f in "${frags[@]}"; do
		while IFS= read -r line; do
			case $line in
			CONFIG_*=n)
				# n: set to n, or not written at all
				# because its dependencies are off.
				! grep -q "^${line%=n}=" "$out/.config" && continue ;;
			CONFIG_*) grep -qxF -- "$line" "$out/.config" && continue ;;
			*) continue ;;
			esac
			die "$name: '$line' from $(basename "$f") did not survive olddefconfig; its dependencies are not met"
		done <"$f"
	done
fi
log "$name: make prepare"
"${mk[@]}" prepare
log "$name: make ${dirs[*]}"
"${mk[@]}" ${W:+W=$W} "${dirs[@]}"
log "$name: built ${dirs[*]} in $out"
