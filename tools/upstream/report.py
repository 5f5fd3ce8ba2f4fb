#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""
tools/upstream/report.py: the JSON half of tools/upstream/scan.sh.

  report.py todo --check F --sat F --list F --out DIR
      the unmet dependencies to confirm with make, one per line:
      ID ARCH KIND TARGET SELECTOR WHAT (tab separated).  KIND is sat (WHAT:
      DIR/ID/counterexample.config, written here), sat-unconfirmed (the
      solver's model the engine did not reproduce: make must not warn
      either) or the matrix target kind
      of 'kcheck list' (defconfig, all, randconfig; WHAT: its target).  The
      matrix is confirmed once per (target, selector, arch): its first
      configuration.

  report.py report --check F --sat F --todo F --confirm DIR --seconds F
                   [--info F] --known F --command TEXT --out FILE
      the markdown report; exit 1 when make does not print a finding.
"""

import argparse
import datetime
import json
import os
import re
import sys
import tempfile


def load(path):
    with open(path) as f:
        return json.load(f)


def sat_results(sat):
    """(arch, result) for every 'unmet' result of a kcheck sat report."""
    for a in sat.get("arches", []):
        for r in a.get("results", []):
            if r.get("what") == "unmet":
                yield a["arch"], r


def matrix_unmet(check):
    """{(target, selector, arch): [configuration, ...]} from check's keys."""
    out = {}
    for f in check.get("findings", []):
        if f.get("check") != "unmet-dependency":
            continue
        for k in f.get("keys", []):
            parts = k["key"].split("|")
            if len(parts) != 4:
                continue
            _, target, selector, where = parts
            arch, _, name = where.partition("/")
            out.setdefault((target, selector, arch), []).append(name)
    return out


def todo(args):
    check, sat = load(args.check), load(args.sat)
    kinds = {}
    with open(args.list) as f:
        for line in f:
            arch, name, kind, target = line.rstrip("\n").split("\t")[:4]
            kinds[(arch, name)] = (kind, target)
    n = 0
    rows = []
    for arch, r in sat_results(sat):
        if r["status"] not in ("confirmed", "unconfirmed"):
            continue
        n += 1
        d = os.path.join(args.out, "%04d" % n)
        os.makedirs(d)
        cx = r["counterexample"].replace("\\n", "\n")
        with open(os.path.join(d, "counterexample.config"), "w") as f:
            f.write(cx.rstrip("\n") + "\n")
        kind = "sat" if r["status"] == "confirmed" else "sat-unconfirmed"
        rows.append(("%04d" % n, arch, kind, r["target"], r["selector"],
                     os.path.join(d, "counterexample.config")))
    for (target, selector, arch), names in sorted(matrix_unmet(check).items()):
        name = names[0]
        if (arch, name) not in kinds:
            sys.exit("report.py: %s/%s is not in the list" % (arch, name))
        kind, what = kinds[(arch, name)]
        n += 1
        os.makedirs(os.path.join(args.out, "%04d" % n))
        rows.append(("%04d" % n, arch, kind, target, selector, what))
    for row in rows:
        print("\t".join(row))


WARN = "WARNING: unmet direct dependencies detected for "


def make_warnings(log):
    """{target: warning text} from make's output."""
    out = {}
    lines = log.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith(WARN):
            target = lines[i][len(WARN):].strip()
            block = [lines[i]]
            i += 1
            while i < len(lines) and lines[i].startswith("  "):
                block.append(lines[i])
                i += 1
            out.setdefault(target, "\n".join(block))
            continue
        i += 1
    return out


def selected_by(block, selector):
    """Does make's warning list SELECTOR among the selects?"""
    return re.search(r"^  - %s \[" % re.escape(selector), block, re.M) is not None


