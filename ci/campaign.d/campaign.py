#!/usr/bin/env python3
"""campaign.py - the nightly fuzz campaign (run through ci/campaign).

Steps: recover a corpus left by a killed run, build the fuzz presets, run
every build/<preset>/bin/fuzz_* target in libFuzzer fork mode, merge new
inputs into <corpus-root>/<target>/ atomically (corpus.py), reproduce and
deduplicate every crash by failure signature (`scopefuzz sig`, through
signature.py; a report that was not symbolized stops the run: exit 2),
minimize each unique failure with `scopefuzz minimize`, draw its timeline
(`scopefuzz repro --timeline`), write regression candidates, run
ci/coverage, and write the report (report.py: report.md, report.json,
report.html).
Exit status: 0 nothing new failed, 1 a new unique failure, 2 could not run.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # keep ci/campaign.d clean
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import corpus  # noqa: E402
import report  # noqa: E402
import runguard  # noqa: E402
import signature  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
PRESETS = {"asan": "fuzz-asan", "tsan": "fuzz-tsan"}
RSS_MB = {"asan": 2560, "tsan": 4096}
MAX_CRASHES_PER_RUN = 40
TMPDIR = None  # OUT/<ts>/tmp: libFuzzer's temporary files (set by main)
STATUS = re.compile(r"^#(\d+): cov: (\d+) ft: (\d+) corp: (\d+) exec/s:? (\d+)"
                    r" oom/timeout/crash: (\d+)/(\d+)/(\d+) time: (\d+)s"
                    r" job: (\d+)")


class CannotRun(Exception):
    pass


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="ci/campaign", description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--minutes", type=float, default=1.0,
                    help="total fuzzing time, shared by all target x "
                         "sanitizer runs (default 1)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="libFuzzer -fork=N (default: core count)")
    ap.add_argument("--impl", default=os.environ.get("SCOPEFUZZ_IMPL") or
                    "reference",
                    help="implementation to fuzz: any driver `scopefuzz "
                         "list` shows (default $SCOPEFUZZ_IMPL, else "
                         "reference)")
    ap.add_argument("--sanitizers", default="asan,tsan")
    ap.add_argument("--targets", default="",
                    help="comma list of fuzz_* names (default: all built)")
    ap.add_argument("--corpus-root", default=os.path.join(REPO, "corpus"))
    ap.add_argument("--regressions-dir", default=None,
                    help="default: <corpus-root>/regressions")
    ap.add_argument("--out", default=os.path.join(REPO, "campaign"),
                    help="reports go to OUT/<timestamp>/")
    ap.add_argument("--build-root", default=os.path.join(REPO, "build"))
    ap.add_argument("--no-build", action="store_true",
                    help="use the binaries already in BUILD_ROOT/<preset>/bin")
    ap.add_argument("--no-coverage", action="store_true")
    ap.add_argument("--wait-lock", action="store_true",
                    help="if another campaign runs on the same corpus root, "
                         "wait for it (default: exit 2 at once)")
    a = ap.parse_args(argv)
    a.sanitizers = [s for s in a.sanitizers.split(",") if s]
    if a.minutes <= 0 or a.jobs < 1 or not a.sanitizers or \
            any(s not in PRESETS for s in a.sanitizers):
        ap.error("bad --minutes, --jobs or --sanitizers")
    cwd = os.environ.get("SF_CAMPAIGN_CWD", os.getcwd())
    for name in ("corpus_root", "out", "build_root", "regressions_dir"):
        if getattr(a, name):
            setattr(a, name, os.path.join(cwd, getattr(a, name)))
    a.regressions_dir = a.regressions_dir or os.path.join(a.corpus_root,
                                                          "regressions")
    a.targets = [t for t in a.targets.split(",") if t]
    return a


def log_call(cmd, log, cwd=REPO, env=None, timeout=None):
    with open(log, "ab") as f:
        f.write(("$ " + " ".join(cmd) + "\n").encode())
        f.flush()
        try:
            return subprocess.call(cmd, stdout=f, stderr=subprocess.STDOUT,
                                   cwd=cwd, env=env, timeout=timeout)
        except subprocess.TimeoutExpired:
            return 124


def build_preset(a, preset, log):
    """Configure and build the fuzz targets and the CLI of one preset."""
    bdir = os.path.join(a.build_root, preset)
    cmd = ["cmake", "--preset", preset]
    if a.build_root != os.path.join(REPO, "build"):
        cmd += ["-B", bdir]
    if log_call(cmd, log) != 0:
        return "configure of %s failed (see %s)" % (preset, log)
    helptext = subprocess.run(["cmake", "--build", bdir, "--target", "help"],
                              capture_output=True, text=True).stdout
    names = sorted({m.group(1) for m in re.finditer(
        r"^(fuzz_\w+|scopefuzz):", helptext, re.M)})
    if not names:
        return "preset %s defines no fuzz targets" % preset
    cmd = ["cmake", "--build", bdir, "-j", str(a.jobs), "--target"] + names
    if log_call(cmd + ["--", "-k", "0"], log) != 0:
        return "some targets of %s failed to build (see %s)" % (preset, log)
    return None


def discover(a):
    """{target: {sanitizer: binary}} of the fuzz binaries present."""
    found = {}
    for san in a.sanitizers:
        bdir = os.path.join(a.build_root, PRESETS[san], "bin")
        if not os.path.isdir(bdir):
            continue
        for name in sorted(os.listdir(bdir)):
            path = os.path.join(bdir, name)
            if name.startswith("fuzz_") and os.access(path, os.X_OK) and \
                    (not a.targets or name in a.targets):
                found.setdefault(name, {})[san] = path
    return found


IMPL = "reference"  # --impl: what every fuzz binary and CLI call runs


def impl_of(fail):
    """The implementation a failure came from: the campaign's --impl (or,
    for callers that did not go through main(), $SCOPEFUZZ_IMPL)."""
    return fail.get("impl") or os.environ.get("SCOPEFUZZ_IMPL") or IMPL


def san_env(san, fuzzing):
    env = dict(os.environ)
    env["SCOPEFUZZ_IMPL"] = IMPL
    env["ASAN_OPTIONS"] = "detect_leaks=1:detect_stack_use_after_return=1"
    env["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    tsan = "halt_on_error=1:second_deadlock_stack=1"
    env["TSAN_OPTIONS"] = tsan + (":handle_segv=0" if fuzzing else "")
    if TMPDIR:  # libFuzzerTemp.FuzzWithFork*.dir, libFuzzerTemp.Merge*.txt
        env["TMPDIR"] = TMPDIR
    return env


def corpus_dir(a, target):
    return os.path.join(a.corpus_root, target[len("fuzz_"):])


def dict_file(a, target):
    d = corpus_dir(a, target) + ".dict"
    return d if os.path.isfile(d) else None


def fuzz_run(a, out, target, san, binary, seconds):
    """One fork-mode run; returns its record for the report."""
    work = os.path.join(out, "work", san, target)
    arts = os.path.join(out, "crashes", san, target)
    os.makedirs(work, exist_ok=True)
    os.makedirs(arts, exist_ok=True)
    log = os.path.join(out, "runs", "%s-%s.log" % (san, target))
    cmd = [binary, "-fork=%d" % a.jobs, "-ignore_crashes=1",
           "-ignore_timeouts=1", "-ignore_ooms=1",
           "-max_total_time=%d" % seconds, "-timeout=10",
           "-rss_limit_mb=%d" % RSS_MB[san], "-max_len=4096",
           "-artifact_prefix=" + arts + "/", work]
    if dict_file(a, target):
        cmd.insert(1, "-dict=" + dict_file(a, target))
    seeds = corpus_dir(a, target)
    if os.path.isdir(seeds):
        cmd.append(seeds)
    rc = log_call(cmd, log, cwd=out, env=san_env(san, True),
                  timeout=seconds + 300)
    series = parse_status(log)
    last = series[-1] if series else {}
    return {"target": target, "sanitizer": san, "binary": binary,
            "seconds": seconds, "exit": rc, "log": log,
            "series": series, "execs": last.get("execs", 0),
            "jobs": last.get("job", 0), "cov": last.get("cov", 0),
            "ft": last.get("ft", 0), "corp": last.get("corp", 0),
            "exec_per_s": round(last.get("execs", 0) /
                                max(1, last.get("time", seconds))),
            "new_inputs": len(os.listdir(work)), "crash_dir": arts,
            "artifacts": len(os.listdir(arts))}


def parse_status(log):
    keys = ("execs", "cov", "ft", "corp", "eps", "oom", "timeout", "crash",
            "time", "job")
    series = []
    with open(log, errors="replace") as f:
        for line in f:
            m = STATUS.match(line)
            if m:
                series.append(dict(zip(keys, map(int, m.groups()))))
    return series


def reproduce(binary, crash, san, logpath):
    cmd = [binary, "-timeout=10", "-rss_limit_mb=%d" % RSS_MB[san], crash]
    text = ""
    for _ in range(2):
        try:
            p = subprocess.run(cmd, capture_output=True, text=True,
                               errors="replace", env=san_env(san, False),
                               timeout=120)
            text = p.stdout + p.stderr
            rc = p.returncode
        except subprocess.TimeoutExpired:
            rc, text = 124, "ERROR: libFuzzer: timeout (repro killed)\n"
        if rc != 0:
            break
    with open(logpath, "w") as f:
        f.write(text)
    if rc == 0:
        kind = os.path.basename(crash).split("-")[0]
        return "unreproduced:%s:%s" % (kind, os.path.basename(binary))
    return signature.signature(text)  # the CLI's: `scopefuzz sig`


def collect_failures(runs, out):
    """Reproduce every artifact; group them by signature."""
    unique = {}
    for r in runs:
        files = sorted((os.path.join(r["crash_dir"], f)
                        for f in os.listdir(r["crash_dir"])),
                       key=lambda p: (os.path.getsize(p), p))
        for crash in files[:MAX_CRASHES_PER_RUN]:
            logpath = crash + ".repro.log"
            sig = reproduce(r["binary"], crash, r["sanitizer"], logpath)
            u = unique.setdefault(sig, {"signature": sig, "count": 0,
                                        "sanitizers": [], "targets": [],
                                        "input": crash, "log": logpath,
                                        "binary": r["binary"],
                                        "sanitizer": r["sanitizer"]})
            u["count"] += 1
            for key, val in (("sanitizers", r["sanitizer"]),
                             ("targets", r["target"])):
                if val not in u[key]:
                    u[key].append(val)
    return list(unique.values())


def known_signatures(regdir):
    """{(impl, signature)} of the regression cases: a case runs against its
    `impl` line (reference when it has none), and the regression suite
    checks that it reproduces its `expect fail` signature there.  A failure
    is known only when a case of the same implementation expects its
    signature: signatures without a location (wake:close, deadlock) are
    shared by different bugs of different implementations."""
    known = set()
    if not os.path.isdir(regdir):
        return known
    for name in os.listdir(regdir):
        if not name.endswith(".sched"):
            continue
        impl, sigs = "reference", []
        with open(os.path.join(regdir, name), errors="replace") as f:
            for line in f:
                m = re.match(r"\s*impl\s+(\S+)", line)
                if m:
                    impl = m.group(1)
                m = re.match(r"\s*expect\s+fail\s+(\S+)", line)
                if m:
                    sigs.append(m.group(1))
        known.update((impl, sig) for sig in sigs)
    return known


def cli_impls(cli):
    """The driver names `scopefuzz list` prints, or None."""
    try:
        p = subprocess.run([cli, "list"], capture_output=True, text=True,
                           timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if p.returncode != 0:
        return None
    return {line.split()[0] for line in p.stdout.splitlines()
            if line.strip() and not line.startswith(" ")}


def cli_for(a, san):
    for s in [san] + [x for x in PRESETS if x != san]:
        cli = os.path.join(a.build_root, PRESETS[s], "bin", "scopefuzz")
        if os.access(cli, os.X_OK):
            return cli, s
    return None, None


def cli_targets(cli):
    """{fuzz binary name: target name} from `scopefuzz list --targets` (the
    one table, harness/interp/targets.h), or None if the CLI cannot say."""
    try:
        p = subprocess.run([cli, "list", "--targets"], capture_output=True,
                           text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if p.returncode != 0:
        return None
    rows = [line.split() for line in p.stdout.splitlines()]
    return {r[1]: r[0] for r in rows if len(r) >= 2}


def minimize(a, fail, fdir):
    """scopefuzz minimize --target T, T the target of the fuzz binary that
    found the crash (decoded under another target's op set the same bytes
    are another program); sets fail['minimized'] or fail['minimize_note']."""
    cli, san = cli_for(a, fail["sanitizer"])
    if cli is None:
        fail["minimize_note"] = "skipped: scopefuzz CLI not built"
        return
    targets = cli_targets(cli)
    binary = os.path.basename(fail["binary"])
    if targets is None:
        fail["minimize_note"] = "skipped: `%s list --targets` failed" % cli
        return
    if binary not in targets:
        fail["minimize_note"] = ("skipped: %s is not a program fuzz target "
                                 "(scopefuzz list --targets: %s)" %
                                 (binary, ", ".join(sorted(targets))))
        return
    fail["target"] = targets[binary]
    outp = os.path.join(fdir, "minimized.sched")
    log = os.path.join(fdir, "minimize.log")
    # always against the implementation that failed (what the fuzz
    # binaries ran), never the CLI's default
    cmd = [cli, "minimize", "--target", targets[binary], fail["input"],
           "-o", outp, "--impl", impl_of(fail)]
    rc = log_call(cmd, log, env=san_env(san, False), timeout=600)
    if rc in (0, 1) and os.path.isfile(outp):
        fail["minimized"] = outp
        fail["run_cmd"] = "%s run %s" % (cli, outp)
    else:
        fail["minimize_note"] = "minimize exit %d (see %s)" % (rc, log)


def timeline(a, fail, fdir):
    """`scopefuzz repro --timeline` of the minimized case (else of the input,
    decoded with the target that found it): fdir/timeline.svg and .json;
    sets fail['timeline_svg'], ['timeline_json'], ['timeline_tracks'] or
    fail['timeline_note']."""
    cli, san = cli_for(a, fail["sanitizer"])
    if cli is None:
        fail["timeline_note"] = "skipped: scopefuzz CLI not built"
        return
    svg = os.path.join(fdir, "timeline.svg")
    js = os.path.join(fdir, "timeline.json")
    cmd = [cli, "repro", "--timeline", svg, "--timeline", js]
    if fail.get("minimized"):
        cmd.append(fail["minimized"])
    elif fail.get("target"):
        cmd += ["--target", fail["target"], "--impl", impl_of(fail),
                fail["input"]]
    else:
        fail["timeline_note"] = "skipped: not a program fuzz target"
        return
    log = os.path.join(fdir, "timeline.log")
    rc = log_call(cmd, log, env=san_env(san, False), timeout=300)
    try:
        with open(js) as f:
            tracks = json.load(f)["otherData"]["tracks"]
    except (OSError, ValueError, KeyError):
        tracks = None
    if rc in (0, 1) and tracks and os.path.isfile(svg):
        fail["timeline_svg"], fail["timeline_json"] = svg, js
        fail["timeline_tracks"] = tracks
    else:
        fail["timeline_note"] = "repro --timeline exit %d (see %s)" % (rc, log)


def write_regression(a, fail):
    """Copy the minimized case under a fresh sanitized name; never
    overwrites."""
    os.makedirs(a.regressions_dir, exist_ok=True)
    base = signature.file_name(fail["signature"])
    if impl_of(fail) != "reference":
        base = signature.file_name(impl_of(fail)) + "-" + base
    with open(fail["minimized"], "rb") as f:
        data = f.read()
    for n in range(1, 1000):
        name = base + ("" if n == 1 else "-%d" % n) + ".sched"
        path = os.path.join(a.regressions_dir, name)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        fail["regression"] = path
        return


def process_failures(a, out, fails):
    known = known_signatures(a.regressions_dir)
    for fail in fails:
        fdir = os.path.join(out, "failures",
                            signature.file_name(fail["signature"]))
        os.makedirs(fdir, exist_ok=True)
        kept = os.path.join(fdir, os.path.basename(fail["input"]))
        shutil.copyfile(fail["input"], kept)
        shutil.copyfile(fail["log"], os.path.join(fdir, "repro.log"))
        fail["input"], fail["log"] = kept, os.path.join(fdir, "repro.log")
        fail["impl"] = IMPL
        fail["new"] = (IMPL, fail["signature"]) not in known
        fail["repro"] = "%s %s" % (fail["binary"], kept)
        minimize(a, fail, fdir)
        timeline(a, fail, fdir)
        if fail["new"] and fail.get("minimized"):
            write_regression(a, fail)


def merge_all(a, out, found, runs):
    """Merge every target's new inputs into the corpus; per-target counts."""
    growth = {}
    for target, bins in sorted(found.items()):
        fuzzer = bins.get("asan") or bins.get("tsan")
        san = "asan" if "asan" in bins else "tsan"
        inputs = [os.path.join(out, "work", r["sanitizer"], target)
                  for r in runs if r["target"] == target]
        env = san_env(san, False)
        env["ASAN_OPTIONS"] += ":detect_leaks=0"
        before, after = corpus.merge(
            fuzzer, a.corpus_root, target[len("fuzz_"):],
            os.path.join(out, "merge"), inputs, env,
            os.path.join(out, "runs", "merge-%s.log" % target))
        growth[target] = {"before": before, "after": after}
    return growth


