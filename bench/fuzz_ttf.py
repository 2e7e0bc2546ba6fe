#!/usr/bin/env python3
"""Fuzzing effectiveness benchmark: exec/s of every program target against the
reference library, and time-to-find of every seeded bug (median of N runs,
one core each, libFuzzer seeds 1..N).

    bench/fuzz_ttf.py [--build build/fuzz-asan] [--tsan-build build/fuzz-tsan]
                      [--runs 5] [--limit 60] [--jobs 2] [--target mixed]
                      [--only NAME...]

Needs the fuzz-asan preset built (and fuzz-tsan for TSan-only bugs).  Prints
a Markdown table; nothing is asserted (these machines are noisy).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIG = re.compile(r"SCOPEFUZZ-SIGNATURE: *(\S+)")
SAN = re.compile(r"(?:ERROR: AddressSanitizer|ERROR: LeakSanitizer|WARNING: ThreadSanitizer|"
                 r"runtime error)[: ]+([A-Za-z-]+(?: [a-z-]+)?)")
EXECS = re.compile(r"exec/s: (\d+)")

# Seeded bugs that only a TSan build can see.
TSAN_ONLY = {"zoo_closed_flag_race"}


def fuzz(binary, impl, target, seed, limit, extra_env=None, seeds=True):
    """Runs one libFuzzer process; returns (seconds or None, signature, last exec/s).
    Without seeds, libFuzzer starts from an empty corpus."""
    with tempfile.TemporaryDirectory() as work:
        env = dict(os.environ, SCOPEFUZZ_IMPL=impl)
        env.update(extra_env or {})
        cmd = [binary, f"-seed={seed}", f"-max_total_time={limit}", "-print_final_stats=1",
               f"-artifact_prefix={work}/", f"-dict={ROOT}/corpus/{target}.dict",
               work] + ([f"{ROOT}/corpus/{target}"] if seeds else [])
        t0 = time.monotonic()
        p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           timeout=limit * 3 + 60)
        dt = time.monotonic() - t0
        err = p.stderr.decode("utf-8", "replace")
        found = any(f.startswith(("crash-", "leak-", "timeout-", "oom-")) for f in os.listdir(work))
        m = SIG.search(err) or SAN.search(err)
        sig = m.group(1) if m else ("?" if found else "")
        rates = EXECS.findall(err)
        return (dt if found else None), sig, (int(rates[-1]) if rates else 0)


def drivers(binary):
    p = subprocess.run([binary, "-runs=0"], env=dict(os.environ, SCOPEFUZZ_IMPL="?"),
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    names = re.findall(r"^\s+(\S+)\s", p.stderr.decode(), re.M)
    return [n for n in names if n != "reference"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=f"{ROOT}/build/fuzz-asan")
    ap.add_argument("--tsan-build", default=f"{ROOT}/build/fuzz-tsan")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--limit", type=int, default=60)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--target", default="mixed")
    ap.add_argument("--rate-seconds", type=int, default=20)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--no-seeds", action="store_true",
                    help="start time-to-find runs from an empty corpus, not corpus/<target>/")
    a = ap.parse_args()

    asan_env = {"ASAN_OPTIONS": "detect_leaks=1:abort_on_error=1"}
    tsan_env = {"TSAN_OPTIONS": "halt_on_error=1:handle_segv=0"}
    bins = {t: f"{a.build}/bin/fuzz_{t}" for t in ("scope", "chan", "mixed")}
    for b in bins.values():
        if not os.access(b, os.X_OK):
            sys.exit(f"fuzz_ttf: {b} missing: cmake --preset fuzz-asan && cmake --build --preset fuzz-asan")

    print(f"## exec/s against the reference ({a.rate_seconds} s each, one core, ASan)\n")
    print("| target | exec/s |\n|---|---|")
    for t, b in bins.items():
        _, sig, rate = fuzz(b, "reference", t, 1, a.rate_seconds, asan_env)
        print(f"| fuzz_{t} | {rate}{'  (FOUND ' + sig + ')' if sig else ''} |", flush=True)

    bugs = a.only or drivers(bins[a.target])
    start = "an empty corpus" if a.no_seeds else f"corpus/{a.target}/"
    print(f"\n## time to find, fuzz_{a.target} from {start}, median of {a.runs} runs, limit {a.limit} s\n")
    print("| bug | sanitizer | found | median s | runs (s) | signatures |\n|---|---|---|---|---|---|")
    for bug in bugs:
        tsan = bug in TSAN_ONLY
        b = f"{a.tsan_build}/bin/fuzz_{a.target}" if tsan else bins[a.target]
        if not os.access(b, os.X_OK):
            print(f"| {bug} | {'tsan' if tsan else 'asan'} | not built | | | |")
            continue
        env = tsan_env if tsan else asan_env
        with ThreadPoolExecutor(a.jobs) as ex:
            res = list(ex.map(lambda s: fuzz(b, bug, a.target, s, a.limit, env, not a.no_seeds),
                              range(1, a.runs + 1)))
        times = [r[0] for r in res]
        found = [t for t in times if t is not None]
        med = statistics.median([t if t is not None else float("inf") for t in times])
        med_s = f"{med:.1f}" if med != float("inf") else f">{a.limit}"
        runs = " ".join(f"{t:.1f}" if t is not None else "-" for t in times)
        sigs = ",".join(sorted({r[1] for r in res if r[1]}))
        print(f"| {bug} | {'tsan' if tsan else 'asan'} | {len(found)}/{a.runs} | {med_s} | {runs} | {sigs} |",
              flush=True)


if __name__ == "__main__":
    main()
