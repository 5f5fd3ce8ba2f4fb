# SPDX-License-Identifier: GPL-2.0-only
# Every file path the documentation names exists (tools/doc-paths.py: the
# rule that tells a path from a word, and what it leaves out, is in its
# header): README.md, docs/*.md but the dated measurements and the
# generated upstream scan, and kcheck(1).  And the rule itself: a doc
# naming missing files fails, naming each, while kernel-tree paths,
# placeholders, build output and paths outside the repository are left
# alone.  Under a second; no kernel tree needed.
. "$(dirname "$0")/../lib.sh"

needs_python3() { require python3 python3; }

docs_paths() {
	run 0 python3 "$TOP/tools/doc-paths.py" || return 1
	sed 's/^/note: /' "$T/err"
}

# a document and a man page in $T that name existing, missing and
# unchecked paths; the expected file lists exactly the missing ones
stale_paths() {
	cat >"$T/doc.md" <<'DOC'
Existing: `kconfig-checks/src/lib/rules.h`, src/lib/util.h, t/60's tests,
`selftests/run.sh t/60-kcheck.sh 12`, docs/kcheck.md:12: and (docs/tests.md).
Directories: kvm/, `kconfig-checks/src/cache/`.
Stale: `src/rules.h`, kconfig-checks/src/tree/seam.c, (docs/nothere.md), t/99,
tools/gone/ and kvm/kvm-guest-memfd.rules/ (a file, not a directory).
Globs: src/lib/protocol.[ch] matches, src/lib/nothere.[ch] does not.
Alternatives: src/{lib,gone}/util.h.
Not checked: arch/<arch>/configs, arch/x86/Kconfig, scripts/kconfig/conf.c,
tools/testing/selftests/kvm, $KCHECK_CACHE/engine, ~/linux, /usr/bin/python3,
../shared/reference/, https://example.org/docs/x, kconfig-checks/build/kcheck,
kconfig-checks/build-san/kcheck, tools/runtime/ARCH.config, selftests/t/NN-*.sh.
DOC
	cat >"$T/doc.1" <<'DOC'
.TP
\fBkconfig-checks/src/lib/rules.h\fR exists; \fIsrc/frontend/gone.c\fR does not
.B PREFIX/libexec/kcheck/
DOC
	expect_run 1 python3 "$TOP/tools/doc-paths.py" --top "$TOP" "$T/doc.md" "$T/doc.1"
}

tcase docs "every path named in README.md, docs/*.md and kcheck(1) exists" docs_paths python3
tcase stale "a missing path fails the check, named with its file and line; unchecked forms pass" stale_paths python3
run_tests "$@"
