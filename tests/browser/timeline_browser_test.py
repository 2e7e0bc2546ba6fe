#!/usr/bin/python3
"""timeline_browser_test.py SCOPEFUZZ SOURCE_DIR PTHREAD_PROG ARTIFACTS

Timelines in headless Chromium (browser_check.py): the SVG of a pthread
deadlock (`scopefuzz replay --timeline`) and of an interpreter run
(`scopefuzz repro --timeline`) render without a console error, with one
track per task (as many as the JSON of the same run has); the screenshots
stay in ARTIFACTS.  First the check itself must catch a broken SVG and a
page with console errors and a missing image."""
import json
import os
import shutil
import subprocess
import sys

S, SRC, PROG, ART = sys.argv[1:5]
HERE = os.path.dirname(os.path.abspath(__file__))
CHECK = [sys.executable, os.path.join(HERE, "browser_check.py")]
results = []


def check(ok, what):
    print("%s: %s" % ("ok" if ok else "FAIL", what))
    results.append(ok)


def browser(path, shot, *args):
    p = subprocess.run(CHECK + [path, "--screenshot", os.path.join(ART, shot)] + list(args),
                       capture_output=True, text=True, timeout=120)
    print(p.stdout.rstrip() + p.stderr.rstrip())
    return p.returncode


shutil.rmtree(ART, ignore_errors=True)
os.makedirs(os.path.join(ART, "work"))
W = os.path.join(ART, "work")

# the check can fail
with open(os.path.join(W, "broken.svg"), "w") as f:
    f.write('<svg xmlns="http://www.w3.org/2000/svg"><g class="track"/><text>a & b</text></svg>')
check(browser(os.path.join(W, "broken.svg"), "selfcheck-broken-svg.png", "--tracks", "1") == 1,
      "the check rejects an SVG that does not parse")
with open(os.path.join(W, "errors.html"), "w") as f:
    f.write('<html><body><img src="missing.png"><script>console.error("x")</script></body></html>')
check(browser(os.path.join(W, "errors.html"), "selfcheck-errors.png", "--tracks", "0") == 1,
      "the check rejects console errors and a missing image")

# a pthread deadlock: replay --timeline
cases = os.path.join(W, "cases")
os.makedirs(cases)
p = subprocess.run([S, "test", "-q", "--schedules", "500", "-o", cases, "--", PROG],
                   capture_output=True, text=True, timeout=120)
check(p.returncode == 1, "scopefuzz test finds the deadlock")
case = os.path.join(cases, os.listdir(cases)[0])
svg, js = os.path.join(ART, "timeline-replay.svg"), os.path.join(W, "replay.json")
p = subprocess.run([S, "replay", "--timeline", svg, "--timeline", js, case],
                   capture_output=True, text=True, timeout=120)
tracks = json.load(open(js))["otherData"]["tracks"]
check(p.returncode == 1 and tracks == 3, "replay wrote the timeline (3 threads)")
check(browser(svg, "timeline-replay.png", "--tracks", str(tracks)) == 0,
      "the replay timeline renders: no console error, %d task tracks" % tracks)

# an interpreter run: repro --timeline
case = os.path.join(SRC, "corpus/regressions/zoo_deadline_strands_sender.sched")
svg, js = os.path.join(ART, "timeline-repro.svg"), os.path.join(W, "repro.json")
p = subprocess.run([S, "repro", "--timeline", svg, "--timeline", js, case],
                   capture_output=True, text=True, timeout=120)
tracks = json.load(open(js))["otherData"]["tracks"]
check(p.returncode == 1 and tracks >= 2, "repro wrote the timeline (%d tasks)" % tracks)
check(browser(svg, "timeline-repro.png", "--tracks", str(tracks)) == 0,
      "the repro timeline renders: no console error, %d task tracks" % tracks)

print("%d passed, %d failed" % (results.count(True), results.count(False)))
sys.exit(0 if all(results) else 1)
