#!/usr/bin/env python3
"""Interposition benchmark: time to first failure of each bug program of
tests/pthread/progs/ on real threads and under `scopefuzz test`, side by side
in one run; schedules per second of `scopefuzz test` on a 3-thread correct
program, and the time per fork.

    bench/pthread_bench.py [BUILD] [--trials 5] [--cap 60] [--hang 2]
                           [--schedules 2000] [--cc gcc-12] [--only NAME...]
                           [--real-only | --sf-only]

BUILD is a preset's build directory (default build/asan) with bin/scopefuzz
and bin/scopefuzz-cc.  For each NAME_bad.c:
  real threads: built with `CC -O1 -g -pthread -fsanitize=address`, run
    again and again (one run at a time) until a run fails (non-zero exit,
    a signal, or no exit within --hang seconds: a deadlock) or --cap seconds
    have passed; the time includes the hang timeout of a deadlocked run;
  scopefuzz: built with BUILD/bin/scopefuzz-cc -O1 -g, then
    `scopefuzz test --seconds CAP --seed TRIAL -o TMP -- PROG` (exit 1:
    found), timed from start to exit; also the number of schedules run up
    to the failing one (its `schedule K:` line).
Medians over --trials trials (trial i: scopefuzz seed i); a trial that finds
nothing counts as infinite, so a median shown as ">CAP" is a lower bound and
so is a ratio shown with ">".  Then the throughput half: `scopefuzz test
--schedules N` on abba_ok (main + 2 threads) and on an empty program (the
cost of one schedule with nothing in it: fork, runtime, exit), and a raw
fork + _exit + waitpid loop built with the preset's compiler and sanitizer.
Prints Markdown; nothing is asserted (these machines are noisy), exit 0.
Until scopefuzz-cc exists, the scopefuzz columns say why they are empty.
"""
import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

from benchlib import cache_value, env_with

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGS = os.path.join(ROOT, "tests", "pthread", "progs")
INF = float("inf")

# Bug programs: name -> (the bug, the signature scopefuzz should give in an
# ASan build).  Kept in step with tests/pthread/tests.cmake.
BUGS = {
    "abba": ("ABBA lock order", "deadlock"),
    "lost_wakeup": ("unlock between check and wait", "deadlock"),
    "if_wait": ("if instead of while around cond_wait", "assert:take"),
    "free_before_join": ("free before join", "asan:heap-use-after-free:worker"),
    "double_close": ("check-then-act double close", "asan:double-free:conn_close"),
    "exit_atexit": ("exit holding a lock atexit needs", "deadlock"),
    "thread_leak": ("thread alive at return from main", "thread-leak"),
    "cancel_cleanup": ("cancel without cleanup handler", "pthread:lock-held-at-exit"),
    "key_dtor": ("key without destructor", "lsan:leak"),
    "timedwait": ("timeout taken for success", "assert:reply_value"),
    "c11_event": ("C11 cnd_wait without predicate", "deadlock"),
    "sem_order": ("sem_wait while holding the mutex", "deadlock"),
}
# Extra scopefuzz-cc flags: the double close's window holds no pthread call,
# only plain loads and stores (tests/pthread/misuse.cmake builds it so too).
SFCC_FLAGS = {"double_close": ["--preempt-memory"]}
# No real-thread oracle sees these: stressing them only burns the cap.
REAL_INVISIBLE = {"thread_leak": "no oracle on real threads"}

ASAN_ENV = {"ASAN_OPTIONS": "detect_leaks=1:abort_on_error=1",
            "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1"}
SIG_LINE = re.compile(r"^\s*signature:\s*(\S+)", re.M)
SCHED_LINE = re.compile(r"^schedule (\d+):", re.M)

FORK_PROBE = r"""
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < n; i++) {
        pid_t p = fork();
        if (p == 0)
            _exit(0);
        if (p < 0 || waitpid(p, NULL, 0) != p)
            return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("%.3f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n / 1e3);
    return 0;
}
"""


