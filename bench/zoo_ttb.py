#!/usr/bin/env python3
"""Time to bug of the seeded zoo (targets/zoo/*) under each `scopefuzz
explore` strategy, against real-thread stress of the same bug; medians of N
trials, side by side in one run.

    bench/zoo_ttb.py [--build build/asan] [--tsan-build build/tsan]
                     [--trials 3] [--cap 60] [--hang 2] [--only NAME...]
                     [--no-chaos] [--no-test] [--no-real]
                     [--strategies portfolio random pct-2 pct-3 pct-5 pos]

--strategies keeps only the explore columns named (portfolio is explore's
default options, the issue's time-to-bug); --no-real drops the real-thread
columns, --no-test the `scopefuzz test` one (and the ratios that need them).

Every variant runs in --build, except those the zoo marks `ONLY tsan`
(targets/zoo/CMakeLists.txt: closed_flag_race, a race only TSan sees),
which run in --tsan-build, every column of their row.

scopefuzz columns: `scopefuzz explore --impl zoo_NAME [STRATEGY] --seconds
CAP --seed T -o TMP` for trial T = 1..N, one process at a time, timed from
start to exit (process start included); found = exit 1; TSAN_OPTIONS=
halt_on_error=1 (as ci/campaign: otherwise TSan reports only when explore's
worker exits and the last program run is blamed).  STRATEGY is
`--strategy random`, `--strategy pct --depth 2|3|5`, nothing (the default
portfolio), and `--strategy pos` when that binary accepts it (checked on
`--impl reference --runs 1` at start; otherwise the column says so).
"programs" is the number of random programs explore ran up to and
including the failing one (its summary's run count).  Programs are
generated from the seed independently of the strategy, so strategies often
fail on the same program.

Real-thread columns (the baseline, no scheduler of ours): the variant's
patched library (BUILD/lib/libzoo_NAME_pthread.a) on the real-thread
backend (harness/platform/pthread), linked here into a temporary copy of
the build's `conformance_plain` (tests/conformance/runner_plain.c and every
scenario, the same objects, compiler and sanitizer flags as BUILD's
build.ninja links conformance_plain with), running the conformance
scenario that catches the variant (the zoo's SCENARIO) at the runner's
real-thread default scale (20): `PROG SCENARIO`, one process at a time,
again and again until a run fails (non-zero exit, a signal, a sanitizer
report; ASan with detect_leaks=1, TSan with halt_on_error=1) or does not
exit within --hang seconds (a deadlock; the hang time is counted), or CAP
seconds have passed.  "real+chaos" is the same with the backend's chaos on
(`--chaos SEED:200:50000`, ci/stress's setting: random yields and sleeps
up to 50 us at every platform call, a new seed per run).  "runs" is the
number of processes started up to the failing one.

"test (same scenario)": `scopefuzz test --seconds CAP --seed T -- PROG
--scale 1 SCENARIO` on the build's interposed copy (BUILD/crosscheck/
crosscheck_zoo_NAME, tests/crosscheck): the same scenario program under
our scheduler, schedules up to the failing one.  n/a when not built.

Ratios: real-thread median seconds over the portfolio's, over `scopefuzz
test`'s on the same scenario, and real+chaos over the portfolio (">" when
the numerator found nothing in the cap: a lower bound; "<" when the
denominator found nothing; "-" when neither did).  A deadlock costs real
threads at least --hang seconds (the time to tell it from a slow run).
Variants in targets/zoo/CMakeLists.txt that the build's `scopefuzz list`
does not know get one n/a row and are left out of the summary.  A trial
that finds nothing counts as infinite, so a median shown as ">CAP" is a
lower bound.  Signatures of the failures are listed under the table.
Prints Markdown; nothing is asserted (these machines are noisy), exit 0.
"""
import argparse
import collections
import os
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time

from benchlib import cache_value, env_with

# variables of ours a benchmark run must not inherit
ENV_DROP = ("SF_CHAOS",)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INF = float("inf")
FAIL_LINE = re.compile(r"^FAIL (\S+): program (\d+)", re.M)
RUNS_LINE = re.compile(r"^explore: \S+, (\d+) runs", re.M)
SIG_LINE = re.compile(r"^\s*signature:\s*(\S+)", re.M)
SCHED_LINE = re.compile(r"^schedule (\d+):", re.M)
SAN_ENV = {"ASAN_OPTIONS": "detect_leaks=1:abort_on_error=1",
           "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1",
           "TSAN_OPTIONS": "halt_on_error=1:second_deadlock_stack=1"}
