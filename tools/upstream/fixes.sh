#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tools/upstream/fixes.sh check [--full [BASE_SAT_JSON]]
# tools/upstream/fixes.sh export [--to DIR]
# tools/upstream/fixes.sh range
#
# The fix series for the unmet dependencies make upstream-scan confirms,
# patches/upstream-kconfig-fixes/, against the newest tree (tools/upstream/
# tree.sh).
#
# check: 'git am' the series onto the tree's base commit in a worktree
# next to it (branch kconfig-fixes), then for each patch, with the line of
# tools/upstream/fixes.proof that names it:
#   - scripts/checkpatch.pl --strict of the tree prints nothing;
#   - kcheck sat on every arch, scope SCOPE, before and after the patch:
#     TARGET selected by SELECTOR is confirmed on ARCH before and proved
#     never unmet on every arch after, and no finding appears after that
#     was not there before;
#   - the counterexample kcheck sat gave before the patch, as .config on
#     the patched tree: make ARCH olddefconfig prints no warning for
#     TARGET, and make builds DIRS (with ARCH's compiler).
# --full also sweeps every select of every arch on the last patch and
# compares with the same sweep of the base tree (or with BASE_SAT_JSON, the
# sat.json of a make upstream-scan of the same tree): the series' findings
# are gone and no other changed.
# Prints TAP-like 'ok' / 'not ok' lines; exit 1 when one fails.
#
# range: 'git am' as check does, then kcheck range --sat over the series
# (every arch, all{no,yes,mod}config; sat on the symbols each patch
# changes): each patch removes the unmet dependency of its fixes.proof
# line and adds no finding.  The report: $GMEM_CACHE/upstream-fixes/
# range.json.
#
# export: regenerate patches/upstream-kconfig-fixes/ from branch
# kconfig-fixes of that worktree: git format-patch with the cover letter
# of tools/upstream/fixes-cover.txt (first line subject, rest body), To:
# and Cc: from the tree's scripts/get_maintainer.pl (MAINTAINERS only).
# --to DIR writes there instead (a new or empty directory).
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

usage="usage: $0 check [--full [BASE_SAT_JSON]] | export [--to DIR] | range"
mode=${1:-check}
full=0 outdir= full_base=
case $mode:$# in
check:0|check:1) ;;
check:2|check:3)
	[ "$2" = --full ] || die "$usage"
	full=1
	full_base=${3:-}
	[ -z "$full_base" ] || [ -f "$full_base" ] || die "--full: no file $full_base" ;;
export:1|range:1) ;;
export:3)
	[ "$2" = --to ] && [ -n "$3" ] || die "$usage"
	outdir=$3
	[ ! -L "$outdir" ] || die "--to $outdir is a symbolic link"
	[ ! -e "$outdir" ] || { [ -d "$outdir" ] && [ -z "$(ls -A "$outdir")" ]; } ||
		die "--to $outdir: not an empty directory" ;;
*) die "$usage" ;;
esac

DIR=$GMEM_TOP/patches/upstream-kconfig-fixes
PROOF=$GMEM_TOP/tools/upstream/fixes.proof
COVER=$GMEM_TOP/tools/upstream/fixes-cover.txt
tree=$(UPSTREAM_OFFLINE=${UPSTREAM_OFFLINE:-0} "$GMEM_TOP/tools/upstream/tree.sh")
wt=$(dirname "$tree")/kconfig-fixes
K=$(kcheck_bin)
make -s -C "$GMEM_TOP/kconfig-checks" >&2

# add_recipients PATCH N TO... CC...: To: (the first N addresses) and Cc:
# headers before the patch's Subject:, folded one address a line
add_recipients() {
	local p=$1 n=$2
	shift 2
	/usr/bin/python3 - "$p" "$n" "$@" <<'EOF'
import sys
path, n, addrs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
to, cc = [a for a in addrs[:n] if a], [a for a in addrs[n:] if a]
text = open(path).read()
head, sep, rest = text.partition("\nSubject: ")
hdr = "".join("\n%s: %s" % (k, ",\n    ".join(v))
              for k, v in (("To", to), ("Cc", cc)) if v)
open(path, "w").write(head + hdr + sep + rest)
EOF
}

