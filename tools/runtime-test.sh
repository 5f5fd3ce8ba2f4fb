#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# runtime-test.sh [--arch x86_64,arm64] [--no-base] [--log FILE | --note]
#
# The series' runtime proof.  For each architecture: build a small kernel
# (tinyconfig + tools/runtime/ARCH.config) from the series (patches/,
# applied by apply.sh) and from the base tree, build the programs named in
# tools/runtime/ARCH.expect as static binaries against the series' uapi
# headers (the conformance program tools/runtime/gmem-abi.c, and KVM
# selftests of the series), pack them with tools/runtime/init.c into an
# initramfs, boot each kernel under QEMU's TCG and run the programs in it.
#
# Prints TAP: per kernel and program, whether the result is the expected
# one (ARCH.expect: ok on the series; on the base, ok, ok with a note, or
# skip/fail with a given reason, which shows which tests are new); and per
# gmem-abi check, whether it passed (series) or failed exactly where
# ARCH.gmem-abi-base says it fails on the base.  The console of each boot
# is kept in $GMEM_CACHE/.../report/runtime/.  --log FILE also writes a
# summary table and gmem-abi's TAP there; --note writes them to the note
# make-runtime-test.txt (note_path in lib.sh: RECORD=1, the committed
# MAINTAINERS-notes/generated/ one).
# Exit 0: every result as expected; 1: one was not; 2: could not run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arches=x86_64 base=1 logfile=
while [ $# -gt 0 ]; do
	case $1 in
	--arch) arches=$2; shift ;;
	--no-base) base=0 ;;
	--log) logfile=$2; shift ;;
	--note) logfile=$(note_path make-runtime-test.txt) ;;
	*) die "unknown option '$1' (see the top of $0)" ;;
	esac
	shift
done
for a in ${arches//,/ }; do
	case $a in
	x86_64) need qemu-system-x86_64 qemu-system-x86 ;;
	arm64) need qemu-system-aarch64 qemu-system-arm
	       need aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
	       [ -f /usr/aarch64-linux-gnu/lib/libc.a ] ||
		       die "no static arm64 C library; install it with: apt-get install libc6-dev-arm64-cross (or: make deps)" ;;
	*) die "--arch: unknown architecture '$a' (x86_64 or arm64)" ;;
	esac
done
need make make
need gcc gcc
need flex flex
need bison bison
need bc bc

base_repo=$("$GMEM_TOP/tools/prepare-base.sh")
swt=$("$GMEM_TOP/tools/apply.sh")
top=$(dirname "$base_repo")
# A worktree of its own at the series' last commit, so that apply.sh (run
# by other tools) cannot change the sources under a build.
wt=$top/runtime
(
	cache_lock
	if [ ! -e "$wt/.git" ]; then
		rm -rf "$wt"
		pgit -C "$base_repo" worktree prune
		pgit -C "$base_repo" worktree add -q --detach "$wt" refs/tags/base
	fi
	head=$(pgit -C "$swt" rev-parse HEAD)
	if [ "$(pgit -C "$wt" rev-parse HEAD)" != "$head" ]; then
		pgit -C "$wt" checkout -q -f --detach "$head"
	fi
	pgit -C "$wt" clean -q -fdx
)
rep=$top/report/runtime
mkdir -p "$rep"
rtdir=$GMEM_TOP/tools/runtime