def write_atomic(path, text):
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".upstream-scan-")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.rename(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def report(args):
    check, sat = load(args.check), load(args.sat)
    compilers = {}
    if args.compilers:
        with open(args.compilers) as f:
            for line in f:
                a, _, cc = line.rstrip("\n").partition("\t")
                compilers[a] = cc or "host"
    info = {}
    if args.info:
        with open(args.info) as f:
            info = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
    seconds = {}
    with open(args.seconds) as f:
        for line in f:
            k, v = line.split()
            seconds[k] = int(v)

    # make's verdict on each finding
    confirmed, refused, unconfirmed, missed = [], [], [], []
    with open(args.todo) as f:
        for line in f:
            id_, arch, kind, target, selector, what = line.rstrip("\n").split("\t")
            d = os.path.join(args.confirm, id_)
            with open(os.path.join(d, "make.log"), errors="replace") as g:
                log = g.read()
            with open(os.path.join(d, "compiler")) as g:
                cc = g.read().strip()
            block = make_warnings(log).get(target)
            row = dict(id=id_, arch=arch, kind=kind, target=target,
                       selector=selector, what=what, compiler=cc,
                       warning=block, failed="make failed" in log)
            if kind.startswith("sat"):
                with open(os.path.join(d, "counterexample.config")) as g:
                    row["counterexample"] = g.read()
            shown = block is not None and selected_by(block, selector)
            if kind == "sat-unconfirmed":
                (missed if shown else unconfirmed).append(row)
            elif shown:
                confirmed.append(row)
            else:
                refused.append(row)

    sat_by = {}
    per_arch = []
    for a in sat.get("arches", []):
        counts = {}
        for r in a.get("results", []):
            if r.get("what") == "unmet":
                counts[r["status"]] = counts.get(r["status"], 0) + 1
                sat_by[(r["target"], r["selector"], a["arch"])] = r
        stats = {r["name"]: r["value"] for r in a.get("results", [])
                 if r.get("what") == "stats"}
        per_arch.append((a["arch"], a.get("seconds"), a.get("error"), counts, stats))
    matrix = matrix_unmet(check)
    configs = {}
    for c in check.get("configurations", []):
        configs.setdefault(c["arch"], [0, 0])
        configs[c["arch"]][0] += 1
        if c.get("status") != "ok":
            configs[c["arch"]][1] += 1

    out = []
    w = out.append
    pkg = info.get("package", "(a tree given with --tree)")
    w("# kcheck on the newest kernel Debian offers")
    w("")
    w("Generated by `%s` (tools/upstream/scan.sh) on %s; do not edit."
      % (args.command, datetime.date.today().isoformat()))
    w("")
    w("- tree: %s %s, Linux %s, deb sha256 %s, commit %s" % (
        pkg, info.get("package_version", "-"), info.get("kernelversion", "-"),
        info.get("deb_sha256", "-")[:16], info.get("base_commit", "-")[:12]))
    w("- machine: %d cores; time: matrix %d s, kcheck sat %d s, make's "
      "confirmation %d s, whole scan %d s (%.1f min)" % (
          os.cpu_count(), seconds["matrix"], seconds["sat"],
          seconds["confirm"], seconds["total"], seconds["total"] / 60))
    n_sel = sum(int(st.get("selects", 0)) for _, _, _, _, st in per_arch)
    n_proved = sum(int(st.get("selects-proved", 0)) for _, _, _, _, st in per_arch)
    keys = sorted({(r["target"], r["selector"]) for r in confirmed})
    w("- %d selects checked on %d arches, %d proved never unmet; %d unmet "
      "dependencies (%d select lines), every one printed by make: %s" % (
          n_sel, len(per_arch), n_proved, len(confirmed), len(keys),
          "yes" if not refused else "NO, see below"))
    w("- %d solver models the engine did not reproduce (not findings), "
      "make silent on each too: %s" % (
          len(unconfirmed) + len(missed), "yes" if not missed else "NO, see below"))
    w("")
    if missed:
        w("## KCHECK BUGS: unmet dependencies make prints and kcheck did not confirm")
        w("")
        for r in missed:
            w("- %s %s: %s selected by %s; make printed:" % (
                r["id"], r["arch"], r["target"], r["selector"]))
            w("")
            w("```")
            w(r["warning"])
            w("```")
        w("")
    if refused:
        w("## KCHECK BUGS: findings make does not print")
        w("")
        for r in refused:
            w("- %s %s: %s selected by %s (%s); make%s printed %s" % (
                r["id"], r["arch"], r["target"], r["selector"], r["kind"],
                " failed and" if r["failed"] else "",
                "no warning for it" if r["warning"] is None else
                "a warning without that selector"))
        w("")
    w("## Per arch")
    w("")
    w("| arch | compiler | matrix configurations (not evaluated) | selects "
      "checked | proved never unmet | confirmed | unconfirmed / unknown | sat s |")
    w("|---|---|---|---|---|---|---|---|")
    for arch, secs, err, c, stats in per_arch:
        m = configs.get(arch, [0, 0])
        w("| %s | %s | %d (%d) | %s | %s | %d | %d / %d | %s |" % (
            arch, compilers.get(arch, "host"), m[0], m[1],
            stats.get("selects", "-") if not err else "error: " + err,
            stats.get("selects-proved", "-"), c.get("confirmed", 0),
            c.get("unconfirmed", 0), c.get("unknown", 0),
            "%.0f" % secs if secs is not None else "-"))
    w("")
    w("Selects checked: every select of the arch whose target has "
      "dependencies (a select of a target without any cannot be unmet). "
      "'confirmed': the solver's configuration, resolved by the tree's own "
      "scripts/kconfig, shows the unmet dependency; 'unconfirmed': the "
      "engine did not reproduce the solver's model (not a finding). "
      "Compiler: the CROSS_COMPILE kcheck and make used "
      "(kconfig-checks/cross-compile.map), 'host' for the host's gcc.")
    w("")
    w("## Unmet dependencies, each printed by make")
    w("")
    for target, selector in keys:
        rows = [r for r in confirmed if (r["target"], r["selector"]) == (target, selector)]
        arches = sorted({r["arch"] for r in rows})
        s = next((sat_by[(target, selector, a)] for a in arches
                  if (target, selector, a) in sat_by), None)
        w("### %s selected by %s" % (target, selector))
        w("")
        if s:
            w("- select at %s:%s; %s depends on `%s`" % (
                s["file"], s["line"], target, s["dependency"]))
        w("- arches: %s" % ", ".join(arches))
        found = sorted({"%s/%s" % (a, n) for (t, sl, a), names in matrix.items()
                        if (t, sl) == (target, selector) for n in names})
        w("- the matrix: %s" % (("%d configuration%s: %s" % (len(found), "" if len(found) == 1 else "s", ", ".join(found[:3]) + (", ..." if len(found) > 3 else "")))
                                 if found else "none of its configurations shows it (kcheck sat only)"))
        first = next((r for r in rows if r["kind"] == "sat"), rows[0])
        if first["kind"] == "sat":
            w("- counterexample (%s), `make ARCH=%s%s olddefconfig`:" % (
                first["arch"], first["arch"],
                " CROSS_COMPILE=" + first["compiler"] if first["compiler"] != "host" else ""))
            w("")
            w("```")
            w(first["counterexample"].rstrip("\n"))
            w("```")
        else:
            w("- `make ARCH=%s %s`:" % (first["arch"], first["what"]))
        w("")
        w("```")
        w(first["warning"])
        w("```")
        w("")

    if unconfirmed:
        w("## Solver models the engine did not reproduce")
        w("")
        w("Neither kcheck's engine nor make shows the unmet dependency on "
          "these configurations; the select is neither proved nor "
          "confirmed (the SAT encoding and scripts/kconfig differ on it).")
        w("")
        for r in unconfirmed:
            w("- %s: %s selected by %s" % (r["arch"], r["target"], r["selector"]))
        w("")
    w("## The v6.12 findings in this tree")
    w("")
    w("kcheck sat on v6.12 (Debian 6.12.117, %s) confirmed these; here each "
      "select is looked up in this tree's results." % os.path.basename(args.known))
    w("")
    w("| target | selector | arch | here |")
    w("|---|---|---|---|")
    with open(args.known) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            target, selector, arch = line.split()
            r = sat_by.get((target, selector, arch))
            if r is None:
                here = "no such select on %s any more" % arch
            elif r["status"] == "proved" and r["dependency"] == "y":
                here = "fixed: %s has no dependencies any more" % target
            elif r["status"] == "proved":
                here = "fixed: proved never unmet (%s:%s)" % (r["file"], r["line"])
            elif r["status"] == "confirmed":
                here = "still there (%s:%s)" % (r["file"], r["line"])
            else:
                here = r["status"]
            w("| %s | %s | %s | %s |" % (target, selector, arch, here))
    w("")
    write_atomic(args.out, "\n".join(out))
    return 1 if refused or missed else 0


def main():
    p = argparse.ArgumentParser(prog="report.py")
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("todo")
    t.add_argument("--check", required=True)
    t.add_argument("--sat", required=True)
    t.add_argument("--list", required=True)
    t.add_argument("--out", required=True)
    r = sub.add_parser("report")
    for o in ("check", "sat", "todo", "confirm", "seconds", "known",
              "command", "out"):
        r.add_argument("--" + o, required=True)
    r.add_argument("--info")
    r.add_argument("--compilers")
    a = p.parse_args()
    if a.cmd == "todo":
        todo(a)
        return 0
    return report(a)


if __name__ == "__main__":
    sys.exit(main())