if [ "$mode" = export ]; then
	pgit -C "$wt" rev-parse -q --verify refs/heads/kconfig-fixes >/dev/null ||
		die "no branch kconfig-fixes in $wt; run '$0 check' first"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	pgit -C "$wt" format-patch -q --no-signature --zero-commit --cover-letter \
		--base=refs/tags/base -o "$tmp" refs/tags/base..refs/heads/kconfig-fixes
	# the cover letter: subject and body from COVER, shortlog and
	# diffstat from git, the date of the last patch (not the clock's)
	/usr/bin/python3 - "$tmp"/0000-cover-letter.patch "$COVER" \
		"$(pgit -C "$wt" log -1 --format=%aD refs/heads/kconfig-fixes)" <<'EOF'
import re, sys
path, cover, date = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path).read()
text = re.sub(r"(?m)^Date: .*$", "Date: " + date, text, count=1)
subject, _, body = open(cover).read().partition("\n")
text = text.replace("*** SUBJECT HERE ***", subject.strip())
text = text.replace("*** BLURB HERE ***", body.strip("\n"))
open(path, "w").write(text)
EOF
	# recipients: get_maintainer.pl of the tree on each patch; the
	# cover letter to everyone
	all_to=() all_cc=()
	for p in "$tmp"/0*.patch; do
		case $p in */0000-*) continue ;; esac
		mapfile -t to < <(cd "$tree" && ./scripts/get_maintainer.pl --no-git \
			--no-git-fallback --no-rolestats --no-l --no-r "$p")
		mapfile -t cc < <(cd "$tree" && ./scripts/get_maintainer.pl --no-git \
			--no-git-fallback --no-rolestats --no-m "$p")
		all_to+=("${to[@]}") all_cc+=("${cc[@]}")
		add_recipients "$p" "${#to[@]}" "${to[@]}" "${cc[@]}"
	done
	mapfile -t all_to < <(printf '%s\n' "${all_to[@]}" | awk 'NF && !seen[$0]++')
	mapfile -t all_cc < <(printf '%s\n' "${all_cc[@]}" | awk 'NF && !seen[$0]++')
	add_recipients "$tmp/0000-cover-letter.patch" "${#all_to[@]}" "${all_to[@]}" "${all_cc[@]}"
	[ -z "$outdir" ] || DIR=$outdir
	mkdir -p "$DIR"
	rm -f "$DIR"/[0-9][0-9][0-9][0-9]-*.patch
	mv "$tmp"/*.patch "$DIR"/
	log "exported $(($(ls "$DIR"/0*.patch | wc -l) - 1)) patches and the cover letter to $DIR"
	exit 0
fi

# check
fail=0
ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; fail=1; }
patches=("$DIR"/[0-9][0-9][0-9][0-9]-*.patch)
[ -f "${patches[0]}" ] || die "no patches in $DIR"

if [ -e "$wt/.git" ]; then
	pgit -C "$wt" checkout -q --detach refs/tags/base
	pgit -C "$wt" reset -q --hard refs/tags/base
else
	pgit -C "$tree" worktree add -q --detach "$wt" refs/tags/base
fi
pgit -C "$wt" checkout -q -B kconfig-fixes refs/tags/base
for p in "${patches[@]}"; do
	case $p in */0000-*) continue ;; esac
	pgit -C "$wt" am -q --keep-cr "$p" || {
		pgit -C "$wt" am --abort || true
		die "$(basename "$p") does not apply with git am"
	}
done
ok "the series applies with git am to $(sed -n 's/^package_version=//p' "$(dirname "$tree")/base.info") ($(pgit -C "$wt" rev-list --count refs/tags/base..HEAD) patches)"

work=$GMEM_CACHE/upstream-fixes
rm -rf "$work"
mkdir -p "$work"

if [ "$mode" = range ]; then
	rc=0
	"$K" range --tree "$wt" --sat --no-defconfigs --format json --output "$work/range.json" \
		refs/tags/base..refs/heads/kconfig-fixes || rc=$?
	[ "$rc" -le 1 ] || die "kcheck range could not evaluate the series (exit $rc)"
	# per patch: its proof line's select gone (on which arches), nothing added
	/usr/bin/python3 - "$work/range.json" "$PROOF" <<'EOF' || fail=1
