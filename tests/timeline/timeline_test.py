#!/usr/bin/env python3
"""timeline_test.py SCOPEFUZZ SOURCE_DIR PTHREAD_PROG WORKDIR

`scopefuzz repro|replay --timeline FILE.json|FILE.svg` (harness/cli/
timeline.h): the JSON validates against timeline.schema.json (and the
schema rejects broken documents), and agrees with the text views of the
same run: the tracks are the run's tasks, one switch instant per `---
switch` line of the table, one op slice per op, the failure instant names
the signature, one fault instant per injected fault; a deadlocked pthread run ends with every thread blocked
for good; the SVG is well-formed, self-contained, with one track group
per task; bad --timeline arguments are usage errors (exit 2)."""
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import jsonschema

S, SRC, PROG, W = sys.argv[1:5]
HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = json.load(open(os.path.join(HERE, "timeline.schema.json")))
jsonschema.Draft7Validator.check_schema(SCHEMA)
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
failures = []
passed = [0]


def check(ok, what):
    print("%s: %s" % ("ok" if ok else "FAIL", what))
    if not ok:
        failures.append(what)
    else:
        passed[0] += 1


def run(*args):
    return subprocess.run([S] + list(args), capture_output=True, text=True, timeout=120)


def events(doc, ph=None, cat=None):
    return [e for e in doc["traceEvents"]
            if (ph is None or e["ph"] == ph) and (cat is None or e.get("cat") == cat)]


def valid(doc, what):
    errs = sorted(VALIDATOR.iter_errors(doc), key=lambda e: e.path)
    check(not errs, "%s matches the schema%s" % (what, (": " + errs[0].message) if errs else ""))


def svg_tracks(path, what):
    root = ET.parse(path).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    check(root.tag == ns + "svg", "%s: an <svg> document" % what)
    text = open(path).read()
    check(not re.search(r"\b(href|src)\s*=|url\(\s*['\"]?(https?:|file:|//)|<script", text),
          "%s: self-contained (no links, no script)" % what)
    return [g for g in root.iter(ns + "g") if g.get("class") == "track"]


shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)

# --- repro: an interpreter run of a regression case with a clock jump
case = os.path.join(SRC, "corpus/regressions/zoo_deadline_strands_sender.sched")
j, v = os.path.join(W, "repro.json"), os.path.join(W, "repro.svg")
p = run("repro", "--timeline", j, "--timeline", v, case)
check(p.returncode == 1, "repro of a failing case exits 1 (got %d)" % p.returncode)
sig = re.search(r"^result: FAIL (\S+)", p.stdout, re.M).group(1)
doc = json.load(open(j))
valid(doc, "repro timeline")
tracks = events(doc, "M")
names = {e["tid"]: e["args"]["name"] for e in tracks if e["name"] == "thread_name"}
m = re.search(r"^runtime tasks: (.*)$", p.stdout, re.M)
rt = dict(re.findall(r"rt(\d+) = ([^,\s]+)", m.group(1)))
check(sorted(names) == sorted(int(k) for k in rt) == list(range(doc["otherData"]["tracks"])),
      "one track per runtime task (%s)" % names)
check(all(names[int(k)].split()[0] == n for k, n in rt.items()),
      "tracks named as the op table names the runtime tasks")
nops = int(re.search(r"interleaving of the program's ops \((\d+) ops", p.stdout).group(1))
ops = [e for e in events(doc, "X", "op") if not e["name"].startswith("[")]
check(len(ops) == nops, "one op slice per op (%d, table: %d)" % (len(ops), nops))
table_switches = len(re.findall(r"--- switch ", p.stdout))
check(len(events(doc, "i", "switch")) == table_switches,
      "one switch instant per switch of the table (%d)" % table_switches)
clocks = events(doc, "i", "clock")
check(len(clocks) == len(re.findall(r"--- clock \+", p.stdout)) and len(clocks) >= 1,
      "clock jumps as instants (%d)" % len(clocks))
fail = events(doc, "i", "failure")
check(len(fail) == 1 and fail[0]["name"] == "failure: " + sig and fail[0]["s"] == "g",
      "one global failure instant naming %s" % sig)
check(doc["otherData"]["signature"] == sig, "the signature in otherData")
end = max(e["ts"] + e.get("dur", 0) for e in doc["traceEvents"] if e["ph"] != "M")
check(fail[0]["ts"] <= end, "the failure within the run")
check(len(svg_tracks(v, "repro SVG")) == len(names), "repro SVG: one track group per task")

