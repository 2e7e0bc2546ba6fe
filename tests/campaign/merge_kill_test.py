#!/usr/bin/env python3
"""merge_kill_test.py - SIGKILL the campaign's corpus merge at many points;
the corpus must always be the old set or the new set, never partial.

Usage: merge_kill_test.py REPO CLANG

Builds tests/campaign/fuzz_planted.c with libFuzzer into a temporary
directory, lays out a scratch corpus/planted/ (never the real corpus), and
merges a few thousand inputs into it with ci/campaign.d/corpus.py:
  - once without interruption, in a separate copy: the expected new set;
  - killed at each named point of the merge (SF_CAMPAIGN_KILL_AT);
  - killed (whole process group, SIGKILL) after growing delays that cover
    the duration of the uninterrupted merge.
After each kill, corpus.py recover runs (as the campaign does at start) and
corpus/planted must equal the old set or the new set exactly, with no
leftover staging directory.  Finally an uninterrupted merge must give the
new set.
"""
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# (kill point, SF_CAMPAIGN_NO_EXCHANGE) -> the set the corpus must hold
# after recovery.  With the two-rename fallback, "after-exchange" is the
# moment between the renames, when corpus/planted does not exist.
POINTS = {("after-merge", "0"): "old", ("after-stage", "0"): "old",
          ("after-exchange", "0"): "new", ("after-old", "0"): "new",
          ("after-stage", "1"): "old", ("after-exchange", "1"): "old",
          ("after-old", "1"): "new"}
# Kills after a delay are spread over the duration of an uninterrupted merge
# (measured, only to place the kills: nothing asserts on time).
KILLS = 24


def snapshot(d):
    """{name: sha1} of a directory, or None if it is missing."""
    if not os.path.isdir(d):
        return None
    snap = {}
    for name in os.listdir(d):
        with open(os.path.join(d, name), "rb") as f:
            snap[name] = hashlib.sha1(f.read()).hexdigest()
    return snap


def make_inputs(d, n):
    rng = random.Random(1)
    os.makedirs(d)
    for i in range(n):
        head = rng.choice([b"", b"S", b"SI", b"SIG", b"H", b"HE", b"HEA"])
        body = bytes(rng.randrange(32, 127) for _ in range(rng.randrange(60)))
        with open(os.path.join(d, "in%05d" % i), "wb") as f:
            f.write(head + b"." + body)


def fresh_root(tmp, name):
    root = os.path.join(tmp, name, "corpus")
    os.makedirs(os.path.join(root, "planted"))
    for i, text in enumerate([b"hello", b"world", b"x"]):
        with open(os.path.join(root, "planted", "seed%d" % i), "wb") as f:
            f.write(text)
    return root


class Merge:
    def __init__(self, repo, fuzzer, inputs, tmp):
        self.tool = os.path.join(repo, "ci", "campaign.d", "corpus.py")
        self.fuzzer, self.inputs, self.tmp = fuzzer, inputs, tmp

    def start(self, root, env=None):
        cmd = [sys.executable, self.tool, "merge", "--fuzzer", self.fuzzer,
               "--root", root, "--target", "planted", "--stage",
               os.path.join(self.tmp, "stage"), self.inputs]
        return subprocess.Popen(cmd, env=env, start_new_session=True,
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)

    def recover(self, root):
        subprocess.check_call([sys.executable, self.tool, "recover", root],
                              stdout=subprocess.DEVNULL)


def check_state(root, old, new, what):
    state = snapshot(os.path.join(root, "planted"))
    leftovers = [n for n in os.listdir(root) if n.startswith(".")]
    if leftovers:
        sys.exit("FAIL %s: leftovers after recover: %s" % (what, leftovers))
    if state == old:
        return "old"
    if state == new:
        return "new"
    sys.exit("FAIL %s: corpus is neither the old nor the new set (%s files)"
             % (what, None if state is None else len(state)))


def main(repo, clang):
    tmp = tempfile.mkdtemp(prefix="sf-merge-kill-")
    fuzzer = os.path.join(tmp, "fuzz_planted")
    subprocess.check_call([clang, "-g", "-O1", "-fsanitize=fuzzer", "-o",
                           fuzzer, os.path.join(repo, "tests", "campaign",
                                                "fuzz_planted.c")])
    inputs = os.path.join(tmp, "inputs")
    make_inputs(inputs, 3000)
    m = Merge(repo, fuzzer, inputs, tmp)
    ref = fresh_root(tmp, "reference")
    old = snapshot(os.path.join(ref, "planted"))
    began = time.monotonic()
    if m.start(ref).wait() != 0:
        sys.exit("FAIL: uninterrupted merge failed")
    span = time.monotonic() - began
    new = snapshot(os.path.join(ref, "planted"))
    if new == old or not set(old.items()) <= set(new.items()):
        sys.exit("FAIL: merge did not add inputs to the old set")
    print("old set %d files, new set %d files" % (len(old), len(new)))
    seen = {}
    root = fresh_root(tmp, "victim")
    for (point, fallback), want in POINTS.items():
        env = dict(os.environ, SF_CAMPAIGN_KILL_AT=point,
                   SF_CAMPAIGN_NO_EXCHANGE=fallback)
        point += " (fallback)" if fallback == "1" else ""
        shutil.rmtree(root)
        root = fresh_root(tmp, "victim")
        rc = m.start(root, env).wait()
        if rc != -signal.SIGKILL:
            sys.exit("FAIL: kill point %s not reached (exit %d)" % (point, rc))
        if fallback == "1" and want == "old" and "exchange" in point and \
                os.path.exists(os.path.join(root, "planted")):
            sys.exit("FAIL: fallback kill point did not hit the gap")
        m.recover(root)
        seen[point] = check_state(root, old, new, point)
        if seen[point] != want:
            sys.exit("FAIL: killed %s, corpus is the %s set, want the %s set"
                     % (point, seen[point], want))
    for delay in (span * (i + 1) / KILLS for i in range(KILLS + 2)):
        shutil.rmtree(root)
        root = fresh_root(tmp, "victim")
        p = m.start(root)
        time.sleep(delay)
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # already finished
        p.wait()
        m.recover(root)
        seen["%.2fs" % delay] = check_state(root, old, new, "%.2fs" % delay)
    if m.start(root).wait() != 0 or \
            check_state(root, old, new, "final") != "new":
        sys.exit("FAIL: merge after the kills did not give the new set")
    print("states after kill + recover: %s" % seen)
    shutil.rmtree(tmp)
    print("PASS")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
