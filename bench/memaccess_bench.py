#!/usr/bin/env python3
"""Per-access overhead of memory-access scheduling points (`scopefuzz-cc
--preempt-memory`, harness/interpose/memory.c): nanoseconds per load/store
of bench/memaccess_bench.c built four ways, and schedules/s of `scopefuzz
test` on a small 2-thread program with and without --preempt-memory;
medians of several repetitions, ratios side by side in one run.

    bench/memaccess_bench.py [BUILD] [--reps 7] [--n 5000000]
                             [--n-points 100000] [--schedules 2000]
                             [--sched-reps 3]

BUILD is a clang preset's build directory (default build/asan) with
bin/scopefuzz and bin/scopefuzz-cc.  The four builds of memaccess_bench.c,
all -O1 -g:
  clang        the compiler scopefuzz-cc uses (its CC line), -pthread,
               no sanitizer: real threads;
  clang+san    the same plus scopefuzz-cc's sanitizer flags (its SAN line);
  sfcc         scopefuzz-cc: the same sanitizers, interposed, every thread a
               fiber of the deterministic runtime; memory accesses are not
               scheduling points;
  sfcc+mem     scopefuzz-cc --preempt-memory: every load and store calls
               __sanitizer_cov_load/store*(addr) first; an access to the
               thread's own stack or to a heap granule only one thread has
               touched returns at once, a global (the executable's data and
               bss) or a heap granule two threads touched is a scheduling
               point (sim_point_access).
The interposed builds run standalone (`./prog MODE N`: one run on the
runtime, random walk, in-process, as a program built with scopefuzz-cc does
without `scopefuzz test`).  Modes (one load and one store per iteration of
`p[i & 7] += 1` on a volatile array, timed with the real monotonic clock
from the first thread's loop start to the last one's end, thread creation
excluded):
  stack   one thread, an array on its own stack (no point);
  global  one thread, a global array (a point per access: globals always are);
  heap    one thread, a heap block only it touches (no point);
  shared  two threads, one heap block both touch: every access is a point
          (sfcc+mem); on real threads (clang, clang+san) the two race in
          parallel on two cores (a benign benchmark race), under sfcc they
          run one after the other on one OS thread; the share of the time
          both loops ran at once is printed under the table (on a busy
          2-core machine real threads often do not overlap either).
--n iterations per thread for every build but sfcc+mem, --n-points for
sfcc+mem (a run stops at the runtime's 1,000,000-step budget: 2 threads x 2
accesses x 100,000 = 400,000 points).  Then `scopefuzz test --schedules N
-o TMP -- PROG pair` (two threads adding to a global counter under a
mutex; main checks it) built with sfcc and with sfcc+mem: schedules/s
(fork per schedule included, as always with `scopefuzz test`).  Prints
Markdown; nothing is asserted (these machines are noisy), exit 0.
"""
import argparse
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

from benchlib import env_with

# variables of ours a benchmark run must not inherit
ENV_DROP = ("SCOPEFUZZ_CTL", "SCOPEFUZZ_STRATEGY", "SCOPEFUZZ_SEED")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "bench", "memaccess_bench.c")
MODES = [("stack", "own stack, 1 thread"), ("global", "global, 1 thread"),
         ("heap", "heap, 1 thread"), ("shared", "heap shared by 2 threads")]
BUILDS = ["clang", "clang+san", "sfcc", "sfcc+mem"]
SAN_ENV = {"ASAN_OPTIONS": "detect_leaks=1:abort_on_error=1",
           "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1"}


def sfcc_var(sfcc, name):
    """A shell variable of the generated scopefuzz-cc script (CC, SAN)."""
    with open(sfcc) as f:
        for line in f:
            m = re.match(rf"^{name}='([^']*)'$", line.strip())
            if m:
                return m.group(1)
    return None


