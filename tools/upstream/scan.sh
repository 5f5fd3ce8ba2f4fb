#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tools/upstream/scan.sh [--arch A,B] [--symbols GLOB] [--rand N]
#                        [--report FILE] [--tree DIR]
#
# kcheck on the newest kernel Debian offers (tools/upstream/tree.sh), every
# finding confirmed by make:
#
#  1. kcheck sat --unmet all --no-redundancy: every select of every arch
#     (--symbols GLOB: only the selects touching those symbols);
#  2. the matrix: kcheck check, every defconfig, all{no,yes,mod}config and
#     --rand N randconfigs per arch (default 10);
#  3. each unmet dependency either reports is made again by the tree's own
#     make, with the arch's compiler (kconfig-checks/cross-compile.sh, as
#     kcheck): a sat counterexample is written as .config and resolved with
#     'make O=<scratch> ARCH=<arch> olddefconfig'; a matrix configuration is
#     made with its own target (the defconfig, allyesconfig, randconfig with
#     its KCONFIG_SEED).  make's "WARNING: unmet direct dependencies" text
#     is kept.  A finding make does not print is a kcheck bug: it is listed
#     as such and the scan exits 1;
#  4. the report (default docs/upstream-scan.md, generated: never edit it),
#     stamped with the package version, by tools/upstream/report.py.
#
# Everything else goes under $GMEM_CACHE/upstream-scan/<tree key>/.  --tree
# DIR scans that tree instead (a kernel tree; it is only read).
# Exit status: 0 every finding confirmed, 1 a finding make does not
# confirm, 2 could not run.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

arches= symbols= rand=10 report=$GMEM_TOP/docs/upstream-scan.md tree=
while [ $# -gt 0 ]; do
	case $1 in
	--arch|--symbols|--rand|--report|--tree)
		[ $# -ge 2 ] && [ -n "$2" ] || die "$1 needs a value"
		case $1 in
		--arch) arches=$2 ;;
		--symbols) symbols=$2 ;;
		--rand) rand=$2 ;;
		--report) report=$2 ;;
		--tree) tree=$2 ;;
		esac
		shift ;;
	*) die "unknown option '$1' (see the top of $0)" ;;
	esac
	shift