CHAOS = "200:50000"
# explore's worker runs program after program in one process: without
# halt_on_error TSan reports only when the worker exits, and explore blames
# the last program (found "at the cap", a case that does not reproduce).
# ci/campaign runs TSan with halt_on_error=1 too.
EXPLORE_ENV = {"TSAN_OPTIONS": "halt_on_error=1"}


def zoo_variants():
    """[(name, scenario, only)] from targets/zoo/CMakeLists.txt's sf_add_zoo calls."""
    text = open(os.path.join(ROOT, "targets", "zoo", "CMakeLists.txt")).read()
    text = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("#"))
    out = []
    for m in re.finditer(r"^sf_add_zoo\((.*?)\)\s*$", text, re.M | re.S):
        body = m.group(1)
        name = re.search(r"\bNAME\s+(\S+)", body)
        scen = re.search(r"\bSCENARIO\s+(\S+)", body)
        only = re.search(r"\bONLY\s+(\S+)", body)
        if name and scen:
            out.append((name.group(1), scen.group(1), only.group(1) if only else None))
    return out


def plain_link(build):
    """(compiler, flags, objects) with which build.ninja links conformance_plain."""
    path = os.path.join(build, "build.ninja")
    lines = open(path).read().splitlines()
    for i, line in enumerate(lines):
        if line.startswith("build bin/conformance_plain:"):
            ins = line.split(":", 1)[1].split("|", 1)[0].split()[1:]
            vars_ = {}
            for v in lines[i + 1:]:
                if not v.startswith("  "):
                    break
                k, _, val = v.strip().partition(" = ")
                vars_[k] = val
            objs = [os.path.join(build, o) for o in ins if o.endswith(".o")]
            cc = cache_value(build, "CMAKE_C_COMPILER")
            flags = shlex.split(vars_.get("FLAGS", "")) + shlex.split(vars_.get("LINK_FLAGS", ""))
            return cc, flags, objs
    raise RuntimeError(f"{path}: no conformance_plain link step")


