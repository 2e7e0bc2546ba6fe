#!/usr/bin/python3
"""report_browser_test.py REPO SCOPEFUZZ FIND_CRASH ARTIFACTS

The campaign's report.html (ci/campaign.d/report_html.py) from a real
triage: two failures (find_crash on two zoo variants) go through
campaign.py's process_failures (minimize with the real CLI, then
`repro --timeline`), a run with a short status series gives the plots, and
report.write() writes report.md and report.html.  Then: report.md embeds
each timeline SVG; report.html is one self-contained page (images as data:
URIs, no script, every relative link resolves to a file of the campaign),
holds the failure table and an inline timeline per failure, and renders in
headless Chromium (browser_check.py) with no console error, both plots
loaded and as many task tracks as the failures' timelines have.  The page
and its screenshot stay in ARTIFACTS."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO, CLI, FIND_CRASH, ART = sys.argv[1:5]
HERE = os.path.dirname(os.path.abspath(__file__))
results = []


def check(ok, what):
    print("%s: %s" % ("ok" if ok else "FAIL", what))
    results.append(bool(ok))


sys.path.insert(0, os.path.join(REPO, "ci", "campaign.d"))
import campaign  # noqa: E402
import report  # noqa: E402
import signature  # noqa: E402

signature.use_cli(CLI)
shutil.rmtree(ART, ignore_errors=True)
os.makedirs(ART)
tmp = tempfile.mkdtemp(prefix="sf-report-")
try:
    bindir = os.path.join(tmp, "build", "fuzz-asan", "bin")
    os.makedirs(bindir)
    os.symlink(CLI, os.path.join(bindir, "scopefuzz"))
    regdir = os.path.join(tmp, "regressions")
    os.makedirs(regdir)
    out = os.path.join(tmp, "out")
    os.makedirs(out)
    a = campaign.parse_args(["--build-root", os.path.join(tmp, "build"),
                             "--regressions-dir", regdir, "--out", out])
    fails = []
    for impl, target in (("zoo_close_wakes_one", "chan"), ("zoo_defer_fifo", "scope")):
        raw = os.path.join(tmp, "crash-" + impl)
        p = subprocess.run([FIND_CRASH, target, impl, raw], capture_output=True, text=True,
                           timeout=300)
        check(p.returncode == 0, "find_crash %s %s: %s" % (target, impl, p.stdout.strip()))
        sig = p.stdout.split()[1]
        with open(raw + ".repro.log", "w") as f:
            f.write("SCOPEFUZZ-SIGNATURE: %s\n" % sig)
        fail = {"signature": sig, "count": 1, "sanitizers": ["asan"],
                "targets": ["fuzz_" + target], "input": raw, "log": raw + ".repro.log",
                "binary": os.path.join(bindir, "fuzz_" + target), "sanitizer": "asan"}
        campaign.IMPL = impl
        campaign.process_failures(a, out, [fail])
        check(fail.get("minimized") and fail.get("timeline_svg"),
              "%s: minimized, timeline drawn (%s)" % (sig, fail.get("timeline_note", "")))
        fails.append(fail)

    # a run with a status series: both plots
    log = os.path.join(out, "runs", "asan-fuzz_chan.log")
    os.makedirs(os.path.dirname(log))
    open(log, "w").close()
    series = [{"time": t, "cov": 10 + t, "ft": 20 + t, "corp": 3, "execs": 1000 * t}
              for t in (1, 2, 4, 8)]
    runs = [{"target": "fuzz_chan", "sanitizer": "asan", "seconds": 8, "jobs": 1,
             "execs": 8000, "exec_per_s": 1000, "cov": 18, "ft": 28, "new_inputs": 2,
             "artifacts": 2, "log": log, "series": series}]
    opts = {"minutes": 0.1, "jobs": 1, "sanitizers": ["asan"], "corpus_root": "corpus"}
    report.write(out, opts, "2026-01-01T00-00-00", runs, {"fuzz_chan": {"before": 1, "after": 3}},
                 fails, None, [], 1)

    md = open(os.path.join(out, "report.md")).read()
    for f in fails:
        svg = os.path.relpath(f["timeline_svg"], out)
        check("![timeline of %s](%s)" % (f["signature"], svg) in md,
              "report.md embeds the timeline of %s" % f["signature"])
    page = open(os.path.join(out, "report.html")).read()
    check(page.startswith("<!DOCTYPE html>"), "report.html is an HTML page")
    check(not re.search(r"<script|<link|@import|url\(", page, re.I),
          "no script, stylesheet link or url() in report.html")
    srcs = re.findall(r'\bsrc="([^"]*)"', page)
    check(len(srcs) == 2 and all(s.startswith("data:image/png;base64,") for s in srcs),
          "both plots inline as data: URIs (%d images)" % len(srcs))
    hrefs = [h for h in re.findall(r'\bhref="([^"]*)"', page) if not h.startswith("#")]
    missing = [h for h in hrefs if not os.path.exists(os.path.join(out, h))]
    check(hrefs and not missing and not any(re.match(r"\w+:", h) or h.startswith("/")
                                            for h in hrefs),
          "every link is relative and resolves (%d; missing: %s)" % (len(hrefs), missing))
    anchors = set(re.findall(r'href="#([^"]+)"', page))
    check(anchors and all('id="%s"' % x in page for x in anchors), "failure table links")
    for f in fails:
        check(page.count("<code>%s</code>" % f["signature"]) >= 2,
              "%s in the failure table and its section" % f["signature"])
    check(page.count('<svg xmlns="http://www.w3.org/2000/svg" class="scopefuzz-timeline"') ==
          len(fails), "one inline timeline per failure")
    tracks = sum(f["timeline_tracks"] for f in fails)
    shutil.copy(os.path.join(out, "report.html"), ART)
    p = subprocess.run([sys.executable, os.path.join(HERE, "browser_check.py"),
                        os.path.join(out, "report.html"), "--screenshot",
                        os.path.join(ART, "report.png"), "--tracks", str(tracks),
                        "--min-images", "2"], capture_output=True, text=True, timeout=120)
    print(p.stdout.rstrip() + p.stderr.rstrip())
    check(p.returncode == 0, "report.html in Chromium: no console error, plots loaded, "
          "%d task tracks" % tracks)
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print("%d passed, %d failed" % (results.count(True), results.count(False)))
sys.exit(0 if all(results) else 1)