def run_coverage(a, out, notes):
    cov_out = os.path.join(out, "coverage")
    cmd = [os.path.join(REPO, "ci", "coverage"), "--corpus-root",
           a.corpus_root, "--out", cov_out, "--build-dir",
           os.path.join(a.build_root, "coverage-fuzz")]
    if log_call(cmd, os.path.join(out, "coverage.log")) != 0:
        notes.append("ci/coverage failed (see coverage.log)")
        return None
    return {"html": os.path.join(cov_out, "html", "index.html"),
            "summary": os.path.join(cov_out, "summary.txt")}


def campaign(a, out, notes):
    for line in corpus.recover(a.corpus_root):
        notes.append("recovered from a killed run: " + line)
    notes.extend(runguard.recover_interrupted(a.out, out))
    if not a.no_build:
        for san in a.sanitizers:
            print("ci/campaign: building %s" % PRESETS[san], flush=True)
            err = build_preset(a, PRESETS[san],
                               os.path.join(out, "build-%s.log" % san))
            if err:
                notes.append(err)
    found = discover(a)
    if not found:
        raise CannotRun("no fuzz_* binaries under %s" % a.build_root)
    cli = cli_for(a, a.sanitizers[0])[0]
    if cli is None:
        raise CannotRun("no scopefuzz CLI under %s: the signatures come from "
                        "`scopefuzz sig`" % a.build_root)
    signature.use_cli(cli)
    impls = cli_impls(cli)
    if impls is not None and IMPL not in impls:
        raise CannotRun("--impl %s: no such implementation (`%s list`: %s)"
                        % (IMPL, cli, ", ".join(sorted(impls))))
    nruns = sum(len(b) for b in found.values())
    seconds = max(10, int(a.minutes * 60 / nruns))
    os.makedirs(os.path.join(out, "runs"), exist_ok=True)
    runs = []
    for target, bins in sorted(found.items()):
        for san, binary in sorted(bins.items()):
            print("ci/campaign: fuzzing %s under %s for %ds" %
                  (target, san, seconds), flush=True)
            runs.append(fuzz_run(a, out, target, san, binary, seconds))
    print("ci/campaign: merging corpora", flush=True)
    growth = merge_all(a, out, found, runs)
    fails = collect_failures(runs, out)
    process_failures(a, out, fails)
    cov = None if a.no_coverage else run_coverage(a, out, notes)
    return runs, growth, fails, cov


