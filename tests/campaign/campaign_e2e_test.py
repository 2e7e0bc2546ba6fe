#!/usr/bin/env python3
"""campaign_e2e_test.py - ci/campaign end to end on a planted target.

Usage: campaign_e2e_test.py REPO CLANG SCOPEFUZZ

In a temporary layout (never the real corpus or build/): builds
tests/campaign/fuzz_planted.c (libFuzzer + ASan/UBSan) as
build/fuzz-asan/bin/fuzz_planted, plus a stub `scopefuzz` CLI whose
`list --targets` names fuzz_planted's target `planted` and whose
`minimize --target planted FILE -o OUT` writes "expect fail <signature of
FILE>" (any other arguments: exit 2, so the campaign must pass the target);
its `sig` is the real SCOPEFUZZ's (the one signature implementation).
  run 0: no fuzz binaries at all                   -> exit 2
  run 1: both planted failures are new             -> exit 1; two unique
         signatures; corpus grew; report.md/json and plots written; the
         regression candidates never overwrite the file already there
  run 2: regressions now expect both signatures    -> exit 0
"""
import json
import shutil
import os
import stat
import subprocess
import sys
import tempfile

STUB = """#!/bin/sh
# stub CLI: scopefuzz list --targets | minimize --target planted FILE -o OUT
if [ "$1" = list ] && [ "$2" = --targets ]; then
  echo "planted  fuzz_planted  the planted bugs"; exit 0
fi
[ "$1" = sig ] && exec "%(cli)s" "$@"
[ "$1" = minimize ] && [ "$2" = --target ] && [ "$3" = planted ] && [ "$5" = -o ] || exit 2
"%(fuzzer)s" "$4" >"$6.log" 2>&1
printf 'expect fail %%s\\n' "$("%(cli)s" sig "$6.log")" >"$6"
exit 1
"""
PLANTED = {"planted:oracle", "asan:heap-buffer-overflow:planted_overflow"}


def check(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)


def campaign(repo, tmp, *extra):
    cmd = [os.path.join(repo, "ci", "campaign"), "--minutes", "0.25",
           "--sanitizers", "asan", "--no-build", "--no-coverage",
           "--corpus-root", os.path.join(tmp, "corpus"),
           "--out", os.path.join(tmp, "out")] + list(extra)
    p = subprocess.run(cmd, capture_output=True, text=True)
    print(p.stdout + p.stderr)
    reports = sorted(os.listdir(os.path.join(tmp, "out")))
    rdir = os.path.join(tmp, "out", reports[-1])
    with open(os.path.join(rdir, "report.json")) as f:
        return p.returncode, rdir, json.load(f)


def setup(repo, clang, cli, tmp):
    bindir = os.path.join(tmp, "build", "fuzz-asan", "bin")
    os.makedirs(bindir)
    fuzzer = os.path.join(bindir, "fuzz_planted")
    subprocess.check_call([clang, "-g", "-O1", "-fno-omit-frame-pointer",
                           "-fsanitize=fuzzer,address,undefined", "-o",
                           fuzzer, os.path.join(repo, "tests", "campaign",
                                                "fuzz_planted.c")])
    stub = os.path.join(bindir, "scopefuzz")
    with open(stub, "w") as f:
        f.write(STUB % {"fuzzer": fuzzer, "cli": cli})
    os.chmod(stub, stat.S_IRWXU)
    seeds = os.path.join(tmp, "corpus", "planted")
    os.makedirs(seeds)
    os.makedirs(os.path.join(tmp, "corpus", "regressions"))
    for name, text in (("a", b"SIG?"), ("b", b"HEAx"), ("c", b"hello")):
        with open(os.path.join(seeds, name), "wb") as f:
            f.write(text)
    taken = os.path.join(tmp, "corpus", "regressions", "planted_oracle.sched")
    with open(taken, "w") as f:
        f.write("expect ok\n")
    return taken


def main(repo, clang, cli):
    tmp = tempfile.mkdtemp(prefix="sf-campaign-e2e-")
    rc, _, doc = campaign(repo, tmp, "--build-root",
                          os.path.join(tmp, "nothing"))
    check(rc == 2 and doc["exit"] == 2, "no binaries must give exit 2")
    taken = setup(repo, clang, cli, tmp)
    build = os.path.join(tmp, "build")
    rc, rdir, doc = campaign(repo, tmp, "--build-root", build)
    sigs = {f["signature"] for f in doc["failures"]}
    check(rc == 1, "new failures must give exit 1, got %d" % rc)
    check(sigs == PLANTED, "signatures %s" % sorted(sigs))
    check(all(f["new"] and f.get("minimized") for f in doc["failures"]),
          "every failure new and minimized")
    run = doc["runs"][0]
    check(run["execs"] > 0 and run["jobs"] > 0, "fork-mode stats parsed")
    growth = doc["corpus"]["fuzz_planted"]
    check(growth["after"] > growth["before"] == 3, "corpus grew: %s" % growth)
    check(len(os.listdir(os.path.join(tmp, "corpus", "planted"))) ==
          growth["after"], "corpus dir holds the merged set")
    for name in ["report.md"] + doc["plots"]:
        check(os.path.getsize(os.path.join(rdir, name)) > 0, name)
    check(len(doc["plots"]) == 2 or "gnuplot" in " ".join(doc["notes"]),
          "plots or a note saying why not")
    with open(taken) as f:
        check(f.read() == "expect ok\n", "existing regression overwritten")
    regs = sorted(os.listdir(os.path.dirname(taken)))
    check(regs == ["asan_heap-buffer-overflow_planted_overflow.sched",
                   "planted_oracle-2.sched", "planted_oracle.sched"],
          "regression candidates %s" % regs)
    rc, _, doc = campaign(repo, tmp, "--build-root", build)
    check(rc == 0, "known failures only must give exit 0, got %d" % rc)
    check(not any(f["new"] for f in doc["failures"]), "nothing new")
    shutil.rmtree(tmp)
    print("PASS")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3]))