def compile_all(build, work):
    """{build name: path or error text}."""
    sfcc = os.path.join(build, "bin", "scopefuzz-cc")
    cc = sfcc_var(sfcc, "CC")
    san = shlex.split(sfcc_var(sfcc, "SAN") or "")
    base = ["-std=c17", "-O1", "-g", "-Wall", "-Wextra", "-Werror", SRC]
    cmds = {"clang": [cc, "-pthread"] + base,
            "clang+san": [cc, "-pthread"] + san + base,
            "sfcc": [sfcc] + base,
            "sfcc+mem": [sfcc, "--preempt-memory"] + base}
    out = {}
    for name, cmd in cmds.items():
        exe = os.path.join(work, "memaccess_" + name.replace("+", "_"))
        p = subprocess.run(cmd + ["-o", exe], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if p.returncode != 0:
            out[name] = "build failed: " + p.stdout.decode(errors="replace").strip()[:120]
        else:
            out[name] = exe
    return out, cc, san


def ns_per_access(exe, mode, n, reps, overlaps=None):
    """Median ns per access over reps runs, or an error string; appends each
    run's overlap share to overlaps."""
    vals = []
    for _ in range(reps):
        p = subprocess.run([exe, mode, str(n)], env=env_with(SAN_ENV, ENV_DROP),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
        words = p.stdout.decode(errors="replace").split()
        if p.returncode != 0 or len(words) != 3:
            err = p.stderr.decode(errors="replace").strip().splitlines()
            return f"exit {p.returncode}: " + (err[-1][:80] if err else "")
        vals.append(float(words[0]))
        if overlaps is not None:
            overlaps.append(float(words[2]))
    return statistics.median(vals)


def sched_rate(sf, exe, schedules, reps):
    """Median schedules/s of `scopefuzz test --schedules N -- exe pair`."""
    vals = []
    for _ in range(reps):
        with tempfile.TemporaryDirectory(prefix="memaccess.") as work:
            t0 = time.monotonic()
            p = subprocess.run([sf, "test", "--schedules", str(schedules), "-o", work, "--",
                                exe, "pair", "0"], env=env_with(SAN_ENV, ENV_DROP),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=1800)
            dt = time.monotonic() - t0
        if p.returncode != 0:
            out = p.stdout.decode(errors="replace").strip().splitlines()
            return f"exit {p.returncode}: " + (out[-1][:80] if out else "")
        vals.append(schedules / dt)
    return statistics.median(vals)


def fmt(v):
    if isinstance(v, str):
        return v
    return f"{v:.2f}" if v < 100 else f"{v:.0f}"


def ratio(a, b):
    if isinstance(a, str) or isinstance(b, str) or b <= 0:
        return "n/a"
    return f"{a / b:.3g}x"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("build", nargs="?", default=os.path.join(ROOT, "build", "asan"))
    ap.add_argument("--reps", type=int, default=7, help="runs per cell (median)")
    ap.add_argument("--n", type=int, default=5000000,
                    help="iterations per thread, builds without memory points")
    ap.add_argument("--n-points", type=int, default=100000,
                    help="iterations per thread, sfcc+mem (keep 4 x N under 1,000,000)")
    ap.add_argument("--schedules", type=int, default=2000)
    ap.add_argument("--sched-reps", type=int, default=3)
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    sf = os.path.join(build, "bin", "scopefuzz")
    sfcc = os.path.join(build, "bin", "scopefuzz-cc")
    for f in (sf, sfcc):
        if not os.access(f, os.X_OK):
            sys.exit(f"memaccess_bench: {f} not built")
    work = tempfile.mkdtemp(prefix="memaccess.")
    exes, cc, san = compile_all(build, work)
    shown = os.path.relpath(build, ROOT) if build.startswith(ROOT + os.sep) else build
    print(f"# Memory-access scheduling points: cost per load/store "
          f"({time.strftime('%Y-%m-%d %H:%M')})\n")
    print(f"- build: `{shown}`; clang = `{cc} -O1 -g -pthread`; sanitizers = `{' '.join(san)}`")
    print(f"- median of {a.reps} runs; {a.n} iterations per thread ({a.n_points} for sfcc+mem); "
          f"one iteration = one load + one store; ns per access = real time "
          f"(first loop start..last loop end) / accesses; interposed builds run standalone "
          f"(one run, random walk)\n")
    res, overlap = {}, {}
    for b in BUILDS:
        for mode, _ in MODES:
            exe = exes[b]
            if not os.path.isabs(exe):
                res[b, mode] = exe
                continue
            n = a.n_points if b == "sfcc+mem" else a.n
            overlap[b, mode] = []
            res[b, mode] = ns_per_access(exe, mode, n, a.reps, overlap[b, mode])
    print("| access | " + " | ".join(f"{b} ns" for b in BUILDS)
          + " | sfcc/clang+san | sfcc+mem/sfcc | sfcc+mem/clang+san |")
    print("|---|" + "---|" * (len(BUILDS) + 3))
    for mode, label in MODES:
        r = [res[b, mode] for b in BUILDS]
        print(f"| {label} | " + " | ".join(fmt(v) for v in r)
              + f" | {ratio(r[2], r[1])} | {ratio(r[3], r[2])} | {ratio(r[3], r[1])} |")

    shares = [f"{b} {statistics.median(overlap[b, 'shared']) * 100:.0f}%"
              for b in BUILDS if overlap.get((b, "shared"))]
    print(f"\nShared, median share of the time both loops ran at once: {', '.join(shares)} "
          f"(real threads overlap only when two cores are free; fibers never run in parallel, "
          f"under sfcc+mem they take turns at every access, so both loops span the whole time)")

    rates = {}
    for b in ("sfcc", "sfcc+mem"):
        exe = exes[b]
        rates[b] = (sched_rate(sf, exe, a.schedules, a.sched_reps) if os.path.isabs(exe)
                    else exe)
    print(f"\n`scopefuzz test --schedules {a.schedules} -- PROG pair` (main + 2 threads, "
          f"40 locked increments of a global), median of {a.sched_reps}:\n")
    print("| build | schedules/s |")
    print("|---|---|")
    for b in ("sfcc", "sfcc+mem"):
        print(f"| {b} | {fmt(rates[b])} |")
    print(f"| ratio sfcc+mem/sfcc | {ratio(rates['sfcc+mem'], rates['sfcc'])} |")

    def r(mode):
        return ratio(res["sfcc+mem", mode], res["sfcc", mode])

    print(f"\nmemaccess: --preempt-memory costs {fmt(res['sfcc+mem', 'stack'])} ns per "
          f"own-stack access ({r('stack')} of sfcc), {fmt(res['sfcc+mem', 'heap'])} ns per "
          f"one-thread heap access ({r('heap')}), {fmt(res['sfcc+mem', 'shared'])} ns per shared "
          f"access (a scheduling point, {r('shared')}); scopefuzz test "
          f"{ratio(rates['sfcc+mem'], rates['sfcc'])} schedules/s on a 2-thread program")
    subprocess.run(["rm", "-rf", work])
    return 0


if __name__ == "__main__":
    sys.exit(main())