def compile_c(cmd):
    """Runs a compiler command; returns None or the first lines of its errors."""
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        return " ".join(p.stdout.decode("utf-8", "replace").strip().splitlines()[:2])[:160]
    return None


def classify(rc, err, sf):
    """A name for a real-thread failure: `scopefuzz sig` on the log when the
    build has that verb, else a rough local reading of the log."""
    if rc == "hang":
        return "hang"
    text = err.decode("utf-8", "replace")
    if sf:
        with tempfile.NamedTemporaryFile("w", suffix=".log") as f:
            f.write(text)
            f.flush()
            p = subprocess.run([sf, "sig", f.name], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
            out = p.stdout.decode().split()
            if p.returncode == 0 and out:
                return out[-1]
    if "LeakSanitizer: detected memory leaks" in text:
        return "lsan:leak"
    m = re.search(r"AddressSanitizer: (?:attempting )?([\w-]+)", text)
    if m:
        return "asan:" + m.group(1)
    m = re.search(r"([\w.]+): Assertion `", text)
    if m:
        return "assert:" + m.group(1)
    if rc < 0:
        try:
            return "signal:" + signal.Signals(-rc).name
        except ValueError:
            return f"signal:{-rc}"
    return f"exit:{rc}"


def real_trial(binary, cap, hang, sf):
    """Runs binary until a run fails or cap seconds pass.
    Returns (seconds or None, runs, failure kind)."""
    env = env_with(ASAN_ENV)
    t0 = time.monotonic()
    runs = 0
    while time.monotonic() - t0 < cap:
        runs += 1
        try:
            p = subprocess.run([binary], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, timeout=hang)
            rc, err = p.returncode, p.stderr
        except subprocess.TimeoutExpired as e:
            rc, err = "hang", e.stderr or b""
        if rc != 0:
            return time.monotonic() - t0, runs, classify(rc, err, sf)
    return None, runs, ""


def sf_trial(sf, binary, cap, seed):
    """One `scopefuzz test --seconds cap`.  Returns (seconds or None, signature
    or error text, schedules run up to the failure or None)."""
    with tempfile.TemporaryDirectory() as work:
        cmd = [sf, "test", "--seconds", str(cap), "--seed", str(seed), "-o", work, "--", binary]
        t0 = time.monotonic()
        try:
            p = subprocess.run(cmd, env=env_with(ASAN_ENV), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=cap * 2 + 60)
        except subprocess.TimeoutExpired:
            return None, "scopefuzz test did not exit", None
        dt = time.monotonic() - t0
        out = p.stdout.decode("utf-8", "replace")
        if p.returncode == 1:
            m = SIG_LINE.search(out)
            k = SCHED_LINE.search(out)
            return dt, (m.group(1) if m else "?"), (int(k.group(1)) + 1 if k else None)
        if p.returncode == 0:
            return None, "", None
        return None, f"exit {p.returncode}: " + " ".join(out.strip().splitlines()[-1:])[:80], None


def sf_rate(sf, binary, schedules):
    """Seconds for `scopefuzz test --schedules N`, or an error string."""
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory() as work:
        p = subprocess.run([sf, "test", "--schedules", str(schedules), "-o", work, "--", binary],
                           env=env_with(ASAN_ENV), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=600)
    dt = time.monotonic() - t0
    if p.returncode != 0:
        return f"exit {p.returncode}"
    return dt


def fmt_s(t, cap):
    if t == INF:
        return f">{cap:g}"
    return f"{t:.3f}" if t < 1 else f"{t:.1f}"


def median(xs):
    return statistics.median([INF if x is None else x for x in xs])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("build", nargs="?", default=os.path.join(ROOT, "build", "asan"))
    ap.add_argument("--trials", type=int, default=5)
    ap.add_argument("--cap", type=float, default=60, help="seconds per trial (both halves)")
    ap.add_argument("--hang", type=float, default=2,
                    help="real threads: a run not done after this many seconds is a deadlock")
    ap.add_argument("--schedules", type=int, default=2000)
    ap.add_argument("--cc", default="gcc-12", help="compiler of the real-thread binaries")
    ap.add_argument("--only", nargs="*", help="bug program names (without _bad)")
    half = ap.add_mutually_exclusive_group()
    half.add_argument("--real-only", action="store_true")
    half.add_argument("--sf-only", action="store_true")
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    names = a.only or list(BUGS)
    for n in names:
        if n not in BUGS:
            sys.exit(f"pthread_bench: unknown program {n} (known: {' '.join(BUGS)})")

    sf = os.path.join(build, "bin", "scopefuzz")
    sfcc = os.path.join(build, "bin", "scopefuzz-cc")
    sf_why = None
    if a.real_only:
        sf_why = "skipped (--real-only)"
    elif not os.access(sfcc, os.X_OK) or not os.access(sf, os.X_OK):
        sf_why = f"n/a: {sfcc} not built"
    have_sig = sf if os.access(sf, os.X_OK) and subprocess.run(
        [sf, "sig", "--help"], stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL).returncode == 0 else None

    work = tempfile.mkdtemp(prefix="pthread-bench.")
    print(f"# pthread programs: real threads vs scopefuzz test ({time.strftime('%Y-%m-%d %H:%M')})\n")
    shown = os.path.relpath(build, ROOT) if build.startswith(ROOT + os.sep) else build
    print(f"- build: `{shown}` (SF_SANITIZE="
          f"{cache_value(build, 'SF_SANITIZE') or '?'}); real threads: `{a.cc} -O1 -g -pthread "
          f"-fsanitize=address`, one run at a time, hang = no exit in {a.hang:g} s")
    print(f"- {a.trials} trials per program, cap {a.cap:g} s per trial; medians; "
          f"'>' = lower bound (a trial found nothing within the cap)\n")
    print("| program | bug | expected | real: found | real: runs (median) | real: s (median) "
          "| real: failure | scopefuzz: found | scopefuzz: schedules (median) "
          "| scopefuzz: s (median) | scopefuzz: signature | ratio real/scopefuzz |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|", flush=True)
    for n in names:
        bug, want = BUGS[n]
        src = os.path.join(PROGS, f"{n}_bad.c")
        row = [n, bug, f"`{want}`"]
        real_med = None
        if a.sf_only:
            row += ["skipped", "", "", ""]
        elif n in REAL_INVISIBLE:
            row += [REAL_INVISIBLE[n], "", "", ""]
        else:
            exe = os.path.join(work, f"{n}_bad.real")
            err = compile_c([a.cc, "-O1", "-g", "-pthread", "-fsanitize=address",
                             "-fno-omit-frame-pointer", src, "-o", exe])
            if err:
                row += [f"build failed: {err}", "", "", ""]
            else:
                res = [real_trial(exe, a.cap, a.hang, have_sig) for _ in range(a.trials)]
                found = [r for r in res if r[0] is not None]
                real_med = median([r[0] for r in res])
                runs = statistics.median([r[1] for r in res])
                kinds = ",".join(sorted({r[2] for r in found}))
                row += [f"{len(found)}/{a.trials}", f"{runs:g}" + ("" if found else "+"),
                        fmt_s(real_med, a.cap), kinds]
        sf_med = None
        if sf_why:
            row += [sf_why, "", "", ""]
        else:
            exe = os.path.join(work, f"{n}_bad.sf")
            err = compile_c([sfcc] + SFCC_FLAGS.get(n, []) + ["-O1", "-g", src, "-o", exe])
            if err:
                row += [f"scopefuzz-cc failed: {err}", "", "", ""]
            else:
                res = [sf_trial(sf, exe, a.cap, seed) for seed in range(1, a.trials + 1)]
                found = [r for r in res if r[0] is not None]
                sf_med = median([r[0] for r in res])
                sigs = ",".join(sorted({r[1] for r in res if r[1]}))
                scheds = [r[2] for r in found if r[2] is not None]
                row += [f"{len(found)}/{a.trials}",
                        f"{statistics.median(scheds):g}" if scheds else "",
                        fmt_s(sf_med, a.cap), sigs]
        if real_med is None or sf_med is None or real_med == sf_med == INF:
            row.append("")
        elif sf_med == INF:
            row.append(f"<{real_med / a.cap:.2g}x")
        elif real_med == INF:
            row.append(f">{a.cap / sf_med:.0f}x")
        else:
            row.append(f"{real_med / sf_med:.0f}x")
        print("| " + " | ".join(row) + " |", flush=True)

    print(f"\n## throughput ({a.trials} trials, medians)\n")
    print("| measure | value |\n|---|---|")
    abba_ok = os.path.join(PROGS, "abba_ok.c")
    if not a.sf_only:
        exe = os.path.join(work, "abba_ok.real")
        err = compile_c([a.cc, "-O1", "-g", "-pthread", "-fsanitize=address", abba_ok, "-o", exe])
        if err:
            print(f"| real threads: runs/s of abba_ok | build failed: {err} |")
        else:
            times = []
            for _ in range(a.trials):
                t0 = time.monotonic()
                for _ in range(50):
                    subprocess.run([exe], env=env_with(ASAN_ENV), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, timeout=a.hang * 5)
                times.append((time.monotonic() - t0) / 50)
            t = statistics.median(times)
            print(f"| real threads: abba_ok (3 threads, ASan), process per run | "
                  f"{1 / t:.0f} runs/s ({t * 1e3:.2f} ms/run) |", flush=True)
    comp = cache_value(build, "CMAKE_C_COMPILER")
    sanitize = cache_value(build, "SF_SANITIZE")
    if comp:
        flags = {"asan": ["-fsanitize=address,undefined"], "tsan": ["-fsanitize=thread"]}
        src = os.path.join(work, "fork_probe.c")
        with open(src, "w") as f:
            f.write(FORK_PROBE)
        for san in dict.fromkeys([sanitize, "none"]):
            exe = os.path.join(work, f"fork_probe_{san}")
            label = (f"fork + _exit + waitpid, {os.path.basename(comp)} "
                     f"{' '.join(flags.get(san, ['(no sanitizer)']))}, no runtime")
            err = compile_c([comp, "-O1", "-g"] + flags.get(san, []) + [src, "-o", exe])
            if err:
                print(f"| {label} | build failed: {err} |")
                continue
            us = []
            for _ in range(a.trials):
                p = subprocess.run([exe, "1000"], env=env_with(ASAN_ENV), stdout=subprocess.PIPE)
                us.append(float(p.stdout.decode().strip() or "nan"))
            print(f"| {label} | {statistics.median(us):.1f} us |", flush=True)
    else:
        print(f"| fork + _exit + waitpid | n/a: no CMakeCache.txt in {build} |")
    if sf_why:
        print(f"| scopefuzz test --schedules {a.schedules}, abba_ok (3 threads) | {sf_why} |")
        print(f"| scopefuzz test --schedules {a.schedules}, empty program (time per fork) | {sf_why} |")
    else:
        empty = os.path.join(work, "empty.c")
        with open(empty, "w") as f:
            f.write("int main(void) { return 0; }\n")
        for label, src in (("abba_ok (3 threads)", abba_ok),
                           ("empty program (time per fork)", empty)):
            exe = os.path.join(work, os.path.basename(src) + ".sf")
            err = compile_c([sfcc, "-O1", "-g", src, "-o", exe])
            if err:
                print(f"| scopefuzz test, {label} | scopefuzz-cc failed: {err} |")
                continue
            res = [sf_rate(sf, exe, a.schedules) for _ in range(a.trials)]
            bad = [r for r in res if isinstance(r, str)]
            if bad:
                print(f"| scopefuzz test --schedules {a.schedules}, {label} | {bad[0]} |")
                continue
            t = statistics.median(res)
            print(f"| scopefuzz test --schedules {a.schedules}, {label} | "
                  f"{a.schedules / t:.0f} schedules/s ({t / a.schedules * 1e6:.0f} us/schedule) |",
                  flush=True)
    subprocess.run(["rm", "-rf", work])
    return 0


if __name__ == "__main__":
    sys.exit(main())