done
[[ $rand =~ ^[0-9]{1,4}$ ]] || die "--rand takes a number 0-9999, not '$rand'"
# The report is written at the end, through a temporary file in its
# directory: check now that it can be, and that it is no input.
rdir=$(dirname "$report")
[ -d "$rdir" ] && [ -w "$rdir" ] || die "--report $report: $rdir is not a writable directory"
[ ! -L "$report" ] || die "--report $report is a symbolic link"
[ ! -e "$report" ] || [ -f "$report" ] || die "--report $report exists and is not a regular file"
for input in "$GMEM_TOP"/tools/upstream/*; do
	[ ! "$report" -ef "$input" ] || die "--report $report is an input of the scan ($input)"
done
need make make
need flex flex
need bison bison
need /usr/bin/python3 python3

t_start=$(date +%s)
if [ -z "$tree" ]; then
	tree=$("$GMEM_TOP/tools/upstream/tree.sh")
	info=$(dirname "$tree")/base.info
else
	why=$(is_kernel_tree "$tree") || die "--tree: $why"
	tree=$(cd "$tree" && pwd -P)
	info=
fi
case $(cd "$rdir" && pwd -P)/ in
"$tree"/*) die "--report $report is inside the scanned tree" ;;
esac
make -s -C "$GMEM_TOP/kconfig-checks" >&2
K=$(kcheck_bin)

key=$(printf '%s\n%s\n%s\n%s\n' "$tree" "$arches" "$symbols" "$rand" | sha256sum | cut -c1-12)
work=$GMEM_CACHE/upstream-scan/$key
rm -rf "$work"
mkdir -p "$work/confirm"
log "work directory $work"

[ -n "$arches" ] || arches=$("$K" list --tree "$tree" --arch help | paste -sd, -)
kargs=(--tree "$tree" --arch "$arches")
# kcheck validates --arch here (list) and --symbols before sat does any
# work; sat runs first, so a bad argument stops the scan at once
"$K" list "${kargs[@]}" --rand "$rand" >"$work/list" || die "kcheck list refused the arguments"
for a in ${arches//,/ }; do
	printf '%s\t%s\n' "$a" "$("$GMEM_TOP/kconfig-checks/cross-compile.sh" "$a")"
done >"$work/compilers"

t0=$(date +%s)
# 1. every select of every arch
sargs=(--unmet all)
[ -z "$symbols" ] || sargs=(--symbols "$symbols" --unmet symbols)
rc=0
"$K" sat "${kargs[@]}" "${sargs[@]}" --list-proved --no-redundancy --quiet \
	--format json --output "$work/sat.json" || rc=$?
[ "$rc" -le 1 ] || die "kcheck sat could not run (exit $rc)"
t1=$(date +%s)

# 2. the matrix
rc=0
"$K" check "${kargs[@]}" --rand "$rand" --no-code-scan --quiet \
	--format json --output "$work/check.json" || rc=$?
[ "$rc" -le 1 ] || die "kcheck check could not run (exit $rc)"
t2=$(date +%s)

# 3. make confirms each finding.  todo: ID ARCH KIND TARGET SELECTOR WHAT
# (WHAT: the counterexample file for sat, the configuration name for the
# matrix)
/usr/bin/python3 "$GMEM_TOP/tools/upstream/report.py" todo \
	--check "$work/check.json" --sat "$work/sat.json" --list "$work/list" \
	--out "$work/confirm" >"$work/todo"
log "$(wc -l <"$work/todo") findings to confirm with make"

confirm_arch() {
	local a=$1 id arch kind target selector what obj cc d
	obj=$work/obj/$a
	mkdir -p "$obj"
	cc=$("$GMEM_TOP/kconfig-checks/cross-compile.sh" "$a")
	[ -n "$cc" ] && export CROSS_COMPILE=$cc
	while IFS=$'\t' read -r id arch kind target selector what; do
		[ "$arch" = "$a" ] || continue
		d=$work/confirm/$id
		case $kind in
		sat|sat-unconfirmed)
			cp "$d/counterexample.config" "$obj/.config"
			make -C "$tree" O="$obj" ARCH="$a" olddefconfig ;;
		defconfig)
			make -C "$tree" O="$obj" ARCH="$a" "${what#arch/"$a"/configs/}" ;;
		all)
			make -C "$tree" O="$obj" ARCH="$a" "$what" ;;
		randconfig)
			make -C "$tree" O="$obj" ARCH="$a" KCONFIG_SEED="$what" randconfig ;;
		esac >"$d/make.log" 2>&1 || echo "make failed: exit $?" >>"$d/make.log"
		printf '%s\n' "${cc:-host}" >"$d/compiler"
	done <"$work/todo"
}
export -f confirm_arch
export work tree GMEM_TOP
cut -f2 "$work/todo" | sort -u | xargs -r -P "$(nproc)" -n 1 bash -c 'confirm_arch "$1"' _
t3=$(date +%s)

printf 'matrix %s\nsat %s\nconfirm %s\ntotal %s\n' $((t2 - t1)) $((t1 - t0)) \
	$((t3 - t2)) $((t3 - t_start)) >"$work/seconds"
rc=0
/usr/bin/python3 "$GMEM_TOP/tools/upstream/report.py" report \
	--check "$work/check.json" --sat "$work/sat.json" --todo "$work/todo" \
	--confirm "$work/confirm" --seconds "$work/seconds" ${info:+--info "$info"} \
	--compilers "$work/compilers" \
	--known "$GMEM_TOP/tools/upstream/v6.12-sat-findings" \
	--command "make upstream-scan${symbols:+ (--symbols $symbols)}" \
	--out "$report" || rc=$?
log "report: $report"
exit "$rc"