# the schema is not vacuous: broken documents are rejected
for what, mutate in (
        ("an instant without scope", lambda d: events(d, "i")[0].pop("s")),
        ("a slice of zero duration", lambda d: events(d, "X")[0].update(dur=0)),
        ("an unknown category", lambda d: events(d, "X")[0].update(cat="nap")),
        ("a string timestamp", lambda d: events(d, "X")[0].update(ts="1")),
        ("no traceEvents", lambda d: d.pop("traceEvents"))):
    bad = copy.deepcopy(doc)
    mutate(bad)
    check(not VALIDATOR.is_valid(bad), "the schema rejects %s" % what)

# --- replay: a pthread deadlock (ABBA), threads as tracks
os.makedirs(os.path.join(W, "cases"))
p = run("test", "-q", "--schedules", "500", "-o", os.path.join(W, "cases"), "--", PROG)
check(p.returncode == 1, "scopefuzz test finds the deadlock")
ptcase = os.path.join(W, "cases", os.listdir(os.path.join(W, "cases"))[0])
j, v = os.path.join(W, "replay.json"), os.path.join(W, "replay.svg")
p = run("replay", "--timeline", j, "--timeline", v, ptcase)
check(p.returncode == 1, "replay exits 1")
doc = json.load(open(j))
valid(doc, "replay timeline")
names = [e["args"]["name"] for e in events(doc, "M") if e["name"] == "thread_name"]
check(names == ["t0 (main)", "t1", "t2"], "three thread tracks (%s)" % names)
calls = events(doc, "X", "call")
rows = re.findall(r"^ *\d+ +\d+ \|.*$", p.stdout, re.M)  # the event table's rows
pairs = sum(1 for r in rows if "lock+unlock" in r)  # one row for two events there
check(len(calls) == len(rows) + pairs >= 10,
      "one call slice per event of the table (%d, table %d)" % (len(calls), len(rows) + pairs))
stuck = {e["tid"] for e in events(doc, "X", "blocked") if e["args"]["detail"] == "never ran again"}
check(stuck == {0, 1, 2}, "deadlock: every thread blocked for good (%s)" % sorted(stuck))
check([e["name"] for e in events(doc, "i", "failure")] == ["failure: deadlock"],
      "the failure instant")
check(len(events(doc, "i", "switch")) == len(re.findall(r"--- switch ", p.stdout)),
      "one switch instant per switch of the table")
check(len(svg_tracks(v, "replay SVG")) == 3, "replay SVG: three track groups")

# --- an injected fault (scopefuzz test --faults): a fault instant per
# `fail KIND #N` line of the case
fprog = os.path.join(os.path.dirname(PROG), "pthread_malloc_fail_bad")
if os.path.exists(fprog):
    fcases = os.path.join(W, "fault-cases")
    os.makedirs(fcases)
    p = run("test", "-q", "--faults", "alloc", "--schedules", "2000", "-o", fcases, "--", fprog)
    check(p.returncode == 1, "scopefuzz test --faults alloc finds the malloc_fail bug")
    fcase = os.path.join(fcases, os.listdir(fcases)[0])
    wanted = re.findall(r"^fail (\w+) #(\d+)$", open(fcase).read(), re.M)
    j = os.path.join(W, "fault.json")
    p = run("replay", "--timeline", j, fcase)
    doc = json.load(open(j))
    valid(doc, "fault timeline")
    got = [e["name"] for e in events(doc, "i", "fault")]
    check(wanted and got == ["fault: %s #%s" % w for w in wanted],
          "one fault instant per injected fault (%s; case: %s)" % (got, wanted))
else:
    check(False, "no %s next to %s" % (fprog, PROG))

# --- bad --timeline arguments: exit 2, before any run
for args, what in ((["--timeline", os.path.join(W, "x.txt")], "a name not .json/.svg"),
                   (["--timeline", os.path.join(W, "no/such/dir/x.json")], "a missing directory"),
                   (["--timeline", W + "/a.json", "--timeline", W + "/b.svg", "--timeline",
                     W + "/c.json"], "three timelines"),
                   (["--timeline", W], "a directory")):
    p = run("repro", *args, case)
    check(p.returncode == 2 and "--timeline" in p.stderr + p.stdout or
          p.returncode == 2 and "directory" in p.stderr,
          "repro %s: exit 2 (%d: %s)" % (what, p.returncode, p.stderr.strip()[:80]))

print("%d passed, %d failed" % (passed[0], len(failures)))
sys.exit(1 if failures else 0)
