#!/usr/bin/env python3
"""rules_test.py - every oracle failure states its rule (harness/interp/rules.h).

Usage: rules_test.py REPO SCOPEFUZZ SANITIZER

1. Every failure signature the interpreter's sources can give (the
   literals passed to interp_fail, interp_oracle_end, interp_token_keep and returned by
   interp_oracle_runtime) has a row in rules.h, itself or its family.
2. Every row names a rule id that docs/semantics.md defines (**ID ...),
   and its text is one sentence (no '. ' inside, no final period).
3. Every regression case of corpus/regressions that expects an oracle
   failure prints, replayed with `scopefuzz run`, the line
   "rule: <the row's sentence> (docs/semantics.md <ID>)" (cases whose
   `# requires:` line excludes this build's SANITIZER are skipped, as the
   regression suite does).
"""
import glob
import os
import re
import subprocess
import sys


def check(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)


def main(repo, cli, sanitizer):
    src = os.path.join(repo, "harness", "interp")
    with open(os.path.join(src, "rules.h")) as f:
        rows = re.findall(r'X\("([^"]+)", "([^"]+)", "([^"]+)"\)', f.read())
    table = {sig: (rid, text) for sig, rid, text in rows}
    check(len(rows) >= 30 and len(table) == len(rows), "rules.h rows: %d" %
          len(rows))
    sigs = set()
    for path in glob.glob(os.path.join(src, "*.c")):
        with open(path) as f:
            text = f.read()
        sigs |= set(re.findall(r'interp_fail\("([^"]+)"', text))
        sigs |= set(re.findall(r'interp_oracle_end\("([^"]+)"', text))
        sigs |= set(re.findall(r'interp_token_keep\([^;]*?"([a-z]+:[a-z]+)"', text))
        if path.endswith("oracle_runtime.c"):
            sigs |= set(re.findall(r'return "([^"]+)"', text)) - {"runtime"}
    check(len(sigs) >= 25, "found only %d signatures in the sources" % len(sigs))
    missing = sorted(s for s in sigs
                     if s not in table and s.split(":")[0] not in table)
    check(not missing, "signatures without a rule in rules.h: %s" % missing)
    with open(os.path.join(repo, "docs", "semantics.md")) as f:
        ids = set(re.findall(r"^- \*\*([A-Z][0-9]+) ", f.read(), re.M))
    for sig, (rid, text) in table.items():
        check(rid in ids, "%s: rule %s is not in docs/semantics.md" % (sig, rid))
        check(". " not in text and not text.endswith("."),
              "%s: not one sentence: %s" % (sig, text))
    replayed = 0
    for case in sorted(glob.glob(os.path.join(repo, "corpus", "regressions",
                                              "*.sched"))):
        with open(case) as f:
            text = f.read()
        m = re.search(r"^expect fail (\S+)", text, re.M)
        req = re.search(r"^# requires: *([a-z ]+)", text, re.M)
        if req and sanitizer not in req.group(1).split():
            continue
        sig = m.group(1) if m else None
        row = table.get(sig) or table.get((sig or "").split(":")[0])
        if row is None:
            continue  # expects ok, or a sanitizer's report
        p = subprocess.run([cli, "run", case], capture_output=True, text=True,
                           timeout=60)
        line = "rule: %s (docs/semantics.md %s)" % (row[1], row[0])
        check(p.returncode == 1 and line in p.stdout,
              "%s: no %r in\n%s%s" % (case, line, p.stdout, p.stderr))
        replayed += 1
    check(replayed >= 5, "only %d regression cases replayed" % replayed)
    print("PASS: %d signatures, %d rules, %d regression cases state their rule"
          % (len(sigs), len(table), replayed))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