def build_plain(build, name, work):
    """Links the variant's real-thread conformance runner; returns (path, None)
    or (None, why)."""
    lib = os.path.join(build, "lib", f"libzoo_{name}_pthread.a")
    backend = os.path.join(build, "lib", "libsf_platform_pthread.a")
    if not os.path.exists(lib):
        return None, f"n/a: {os.path.basename(lib)} not built"
    try:
        cc, flags, objs = plain_link(build)
    except (OSError, RuntimeError) as e:
        return None, f"n/a: {e}"
    out = os.path.join(work, f"plain_{os.path.basename(build)}_{name}")
    p = subprocess.run([cc] + flags + objs + [lib, backend, "-o", out],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        return None, "n/a: link failed: " + p.stdout.decode(errors="replace").strip()[:120]
    return out, None


def classify(rc, err, sf):
    """A name for a real-thread failure: `scopefuzz sig` on its log, else a
    rough reading."""
    if rc == "hang":
        return "hang"
    text = err.decode("utf-8", "replace")
    with tempfile.NamedTemporaryFile("w", suffix=".log") as f:
        f.write(text)
        f.flush()
        p = subprocess.run([sf, "sig", f.name], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
        words = p.stdout.decode(errors="replace").split()
        if p.returncode == 0 and words:
            return words[-1]
    if "FAIL " in text:
        return "check"
    if isinstance(rc, int) and rc < 0:
        try:
            return "signal:" + signal.Signals(-rc).name
        except ValueError:
            return f"signal:{-rc}"
    return f"exit:{rc}"


def real_trial(prog, scenario, cap, hang, sf, chaos_base=None):
    """Runs `prog scenario` until a run fails or cap seconds pass.
    Returns (seconds or None, runs, failure kind)."""
    env = env_with(SAN_ENV, ENV_DROP)
    t0 = time.monotonic()
    runs = 0
    while time.monotonic() - t0 < cap:
        runs += 1
        cmd = [prog]
        if chaos_base is not None:
            cmd += ["--chaos", f"{chaos_base + runs}:{CHAOS}"]
        cmd.append(scenario)
        try:
            p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, timeout=hang)
            rc, err = p.returncode, p.stderr
        except subprocess.TimeoutExpired as e:
            rc, err = "hang", e.stderr or b""
        if rc != 0:
            return time.monotonic() - t0, runs, classify(rc, err, sf)
    return None, runs, ""


def explore_trial(sf, impl, args, cap, seed):
    """One `scopefuzz explore`.  Returns (seconds or None, programs, signature
    or error text)."""
    with tempfile.TemporaryDirectory(prefix="zoo-ttb.") as work:
        cmd = [sf, "explore", "--impl", impl] + args + [
            "--seconds", str(cap), "--seed", str(seed), "-o", work]
        t0 = time.monotonic()
        try:
            p = subprocess.run(cmd, env=env_with(EXPLORE_ENV, ENV_DROP), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=cap + 60)
        except subprocess.TimeoutExpired:
            return None, None, "explore did not exit"
        dt = time.monotonic() - t0
    out = p.stdout.decode("utf-8", "replace")
    runs = RUNS_LINE.search(out)
    runs = int(runs.group(1)) if runs else None
    if p.returncode == 1:
        m = FAIL_LINE.search(out)
        if m:
            return dt, int(m.group(2)) + 1, m.group(1)
        return dt, runs, "?"
    if p.returncode == 0:
        return None, runs, ""
    return None, None, f"exit {p.returncode}: " + " ".join(out.strip().splitlines()[-1:])[:80]


def test_trial(sf, prog, scenario, cap, seed):
    """One `scopefuzz test` of the interposed scenario program.  Returns
    (seconds or None, schedules or None, signature or error text)."""
    with tempfile.TemporaryDirectory(prefix="zoo-ttb.") as work:
        cmd = [sf, "test", "--seconds", str(cap), "--seed", str(seed), "-o", work, "--",
               prog, "--scale", "1", scenario]
        t0 = time.monotonic()
        try:
            p = subprocess.run(cmd, env=env_with(SAN_ENV, ENV_DROP), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=cap * 2 + 60)
        except subprocess.TimeoutExpired:
            return None, None, "scopefuzz test did not exit"
        dt = time.monotonic() - t0
    out = p.stdout.decode("utf-8", "replace")
    if p.returncode == 1:
        m = SIG_LINE.search(out)
        k = SCHED_LINE.search(out)
        return dt, (int(k.group(1)) + 1 if k else None), (m.group(1) if m else "?")
    if p.returncode == 0:
        return None, None, ""
    return None, None, f"exit {p.returncode}: " + " ".join(out.strip().splitlines()[-1:])[:80]


def accepts_pos(sf):
    with tempfile.TemporaryDirectory(prefix="zoo-ttb.") as work:
        p = subprocess.run([sf, "explore", "--impl", "reference", "--strategy", "pos",
                            "--runs", "1", "-o", work], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    return p.returncode in (0, 1)


def impls(sf):
    p = subprocess.run([sf, "list"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return {l.split()[0] for l in p.stdout.decode().splitlines() if l.strip()}


def med(xs):
    return statistics.median([INF if x is None else x for x in xs]) if xs else INF


def fmt_s(t, cap):
    if t == INF:
        return f">{cap:g} s"
    return f"{t:.2f} s" if t < 10 else f"{t:.0f} s"


def fmt_n(n):
    if n == INF:
        return "-"
    return f"{n:.0f}"


class Cell:
    """Trials of one (bug, method): seconds (None: not found), counts, kinds."""

    def __init__(self, why=None):
        self.why = why
        self.secs, self.counts, self.kinds, self.errors = [], [], [], []

    def add(self, secs, count, kind):
        if secs is None and kind:
            self.errors.append(kind)
            return
        self.secs.append(secs)
        self.counts.append(count if secs is not None else None)
        if kind:
            self.kinds.append(kind)

    def found(self):
        return sum(s is not None for s in self.secs)

    def med_s(self):
        return med(self.secs) if not self.why else INF

    def text(self, cap):
        if self.why:
            return self.why
        err = f" ({len(self.errors)} failed to run)" if self.errors else ""
        if not self.secs:
            return "error" + err
        return (f"{self.found()}/{len(self.secs)}, {fmt_s(self.med_s(), cap)}, "
                f"{fmt_n(med(self.counts))}{err}")


def ratio_text(real, sf, cap):
    """real / sf with the lower / upper bound marks."""
    if real == INF and sf == INF:
        return "-"
    if sf == INF:
        return f"<{real / cap:.2g}x"
    if real == INF:
        return f">{cap / max(sf, 1e-9):.3g}x"
    return f"{real / max(sf, 1e-9):.3g}x"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "asan"))
    ap.add_argument("--tsan-build", default=os.path.join(ROOT, "build", "tsan"))
    ap.add_argument("--trials", type=int, default=3)
    ap.add_argument("--cap", type=int, default=60, help="seconds per trial, every column")
    ap.add_argument("--hang", type=float, default=2,
                    help="real threads: a run not done after this many seconds is a deadlock")
    ap.add_argument("--only", nargs="*", help="variant names (without zoo_)")
    ap.add_argument("--no-chaos", action="store_true", help="skip the real+chaos column")
    ap.add_argument("--no-test", action="store_true",
                    help="skip the `scopefuzz test` (same scenario) column")
    ap.add_argument("--no-real", action="store_true",
                    help="skip the real-thread columns (real threads, real+chaos)")
    ap.add_argument("--strategies", nargs="*", metavar="COLUMN",
                    help="explore columns to run (default: all of portfolio random pct-2 "
                         "pct-3 pct-5 pos)")
    a = ap.parse_args()
    variants = zoo_variants()
    known = [v[0] for v in variants]
    for n in a.only or []:
        if n not in known:
            sys.exit(f"zoo_ttb: unknown variant {n} (known: {' '.join(known)})")
    variants = [v for v in variants if not a.only or v[0] in a.only]
    builds = {"asan": os.path.abspath(a.build), "tsan": os.path.abspath(a.tsan_build)}

    strategies = [("portfolio", []), ("random", ["--strategy", "random"])]
    strategies += [(f"pct-{d}", ["--strategy", "pct", "--depth", str(d)]) for d in (2, 3, 5)]
    strategies.append(("pos", ["--strategy", "pos"]))
    for n in a.strategies or []:
        if n not in [s[0] for s in strategies]:
            sys.exit(f"zoo_ttb: unknown strategy column {n}")
    strategies = [s for s in strategies if not a.strategies or s[0] in a.strategies]
    pos_ok, known_impls = {}, {}
    for key, b in builds.items():
        sf = os.path.join(b, "bin", "scopefuzz")
        if os.access(sf, os.X_OK):
            pos_ok[key] = accepts_pos(sf)
            known_impls[key] = impls(sf)

    work = tempfile.mkdtemp(prefix="zoo-ttb.")
    print(f"# Seeded zoo: time to bug per strategy vs real-thread stress "
          f"({time.strftime('%Y-%m-%d %H:%M')})\n")
    for key, b in builds.items():
        shown = os.path.relpath(b, ROOT) if b.startswith(ROOT + os.sep) else b
        print(f"- {key}: `{shown}` (SF_SANITIZE={cache_value(b, 'SF_SANITIZE') or '?'}); "
              f"`--strategy pos` "
              f"{'accepted' if pos_ok.get(key) else 'rejected or binary missing'}")
    print(f"- {a.trials} trials per cell, cap {a.cap:g} s per trial; a cell is "
          f"`found/trials, median seconds, median programs (explore) | schedules (test) | "
          f"runs (real threads)`; '>' = lower bound")
    print(f"- real threads: the variant's scenario on the pthread backend, default scale, "
          f"one process per run, hang = no exit in {a.hang:g} s; real+chaos: "
          f"`--chaos SEED:{CHAOS}`")
    print("- ratios: median seconds of the first column named over the second's "
          "(real = real threads)\n")

    cols = [s[0] for s in strategies] + ([] if a.no_test else ["test (same scenario)"])
    cols += [] if a.no_real else ["real threads"] + ([] if a.no_chaos else ["real+chaos"])
    ratios = [("real threads", "portfolio")]
    ratios += [] if a.no_test else [("real threads", "test (same scenario)")]
    ratios += [] if a.no_chaos else [("real+chaos", "portfolio")]
    ratios = [(num, den) for num, den in ratios if num in cols and den in cols]
    cols += [f"ratio {num.split()[0]}/{den.split()[0]}" for num, den in ratios]
    print("| bug | build | scenario | " + " | ".join(cols) + " |")
    print("|---|---|---|" + "---|" * len(cols), flush=True)

    rows, skipped = [], []
    for name, scenario, only in variants:
        key = "tsan" if only == "tsan" else "asan"
        b = builds[key]
        sf = os.path.join(b, "bin", "scopefuzz")
        impl = f"zoo_{name}"
        cells = collections.OrderedDict()
        if not os.access(sf, os.X_OK) or impl not in known_impls.get(key, ()):
            shown = os.path.relpath(sf, ROOT) if sf.startswith(ROOT + os.sep) else sf
            print(f"| {name} | {key} | {scenario} | n/a: no {impl} in {shown} |"
                  + " |" * (len(cols) - 1), flush=True)
            skipped.append(name)
            continue
        for label, args in strategies:
            if label == "pos" and not pos_ok.get(key):
                cells[label] = Cell("n/a: binary rejects --strategy pos")
                continue
            c = cells[label] = Cell()
            for t in range(1, a.trials + 1):
                c.add(*explore_trial(sf, impl, args, a.cap, t))
        if not a.no_test:
            xprog = os.path.join(b, "crosscheck", f"crosscheck_zoo_{name}")
            if not os.access(xprog, os.X_OK):
                why = f"n/a: {os.path.relpath(xprog, b)} not built"
                cells["test (same scenario)"] = Cell(why)
            else:
                c = cells["test (same scenario)"] = Cell()
                for t in range(1, a.trials + 1):
                    c.add(*test_trial(sf, xprog, scenario, a.cap, t))
        prog, why = build_plain(b, name, work) if not a.no_real else (None, None)
        for label, chaos in [("real threads", False), ("real+chaos", True)]:
            if label not in cols:
                continue
            if why:
                cells[label] = Cell(why)
                continue
            c = cells[label] = Cell()
            for t in range(1, a.trials + 1):
                c.add(*real_trial(prog, scenario, a.cap, a.hang, sf,
                                  t * 1000000 if chaos else None))
        texts = [cells[c].text(a.cap) for c in cols if c in cells]
        for num, den in ratios:
            if cells[num].secs and cells[den].secs:
                texts.append(ratio_text(cells[num].med_s(), cells[den].med_s(), a.cap))
            else:
                texts.append("n/a")
        print(f"| {name} | {key} | {scenario} | " + " | ".join(texts) + " |", flush=True)
        rows.append((name, cells))

    print("\nFailure signatures (trials per signature):\n")
    for name, cells in rows:
        parts = []
        for c, cell in cells.items():
            if cell.kinds:
                cnt = collections.Counter(cell.kinds)
                parts.append(f"{c}: " + ", ".join(f"`{k}` x{v}" for k, v in cnt.most_common()))
            if cell.errors:
                parts.append(f"{c}: failed to run: " + "; ".join(sorted(set(cell.errors))))
        print(f"- {name}: " + ("; ".join(parts) if parts else "none"))

    def always(col):
        return sum(1 for _, cs in rows if col in cs and not cs[col].why
                   and cs[col].found() == len(cs[col].secs) and cs[col].secs)

    def trials(col):
        k = sum(cs[col].found() for _, cs in rows if col in cs and not cs[col].why)
        m = sum(len(cs[col].secs) for _, cs in rows if col in cs and not cs[col].why)
        return f"{k}/{m}"

    def faster(col):
        if col not in cols or "real threads" not in cols:
            return f"{col} n/a"
        both = [cs for _, cs in rows if cs[col].secs and cs["real threads"].secs]
        k = sum(1 for cs in both if cs[col].med_s() < cs["real threads"].med_s())
        return f"{col} {k}/{len(both)}"

    def applies(col):
        return sum(1 for _, cs in rows if col in cs and not cs[col].why and cs[col].secs)

    parts = [f"portfolio found {always('portfolio')}/{applies('portfolio')} bugs in every "
             f"trial ({trials('portfolio')} trials)"] if "portfolio" in cols else []
    for col in cols:
        if col not in ("portfolio",) and not col.startswith("ratio"):
            parts.append(f"{col} {always(col)}/{applies(col)} ({trials(col)})")
    quicker = [faster("portfolio")] + ([] if a.no_test else [faster("test (same scenario)")])
    missing = f"; not in the builds: {' '.join(skipped)}" if skipped else ""
    print(f"\nzoo_ttb: {'; '.join(parts)}; median faster than real threads: "
          f"{', '.join(quicker)} bugs (cap {a.cap:g} s, {a.trials} trials){missing}")
    subprocess.run(["rm", "-rf", work])
    return 0


if __name__ == "__main__":
    sys.exit(main())
