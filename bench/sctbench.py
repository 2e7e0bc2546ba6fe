#!/usr/bin/env python3
"""SCTBench under `scopefuzz test`, beside the published figures (issue 11).

    bench/sctbench.py --suite DIR [--build DIR] [--trials 5]
                      [--max-schedules 2000] [--strategies random pct1 ...]
                      [--programs NAME|buggy|ok ...] [--modes sync mem]
                      [--ok-trials 1] [--ok-strategies ...] [--jobs 1]
                      [--leaks] [--out DIR]

DIR is a checkout of SCTBench (github mc-imperial/sctbench, MIT); nothing
of it is copied into this repository.  BUILD is a preset's build directory
(default build/asan) with bin/scopefuzz and bin/scopefuzz-cc.

Each program (the issue's buggy list and every `*_ok` of
benchmarks/concurrent-software-benchmarks/, unless --programs narrows it)
is built twice with `scopefuzz-cc -O1 -g -w`: `sync` (scheduling points at
synchronization calls only) and `mem` (`--preempt-memory`: loads and stores
of shared memory too).  Each build runs under
`scopefuzz test -q --allow-thread-leak --schedules K --seed S STRATEGY`
(SCTBench programs return from main without joining), with STRATEGY one of
random (`--strategy random`), pct1/pct2/pct3 (`--strategy pct --depth D`),
pos (`--strategy pos`), surw (`--strategy surw`) and portfolio (the
default of `scopefuzz test`).  --trial-seconds S stops a trial of the
other strategies (never the portfolio, which the last line judges) after S
seconds; it counts as not found, and the cell says how many were stopped.  Trial t uses seed
t * 1,000,000 (run i of a trial uses seed S + i, so trials never share a
seed).  Schedules to the bug are the `schedule N:` line's N + 1; seconds
are wall-clock for the whole `scopefuzz test` process (start of the
schedule server included).  LeakSanitizer is off (ASAN_OPTIONS
detect_leaks=0) unless --leaks: the published tools do not check leaks, and
qsort_mt leaks its input array in every schedule.

A buggy program counts as found when every trial of the portfolio (the
default of `scopefuzz test`; of any strategy when the portfolio did not
run) found a failure (any signature; the signatures seen are listed); each
strategy's own count is printed too.  A `*_ok` program is a false alarm
when any of its runs fails (--ok-trials trials per strategy of
--ok-strategies and build, K schedules each).  --jobs N runs N trials at
once (seconds then include the contention).  Prints Markdown: per program x
strategy, trials found, mean schedules and mean seconds to the first bug
over the trials that found it, the published figures beside (PUBLISHED
below), schedules/s over everything and per program (with the mean
schedules a trial: a bug found at once measures the process start) and
their median over the programs of 100 or more schedules a trial, and a
PNG plot (gnuplot) written to --out.  The last
line is `sctbench: found N/M bugs within K schedules; false alarms F/K2`
(N, M over the buggy programs in the `mem` build with any strategy; F, K2
over the `*_ok` programs, any build, any strategy).  Nothing is asserted,
exit 0.  The full run of the issue is --trials 20 --max-schedules 10000
(hours on 2 cores).
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CSB = os.path.join("benchmarks", "concurrent-software-benchmarks")

# The buggy list: name -> (path inside the checkout, arguments).
# qsort_mt's arguments are its `//args:` first line with NUMTHREADS = 2, the
# value of SCTBench's scripts/settings.sh (main + 2 sorting threads).
BUGGY = {n: (os.path.join(CSB, n + ".c"), []) for n in [
    "account_bad", "bluetooth_driver_bad", "carter01_bad", "circular_buffer_bad",
    "deadlock01_bad", "lazy01_bad", "queue_bad", "stack_bad", "token_ring_bad",
    "twostage_bad", "twostage_100_bad", "wronglock_bad", "wronglock_3_bad",
    "reorder_3_bad", "reorder_4_bad", "reorder_5_bad", "reorder_10_bad",
    "reorder_20_bad"]}
BUGGY["qsort_mt"] = (os.path.join("benchmarks", "inspect_benchmarks", "qsort_mt.c"),
                     ["-n", "32", "-f", "4", "-h", "2", "-v"])
# clang-14 makes a bare `return;` in a non-void function an error.
EXTRA_CFLAGS = ["-Wno-error=return-type"]

STRATEGIES = {
    "random": ["--strategy", "random"],
    "pct1": ["--strategy", "pct", "--depth", "1"],
    "pct2": ["--strategy", "pct", "--depth", "2"],
    "pct3": ["--strategy", "pct", "--depth", "3"],
    "pos": ["--strategy", "pos"],
    "surw": ["--strategy", "surw"],
    "portfolio": ["--strategy", "portfolio"],
}
MODES = {"sync": [], "mem": ["--preempt-memory"]}

# Published figures, as issue 11 gives them ("recounted from the authors'
# result files"): mean/median schedules to the bug, per program where the
# issue has a per-program figure.  RFF: Wolff et al., "Greybox Fuzzing for
# Concurrency Testing", ASPLOS 2024, 20 trials x 5 min, 48/49 bugs on
# SCTBench + ConVul + RADBench, median about 5 schedules (0.6 s) per bug.
# SURW / PCT-3 / POS / random walk: "Selectively Uniform Concurrency
# Testing", ASPLOS 2025, 10,000 schedules x 20 trials, 38 bugs.
PUBLISHED_TOTALS = [
    # tool, source, bugs found, of, note
    ("RFF", "ASPLOS 2024", 48, 49, "median ~5 schedules (0.6 s) per bug; worst qsort_mt ~322"),
    ("SURW", "ASPLOS 2025", 35, 38, "reorder_3..20 in 5-16 schedules"),
    ("PCT-3", "ASPLOS 2025 (SURW's runs)", 33, 38, "reorder_* 184-3,224 schedules"),
    ("POS", "ASPLOS 2025 (SURW's runs)", 30, 38, ""),
    ("random walk", "ASPLOS 2025 (SURW's runs)", 21, 38, ""),
]
# program -> {tool: schedules}; a pair (lo, hi) is the range over
# reorder_3..20, not a per-program figure.
PUBLISHED = {
    "qsort_mt": {"RFF": 322},
    "twostage_100_bad": {"RFF": 56, "SURW": 453},
}
for _n in ["reorder_3_bad", "reorder_4_bad", "reorder_5_bad", "reorder_10_bad", "reorder_20_bad"]:
    PUBLISHED[_n] = {"SURW": (5, 16), "PCT-3": (184, 3224)}
# RFF's rate: ~5 schedules in 0.6 s per bug (median), real threads behind
# one lock, 10 ms watchdog for blocked threads.
RFF_RATE = 5 / 0.6

SCHED_LINE = re.compile(r"^schedule (\d+):", re.M)
SIG_LINE = re.compile(r"^signature: (\S+)", re.M)
PASS_LINE = re.compile(r"^test: (\d+) schedules in ([0-9.]+) s", re.M)
INF = float("inf")


def build(cc, src, out, mode):
    cmd = [cc] + MODES[mode] + ["-O1", "-g", "-w"] + EXTRA_CFLAGS + [src, "-o", out]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        return p.stderr.strip().splitlines()[-1] if p.stderr.strip() else "build failed"
    return None


def run_test(sf, prog, args, strat, seed, k, tmp, env, cap=None):
    """One `scopefuzz test` trial: (found, schedules, seconds, signature);
    stopped after `cap` seconds: (False, None, cap, None)."""
    cmd = [sf, "test", "-q", "--allow-thread-leak", "--schedules", str(k), "--seed", str(seed),
           "-o", tmp] + STRATEGIES[strat] + ["--", prog] + args
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=cap)
    except subprocess.TimeoutExpired:
        return False, None, cap, None
    dt = time.monotonic() - t0
    if p.returncode == 1:
        m, s = SCHED_LINE.search(p.stdout), SIG_LINE.search(p.stdout)
        n = int(m.group(1)) + 1 if m else k
        return True, n, dt, s.group(1) if s else "?"
    if p.returncode == 0:
        m = PASS_LINE.search(p.stdout)
        return False, int(m.group(1)) if m else k, dt, None
    raise SystemExit("sctbench: %s exited %d:\n%s%s" % (" ".join(cmd), p.returncode,
                                                         p.stdout, p.stderr))


def fmt_num(x):
    if x == INF or x is None:
        return "-"
    return "%.0f" % x if x >= 10 else "%.1f" % x


def fmt_pub(v):
    if isinstance(v, tuple):
        return "%d-%d (range over reorder_*)" % v
    return "%d" % v


LONG_TRIAL = 100  # schedules a trial, on average, for a rate to measure runs, not starts


def rate_table(P, results, names, modes, strategies):
    """Schedules per second of each program and build over every strategy's
    runs, beside RFF's median rate, with the mean schedules a trial: a trial
    that finds its bug in one schedule measures the start of `scopefuzz
    test` and the failure's replay, not the runs.  Then the median over the
    programs whose trials ran LONG_TRIAL schedules or more on average (the
    `*_ok` programs run all K): one aggregate is ruled by the programs that
    run longest (qsort_mt's thousands of memory points, twostage_100's 101
    threads)."""
    rates = {m: [] for m in modes}
    rows = []
    for name in names:
        cells = []
        for m in modes:
            rs = [results.get((name, m, s)) for s in strategies]
            rs = [r for r in rs if r and r["sec"] > 0]
            if not rs:
                cells.append("-")
                continue
            rate = sum(r["sched"] for r in rs) / sum(r["sec"] for r in rs)
            per_trial = sum(r["sched"] for r in rs) / sum(r["timed"] for r in rs)
            if per_trial >= LONG_TRIAL:
                rates[m].append(rate)
            cells.append("%.0f/s (%.1fx), %s a trial" % (rate, rate / RFF_RATE, fmt_num(per_trial)))
        rows.append("| %s | %s |" % (name, " | ".join(cells)))
    if not any(c != "-" for row in rows for c in row.split(" | ")[1:]):
        return
    P("Schedules per second per program (all its runs, process starts and failure replays "
      "included; in brackets: over RFF's %.1f/s), and mean schedules a trial:" % RFF_RATE)
    P("")
    P("| program | " + " | ".join(modes) + " |")
    P("|---|" + "---|" * len(modes))
    for row in rows:
        P(row)
    P("| median over programs of %d or more schedules a trial | " % LONG_TRIAL + " | ".join(
        "%.0f/s (%.1fx), %d programs" % (statistics.median(rates[m]),
                                          statistics.median(rates[m]) / RFF_RATE, len(rates[m]))
        if rates[m] else "-" for m in modes) + " |")
    P("")


def plot(rows, strategies, modes, k, out_png):
    """Grouped bars: mean schedules to the bug (log scale), one bar per
    strategy and build (the mem build only, when there is one), a miss drawn at K; published PCT-3/SURW/RFF figures
    where the issue gives one (the low end of a range)."""
    gp = shutil.which("gnuplot")
    if not gp:
        return "gnuplot not found: no plot"
    dat = out_png[:-4] + ".dat"
    cols = [(m, s) for m in modes for s in strategies]
    pubs = ["PCT-3", "SURW", "RFF"]
    with open(dat, "w") as f:
        f.write("program " + " ".join("%s/%s" % c for c in cols) + " " + " ".join(pubs) + "\n")
        for name, per in rows:
            vals = []
            for c in cols:
                r = per.get(c)
                v = r["mean_sched"] if r and r["nfound"] else k
                vals.append("%g" % v)
            for t in pubs:
                v = PUBLISHED.get(name, {}).get(t)
                vals.append("%g" % (v[0] if isinstance(v, tuple) else v) if v else "NaN")
            f.write(name.replace("_bad", "") + " " + " ".join(vals) + "\n")
    n = len(cols)
    script = f"""