# Per architecture: kernel ARCH, image, cross compiler, QEMU command line.
karch() { case $1 in x86_64) echo x86_64 ;; arm64) echo arm64 ;; esac; }
kimage() { case $1 in x86_64) echo arch/x86/boot/bzImage ;; arm64) echo arch/arm64/boot/Image ;; esac; }
kcross() { case $1 in x86_64) echo "" ;; arm64) echo aarch64-linux-gnu- ;; esac; }
qemu_cmd() {
	case $1 in
	x86_64) echo "qemu-system-x86_64 -accel tcg -cpu max -m 1G -smp 1" ;;
	arm64) echo "qemu-system-aarch64 -M virt,virtualization=on,mte=on,gic-version=3 -accel tcg -cpu max -m 1G -smp 1" ;;
	esac
}
# The kernel command line.  tsc_early_khz: on a loaded host, TCG is too
# slow for the kernel to calibrate the TSC against the PIT; it then runs
# without a TSC frequency and KVM_GET_TSC_KHZ, which the selftests need,
# fails.
kcmdline() {
	case $1 in
	x86_64) echo "console=ttyS0 panic=-1 tsc_early_khz=2000000" ;;
	arm64) echo "console=ttyAMA0 panic=-1" ;;
	esac
}

# kbuild ARCH SIDE SRC: configure and build the kernel of SIDE in its
# reused build directory; prints the build directory.
kbuild() {
	local a=$1 side=$2 src=$3 out line ka cross
	ka=$(karch "$a") cross=$(kcross "$a")
	out=$GMEM_CACHE/build/runtime-$a-$side
	mkdir -p "$out"
	local mk=(make -s -C "$src" O="$out" ARCH="$ka" -j"$(nproc)")
	[ -n "$cross" ] && mk+=(CROSS_COMPILE="$cross")
	log "$a $side: configure (tinyconfig + $a.config)"
	"${mk[@]}" tinyconfig >/dev/null
	(cd "$out" && ARCH=$ka "$src/scripts/kconfig/merge_config.sh" -m -O "$out" \
		"$out/.config" "$rtdir/$a.config" >/dev/null)
	"${mk[@]}" olddefconfig >/dev/null
	while IFS= read -r line; do
		case $line in CONFIG_*) ;; *) continue ;; esac
		grep -qxF -- "$line" "$out/.config" ||
			die "$a $side: '$line' from $a.config did not survive olddefconfig"
	done <"$rtdir/$a.config"
	log "$a $side: build $(kimage "$a")"
	"${mk[@]}" "$(basename "$(kimage "$a")")" >"$rep/$a-$side-build.log" 2>&1 ||
		{ tail -20 "$rep/$a-$side-build.log" >&2; die "$a $side: the kernel does not build (log: $rep/$a-$side-build.log)"; }
	if [ "$side" = series ]; then
		"${mk[@]}" headers >/dev/null
	fi
	echo "$out"
}

# tests ARCH: the selftests to run, from ARCH.expect.
tests() { expect_field "$1" 1 | awk 'NF'; }
# expect_field ARCH COL [TEST]: column COL (1 name, 2 series, 3 base) of
# ARCH.expect, whose lines are "name | expected | expected", an expected
# result being ok, skip or fail, optionally followed by ": text" that the
# result's note must contain.
expect_field() {
	grep -v '^#' "$rtdir/$1.expect" |
		awk -F' *[|] *' -v c="$2" -v t="${3:-}" 'NF >= 3 && (t == "" || $1 == t) { print $c }'
}

# boot ARCH SIDE KOUT INITRAMFS: boot, run, keep the console; prints the
# console file.
boot() {
	local a=$1 side=$2 kout=$3 initrd=$4 con=$rep/$a-$side-console.log rc=0
	log "$a $side: boot under QEMU TCG"
	# shellcheck disable=SC2046
	timeout 900 $(qemu_cmd "$a") -nographic -no-reboot -append "$(kcmdline "$a")" \
		-kernel "$kout/$(kimage "$a")" -initrd "$initrd" \
		</dev/null >"$con" 2>&1 || rc=$?
	[ "$rc" = 124 ] && log "$a $side: QEMU timed out after 900 s"
	echo "$con"
}

