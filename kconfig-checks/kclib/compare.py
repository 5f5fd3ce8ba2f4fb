#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""
compare.py: kcheck against kclib-check, configuration by configuration.

  compare.py KCHECK-DUMPS KCHECK-JSON KCLIB-OUT KNOWN-FILE

Values: for every configuration both evaluated, the symbol lines of the
two .config files (CONFIG_FOO=... and "# CONFIG_FOO is not set") as
name -> value maps; every symbol that differs is a disagreement.
Findings: the keys of unmet-dependency and invariant findings per
configuration, and the Kconfig symbols each reports as undefined.

KNOWN-FILE explains disagreement classes, one per line:

  value|written|finding  REGEX  class: explanation

("written": a symbol that is n on both sides but written as "is not set"
by one only.)

REGEX is matched (re.search) against the disagreement's line as printed
below.  A disagreement that no line explains is "unexplained"; exit 1 if
there is one, 2 if a side is missing configurations, else 0.
"""

import json
import os
import re
import sys
from collections import Counter

SYM = re.compile(r"^(?:CONFIG_([A-Za-z0-9_]+)=(.*)|# CONFIG_([A-Za-z0-9_]+) is not set)$")


def values(path):
    out = {}
    with open(path, errors="surrogateescape") as f:
        for line in f:
            m = SYM.match(line.rstrip("\n"))
            if m:
                if m.group(1):
                    out[m.group(1)] = m.group(2)
                else:
                    out[m.group(3)] = "n"
    return out


def load_known(path):
    known = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) < 3 or parts[0] not in ("value", "written", "finding"):
                sys.exit("{}:{}: expected 'value|written|finding REGEX class: text'".format(path, n))
            try:
                known.append((parts[0], re.compile(parts[1]), parts[2], n))
            except re.error as e:
                sys.exit("{}:{}: bad regex: {}".format(path, n, e))
    return known


def explain(known, kind, line):
    for k, rx, text, n in known:
        if k == kind and rx.search(line):
            return text.split(":", 1)[0], n
    return None, None


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    kdumps, kjson, lout, known_file = sys.argv[1:]
    known = load_known(known_file)
    kr = json.load(open(kjson))
    lr = json.load(open(os.path.join(lout, "report.json")))

    missing = 0
    for e in lr.get("errors", []):
        print("KCONFIGLIB-ERROR arch/{}: {}".format(e["arch"], e["error"]))
        missing += 1
    lok = {(c["arch"], c["name"]) for c in lr["configurations"] if c["status"] == "ok"}
    for c in lr["configurations"]:
        if c["status"] != "ok":
            print("KCONFIGLIB-ERROR {}/{}: {}".format(c["arch"], c["name"], c.get("error")))
    # the matrix is what kclib-check was asked for; kcheck may have
    # evaluated more (--defconfig names apply to every arch)
    asked = {(c["arch"], c["name"]) for c in lr["configurations"]}
    kok = {(c["arch"], c["name"]) for c in kr["configurations"]
           if c["status"] == "ok"} & asked
    both = sorted(kok & lok)
    for a, n in sorted(asked - kok):
        print("MISSING {}/{}: not evaluated by kcheck".format(a, n))
        missing += 1

    lines = []          # (kind, text)
    agree = agree_values = 0
    for a, n in both:
        f = n.replace("/", "_") + ".config"
        kv = values(os.path.join(kdumps, a, f))
        lv = values(os.path.join(lout, "configs", a, f))
        diff = sorted(s for s in set(kv) | set(lv) if kv.get(s) != lv.get(s))
        if not diff:
            agree += 1
        only_written = True
        for s in diff:
            k, l = kv.get(s), lv.get(s)
            # "# CONFIG_FOO is not set" on one side, nothing on the other:
            # the same value n, a different rule for writing it
            kind = "written" if {k, l} == {"n", None} else "value"
            only_written = only_written and kind == "written"
            lines.append((kind, "{} {}/{} {}: kcheck={} kconfiglib={}".format(
                kind.upper(), a, n, s, k or "(not written)", l or "(not written)")))
        if only_written:
            agree_values += 1

    cfgs = {"{}/{}".format(a, n) for a, n in both}
    kkeys, lkeys = set(), set()
    kundef = set()
    for fd in kr["findings"]:
        if fd["check"] in ("unmet-dependency", "invariant"):
            for k in fd["keys"]:
                cfg = k["key"].rsplit("|", 1)[1]
                if cfg in cfgs:
                    kkeys.add(k["key"])
        elif fd["check"] == "undefined-symbol" and \
                " is referenced (" in fd["message"]:
            kundef.add(fd["symbol"])
    detail = {}
    for fd in lr["findings"]:
        if fd["check"] in ("unmet-dependency", "invariant") and fd["config"] in cfgs:
            lkeys.add(fd["key"])
            if fd.get("detail"):
                detail[fd["key"]] = fd["detail"]
    lundef = set(lr["undefined"])
    for k in sorted(kkeys - lkeys):
        lines.append(("finding", "FINDING kcheck-only " + k))
    for k in sorted(lkeys - kkeys):
        lines.append(("finding", "FINDING kconfiglib-only " + k +
                      (" ({})".format(detail[k]) if k in detail else "")))
    for s in sorted(kundef - lundef):
        lines.append(("finding", "FINDING kcheck-only undefined-symbol|" + s))
    for s in sorted(lundef - kundef):
        lines.append(("finding", "FINDING kconfiglib-only undefined-symbol|" + s))

    classes = Counter()
    unexplained = 0
    for kind, text in lines:
        cls, n = explain(known, kind, text)
        if cls:
            classes["{} (known:{})".format(cls, n)] += 1
            print("{}  [{}]".format(text, cls))
        else:
            unexplained += 1
            print("{}  [UNEXPLAINED]".format(text))
    print("{}/{} configurations: kcheck and kconfiglib agree on every symbol's value".format(agree_values, len(both)))
    print("{}/{} configurations: and write the same symbol lines".format(agree, len(both)))
    print("findings: {} agree, {} kcheck only, {} kconfiglib only (unmet-dependency, invariant, undefined-symbol)".format(
        len(kkeys & lkeys) + len(kundef & lundef), len(kkeys - lkeys) + len(kundef - lundef),
        len(lkeys - kkeys) + len(lundef - kundef)))
    for cls, count in sorted(classes.items()):
        print("explained: {} x {}".format(count, cls))
    print("{} disagreements, {} unexplained".format(len(lines), unexplained))
    if missing:
        sys.exit(2)
    sys.exit(1 if unexplained else 0)


if __name__ == "__main__":
    main()
