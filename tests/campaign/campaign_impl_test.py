#!/usr/bin/env python3
"""campaign_impl_test.py - ci/campaign --impl: triage, "known" and
minimization are per implementation.

Usage: campaign_impl_test.py REPO SCOPEFUZZ FIND_CRASH

find_crash gives raw bytes that fail with wake:close under the chan
target on zoo_close_wakes_one.  The regressions directory holds a case of
ANOTHER implementation (zoo_close_skips_senders) expecting the same
signature.  campaign.py's own functions (parse_args with --impl,
known_signatures, process_failures: minimize + write_regression) must:
call it new (the other implementation's case does not make it known),
minimize against zoo_close_wakes_one (not the reference) with the target
that found it, write <impl>-<sig>.sched, which `scopefuzz run --check` (what
`ctest -L regression` runs for each file) reproduces; a second triage of
the same failure is then known (exit status 0 of the campaign), and an
unknown --impl is refused.  The libFuzzer part of the campaign is covered
by campaign.end_to_end; this test takes the crash as libFuzzer would have
saved it.
"""
import os
import shutil
import subprocess
import sys
import tempfile

IMPL = "zoo_close_wakes_one"


def check(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)


def main(repo, cli, find_crash):
    sys.path.insert(0, os.path.join(repo, "ci", "campaign.d"))
    import campaign  # noqa: E402
    import signature  # noqa: E402
    signature.use_cli(cli)
    tmp = tempfile.mkdtemp(prefix="sf-campaign-impl-")
    try:
        bindir = os.path.join(tmp, "build", "fuzz-asan", "bin")
        os.makedirs(bindir)
        os.symlink(cli, os.path.join(bindir, "scopefuzz"))
        regdir = os.path.join(tmp, "regressions")
        os.makedirs(regdir)
        # another implementation's case with the same signature
        other = os.path.join(repo, "corpus", "regressions",
                             "zoo_close_skips_senders.sched")
        with open(other) as f:
            text = f.read()
        check("impl zoo_close_skips_senders" in text and
              "expect fail wake:close" in text, "fixture changed: " + other)
        shutil.copy(other, regdir)
        os.environ.pop("SCOPEFUZZ_IMPL", None)
        a = campaign.parse_args(["--impl", IMPL, "--build-root",
                                 os.path.join(tmp, "build"),
                                 "--regressions-dir", regdir])
        check(a.impl == IMPL, "--impl not parsed")
        campaign.IMPL = a.impl
        check(campaign.cli_impls(cli) and IMPL in campaign.cli_impls(cli),
              "scopefuzz list does not show " + IMPL)

        raw = os.path.join(tmp, "crash-1")
        p = subprocess.run([find_crash, "chan", IMPL, raw],
                           capture_output=True, text=True)
        check(p.returncode == 0, "no crash: " + p.stderr)
        impl, sig = p.stdout.split()
        check(impl == IMPL and sig == "wake:close", p.stdout)
        log = raw + ".repro.log"
        with open(log, "w") as f:
            f.write("SCOPEFUZZ-SIGNATURE: %s\n" % sig)
        out = os.path.join(tmp, "out")
        os.makedirs(out)

        def triage():
            fail = {"signature": sig, "count": 2, "sanitizers": ["asan"],
                    "targets": ["fuzz_chan"], "input": raw, "log": log,
                    "binary": os.path.join(bindir, "fuzz_chan"),
                    "sanitizer": "asan"}
            campaign.process_failures(a, out, [fail])
            return fail

        fail = triage()
        check(fail["new"], "called not new because of another impl's case")
        check(fail.get("minimized"), "not minimized: %s" %
              fail.get("minimize_note"))
        with open(os.path.join(out, "failures", signature.file_name(sig),
                               "minimize.log")) as f:
            first = f.readline()
        check("--impl %s" % IMPL in first and "--target chan" in first,
              "minimize ran: " + first)
        case = fail.get("regression", "")
        check(os.path.basename(case) == "%s-wake_close.sched" % IMPL,
              "regression candidate: %r" % case)
        with open(case) as f:
            text = f.read()
        check("impl %s\n" % IMPL in text and "expect fail wake:close\n" in text,
              "candidate: " + text)
        r = subprocess.run([cli, "run", "--check", case], capture_output=True,
                           text=True)
        check(r.returncode == 0 and "reproduced" in r.stdout,
              "run --check: %s%s" % (r.stdout, r.stderr))
        # the same failure again: now known (the campaign would exit 0)
        again = triage()
        check(not again["new"], "the case just written does not make it known")
        check(len([n for n in os.listdir(regdir) if n.startswith(IMPL)]) == 1,
              "a known failure was written again")
        # an unknown implementation is refused (exit 2 of the campaign)
        dummy = os.path.join(bindir, "fuzz_chan")
        with open(dummy, "w") as f:
            f.write("#!/bin/sh\nexit 0\n")
        os.chmod(dummy, 0o755)
        os.makedirs(os.path.join(tmp, "corpus"))
        r = subprocess.run([sys.executable,
                            os.path.join(repo, "ci", "campaign.d",
                                         "campaign.py"),
                            "--impl", "no_such_impl", "--no-build",
                            "--no-coverage", "--build-root",
                            os.path.join(tmp, "build"),
                            "--corpus-root", os.path.join(tmp, "corpus"),
                            "--out", os.path.join(tmp, "campaign")],
                           capture_output=True, text=True)
        check(r.returncode == 2 and "no such implementation" in r.stdout,
              "unknown --impl: exit %d: %s" % (r.returncode, r.stdout))
        print("PASS")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