import sys, json
r = json.load(open(sys.argv[1]))
proof = [l.rstrip("\n").split("\t") for l in open(sys.argv[2]) if l.strip() and not l.startswith("#")]
bad = 0
for c, p in zip(r["commits"], proof):
    num, arch, target, selector = p[:4]
    gone = sorted(k["key"].split("|")[3] for f in c["gone"] for k in f["keys"]
                  if k["key"].startswith("sat-unmet|%s|%s|" % (target, selector)))
    ok = arch in gone and not c["added"]
    bad += not ok
    print("%s - %s: kcheck range --sat: %s selected by %s gone on %s; %d findings added; sat on %d symbols, %d arches" % (
        "ok" if ok else "not ok", num, target, selector, ",".join(gone) or "no arch",
        len(c["added"]), len(c["sat"]["symbols"]), len(c["sat"]["arches"])))
if len(r["commits"]) != len(proof):
    print("not ok - the range has %d commits, fixes.proof %d lines" % (len(r["commits"]), len(proof)))
    bad += 1
sys.exit(1 if bad else 0)
EOF
	exit "$fail"
fi
arches=$("$K" list --tree "$tree" --arch help | paste -sd, -)

# sat_scope TREE SCOPE OUT: kcheck sat on every arch, selects touching SCOPE
sat_scope() {
	local rc=0
	"$K" sat --tree "$1" --arch "$arches" --symbols "$2" --unmet symbols --list-proved \
		--no-redundancy --quiet --format json --output "$3" || rc=$?
	[ "$rc" -le 1 ] || die "kcheck sat could not run on $1 (exit $rc)"
}
# unmet FILE: STATUS TARGET SELECTOR ARCH per select of a sat report
unmet() {
	/usr/bin/python3 -c '
import json, sys
for a in json.load(open(sys.argv[1]))["arches"]:
    for r in a["results"]:
        if r["what"] == "unmet":
            print(r["status"], r["target"], r["selector"], a["arch"])' "$1"
}