def main(argv):
    global TMPDIR, IMPL
    a = parse_args(argv)
    IMPL = a.impl
    os.environ["SCOPEFUZZ_IMPL"] = IMPL
    try:
        runguard.lock_corpus(a.corpus_root, a.wait_lock)
    except runguard.Busy as e:
        print("ci/campaign: %s" % e, file=sys.stderr)
        return 2
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y%m%dT%H%M%SZ")
    out = os.path.join(a.out, stamp)
    for n in range(2, 100):
        try:
            os.makedirs(out)
            break
        except FileExistsError:
            out = os.path.join(a.out, "%s-%d" % (stamp, n))
    runguard.mark_running(out)
    TMPDIR = os.path.join(out, "tmp")
    os.makedirs(TMPDIR)
    notes, runs, growth, fails, cov = [], [], {}, [], None
    notes.append("implementation fuzzed: %s (--impl)" % IMPL)
    try:
        runs, growth, fails, cov = campaign(a, out, notes)
        code = 1 if any(f["new"] for f in fails) else 0
    except (CannotRun, signature.SignatureError) as e:
        notes.append("campaign could not run: %s" % e)
        code = 2
    shutil.rmtree(TMPDIR, ignore_errors=True)
    report.write(out, vars(a), stamp, runs, growth, fails, cov, notes, code)
    print("ci/campaign: report %s/report.md (exit %d)" % (out, code))
    for n in notes:
        print("ci/campaign: note: " + n)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
