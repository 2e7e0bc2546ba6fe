#!/usr/bin/env python3
"""enomem.py FAULTS_TXT REPO - the reference library's lines under fault
injection, from `llvm-cov show -format=text` of conformance_sim running the
fault scenarios: per file, lines executed / lines with code; then every
out-of-memory branch and whether it ran.

An out-of-memory branch is the first line after an `if (!X)` (or
`if (... != SFP_OK)`) that tests the result of an sfp_malloc, sfp_calloc,
sfp_realloc, sfp_task_start or sci_handle_new (which grows the handle
table) call made at most two lines above it, and
every line that sets or returns SC_ENOMEM.  Exit status 1 if one never
ran (ci/coverage then fails), 0 otherwise."""
import os
import re
import sys

ALLOC = re.compile(r"\b(sfp_(malloc|calloc|realloc|task_start)|sci_handle_new)\(")
TEST = re.compile(r"^\s*if \((!|.*!= SFP_OK)")


def parse(path):
    """{file: [(count or None, text)]} from llvm-cov's text output."""
    files, cur = {}, None
    for raw in open(path, encoding="utf-8", errors="replace"):
        line = raw.rstrip("\n")
        if line.startswith("/") and line.endswith(":"):
            cur = files.setdefault(line[:-1], [])
            continue
        m = re.match(r"^\s*(\d+)\|\s*([0-9.]+[kMG]?)?\|(.*)$", line)
        if cur is None or not m:
            continue
        c = m.group(2)
        if c:
            mult = {"k": 1e3, "M": 1e6, "G": 1e9}.get(c[-1], 1)
            c = float(c.rstrip("kMG")) * mult
        cur.append((c, m.group(3)))
    return files


def branches(lines):
    """Line indexes (0-based) of the out-of-memory branches."""
    out = []
    for i, (_, text) in enumerate(lines):
        if "SC_ENOMEM" in text and '"SC_ENOMEM' not in text:  # not a message
            out.append(i)
        if TEST.match(text) and any(ALLOC.search(lines[j][1])
                                    for j in range(max(0, i - 2), i + 1)):
            out.append(i + 1)
    return sorted(set(out))


def main():
    files = parse(sys.argv[1])
    repo = sys.argv[2]
    print("reference library (targets/scope/) under fault injection "
          "(conformance_sim, the fault scenarios):")
    missing, ran_branches, total = [], [], 0
    for name in sorted(files):
        rel = os.path.relpath(name, repo)
        lines = files[name]
        code = [c for c, _ in lines if c is not None]
        ran = sum(1 for c in code if c > 0)
        print("%-40s lines run %4d/%-4d" % (rel, ran, len(code)))
        for i in branches(lines):
            total += 1
            c = lines[i][0]
            where = "%s:%d: %s" % (rel, i + 1, lines[i][1].strip())
            if not c:
                missing.append(where)
            else:
                ran_branches.append("  ran %6d x  %s" % (c, where))
    print("out-of-memory branches run under faults: %d/%d" % (total - len(missing), total))
    for r in ran_branches:
        print(r)
    for m in missing:
        print("  NOT RUN " + m)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