n=0
for p in "${patches[@]}"; do
	case $p in */0000-*) continue ;; esac
	n=$((n + 1))
	num=$(basename "$p" | cut -c1-4)
	IFS=$'\t' read -r _ arch target selector scope dirs < <(awk -F'\t' -v n="$num" '$1 == n' "$PROOF")
	[ -n "${arch:-}" ] || { not_ok "$num: no line in $PROOF"; continue; }
	name=$(basename "$p")

	if (cd "$tree" && ./scripts/checkpatch.pl --strict --quiet "$p") >"$work/$num.checkpatch" 2>&1; then
		ok "$num: checkpatch.pl --strict is silent ($name)"
	else
		not_ok "$num: checkpatch.pl --strict ($name)"
		sed 's/^/    /' "$work/$num.checkpatch"
	fi

	P=$(( ${#patches[@]} - 1 ))
	pgit -C "$wt" checkout -q --detach "kconfig-fixes~$((P - n + 1))"
	sat_scope "$wt" "$scope" "$work/$num.before.json"
	pgit -C "$wt" checkout -q --detach "kconfig-fixes~$((P - n))"
	sat_scope "$wt" "$scope" "$work/$num.after.json"
	unmet "$work/$num.before.json" | sort >"$work/$num.before"
	unmet "$work/$num.after.json" | sort >"$work/$num.after"
	if grep -qx "confirmed $target $selector $arch" "$work/$num.before"; then
		ok "$num: before the patch kcheck sat confirms $target selected by $selector on $arch"
	else
		not_ok "$num: before the patch kcheck sat does not confirm $target selected by $selector on $arch"
	fi
	left=$(awk -v t="$target" -v s="$selector" '$2 == t && $3 == s && $1 != "proved"' "$work/$num.after")
	nsel=$(awk -v t="$target" -v s="$selector" '$2 == t && $3 == s' "$work/$num.after" | wc -l)
	if [ -z "$left" ] && [ "$nsel" -gt 0 ]; then
		ok "$num: after it, $target selected by $selector is proved never unmet on all $nsel arches that have the select"
	else
		not_ok "$num: after it, $target selected by $selector: ${left:-the select is gone}"
	fi
	new=$(comm -13 <(grep -v '^proved ' "$work/$num.before") <(grep -v '^proved ' "$work/$num.after"))
	if [ -z "$new" ]; then
		ok "$num: no new finding on any arch (scope $scope: $(wc -l <"$work/$num.after") selects x arches)"
	else
		not_ok "$num: new findings after the patch: $new"
	fi

	# the counterexample of before, on the patched tree
	obj=$work/obj-$num
	mkdir -p "$obj"
	/usr/bin/python3 -c '
import json, sys
for a in json.load(open(sys.argv[1]))["arches"]:
    for r in a["results"]:
        if (r["what"] == "unmet" and a["arch"] == sys.argv[2] and
                r["target"] == sys.argv[3] and r["selector"] == sys.argv[4]):
            print(r["counterexample"].replace("\\n", "\n"))
            sys.exit(0)
sys.exit(1)' "$work/$num.before.json" "$arch" "$target" "$selector" >"$obj/.config" ||
		{ not_ok "$num: no counterexample for $target on $arch"; continue; }
	cp "$obj/.config" "$work/$num.counterexample.config"
	cc=$("$GMEM_TOP/kconfig-checks/cross-compile.sh" "$arch")
	case $arch in
	mips) cc=mipsel-linux-gnu- ;;		# Alchemy is 32-bit little endian
	powerpc) cc=powerpc-linux-gnu- ;;	# 83xx is 32-bit big endian
	esac
	mk=(make -C "$wt" O="$obj" ARCH="$arch" ${cc:+CROSS_COMPILE=$cc} -j"$(nproc)")
	"${mk[@]}" olddefconfig >"$work/$num.olddefconfig" 2>&1 ||
		{ not_ok "$num: make olddefconfig failed"; continue; }
	if grep -q "unmet direct dependencies detected for $target\$" "$work/$num.olddefconfig"; then
		not_ok "$num: make olddefconfig still warns about $target"
		sed 's/^/    /' "$work/$num.olddefconfig"
	else
		ok "$num: make ARCH=$arch olddefconfig on the counterexample prints no warning for $target"
	fi
	# shellcheck disable=SC2046
	if "${mk[@]}" $(tr ',' ' ' <<<"$dirs") >"$work/$num.build" 2>&1; then
		ok "$num: make ARCH=$arch ${cc:+CROSS_COMPILE=$cc }${dirs//,/ } builds ($(grep -c '^  CC ' "$work/$num.build") objects)"
	else
		not_ok "$num: make ARCH=$arch ${dirs//,/ } fails"
		tail -20 "$work/$num.build" | sed 's/^/    /'
	fi
done
pgit -C "$wt" checkout -q kconfig-fixes

if [ "$full" = 1 ]; then
	rc=0
	for side in base after; do
		t=$tree
		[ "$side" = after ] && t=$wt
		if [ "$side" = base ] && [ -n "$full_base" ]; then
			cp "$full_base" "$work/full.base.json"
			unmet "$work/full.base.json" | grep -v '^proved ' | sort >"$work/full.base"
			continue
		fi
		"$K" sat --tree "$t" --unmet all --list-proved --no-redundancy --quiet --format json \
			--output "$work/full.$side.json" || rc=$?
		[ "$rc" -le 1 ] || die "kcheck sat --unmet all could not run (exit $rc)"
		unmet "$work/full.$side.json" | grep -v '^proved ' | sort >"$work/full.$side"
	done
	gone=$(comm -23 "$work/full.base" "$work/full.after" | awk '{ print $2 "<-" $3 "/" $4 }' | paste -sd' ')
	new=$(comm -13 "$work/full.base" "$work/full.after")
	if [ -z "$new" ]; then
		ok "every select of every arch on the last patch: no new finding; gone: $gone"
	else
		not_ok "every select of every arch on the last patch: new: $new"
	fi
	echo "# left after the series: $(wc -l <"$work/full.after") (status target selector arch):"
	sed 's/^/#   /' "$work/full.after"
fi
exit "$fail"
