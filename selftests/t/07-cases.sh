# SPDX-License-Identifier: GPL-2.0-only
# The Kconfig cases of selftests/cases/ (README there), one test each,
# named after its directory: kcheck's exact output and exit status
# against the case's expected file.  'run.sh --update cases/NAME' (or
# TEST_UPDATE=1) writes NAME's expected file instead.
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE
cases=$TOP/selftests/cases

# One tree for every case, so that kcheck builds its engine once: each
# case brings its Kconfig, defconfigs, fragments and rules into its own
# copy of it ($T/tree; the engine is keyed by scripts/kconfig's content).
case_tree() {
	cp -r "$cases/tree" "$SCRATCH/case-tree" &&
	cp "$TOP/selftests/fixtures/sat1/Makefile" "$SCRATCH/case-tree/Makefile" &&
	mkdir -p "$SCRATCH/case-tree/scripts" &&
	cp -r "$BASE/scripts/kconfig" "$BASE/scripts/include" "$SCRATCH/case-tree/scripts/"
}
needs_case_tree() { needs_base && once case-tree case_tree; }

run_case() {
	local d=$cases/$TNAME tree=$T/tree a args=() rc=0
	cp -r "$SCRATCH/case-tree" "$tree"
	cp "$d/Kconfig" "$tree/Kconfig"
	[ ! -d "$d/configs" ] || cp -r "$d/configs" "$tree/arch/case/configs"
	while IFS= read -r a; do
		case $a in
		TREE) a=$tree ;;
		FRAGMENTS) a=$d/fragments ;;
		RULES) a=$d/rules ;;
		esac
		args+=("$a")
	done <"$d/cmd"
	"$KCHECK" "${args[@]}" >"$T/got" 2>"$T/err" || rc=$?
	echo "exit $rc" >>"$T/got"
	sed -E -e "s|$d/|CASE/|g" -e "s|$tree|TREE|g" -e 's/\b[0-9]+\.[0-9]+ s\b/T s/g' \
		"$T/got" >"$T/norm"
	if [ "${TEST_UPDATE:-0}" = 1 ]; then
		cp "$T/norm" "$d/expected"
		echo "wrote $d/expected: read it before committing it" >&2
	elif [ ! -f "$d/expected" ]; then
		echo "no expected file (run.sh --update cases/$TNAME)"
		return 1
	elif ! diff -u "$d/expected" "$T/norm"; then
		sed 's/^/stderr: /' "$T/err"
		return 1
	fi
}

for d in "$cases"/*/Kconfig; do
	d=${d%/Kconfig}
	[ -f "$d/cmd" ] || continue
	# the case's first comment line says what it shows
	tcase "${d##*/}" "$(grep -v '^# SPDX' "$d/Kconfig" | sed -n 's/^# //p' | head -n 1)" \
		run_case kcheck case_tree
done
run_tests "$@"