set terminal pngcairo size 1600,700 noenhanced
set output '{out_png}'
set title 'SCTBench, build {"+".join(modes)}: mean schedules to the first bug over the trials that found it (log scale; no trial found it: drawn at {k})'
set style data histogram
set style histogram cluster gap 1
set style fill solid 0.8 border -1
set logscale y
set yrange [0.8:{k * 2}]
set xtics rotate by -45
set key outside right top autotitle columnhead
set ylabel 'schedules'
plot for [i=2:{n + 1}] '{dat}' using i:xtic(1), \\
     '{dat}' using 0:{n + 2} with points pt 7 ps 1.5 lc rgb 'black' title 'PCT-3 (published)', \\
     '{dat}' using 0:{n + 3} with points pt 9 ps 1.5 lc rgb 'red' title 'SURW (published)', \\
     '{dat}' using 0:{n + 4} with points pt 5 ps 1.5 lc rgb 'blue' title 'RFF (published)'
"""
    p = subprocess.run([gp], input=script, capture_output=True, text=True)
    return None if p.returncode == 0 else "gnuplot: " + p.stderr.strip()


def goals(P, buggy, mode, results=None):
    """The issue's goals for the portfolio, per program: its mean schedules
    against our PCT-3's (same run) and against the best published figure
    (the issue gives one for qsort_mt and twostage_100, and a range over
    reorder_3..20, compared at both ends)."""
    results = RESULTS if results is None else results
    port = "portfolio"
    if not any((n, mode, port) in results for n in buggy):
        return
    P("Goals (issue 11), the portfolio in the %s build: mean schedules against PCT-3 "
      "(this run) and the best published figure (x: ratio, portfolio / other):" % mode)
    P("")
    P("| program | portfolio | PCT-3 | portfolio <= PCT-3 | best published | within 2x |")
    P("|---|---|---|---|---|---|")
    for n in buggy:
        r = results.get((n, mode, port))
        if not r:
            continue
        pm = r["mean_sched"] if r["found"] else INF
        pc = results.get((n, mode, "pct3"))
        pcm = pc["mean_sched"] if pc and pc["nfound"] else (INF if pc else None)
        le = "-" if pcm is None else ("yes" if pm <= pcm else "no") + (
            " (%.2fx)" % (pm / pcm) if pcm not in (None, INF) and pm != INF else "")
        best = None  # (tool, low, high): the smallest published figure
        for t, v in PUBLISHED.get(n, {}).items():
            lo, hi = v if isinstance(v, tuple) else (v, v)
            if best is None or lo < best[1]:
                best = (t, lo, hi)
        if best:
            t, lo, hi = best
            w2 = "%s (%.1fx)" % ("yes" if pm <= 2 * lo else "no", pm / lo)
            bp = "%s %d" % (t, lo)
            if hi != lo:
                w2 += "; against the high end %d of %s's range: %s (%.1fx)" % (
                    hi, t, "yes" if pm <= 2 * hi else "no", pm / hi)
                bp += "-%d (a range over reorder_*)" % hi
        else:
            bp, w2 = "", "-"
        P("| %s | %s | %s | %s | %s | %s |" % (n, fmt_num(pm) if r["found"] else
                                              "%d/%d trials" % (r["nfound"], r["trials"]),
                                              "-" if pcm is None else fmt_num(pcm), le, bp, w2))
    P("")


RESULTS = {}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--suite", required=True, help="SCTBench checkout")
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "asan"))
    ap.add_argument("--trials", type=int, default=5)
    ap.add_argument("--max-schedules", type=int, default=2000)
    ap.add_argument("--strategies", nargs="+", default=list(STRATEGIES), choices=list(STRATEGIES))
    ap.add_argument("--modes", nargs="+", default=list(MODES), choices=list(MODES))
    ap.add_argument("--programs", nargs="+", help="names, or the groups buggy and ok (default: both)")
    ap.add_argument("--ok-trials", type=int, default=1,
                    help="trials per strategy and build for each *_ok program")
    ap.add_argument("--ok-strategies", nargs="+", choices=list(STRATEGIES),
                    help="strategies for the *_ok programs (default: --strategies)")
    ap.add_argument("--jobs", type=int, default=1, help="trials run at once (default 1)")
    ap.add_argument("--leaks", action="store_true", help="keep LeakSanitizer on")
    ap.add_argument("--trial-seconds", type=float, default=None,
                    help="stop a trial of a strategy other than the portfolio after this long; "
                         "it counts as not found (default: no cap)")
    ap.add_argument("--out", default=None, help="directory for sctbench.png/.md (default: a temp dir)")
    a = ap.parse_args()

    suite = os.path.abspath(a.suite)
    cc = os.path.join(a.build, "bin", "scopefuzz-cc")
    sf = os.path.join(a.build, "bin", "scopefuzz")
    for f in (cc, sf):
        if not os.access(f, os.X_OK):
            sys.exit("sctbench: %s missing (build the preset first)" % f)
    progs = dict(BUGGY)
    csb = os.path.join(suite, CSB)
    if not os.path.isdir(csb):
        sys.exit("sctbench: %s: not an SCTBench checkout (no %s)" % (a.suite, CSB))
    for f in sorted(os.listdir(csb)):
        if f.endswith("_ok.c"):
            progs[f[:-2]] = (os.path.join(CSB, f), [])
    if a.programs:
        groups = {"buggy": [n for n in progs if not n.endswith("_ok")],
                  "ok": [n for n in progs if n.endswith("_ok")]}
        names = [n for p in a.programs for n in groups.get(p, [p])]
        unknown = [p for p in names if p not in progs]
        if unknown:
            sys.exit("sctbench: unknown programs: " + " ".join(unknown))
        progs = {p: progs[p] for p in names}
    k = a.max_schedules
    env = dict(os.environ)
    if not a.leaks:
        env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":")

    work = tempfile.mkdtemp(prefix="sctbench-")
    out = os.path.abspath(a.out) if a.out else work
    os.makedirs(out, exist_ok=True)
    results = RESULTS  # (name, mode, strategy) -> dict
    build_err = {}
    tot_sched, tot_sec = {m: 0 for m in a.modes}, {m: 0.0 for m in a.modes}
    t_start = time.monotonic()
    ok_strats = a.ok_strategies or a.strategies
    jobs = []  # (name, mode, strategy, trials, exe, args)
    for name, (rel, args) in progs.items():
        ok = name.endswith("_ok")
        trials = a.ok_trials if ok else a.trials
        for mode in a.modes:
            exe = os.path.join(work, "%s.%s" % (name, mode))
            err = build(cc, os.path.join(suite, rel), exe, mode)
            if err:
                build_err[(name, mode)] = err
                print("sctbench: %s (%s): build failed: %s" % (name, mode, err), file=sys.stderr)
                continue
            for strat in (ok_strats if ok else a.strategies):
                jobs.append((name, mode, strat, trials, exe, args))
    # every trial of every job at once on --jobs workers; results in job order
    pool = ThreadPoolExecutor(max_workers=max(1, a.jobs))
    futures = [[pool.submit(run_test, sf, exe, args, strat, t * 1000000, k, work, env,
                            None if strat == "portfolio" else a.trial_seconds)
                for t in range(trials)] for (_, _, strat, trials, exe, args) in jobs]
    for (name, mode, strat, trials, exe, args), fs in zip(jobs, futures):
        runs = [f.result() for f in fs]
        capped = sum(1 for r in runs if r[1] is None)
        runs = [r for r in runs if r[1] is not None]
        for r in runs:
            tot_sched[mode] += r[1]
            tot_sec[mode] += r[2]
        found = [r for r in runs if r[0]]
        res = {
            "trials": trials,
            "nfound": len(found),
            "found": len(found) == trials,
            "mean_sched": statistics.mean(r[1] for r in found) if found else INF,
            "mean_sec": statistics.mean(r[2] for r in found) if found else INF,
            "sigs": sorted({r[3] for r in found}),
            "sched_per_s": sum(r[1] for r in runs) / max(1e-9, sum(r[2] for r in runs)),
            "sched": sum(r[1] for r in runs),
            "sec": sum(r[2] for r in runs),
            "timed": len(runs),  # trials not stopped at --trial-seconds
            "capped": capped,
        }
        results[(name, mode, strat)] = res
        print("sctbench: %-22s %-4s %-9s found %d/%d  mean %s schedules %s s  %s" % (
            name, mode, strat, res["nfound"], trials, fmt_num(res["mean_sched"]),
            fmt_num(res["mean_sec"]), ",".join(res["sigs"])), file=sys.stderr, flush=True)
    elapsed = time.monotonic() - t_start

    lines = []
    P = lines.append
    P("## SCTBench under scopefuzz test (%s)" % os.path.basename(os.path.normpath(a.build)))
    P("")
    P("%d trials x at most %d schedules%s per buggy program, strategy and build; %d trial(s) "
      "per `*_ok` program; LeakSanitizer %s; %.0f s in all." % (
          a.trials, k, " or %g s" % a.trial_seconds if a.trial_seconds else "", a.ok_trials,
          "on" if a.leaks else "off", elapsed))
    P("Cells: trials that found the bug, mean schedules / mean seconds to the first bug over "
      "those trials (`-`: none).  `sync`: scheduling points at synchronization calls only; "
      "`mem`: `--preempt-memory`.")
    P("")
    buggy = [n for n in progs if not n.endswith("_ok")]
    oks = [n for n in progs if n.endswith("_ok")]
    hdr = ["program", "build"] + a.strategies + ["published (schedules)", "signatures"]
    P("| " + " | ".join(hdr) + " |")
    P("|" + "---|" * len(hdr))
    plot_rows = []
    for name in buggy:
        per = {}
        for mode in a.modes:
            cells, sigs = [], set()
            for s in a.strategies:
                r = results.get((name, mode, s))
                if not r:
                    cells.append("build failed" if (name, mode) in build_err else "")
                    continue
                per[(mode, s)] = r
                sigs.update(r["sigs"])
                cells.append("%d/%d: %s / %s s%s" % (
                    r["nfound"], r["trials"], fmt_num(r["mean_sched"]), fmt_num(r["mean_sec"]),
                    " (%d stopped at %g s)" % (r["capped"], a.trial_seconds) if r["capped"] else ""))
            pub = "; ".join("%s %s" % (t, fmt_pub(v)) for t, v in PUBLISHED.get(name, {}).items())
            P("| %s | %s | %s | %s | %s |" % (name, mode, " | ".join(cells), pub or "",
                                             ", ".join(sorted(sigs))))
        plot_rows.append((name, per))
    P("")
    P("Published totals (issue 11, recounted from the authors' result files):")
    P("")
    P("| tool | venue | found | note |")
    P("|---|---|---|---|")
    for tool, venue, n, m, note in PUBLISHED_TOTALS:
        P("| %s | %s | %d/%d | %s |" % (tool, venue, n, m, note))
    P("")
    if oks:
        P("Correct programs (`*_ok`), failures / trials over all strategies:")
        P("")
        P("| program | " + " | ".join(a.modes) + " | signatures |")
        P("|---|" + "---|" * len(a.modes) + "---|")
    false_alarms = 0
    for name in oks:
        cells, sigs, bad = [], set(), False
        for mode in a.modes:
            rs = [results.get((name, mode, s)) for s in ok_strats]
            rs = [r for r in rs if r]
            if not rs:
                cells.append("build failed")
                continue
            nf = sum(r["nfound"] for r in rs)
            bad = bad or nf > 0
            sigs.update(*(r["sigs"] for r in rs))
            cells.append("%d/%d" % (nf, sum(r["trials"] for r in rs)))
        false_alarms += bad
        P("| %s | %s | %s |" % (name, " | ".join(cells), ", ".join(sorted(sigs))))
    if oks:
        P("")
    P("Schedules per second (all runs, including the start of each `scopefuzz test`): " +
      "; ".join("%s %.0f/s" % (m, tot_sched[m] / tot_sec[m]) for m in a.modes if tot_sec[m] > 0) +
      ".  RFF's published median (about 5 schedules in 0.6 s, real threads behind one lock) is "
      "%.1f/s: ratio %s." % (RFF_RATE, "; ".join(
          "%s %.0fx" % (m, tot_sched[m] / tot_sec[m] / RFF_RATE) for m in a.modes if tot_sec[m] > 0)))
    P("")
    rate_table(P, results, list(progs), a.modes, a.strategies)
    if buggy and a.strategies:
        # one build in the plot (the one that sees every bug class): 5 bars a program
        pmodes = ["mem"] if "mem" in a.modes else a.modes
        err = plot(plot_rows, a.strategies, pmodes, k, os.path.join(out, "sctbench.png"))
        P("Plot: %s" % (err or os.path.join(out, "sctbench.png")))
        P("")
    # found: in the mem build (or the only build), in every trial, by the
    # portfolio (scopefuzz test's default) when it ran, else by any strategy
    mode_n = "mem" if "mem" in a.modes else a.modes[0]
    for s in a.strategies:
        P("%s (%s build): found in every trial %d/%d" % (s, mode_n, sum(
            1 for n in buggy if results.get((n, mode_n, s), {}).get("found")), len(buggy)))
    P("")
    goals(P, buggy, mode_n)
    judged = ["portfolio"] if "portfolio" in a.strategies else a.strategies
    nfound = sum(1 for n in buggy if any(
        results.get((n, mode_n, s), {}).get("found") for s in judged))
    P("sctbench: found %d/%d bugs within %d schedules; false alarms %d/%d" % (
        nfound, len(buggy), k, false_alarms, len(oks)))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "sctbench.md"), "w") as f:
        f.write(text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
