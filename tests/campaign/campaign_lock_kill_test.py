#!/usr/bin/env python3
"""campaign_lock_kill_test.py - two campaigns on one corpus root, and a
campaign killed with SIGKILL.

Usage: campaign_lock_kill_test.py REPO CLANG SCOPEFUZZ

In a temporary layout (never the real corpus or build/), with
tests/campaign/fuzz_planted.c built as the only fuzz binary and the real
scopefuzz CLI beside it:
  1. run A fuzzes (system TMPDIR pointed at an empty folder); as soon as
     libFuzzer's fork-mode temporary folder exists, run B starts on the
     same corpus root: it must exit 2 at once, naming the lock, and create
     no run folder.  libFuzzer's temporary files must be inside A's folder
     (A/tmp), none in the system TMPDIR.
  2. A is killed (SIGKILL to its process group): no report, the system
     TMPDIR still empty.
  3. run C: its report names A as interrupted and says what was recovered;
     A's folder is gone; no libFuzzerTemp.* anywhere; C's own tmp/ removed.
  4. --wait-lock: with the lock held (by this test), run D waits (says
     so, still running a second later, no run folder yet) and goes on once
     it is released.
"""
import fcntl
import glob
import json
import os
import signal
import subprocess
import sys
import tempfile
import time


def check(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)


def cmd(repo, tmp, *extra):
    return [os.path.join(repo, "ci", "campaign"), "--sanitizers", "asan",
            "--no-build", "--no-coverage", "--jobs", "1",
            "--corpus-root", os.path.join(tmp, "corpus"),
            "--out", os.path.join(tmp, "out"),
            "--build-root", os.path.join(tmp, "build")] + list(extra)


def setup(repo, clang, cli, tmp):
    bindir = os.path.join(tmp, "build", "fuzz-asan", "bin")
    os.makedirs(bindir)
    subprocess.check_call([clang, "-g", "-O1", "-fno-omit-frame-pointer",
                           "-fsanitize=fuzzer,address,undefined", "-o",
                           os.path.join(bindir, "fuzz_planted"),
                           os.path.join(repo, "tests", "campaign",
                                        "fuzz_planted.c")])
    os.symlink(cli, os.path.join(bindir, "scopefuzz"))
    seeds = os.path.join(tmp, "corpus", "planted")
    os.makedirs(seeds)
    os.makedirs(os.path.join(tmp, "corpus", "regressions"))
    for name, text in (("a", b"SIG?"), ("b", b"HEAx"), ("c", b"hello")):
        with open(os.path.join(seeds, name), "wb") as f:
            f.write(text)


def wait_for(pattern, seconds):
    end = time.time() + seconds
    while time.time() < end:
        found = glob.glob(pattern)
        if found:
            return found
        time.sleep(0.1)
    return []


def main(repo, clang, cli):
    tmp = tempfile.mkdtemp(prefix="sf-campaign-lock-")
    systmp = os.path.join(tmp, "systmp")
    os.makedirs(systmp)
    env = dict(os.environ, TMPDIR=systmp)
    setup(repo, clang, cli, tmp)
    out = os.path.join(tmp, "out")

    # 1. A runs; B on the same corpus root exits 2 at once.
    a = subprocess.Popen(cmd(repo, tmp, "--minutes", "2"), env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    temps = wait_for(os.path.join(out, "*", "tmp", "libFuzzerTemp.*"), 60)
    check(temps, "run A: no libFuzzerTemp.* in its folder's tmp/")
    a_dir = os.path.dirname(os.path.dirname(temps[0]))
    t0 = time.time()
    b = subprocess.run(cmd(repo, tmp, "--minutes", "0.1"), env=env,
                       capture_output=True, text=True, timeout=60)
    print("B: exit %d in %.1f s: %s" % (b.returncode, time.time() - t0,
                                        b.stderr.strip()))
    check(b.returncode == 2 and "lock" in b.stderr and
          os.path.join(tmp, "corpus") in b.stderr, "B must exit 2 naming the lock")
    check(sorted(os.listdir(out)) == [os.path.basename(a_dir)],
          "B created a run folder: %s" % os.listdir(out))

    # 2. Kill A.
    time.sleep(1)
    os.killpg(a.pid, signal.SIGKILL)
    a.wait()
    check(not os.path.exists(os.path.join(a_dir, "report.md")), "A reported")
    check(os.listdir(systmp) == [], "system TMPDIR used: %s" %
          os.listdir(systmp))

    # 3. C recovers and says so.
    c = subprocess.run(cmd(repo, tmp, "--minutes", "0.1"), env=env,
                       capture_output=True, text=True, timeout=300)
    print(c.stdout[-2000:] + c.stderr[-2000:])
    check(c.returncode in (0, 1), "C: exit %d" % c.returncode)
    check(not os.path.exists(a_dir), "A's folder is still there")
    (c_dir,) = [os.path.join(out, d) for d in os.listdir(out)]
    with open(os.path.join(c_dir, "report.json")) as f:
        doc = json.load(f)
    said = [n for n in doc["notes"] if os.path.basename(a_dir) in n]
    check(said and "interrupted" in said[0] and "recovered" in said[0],
          "C's notes: %s" % doc["notes"])
    with open(os.path.join(c_dir, "report.md")) as f:
        check(said[0] in f.read(), "report.md lacks the note")
    check(not glob.glob(os.path.join(tmp, "**", "libFuzzerTemp.*"),
                        recursive=True), "libFuzzerTemp.* left behind")
    check(not os.path.exists(os.path.join(c_dir, "tmp")), "C's tmp/ left")

    # 4. --wait-lock waits for the holder, then runs.
    fd = os.open(os.path.join(tmp, "corpus"), os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    d_log = os.path.join(tmp, "d.log")
    with open(d_log, "w") as log:
        d = subprocess.Popen(cmd(repo, tmp, "--minutes", "0.1", "--wait-lock",
                                 "--build-root", os.path.join(tmp, "none")),
                             env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    # released only once D says it waits (its start may take seconds on a
    # loaded machine: a fixed delay would release the lock before D tried it)
    end = time.time() + 60
    while time.time() < end and d.poll() is None:
        with open(d_log) as f:
            if "waiting" in f.read():
                break
        time.sleep(0.1)
    time.sleep(1)
    check(d.poll() is None, "D did not wait (exit %s)" % d.poll())
    check(len(os.listdir(out)) == 1, "D made a run folder while waiting")
    os.close(fd)
    d.wait(timeout=120)
    with open(d_log) as f:
        text = f.read()
    print("D: exit %d: %s" % (d.returncode, text.strip()[-400:]))
    check(d.returncode == 2 and "waiting" in text and "no fuzz_" in text,
          "D after the lock was released")
    subprocess.run(["rm", "-rf", tmp])
    print("PASS")


if __name__ == "__main__":
    main(*sys.argv[1:4])
