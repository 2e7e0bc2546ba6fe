#!/usr/bin/env python3
"""repro_table_test.py - `scopefuzz repro`'s interleaving is at most 100
columns wide and numbers decisions the way the stored schedule does.

Usage: repro_table_test.py SCOPEFUZZ REPO

1. Every case of corpus/regressions: every line of the interleaving is at
   most 100 characters; zoo_close_wakes_one (10 tasks) is folded.
2. Every replay case: a switch labelled "decision #k = v" has v equal to
   entry k of the case's `schedule` line (0 past its end); and changing
   entry k (k inside the line) changes the run exactly there: the table is
   the same up to that switch line, and differs from it on.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

LABEL = re.compile(r"decision #(\d+) = (\d+)\)")


def check(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)


def table(cli, path):
    p = subprocess.run([cli, "repro", "--max-rows", "0", path],
                       capture_output=True, text=True, timeout=60)
    out = p.stdout
    check("==== interleaving ====" in out, "%s: no interleaving\n%s%s" %
          (path, out, p.stderr))
    body = out.split("==== interleaving ====\n", 1)[1]
    lines = body.split("\n==== outcome ====", 1)[0].split("\n")
    return lines


def rows(lines):
    """The table from its column header on (the legend counts ops and
    events of the whole run)."""
    for i, ln in enumerate(lines):
        if ln.startswith("  step  vtime ms"):
            return lines[i:]
    return lines


def norm(lines):
    """Switch lines whole, rows by step and vtime only (an op's status may
    join its row or not depending on what runs later)."""
    return [ln if "---" in ln else ln[:17] for ln in lines]


def main(cli, repo):
    folded = 0
    perturbed = 0
    for case in sorted(glob.glob(os.path.join(repo, "corpus", "regressions",
                                              "*.sched"))):
        full = table(cli, case)
        lines = rows(full)
        wide = [ln for ln in full if len(ln) > 100]
        check(not wide, "%s: %d lines wider than 100: %r" % (case, len(wide),
                                                              wide[:1]))
        folded += any("other tasks" in ln for ln in lines)
        with open(case) as f:
            text = f.read()
        # the schedule may span several `schedule` lines
        lines_s = re.findall(r"^schedule ((?:\d+ ?)+)$", text, re.M)
        if not lines_s or not re.search(r"^strategy replay", text, re.M):
            continue
        sched = [int(x) for ln in lines_s for x in ln.split()]
        tried = 0
        for idx, ln in enumerate(lines):
            lab = LABEL.search(ln)
            if not lab:
                continue
            k, v = int(lab.group(1)), int(lab.group(2))
            want = sched[k] if k < len(sched) else 0
            check(v == want, "%s: %s, but entry %d of the schedule is %d" %
                  (case, ln.strip(), k, want))
            if k >= len(sched) or tried >= 3:
                continue
            tried += 1
            alt = list(sched)
            alt[k] = 0 if alt[k] else 1
            variant = re.sub(r"^schedule .*\n", "", text, flags=re.M)
            variant = re.sub(r"^(strategy replay.*)$", "\\1\nschedule " +
                             " ".join(map(str, alt)), variant, count=1,
                             flags=re.M)
            with tempfile.NamedTemporaryFile("w", suffix=".sched",
                                             delete=False) as f:
                f.write(variant)
            other = rows(table(cli, f.name))
            os.unlink(f.name)
            a, b = norm(lines), norm(other)
            check(a[:idx] == b[:idx], "%s: changing entry %d changed the run "
                  "before the switch labelled #%d" % (case, k, k))
            check(a[idx:] != b[idx:], "%s: changing entry %d did not change "
                  "the run at the switch labelled #%d" % (case, k, k))
            perturbed += 1
    check(folded >= 1, "no case folded (zoo_close_wakes_one has 10 tasks)")
    check(perturbed >= 3, "only %d labels checked by changing the schedule" %
          perturbed)
    print("PASS: %d folded tables, %d decision labels checked by changing "
          "their schedule entry" % (folded, perturbed))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
