# SPDX-License-Identifier: GPL-2.0-only
# kcheck range on a fixture git repository built from selftests/fixtures/kc1
# (range_repo below): a commit that adds an unmet select on one arch, one
# that fixes it, one that touches only C, one that adds an undefined
# CONFIG_ use, one that changes a value on one arch only, and a merge
# whose second parent defines that symbol (the first-parent walk compares
# the merge with its first parent).  The reports (text, JSON, markdown)
# against selftests/expected/61-kcheck-range/, the bad ranges, and the
# user's repository byte for byte unchanged; each test also with the
# ASan and UBSan builds (asan-NAME).
. "$(dirname "$0")/../lib.sh"
unset KERNEL_TREE

# commit MESSAGE: commit everything, at a fixed date (stable ids)
commit() {
	git -C "$R" add -A &&
	GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z' \
		git -C "$R" -c user.name=T -c user.email=t@t commit -q -m "$1"
}

# range_repo: $SCRATCH/repo, tags base, c1..c6 and side (see the header),
# other (not on main's line), broken and broken2 (bar's Kconfig does not
# parse), in1..in3 (a Kconfig file only foo reads, one nothing reads)
make_range_repo() {
	R=$SCRATCH/repo
	fixture_tree kc1 "$R" && git -C "$R" init -q -b main && commit 'the fixture' &&
	git -C "$R" tag base &&
	printf '\nconfig FOO_SEL\n\tbool "foo sel"\n\tdefault y\n\tselect B\n' >>"$R/arch/foo/Kconfig" &&
	commit 'foo: FOO_SEL selects B' && git -C "$R" tag c1 &&
	sed -i 's/^\tselect B$/\tdepends on C\n\tselect B/' "$R/arch/foo/Kconfig" &&
	commit 'foo: FOO_SEL depends on C' && git -C "$R" tag c2 &&
	printf '/* a comment */\n' >>"$R/drivers/code.c" &&
	commit 'drivers: a comment' && git -C "$R" tag c3 &&
	printf '#ifdef CONFIG_RANGE_NEW\n#endif\n' >>"$R/drivers/code.c" &&
	commit 'drivers: use CONFIG_RANGE_NEW' && git -C "$R" tag c4 &&
	sed -i 's/^\tbool "bar only"$/\tbool "bar only"\n\tdefault y/' "$R/arch/bar/Kconfig" &&
	commit 'bar: BAR_ONLY defaults to y' && git -C "$R" tag c5 &&
	git -C "$R" checkout -q -b side-branch &&
	printf '\nconfig RANGE_NEW\n\tbool "range new"\n' >>"$R/Kconfig" &&
	commit 'side: define RANGE_NEW' && git -C "$R" tag side &&
	git -C "$R" checkout -q main &&
	printf '/* main */\n' >>"$R/drivers/Makefile" &&
	commit 'drivers: a Makefile comment' && git -C "$R" tag c5m &&
	GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z' \
		git -C "$R" -c user.name=T -c user.email=t@t merge -q --no-ff -m 'merge side' side-branch &&
	git -C "$R" tag c6 &&
	git -C "$R" branch -q other c2 && git -C "$R" checkout -q other &&
	printf '/* other */\n' >>"$R/drivers/code.c" && commit 'other: a comment' &&
	git -C "$R" tag other &&
	git -C "$R" checkout -q -b broken c2 &&
	printf 'config BAR_BROKEN\n\tbool "broken"\n\tdepends on (\n' >>"$R/arch/bar/Kconfig" &&
	commit 'bar: a parse error' && git -C "$R" tag broken &&
	printf '/* later */\n' >>"$R/drivers/code.c" && commit 'drivers: after the error' &&
	git -C "$R" tag broken2 &&
	git -C "$R" checkout -q -b inputs c2 &&
	mkdir -p "$R/drivers/fooonly" "$R/drivers/unused" &&
	printf 'config FOOONLY\n\tbool "foo only"\n' >"$R/drivers/fooonly/Kconfig" &&
	printf '\nsource "drivers/fooonly/Kconfig"\n' >>"$R/arch/foo/Kconfig" &&
	commit 'foo: source drivers/fooonly/Kconfig' && git -C "$R" tag in1 &&
	printf '\tdefault y\n' >>"$R/drivers/fooonly/Kconfig" &&
	commit 'fooonly: FOOONLY defaults to y' && git -C "$R" tag in2 &&
	printf 'config UNUSED\n\tbool "unused"\n' >"$R/drivers/unused/Kconfig" &&
	commit 'unused: a Kconfig file nothing sources' && git -C "$R" tag in3 &&
	git -C "$R" checkout -q -b satscope c2 &&
	sed -i 's/^\tselect B$/\tselect B\n\thelp\n\t  Selects B.\n\n\t  # not a comment in help text/' "$R/arch/foo/Kconfig" &&
	commit 'foo: FOO_SEL has help text' && git -C "$R" tag h1 &&
	sed -i 's/^config FOO_SEL$/if C\nconfig FOO_SEL/' "$R/arch/foo/Kconfig" && printf 'endif\n' >>"$R/arch/foo/Kconfig" &&
	commit 'foo: FOO_SEL inside if C' && git -C "$R" tag h2 &&
	git -C "$R" checkout -q main
}
needs_range_repo() { needs_base && once range-repo make_range_repo && R=$SCRATCH/repo; }

