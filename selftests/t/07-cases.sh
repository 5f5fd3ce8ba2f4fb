# SPDX-License-Identifier: GPL-2.0-only
# The Kconfig cases of selftests/cases/ (README there): for each, kcheck's
# exact output and exit status against the case's expected file.
#   07-cases.sh [NAME...]            run these cases (default: all)
#   07-cases.sh --update NAME...     write NAME's expected file instead
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE
cases=$TOP/selftests/cases
update=0
if [ "${1:-}" = --update ]; then
	update=1
	shift
	[ $# -gt 0 ] || { echo "usage: $0 --update NAME..." >&2; exit 2; }
fi
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for d in "$cases"/*/Kconfig; do
		d=${d%/Kconfig}
		names+=("${d##*/}")
	done
fi
base=$("$TOP/tools/prepare-base.sh" 2>/dev/null) || { not_ok "base tree"; exit 1; }
make -s -C "$TOP/kconfig-checks" >"$SCRATCH/out" 2>&1 || { not_ok "kcheck builds"; cat "$SCRATCH/out"; exit 1; }
K=$(kcheck_bin)

# One tree for every case, so that kcheck builds its engine once: each
# case brings its Kconfig, defconfigs, fragments and rules.
tree=$SCRATCH/tree
cp -r "$cases/tree" "$tree"
# the fixture kernel's top Makefile, the one the sat fixture has
cp "$TOP/selftests/fixtures/sat1/Makefile" "$tree/Makefile"
mkdir -p "$tree/scripts"
cp -r "$base/scripts/kconfig" "$base/scripts/include" "$tree/scripts/"

for name in "${names[@]}"; do
	d=$cases/$name
	if [ ! -f "$d/Kconfig" ] || [ ! -f "$d/cmd" ]; then
		not_ok "case $name: no such case (selftests/cases/$name/Kconfig and cmd)"
		continue
	fi
	cp "$d/Kconfig" "$tree/Kconfig"
	rm -rf "$tree/arch/case/configs"
	[ -d "$d/configs" ] && cp -r "$d/configs" "$tree/arch/case/configs"
	args=()
	while IFS= read -r a; do
		case $a in
		TREE) a=$tree ;;
		FRAGMENTS) a=$d/fragments ;;
		RULES) a=$d/rules ;;
		esac
		args+=("$a")
	done <"$d/cmd"
	rc=0
	"$K" "${args[@]}" >"$SCRATCH/got" 2>"$SCRATCH/err" || rc=$?
	echo "exit $rc" >>"$SCRATCH/got"
	sed -E -e "s|$d/|CASE/|g" -e "s|$tree|TREE|g" -e 's/\b[0-9]+\.[0-9]+ s\b/T s/g' \
		"$SCRATCH/got" >"$SCRATCH/norm"
	if [ "$update" = 1 ]; then
		cp "$SCRATCH/norm" "$d/expected"
		echo "wrote $d/expected: read it before committing it" >&2
		cat "$d/expected" >&2
	elif [ ! -f "$d/expected" ]; then
		not_ok "case $name: no expected file (07-cases.sh --update $name)"
	elif diff -u "$d/expected" "$SCRATCH/norm" >"$SCRATCH/diff"; then
		ok "case $name: $(grep -v '^# SPDX' "$d/Kconfig" | sed -n 's/^# //p' | head -n 1)"
	else
		not_ok "case $name: output differs from expected"
		sed 's/^/    /' "$SCRATCH/diff"
		sed 's/^/    stderr: /' "$SCRATCH/err"
	fi
done
