#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# prepare-base.sh - make the base kernel tree the project works on.
#
# Default: Debian's linux-source-6.12 package (fetched with 'apt-get
# download', never installed) becomes a git repository whose single commit
# is reproducible: fixed author, committer, dates and message, so the same
# package gives the same commit id on every machine.  The commit is tagged
# 'base'.
#
# KERNEL_TREE=/path/to/git/tree [KERNEL_REF=rev]: use that commit of the
# user's own tree instead.  The user's tree is only read: the project works
# in a private shallow copy of that commit under the cache.
#
# Prints the path of the prepared repository on stdout; progress, the
# package version, 'make kernelversion' and the commit id on stderr.  The
# same facts are kept in base.info next to the repository.
#
# Default: the pinned base of tools/base.pin, exactly: that package
# version, a .deb with that sha256, an import that gives that commit.
# Anything else is an error that says what apt has and how to move the pin
# (make move-base VERSION=...).
#
# Environment: GMEM_CACHE (cache root); for other trees than the pinned
# base (tools/upstream/tree.sh, make stable-watch, tests), never checked
# against the pin: LINUX_SOURCE_PKG (default linux-source-6.12),
# LINUX_SOURCE_VERSION (a version apt has), LINUX_SOURCE_DEB (a
# linux-source-N.M .deb already downloaded, such as the one
# tools/upstream/tree.sh fetches from another suite: used instead of
# apt-get download; package and version are read from it).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# PINNED=1 when the tree asked for is the pinned base
PINNED=0
if [ -z "${LINUX_SOURCE_PKG:-}${LINUX_SOURCE_VERSION:-}${LINUX_SOURCE_DEB:-}" ]; then
	PINNED=1
fi
PKG=${LINUX_SOURCE_PKG:-$(pin_get package)}
# A fixed, documented timestamp: v6.12's release day.  Any constant would do;
# what matters is that it never comes from the clock.
BASE_DATE='2024-11-17T00:00:00+0000'
TREES=$GMEM_CACHE/trees

cleanup_tmp() {
	[ -n "${TMPDIR_BUILD:-}" ] && rm -rf "$TMPDIR_BUILD"
	return 0
}
trap cleanup_tmp EXIT
trap 'log "interrupted; nothing was registered as prepared"; exit 130' INT TERM HUP

# Remove leftovers of runs that were interrupted.  We hold the cache lock,
# so nobody else is building one right now.
drop_stale() {
	local d
	for d in "$TREES"/.tmp-* "$GMEM_CACHE"/dl/.tmp-*; do
		[ -e "$d" ] || continue
		log "removing leftover of an interrupted run: $d"
		rm -rf "$d"
	done
}

# write_info DIR key=value...: atomically write DIR/base.info
write_info() {
	local dir=$1
	shift
	printf '%s\n' "$@" >"$dir/base.info.tmp"
	mv "$dir/base.info.tmp" "$dir/base.info"
}

report() {
	local dir=$1
	log "base tree ready: $dir/linux"
	sed 's/^/  /' "$dir/base.info" >&2
	printf '%s\n' "$dir/linux"
}

check_tree_version() {
	local t=$1 why v
	why=$(is_kernel_tree "$t") || die "not a kernel tree: $why"
	v=$(kernel_version "$t")
	# linux-source-N.M must hold Linux N.M.y
	case $v in
	"${PKG#linux-source-}".*) ;;
	*) die "$PKG gave Linux $v, expected ${PKG#linux-source-}.y" ;;
	esac
	printf '%s\n' "$v"
}

# make kernelversion must agree with what we read from the Makefile.
check_kernelversion() {
	local t=$1 want=$2 got
	need make make
	got=$(make -s -C "$t" kernelversion 2>/dev/null) ||
		die "'make kernelversion' failed in $t"
	[ "$got" = "$want" ] ||
		die "'make kernelversion' says $got but the Makefile says $want"
}

# die_pin_gone VERSION: the pinned version cannot be downloaded
die_pin_gone() {
	local have
	have=$(apt-cache madison "$PKG" 2>/dev/null |
	       awk -F' [|] ' '{ print $2 }' | sort -u -V | tr '\n' ' ')
	die "the pinned base $PKG=$1 (tools/base.pin) cannot be downloaded; apt has: ${have:-none (run 'apt-get update' as root)}; move the pin with 'make move-base VERSION=<one of them>', or use your own tree with KERNEL_TREE="
}

# check_pin_commit COMMIT: the pinned package must give the pinned commit
check_pin_commit() {
	[ "$PINNED" = 1 ] || return 0
	[ "$1" = "$(pin_get base_commit)" ] ||
		die "the import of $PKG $(pin_get package_version) gave commit $1, but tools/base.pin says $(pin_get base_commit); report this (the import is not reproducible here)"
}