n=0 failed=0
tap() {
	n=$((n + 1))
	if [ "$1" = ok ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}

# gmem_abi_checks ARCH SIDE CONSOLE: one TAP line per check of the
# conformance program: on the series every check passes; on the base
# exactly the checks in ARCH.gmem-abi-base fail.
gmem_abi_checks() {
	local a=$1 side=$2 con=$3 res name want nchk=0 nfail=0 line nexp
	local expfail=$rtdir/$a.gmem-abi-base
	tests "$a" | grep -qx gmem-abi || return 0
	[ -f "$expfail" ] || die "no $expfail"
	# the check names expected to fail on the base, one per line
	local -a fails=()
	mapfile -t fails < <(grep -v -e '^#' -e '^[[:space:]]*$' "$expfail")
	while IFS= read -r line; do
		printf '%s\n' "$line" >>"$abilog.$a.$side"
		case $line in
		"ok "*) res=ok ;;
		"not ok "*) res=fail ;;
		*) continue ;;
		esac
		name=${line#* - }
		nchk=$((nchk + 1))
		want=ok
		if [ "$side" = base ] && printf '%s\n' "${fails[@]}" | grep -qxF -- "$name"; then
			want=fail
		fi
		[ "$res" = fail ] && nfail=$((nfail + 1))
		if [ "$res" = "$want" ]; then
			tap ok "$a $side: gmem-abi: $name: $res"
		else
			tap fail "$a $side: gmem-abi: $name: $res, expected $want"
		fi
	done < <(sed -n 's/\r$//; s/^# gmem-abi: //p' "$con")
	[ "$nchk" -gt 0 ] || tap fail "$a $side: gmem-abi printed no check"
	if [ "$side" = base ]; then
		nexp=${#fails[@]}
		[ "$nfail" = "$nexp" ] && tap ok "$a base: gmem-abi: $nfail checks fail, as listed in $a.gmem-abi-base" ||
			tap fail "$a base: gmem-abi: $nfail checks fail, $nexp listed in $a.gmem-abi-base"
	fi
	printf '| %s | %s | gmem-abi checks | %d of %d pass |\n' "$a" "$side" "$((nchk - nfail))" "$nchk" >>"$summary"
}

summary=$(mktemp)
abilog=$(mktemp)
trap 'rm -f "$summary" "$abilog" "$abilog".*' EXIT
for a in ${arches//,/ }; do
	[ -f "$rtdir/$a.config" ] && [ -f "$rtdir/$a.expect" ] ||
		die "no $rtdir/$a.config or $a.expect"
	sout=$(kbuild "$a" series "$wt")

	# The selftests, from the series, static, against its headers.
	st=$GMEM_CACHE/build/runtime-$a-selftests
	mkdir -p "$st"
	mapfile -t names < <(tests "$a")
	selftests=()
	for t in "${names[@]}"; do [ "$t" = gmem-abi ] || selftests+=("$t"); done
	log "$a: build ${names[*]}"
	cross=$(kcross "$a")
	make -s -C "$wt/tools/testing/selftests/kvm" ARCH="$(karch "$a")" \
		${cross:+CROSS_COMPILE=$cross} OUTPUT="$st" \
		INSTALL_HDR_PATH="$sout/usr" EXTRA_CFLAGS=-static -j"$(nproc)" \
		"${selftests[@]/#/$st/}" >"$rep/$a-selftests-build.log" 2>&1 ||
		{ tail -20 "$rep/$a-selftests-build.log" >&2; die "$a: the selftests do not build (log: $rep/$a-selftests-build.log)"; }
	"${cross}gcc" -static -O2 -Wall -Wextra -o "$st/init" "$rtdir/init.c"
	# The conformance program sees the kernel as a VMM does: raw ioctls and
	# the series' <linux/kvm.h>, nothing else.
	"${cross}gcc" -static -O2 -Wall -Wextra -Werror -isystem "$sout/usr/include" \
		-o "$st/gmem-abi" "$rtdir/gmem-abi.c" ||
		die "$a: tools/runtime/gmem-abi.c does not build against the series' headers"

	# The initramfs, with the kernel's own gen_init_cpio.
	{
		echo "dir /dev 0755 0 0"
		echo "nod /dev/console 0600 0 0 c 5 1"
		echo "dir /proc 0755 0 0"
		echo "dir /sys 0755 0 0"
		echo "dir /tmp 1777 0 0"
		echo "dir /tests 0755 0 0"
		echo "file /init $st/init 0755 0 0"
		echo "file /tests/list $st/list 0644 0 0"
		for t in "${names[@]}"; do
			case $t in */*) echo "dir /tests/${t%/*} 0755 0 0" ;; esac
		done | sort -u
		for t in "${names[@]}"; do echo "file /tests/$t $st/$t 0755 0 0"; done
	} >"$st/initramfs.list"
	printf '%s\n' "${names[@]}" >"$st/list"
	[ -x "$sout/usr/gen_init_cpio" ] || die "$sout/usr/gen_init_cpio was not built"
	"$sout/usr/gen_init_cpio" "$st/initramfs.list" >"$st/initramfs.cpio"

	sides=series
	[ "$base" = 1 ] && sides="series base"
	for side in $sides; do
		if [ "$side" = series ]; then kout=$sout; else kout=$(kbuild "$a" base "$base_repo"); fi
		con=$(boot "$a" "$side" "$kout" "$st/initramfs.cpio")
		if ! grep -q "^RT: done" "$con"; then
			tap fail "$a $side: the kernel booted and ran every selftest (console: $con)"
			tail -30 "$con" | sed 's/^/# /'
			continue
		fi
		tap ok "$a $side: the kernel booted and ran every selftest"
		for t in "${names[@]}"; do
			res=$(grep -m1 -E "^RT: (ok|skip|fail) [0-9]+ $t( |$)" "$con" | tr -d '\r' || true)
			got=$(awk '{ print $2 }' <<<"$res")
			note=$(cut -d' ' -f5- <<<"$res")
			col=2; [ "$side" = base ] && col=3
			want=$(expect_field "$a" "$col" "$t")
			wkind=${want%%:*} wwhy=
			[ "$wkind" != "$want" ] && wwhy=${want#*: }
			if [ "$got" = "$wkind" ] && { [ -z "$wwhy" ] || grep -qF -- "$wwhy" <<<"$note"; }; then
				tap ok "$a $side: $t: $got${note:+ ($note)}"
			else
				tap fail "$a $side: $t: $got${note:+ ($note)}, expected $want"
				grep "^# $t: " "$con" | tail -15
			fi
			printf '| %s | %s | %s | %s |\n' "$a" "$side" "$t" "$got${note:+ ($note)}" >>"$summary"
		done
		gmem_abi_checks "$a" "$side" "$con"
	done
done
echo "1..$n"
echo "$((n - failed)) passed, $failed failed"

if [ -n "$logfile" ]; then
	{
		echo "runtime-test-of: patch code sha256 $(patches_stamp "$GMEM_TOP/patches")"
		echo "Written by tools/runtime-test.sh (make runtime-test); do not edit."
		echo "The conformance program gmem-abi (tools/runtime/gmem-abi.c) and KVM"
		echo "selftests of the series, run in a tinyconfig-based kernel booted under"
		echo "QEMU TCG ($(qemu-system-x86_64 --version | head -1)); the same"
		echo "binaries on the base kernel show what is new."
		echo
		echo "| arch | kernel | program | result |"
		echo "|---|---|---|---|"
		cat "$summary"
		echo
		echo "$((n - failed)) of $n checks as expected."
		for f in "$abilog".*; do
			[ -f "$f" ] || continue
			label=${f#"$abilog".}
			echo
			echo "gmem-abi (tools/runtime/gmem-abi.c), ${label/./ } kernel:"
			echo
			sed 's/^/    /' "$f"
		done
	} >"$logfile"
fi
[ "$failed" = 0 ]