# names: commit ids as their tags, the private copy's key as KEY
names() {
	local t s args=()
	for t in $(git -C "$R" tag); do
		s=$(git -C "$R" rev-parse "$t^{commit}")
		args+=(-e "s/$s/$t/g" -e "s/${s:0:12}/$t/g")
	done
	sed "${args[@]}" -e 's|/range/[0-9a-f]\{16\}/|/range/KEY/|g' \
		-e 's|/kcheck-cache-[01]/|/kcheck-cache/|g'
}
# rg STATUS ARGS...: kcheck range's report, status and errors, named
rg() {
	run "$1" "$KCHECK" range "${@:2}" || return 1
	{ cat "$T/out"; echo "exit $1"; errors; } | names | expect
}

range_text() { rg 1 --tree "$R" base..c6; }
range_json() {
	run 1 "$KCHECK" range --tree "$R" base..c6 --quiet --format json --output "$T/r.json" &&
	/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(r["kcheck"], r["kcheck-range"], r["range"]["walk"], r["summary"])
for f in r["findings"]:
    print("open", f["commit"], f["check"], f["file"], [k["key"] for k in f["keys"]])
for c in r["commits"]:
    print(c["commit"], c["merge"], [(e["arch"], e["why"]) for e in c["evaluated"]], c["kept"],
          c["code_files"], len(c["added"]), len(c["gone"]),
          [g["added_by"] for g in c["gone"]],
          [(x["symbol"], x["before"], x["after"], x["configurations"]) for x in c["changes"]])' \
		"$T/r.json" | names | expect
}
# the JSON is a check report: a check of HEAD with it as the baseline
# reports only what the range did not add
range_baseline() {
	run 1 "$KCHECK" range --tree "$R" base..c4 --quiet --format json --output "$T/r.json" &&
	git clone -q "$R" "$T/head" && git -C "$T/head" checkout -q c4 &&
	run 1 "$KCHECK" --tree "$T/head" --baseline "$T/r.json" --format json --output "$T/c.json" &&
	/usr/bin/python3 -c '
import json, sys
print(sorted(k["key"] for f in json.load(open(sys.argv[1]))["findings"] for k in f["keys"]))
print(sorted(k["key"] for f in json.load(open(sys.argv[2]))["findings"] for k in f["keys"]))' \
		"$T/r.json" "$T/c.json" | expect
}
# each commit's added and gone keys are what kcheck check on the commit
# and on its parent give (the same findings, by their keys)
range_agrees() {
	local c
	run 1 "$KCHECK" range --tree "$R" base..c6 --quiet --format json --output "$T/r.json" &&
	git clone -q "$R" "$T/w" || return 1
	for c in base c1 c2 c3 c4 c5 c5m c6; do
		git -C "$T/w" checkout -q "$c" &&
		"$KCHECK" --tree "$T/w" --quiet --format json --output "$T/$c.json"
		[ $? -le 1 ] || return 1
	done
	/usr/bin/python3 - "$T" <<-'PY' | expect
	import json, sys
	t = sys.argv[1]
	def keys(fs):
	    return {k["key"] for f in fs for k in f["keys"]}
	r = json.load(open(t + "/r.json"))
	prev = keys(json.load(open(t + "/base.json"))["findings"])
	for tag, c in zip("c1 c2 c3 c4 c5 c5m c6".split(), r["commits"]):
	    now = keys(json.load(open(t + "/" + tag + ".json"))["findings"])
	    ok = keys(c["added"]) == now - prev and keys(c["gone"]) == prev - now
	    print(tag, "agrees" if ok else "DIFFERS", sorted(now - prev), sorted(prev - now))
	    prev = now
	PY
}
range_md() { rg 1 --tree "$R" base..c6 --quiet --format md; }
# the result cache: a second run over the same range takes every arch's
# output from it and reports byte for byte what a run without any cache
# reports; a changed input (a fragment's contents) is not answered from it
range_result_cache() {
	local cache=$T/cache frag=$T/frags
	# the reports but their "seconds"
	same() { diff <(grep -v '"seconds":' "$1") <(grep -v '"seconds":' "$2"); }
	mkdir -p "$frag" && printf 'CONFIG_C=y\n' >"$frag/foo-c.config" || return 1
	set -- range --tree "$R" --fragments "$frag" base..c2 --format json
	KCHECK_CACHE=$cache run 1 "$KCHECK" "$@" --output "$T/cold.json" &&
	! grep -q '(result cache)' "$T/err" &&
	KCHECK_CACHE=$cache run 1 "$KCHECK" "$@" --output "$T/warm.json" &&
	grep -c '(result cache)' "$T/err" | sed 's/^/warm: result cache answers: /' >"$T/log" &&
	run 1 "$KCHECK" "$@" --no-shell-cache --output "$T/plain.json" &&
	same "$T/warm.json" "$T/plain.json" && same "$T/cold.json" "$T/plain.json" &&
	printf 'CONFIG_C=n\n' >"$frag/foo-c.config" &&
	KCHECK_CACHE=$cache run 1 "$KCHECK" "$@" --output "$T/changed.json" &&
	grep -E '^kcheck: \[[0-9]+/[0-9]+\] ' "$T/err" | sed -E 's/[0-9.]+ s/T s/' >>"$T/log" &&
	run 1 "$KCHECK" "$@" --no-shell-cache --output "$T/plain2.json" &&
	same "$T/changed.json" "$T/plain2.json" && ! same "$T/changed.json" "$T/warm.json" >/dev/null &&
	# what the cache holds: per key its inputs and gzip outputs, nothing half written
	(cd "$cache/results" && ls) | sed -E 's/^[0-9a-f]{32}\.inputs$/KEY.inputs/; s/^[0-9a-f]{32}-[0-9a-f]{32}\.out\.gz$/KEY-INPUTS.out.gz/' |
		sort | uniq -c | sed 's/^ */files: /' >>"$T/log" &&
	for f in "$cache"/results/*.gz; do gzip -t "$f" || return 1; done &&
	expect <"$T/log"
}
# --sat: sat on the selects of the symbols each commit changes, on the
# parent and on the commit, on the arches whose parse read the files
range_sat() { rg 1 --tree "$R" --sat base..c6 --quiet; }
# which symbols a commit changes: help text alone, none; a line outside
# the entries (an 'if'), every entry of the file
range_sat_scope() { rg 0 --tree "$R" --sat c2..h2 --quiet; }
range_sat_md() { rg 1 --tree "$R" --sat base..c6 --quiet --format md; }
# each commit's sat findings added and gone are kcheck sat's, with the
# commit's symbols as the scope, on the commit and on its parent
range_sat_agrees() {
	local tag parent syms side def s
	run 1 "$KCHECK" range --tree "$R" --sat base..c6 --quiet --format json --output "$T/r.json" &&
	git clone -q "$R" "$T/w" || return 1
	parent=base
	for tag in c1 c2 c3 c4 c5 c5m c6; do
		syms=$(/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(",".join(r["commits"][int(sys.argv[2])]["sat"]["symbols"]))' "$T/r.json" "$(echo c1 c2 c3 c4 c5 c5m c6 | tr ' ' '\n' | grep -nx "$tag" | cut -d: -f1 | awk '{ print $1 - 1 }')") || return 1
		for side in "$parent" "$tag"; do
			: >"$T/$tag-$side.keys"
			git -C "$T/w" checkout -q "$side" || return 1
			# kcheck sat takes only the names the side defines
			def=$(for s in ${syms//,/ }; do
				git -C "$T/w" grep -qE "^[[:space:]]*(menu)?config $s\$" && echo "$s"
			done | paste -sd,)
			[ -n "$def" ] || continue
			"$KCHECK" sat --tree "$T/w" --symbols "$def" --no-redundancy --quiet --format json --output "$T/s.json"
			[ $? -le 1 ] || return 1
			/usr/bin/python3 -c '
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    for k in f["keys"]:
        print(k["key"])' "$T/s.json" | sort >"$T/$tag-$side.keys"
		done
		/usr/bin/python3 - "$T/r.json" "$tag" "$T/$tag-$parent.keys" "$T/$tag-$tag.keys" <<-'PY'
		import json, sys
		r = json.load(open(sys.argv[1]))
		tags = "c1 c2 c3 c4 c5 c5m c6".split()
		c = r["commits"][tags.index(sys.argv[2])]
		def sat(fs):
		    return {k["key"] for f in fs if f["check"].startswith("sat") for k in f["keys"]}
		before = set(open(sys.argv[3]).read().split())
		after = set(open(sys.argv[4]).read().split())
		ok = sat(c["added"]) == after - before and sat(c["gone"]) == before - after
		print(sys.argv[2], c["sat"]["symbols"], "agrees" if ok else "DIFFERS",
		      sorted(after - before), sorted(before - after))
		PY
		parent=$tag
	done | expect
}
# a range stopped by a signal while the result cache's copier runs: exit
# 2, no report, no process left, nothing kept for the stopped run (the
# engine built and the commits copied first, by a small run)
range_stopped() {
	local cache=$T/cache rc=0 pid i
	KCHECK_CACHE=$cache run 1 "$KCHECK" range --tree "$R" --arch foo --rand 1 base..c1 --quiet &&
	ls "$cache/results" >"$T/kept.before" || return 1
	# the signal to kcheck alone: it stops its workers itself
	KCHECK_CACHE=$cache "$KCHECK" range --tree "$R" --arch foo --rand 100000 base..c1 \
		--output "$T/r.out" >"$T/out" 2>"$T/err" &
	pid=$!
	sleep 3
	kill -TERM "$pid"
	for i in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
	if kill -0 "$pid" 2>/dev/null; then
		echo "kcheck still runs 30 s after SIGTERM"
		pkill -KILL -s "$(ps -o sid= -p $$ | tr -d ' ')" -f -- "$cache/"
		return 1
	fi
	wait "$pid" || rc=$?
	[ "$rc" = 2 ] || { echo "exit $rc, wanted 2"; cat "$T/err"; return 1; }
	[ ! -e "$T/r.out" ] || { echo "a report was written"; return 1; }
	sleep 1
	# model servers (daemons, in sessions of their own) are meant to stay;
	# nothing of this session may
	pgrep -s "$(ps -o sid= -p $$ | tr -d ' ')" -f -- "$cache/" >"$T/procs.left"
	[ ! -s "$T/procs.left" ] || { echo "left running:"; ps -o pid,sid,args -p "$(paste -sd, "$T/procs.left")"; return 1; }
	ls "$cache/results" | diff "$T/kept.before" - || { echo "kept by the stopped run"; return 1; }
	grep -o 'interrupted by signal [0-9]*' "$T/err" | expect
}
range_clean() { rg 0 --tree "$R" c2..c3 --quiet; }
# a commit whose Kconfig does not parse on one arch: named, the other
# arch goes on, the commit after it keeps the error; exit 2
range_parse_error() { rg 2 --tree "$R" c2..broken2; }
# only the arches whose parse read what a commit changes: a file only
# foo sources, then a Kconfig file nothing sources
range_inputs() { rg 0 --tree "$R" c2..in3; }
# any path git takes is a REPO: a subdirectory of the work tree, a bare
# clone (each its own private copy)
range_any_repo() {
	git clone -q --bare "$R" "$T/bare.git" &&
	run 1 "$KCHECK" range --tree "$R/drivers" base..c2 --quiet --format md &&
	cp "$T/out" "$T/subdir.md" &&
	run 1 "$KCHECK" range --tree "$T/bare.git" base..c2 --quiet --format md &&
	diff "$T/subdir.md" "$T/out" && names <"$T/out" | expect
}
range_no_tree() { rg 2 base..c1; }
range_two_ranges() { rg 2 --tree "$R" base..c1 c1..c2; }
range_scope() { rg 2 --tree "$R" --scope drivers base..c1; }
range_arch_help() { rg 0 --tree "$R" --arch help base..c1 --quiet; }
range_unknown_rev() { rg 2 --tree "$R" base..nope; }
range_empty() { rg 2 --tree "$R" c3..c3; }
range_not_ancestor() { rg 2 --tree "$R" other..c6; }
range_not_repo() { mkdir "$T/plain" && rg 2 --tree "$T/plain" base..c1; }
range_bad_spec() { rg 2 --tree "$R" c1; }
# the repository is only read: every file under it (.git included), its
# HEAD and its status the same, byte for byte, after a range run
range_read_only() {
	snapshot "$R" >"$T/before" &&
	run 1 "$KCHECK" range --tree "$R" base..c6 --quiet &&
	snapshot "$R" >"$T/after" && diff "$T/before" "$T/after"
}

for k in kcheck kcheck_asan; do
	p=
	[ "$k" = kcheck_asan ] && p=asan-
	tcase "${p}text" "each commit: what was evaluated again and why, findings added and gone with their commit, value changes; a merge against its first parent" range_text $k range_repo
	tcase "${p}json" "--format json: the findings HEAD has that the range added, and each commit" range_json $k range_repo
	tcase "${p}baseline" "the JSON read back as a check baseline" range_baseline $k range_repo
	tcase "${p}agrees" "each commit's findings added and gone are kcheck check's on it and on its parent" range_agrees $k range_repo
	tcase "${p}md" "--format md: a row per commit" range_md $k range_repo
	tcase "${p}sat" "--sat: sat findings added and gone per commit, on the symbols it changes" range_sat $k range_repo
	tcase "${p}sat-scope" "--sat: help text changes no symbol; an 'if' around entries, every entry of the file" range_sat_scope $k range_repo
	tcase "${p}sat-md" "--sat --format md: the sat scope in the table" range_sat_md $k range_repo
	tcase "${p}sat-agrees" "--sat: each commit's sat findings added and gone are kcheck sat's on it and its parent" range_sat_agrees $k range_repo
	tcase "${p}result-cache" "a second run from the result cache: the report of a run without caches; a changed fragment not answered from it" range_result_cache $k range_repo
	tcase "${p}stopped" "a range stopped by a signal: exit 2, no report, no process left, nothing kept" range_stopped $k range_repo
	tcase "${p}clean" "a range that adds no finding: exit 0" range_clean $k range_repo
	tcase "${p}parse-error" "a commit that breaks one arch's Kconfig: that arch not evaluated, named; exit 2" range_parse_error $k range_repo
	tcase "${p}inputs" "an arch is evaluated again only when its parse read a file the commit changes" range_inputs $k range_repo
	tcase "${p}any-repo" "REPO as a subdirectory of a work tree or a bare repository: the same report" range_any_repo $k range_repo
	tcase "${p}arch-help" "--arch help: the arches of the range's start" range_arch_help $k range_repo
	tcase "${p}unknown-rev" "an unknown revision: exit 2, named" range_unknown_rev $k range_repo
	tcase "${p}empty" "an empty range: exit 2" range_empty $k range_repo
	tcase "${p}not-ancestor" "BASE not an ancestor of HEAD: exit 2" range_not_ancestor $k range_repo
	tcase "${p}not-repo" "--tree not a git repository: exit 2" range_not_repo $k range_repo
	tcase "${p}bad-spec" "a range that is not BASE..HEAD: exit 2" range_bad_spec $k range_repo
	tcase "${p}no-tree" "no --tree: exit 2, what to give" range_no_tree $k range_repo
	tcase "${p}two-ranges" "more than one range: exit 2" range_two_ranges $k range_repo
	tcase "${p}scope" "--scope is check's alone (range scans what each commit changes): exit 2" range_scope $k range_repo
	tcase "${p}read-only" "the user's repository is byte for byte unchanged" range_read_only $k range_repo
done
run_tests "$@"