prepare_debian() {
	local ver deb sha key dir kv src tarmember commit
	need apt-get apt
	need dpkg-deb dpkg
	need xz xz-utils

	ver=${LINUX_SOURCE_VERSION:-}
	if [ -n "${LINUX_SOURCE_DEB:-}" ]; then
		[ -f "$LINUX_SOURCE_DEB" ] ||
			die "LINUX_SOURCE_DEB=$LINUX_SOURCE_DEB is not a file"
		PKG=$(dpkg-deb -f "$LINUX_SOURCE_DEB" Package) ||
			die "LINUX_SOURCE_DEB=$LINUX_SOURCE_DEB is not a .deb"
		ver=$(dpkg-deb -f "$LINUX_SOURCE_DEB" Version)
		case $PKG in
		linux-source-[0-9]*.[0-9]*) ;;
		*) die "LINUX_SOURCE_DEB=$LINUX_SOURCE_DEB holds $PKG, not linux-source-N.M" ;;
		esac
	elif [ "$PINNED" = 1 ]; then
		ver=$(pin_get package_version)
	elif [ -z "$ver" ]; then
		ver=$(apt-cache policy "$PKG" 2>/dev/null |
		      awk '/Candidate:/ { print $2 }')
		if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
			die "apt knows no package '$PKG'; run 'apt-get update' (as root) and check the name (LINUX_SOURCE_PKG)"
		fi
	fi

	mkdir -p "$GMEM_CACHE/dl"
	deb=${LINUX_SOURCE_DEB:-$GMEM_CACHE/dl/${PKG}_${ver}_all.deb}
	if [ ! -f "$deb" ]; then
		local dl
		dl=$(mktemp -d "$GMEM_CACHE/dl/.tmp-XXXXXX")
		chmod 0755 "$dl"
		log "downloading $PKG=$ver with apt-get download"
		if ! (cd "$dl" && apt-get download -q=2 \
			-o APT::Sandbox::User="$(id -un)" "$PKG=$ver") >"$dl/log" 2>&1; then
			sed 's/^/  /' "$dl/log" >&2
			rm -rf "$dl"
			[ "$PINNED" = 1 ] && die_pin_gone "$ver"
			die "apt-get download $PKG=$ver failed; run 'apt-get update' (as root), check the package name and version"
		fi
		mv "$dl"/*.deb "$deb"
		rm -rf "$dl"
	fi
	[ "$(dpkg-deb -f "$deb" Package)" = "$PKG" ] ||
		die "$deb is not a $PKG package; delete it and rerun"

	sha=$(sha256sum "$deb" | cut -d' ' -f1)
	if [ "$PINNED" = 1 ] && [ "$sha" != "$(pin_get deb_sha256)" ]; then
		mv "$deb" "$deb.rejected"
		die "$(basename "$deb") has sha256 $sha, but tools/base.pin says $(pin_get deb_sha256): this is not the pinned base (kept as $deb.rejected); if Debian rebuilt the package on purpose, move the pin with 'make move-base VERSION=$ver'"
	fi
	key=debian-${ver//\~/_}-${sha:0:12}
	dir=$TREES/$key
	if [ -f "$dir/base.info" ] && [ -d "$dir/linux/.git" ]; then
		log "cached: $PKG $ver"
		check_pin_commit "$(sed -n 's/^base_commit=//p' "$dir/base.info")"
		report "$dir"
		return
	fi

	mkdir -p "$TREES"
	TMPDIR_BUILD=$(mktemp -d "$TREES/.tmp-$key-XXXXXX")
	tarmember=./usr/src/$PKG.tar.xz
	log "extracting $tarmember from $(basename "$deb")"
	(umask 022
	 dpkg-deb --fsys-tarfile "$deb" | tar -xOf - "$tarmember" |
		 tar -xJf - --no-same-owner -C "$TMPDIR_BUILD") ||
		die "could not extract $tarmember from $deb"
	src=$(find "$TMPDIR_BUILD" -mindepth 1 -maxdepth 1 -type d | head -n 1)
	[ -n "$src" ] || die "$deb: the tarball holds no directory"
	mv "$src" "$TMPDIR_BUILD/linux"
	kv=$(check_tree_version "$TMPDIR_BUILD/linux")

	log "committing Linux $kv as the reproducible base commit (takes a minute)"
	(
		cd "$TMPDIR_BUILD/linux"
		pgit init -q
		# -f: commit exactly what the package ships, whatever any
		# .gitignore in it says.
		pgit add -A -f .
		GIT_AUTHOR_NAME='Debian linux-source import' \
		GIT_AUTHOR_EMAIL='gmem-kconfig@localhost' \
		GIT_COMMITTER_NAME='Debian linux-source import' \
		GIT_COMMITTER_EMAIL='gmem-kconfig@localhost' \
		GIT_AUTHOR_DATE=$BASE_DATE GIT_COMMITTER_DATE=$BASE_DATE \
		pgit commit -q --no-verify -F - <<MSG
Linux $kv as shipped in Debian $PKG $ver

Imported unchanged from ${PKG}_${ver}_all.deb
(sha256 $sha), member $tarmember.
MSG
		pgit tag base
	)
	commit=$(pgit -C "$TMPDIR_BUILD/linux" rev-parse refs/tags/base)
	check_pin_commit "$commit"
	check_kernelversion "$TMPDIR_BUILD/linux" "$kv"
	[ -z "$(pgit -C "$TMPDIR_BUILD/linux" status --porcelain --ignored)" ] ||
		die "the imported tree is not clean after commit; report this"
	write_info "$TMPDIR_BUILD" \
		"source=debian" \
		"package=$PKG" \
		"package_version=$ver" \
		"deb_sha256=$sha" \
		"kernelversion=$kv" \
		"base_commit=$commit"
	rm -rf "$dir"
	mv "$TMPDIR_BUILD" "$dir"
	TMPDIR_BUILD=
	report "$dir"
}

prepare_user_tree() {
	local src=$KERNEL_TREE ref=${KERNEL_REF:-HEAD} commit mk kv key dir v
	[ -d "$src" ] || die "KERNEL_TREE=$src does not exist"
	src=$(cd "$src" && pwd -P)
	GIT_OPTIONAL_LOCKS=0 pgit -C "$src" rev-parse --git-dir >/dev/null 2>&1 ||
		die "KERNEL_TREE=$src is not a git repository; the project clones it, so it must be one"
	commit=$(GIT_OPTIONAL_LOCKS=0 pgit -C "$src" rev-parse --verify -q "$ref^{commit}") ||
		die "KERNEL_TREE=$src has no commit '$ref' (KERNEL_REF)"
	mk=$(pgit -C "$src" show "$commit:Makefile" 2>/dev/null) ||
		die "not a kernel tree: $src at $ref has no Makefile"
	for v in Kconfig scripts/kconfig/conf.c arch; do
		pgit -C "$src" cat-file -e "$commit:$v" 2>/dev/null ||
			die "not a kernel tree: $src at $ref has no $v"
	done
	grep -qE '^PATCHLEVEL = [0-9]+$' <<<"$mk" ||
		die "not a kernel tree: $src/Makefile at $ref has no PATCHLEVEL"
	if [ -n "$(GIT_OPTIONAL_LOCKS=0 pgit -C "$src" status --porcelain -uno 2>/dev/null)" ]; then
		log "note: $src has uncommitted changes; they are ignored, the project uses commit ${commit:0:12}"
	fi

	key=user-$(printf '%s' "$src" | sha256sum | cut -c1-8)-${commit:0:12}
	dir=$TREES/$key
	if [ -f "$dir/base.info" ] && [ -d "$dir/linux/.git" ] &&
	   pgit -C "$dir/linux" cat-file -e "$commit^{commit}" 2>/dev/null; then
		log "cached: private clone of $src at ${commit:0:12}"
		report "$dir"
		return
	fi

	mkdir -p "$TREES"
	TMPDIR_BUILD=$(mktemp -d "$TREES/.tmp-$key-XXXXXX")
	# A shallow fetch of just that commit, over file:// so that git
	# copies objects instead of sharing or hard-linking them: with
	# shared objects, git "freshens" (touches) the user's object files
	# whenever we write an object they already have.
	log "copying commit ${commit:0:12} of $src into the cache (shallow, read-only)"
	pgit init -q "$TMPDIR_BUILD/linux"
	pgit -C "$TMPDIR_BUILD/linux" fetch -q --depth=1 \
		--upload-pack='git -c uploadpack.allowAnySHA1InWant=true upload-pack' \
		"file://$src" "$commit" ||
		die "could not fetch $commit from $src"
	pgit -C "$TMPDIR_BUILD/linux" checkout -q --detach "$commit"
	pgit -C "$TMPDIR_BUILD/linux" tag -f base "$commit" >/dev/null
	kv=$(kernel_version "$TMPDIR_BUILD/linux")
	write_info "$TMPDIR_BUILD" \
		"source=$src" \
		"ref=$ref" \
		"kernelversion=$kv" \
		"base_commit=$commit"
	rm -rf "$dir"
	mv "$TMPDIR_BUILD" "$dir"
	TMPDIR_BUILD=
	log "the user's tree $src was only read; the project works in $dir/linux"
	report "$dir"
}

need git git
need flock util-linux
cache_lock
drop_stale
if [ -n "${KERNEL_TREE:-}" ]; then
	prepare_user_tree
else
	prepare_debian
fi
