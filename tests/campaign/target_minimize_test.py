#!/usr/bin/env python3
"""target_minimize_test.py - a crash of each fuzz target minimizes, through
the campaign's own minimize step, to a case that reproduces its signature.

Usage: target_minimize_test.py REPO SCOPEFUZZ FIND_CRASH

For every row of `scopefuzz list --targets` (harness/interp/targets.h):
find_crash gives raw bytes that fail under that target's op set (against
a seeded bug) and that are another program under the default target.
campaign.py's minimize() (the code ci/campaign runs) is given the crash as
found by fuzz_<target>; the test checks that it passed --target, that the
case it wrote reproduces the same signature with `scopefuzz run`, that the
minimized program uses only the target's op set, and that the same
bytes are another program without --target (the bug this guards against:
the campaign decoding every crash as `mixed`).
"""
import os
import subprocess
import sys
import tempfile
import types

IMPLS = "zoo_defer_fifo,zoo_close_wakes_one,zoo_lost_wakeup,zoo_shutdown_skips_defers"


def check(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)


def main(repo, cli, find_crash):
    sys.path.insert(0, os.path.join(repo, "ci", "campaign.d"))
    import campaign  # noqa: E402
    tmp = tempfile.mkdtemp(prefix="sf-target-min-")
    bindir = os.path.join(tmp, "build", "fuzz-asan", "bin")
    os.makedirs(bindir)
    os.symlink(cli, os.path.join(bindir, "scopefuzz"))
    rows = subprocess.run([cli, "list", "--targets"], capture_output=True,
                          text=True, check=True).stdout.split("\n")
    table = {r.split()[0]: r.split()[2:] for r in rows if r.strip()}
    check(set(table) >= {"scope", "chan", "mixed"}, "targets %s" % table)
    a = types.SimpleNamespace(build_root=os.path.join(tmp, "build"))
    for target, ops in sorted(table.items()):
        raw = os.path.join(tmp, "crash-" + target)
        p = subprocess.run([find_crash, target, IMPLS, raw],
                           capture_output=True, text=True)
        check(p.returncode == 0, "no crash for %s: %s" % (target, p.stderr))
        impl, sig = p.stdout.split()
        print("%s: %s fails on %s with %s" % (target, os.path.basename(raw),
                                               impl, sig))
        fdir = os.path.join(tmp, "out-" + target)
        os.makedirs(fdir)
        fail = {"sanitizer": "asan", "binary": os.path.join(bindir,
                                                            "fuzz_" + target),
                "input": raw}
        os.environ["SCOPEFUZZ_IMPL"] = impl
        campaign.minimize(a, fail, fdir)
        with open(os.path.join(fdir, "minimize.log")) as f:
            log = f.read()
        check(fail.get("target") == target and
              "--target %s" % target in log.split("\n")[0],
              "%s: campaign ran %r" % (target, log.split("\n")[0]))
        check(fail.get("minimized"), "%s: not minimized: %s" %
              (target, fail.get("minimize_note")))
        case = fail["minimized"]
        with open(case) as f:
            text = f.read()
        check("expect fail %s\n" % sig in text, "%s: case expects %s, not %s"
              % (target, text, sig))
        r = subprocess.run([cli, "run", "--check", case], capture_output=True, text=True)
        check(r.returncode == 0 and "ok (expected failure %s reproduced)" % sig
              in r.stdout, "%s: replay: %s%s" % (target, r.stdout, r.stderr))
        used = set()
        for ln in text.split("\n"):
            w = ln.split()
            if not ln.startswith("  ") or not w:
                continue
            if w[0] == "defer":  # defer [in S] OP ...
                w = w[3:] if w[1] == "in" else w[1:]
            used.add("chan_close" if w[0] == "close" and w[1].startswith("c")
                     else w[0])
        check(used and used <= set(ops), "%s: ops %s outside %s" %
              (target, sorted(used), ops))
        if target != "mixed":
            fmt = [subprocess.run([cli, "fmt", raw] + t, capture_output=True,
                                  text=True).stdout
                   for t in (["--target", target], [])]
            check(fmt[0] and fmt[1] and fmt[0] != fmt[1],
                  "%s: the bytes are the same program under mixed" % target)
    print("PASS")


if __name__ == "__main__":
    main(*sys.argv[1:4])
