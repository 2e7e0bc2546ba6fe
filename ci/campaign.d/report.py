#!/usr/bin/env python3
"""report.py - report.md, report.json, report.html (report_html.py) and
gnuplot PNGs of one campaign."""
import json
import os
import shutil
import subprocess

import report_html


def _rel(out, path):
    return os.path.relpath(path, out) if path else ""


def _series_files(out, runs):
    """One data file per run: time cov ft corp exec/s (per interval)."""
    files = []
    for r in runs:
        if not r["series"]:
            continue
        path = os.path.join(out, "runs", "%s-%s.dat" %
                            (r["sanitizer"], r["target"]))
        prev_t, prev_n = 0, 0
        with open(path, "w") as f:
            f.write("# time_s cov ft corp exec_per_s\n")
            for p in r["series"]:
                dt = p["time"] - prev_t
                eps = (p["execs"] - prev_n) / dt if dt > 0 else None
                if eps is not None:
                    prev_t, prev_n = p["time"], p["execs"]
                f.write("%d %d %d %d %s\n" % (p["time"], p["cov"], p["ft"],
                                              p["corp"],
                                              "%.0f" % eps if eps is not None
                                              else "NaN"))
        files.append(("%s %s" % (r["target"], r["sanitizer"]), path))
    return files


def plots(out, runs, notes):
    """coverage.png and execs.png over time; returns their names."""
    files = _series_files(out, runs)
    if not files:
        notes.append("no fork-mode status lines: no plots")
        return []
    if shutil.which("gnuplot") is None:
        notes.append("gnuplot not installed: no plots")
        return []
    made = []
    for png, col, label in (("coverage.png", 2, "coverage (edges)"),
                            ("execs.png", 5, "exec/s")):
        curves = ", ".join("'%s' using 1:%d with linespoints title '%s'" %
                           (path, col, title) for title, path in files)
        script = ("set terminal pngcairo noenhanced size 900,500\n"
                  "set output '%s'\nset xlabel 'time (s)'\n"
                  "set ylabel '%s'\nset key left top\nset grid\n"
                  "set datafile missing 'NaN'\nplot %s\n" %
                  (os.path.join(out, png), label, curves))
        p = subprocess.run(["gnuplot"], input=script, text=True,
                           capture_output=True)
        if p.returncode == 0:
            made.append(png)
        else:
            notes.append("gnuplot failed for %s: %s" % (png, p.stderr[:200]))
    return made


def _run_table(out, runs, growth):
    rows = ["| target | sanitizer | seconds | jobs | execs | exec/s | cov | ft |"
            " new inputs | artifacts | corpus before -> after | log |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        g = growth.get(r["target"], {})
        rows.append("| %s | %s | %d | %d | %d | %d | %d | %d | %d | %d |"
                    " %s -> %s | [log](%s) |" %
                    (r["target"], r["sanitizer"], r["seconds"], r["jobs"],
                     r["execs"], r["exec_per_s"], r["cov"], r["ft"],
                     r["new_inputs"], r["artifacts"], g.get("before", "?"),
                     g.get("after", "?"), _rel(out, r["log"])))
    return rows


def _failure_section(out, f):
    lines = ["### `%s`%s" % (f["signature"], " (NEW)" if f["new"] else ""),
             "",
             "- seen %d time(s); targets %s; sanitizers %s" %
             (f["count"], ", ".join(f["targets"]), ", ".join(f["sanitizers"])),
             "- input: [%s](%s), log: [repro.log](%s)" %
             (os.path.basename(f["input"]), _rel(out, f["input"]),
              _rel(out, f["log"])),
             "- repro: `%s`" % f["repro"]]
    if f.get("minimized"):
        lines.append("- minimized: [minimized.sched](%s), replay: `%s`" %
                     (_rel(out, f["minimized"]), f["run_cmd"]))
        with open(f["minimized"], errors="replace") as m:
            lines += ["", "```", m.read().rstrip()[:4000], "```"]
    else:
        lines.append("- minimize: %s" % f.get("minimize_note", "not run"))
    if f.get("regression"):
        lines.append("- regression candidate: `%s`" % f["regression"])
    if f.get("timeline_svg"):
        lines += ["- timeline ([Chrome trace JSON](%s): Perfetto UI, "
                  "chrome://tracing):" % _rel(out, f["timeline_json"]), "",
                  "![timeline of %s](%s)" % (f["signature"],
                                             _rel(out, f["timeline_svg"]))]
    else:
        lines.append("- timeline: %s" % f.get("timeline_note", "not made"))
    return lines + [""]


def markdown(out, stamp, opts, runs, growth, fails, cov, pngs, notes, code):
    new = sum(1 for f in fails if f["new"])
    lines = ["# scopefuzz campaign %s" % stamp, "",
             "Result: exit %d; %d unique failure(s), %d new." %
             (code, len(fails), new),
             "Budget: %s min, -fork=%d, sanitizers %s; corpus root `%s`." %
             (opts["minutes"], opts["jobs"], ",".join(opts["sanitizers"]),
              opts["corpus_root"]), "", "## Runs", ""]
    lines += _run_table(out, runs, growth)
    lines += [""] + ["![%s](%s)" % (p, p) for p in pngs] + ["", "## Coverage",
                                                            ""]
    if cov:
        lines.append("[llvm-cov HTML report](%s), [per-file summary](%s)" %
                     (_rel(out, cov["html"]), _rel(out, cov["summary"])))
        if os.path.isfile(cov["summary"]):
            with open(cov["summary"]) as s:
                lines += ["", "```", s.read().rstrip(), "```"]
    else:
        lines.append("not run")
    lines += ["", "## Unique failures", ""]
    for f in fails:
        lines += _failure_section(out, f)
    if not fails:
        lines += ["none", ""]
    if notes:
        lines += ["## Notes", ""] + ["- " + n for n in notes]
    return "\n".join(lines) + "\n"


def write(out, opts, stamp, runs, growth, fails, cov, notes, code):
    pngs = plots(out, runs, notes)
    text = markdown(out, stamp, opts, runs, growth, fails, cov, pngs, notes,
                    code)
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write(text)
    page = report_html.page(out, stamp, opts, runs, growth, fails, cov, pngs,
                            notes, code)
    with open(os.path.join(out, "report.html"), "w") as f:
        f.write(page)
    slim = [{k: v for k, v in r.items() if k != "series"} for r in runs]
    doc = {"timestamp": stamp, "exit": code, "options": opts, "runs": slim,
           "corpus": growth, "failures": fails, "coverage": cov,
           "plots": pngs, "notes": notes,
           "series": {"%s/%s" % (r["sanitizer"], r["target"]): r["series"]
                      for r in runs}}
    with open(os.path.join(out, "report.json"), "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
