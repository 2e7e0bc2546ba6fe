#!/usr/bin/env python3
"""signature.py - failure signature of a fuzz target's crash log.

Order of precedence:
  1. "SCOPEFUZZ-SIGNATURE: <sig>"          -> <sig> (an oracle failure)
  2. "ERROR: AddressSanitizer: <kind>"     -> asan:<kind>:<top project frame>
     "WARNING: ThreadSanitizer: <kind>"    -> tsan:<kind>:<frame>
     "ERROR: LeakSanitizer: ..."           -> lsan:leak:<frame>
     "runtime error:" (UBSan)              -> ubsan:undefined-behavior:<frame>
     "ERROR: libFuzzer: <kind>"            -> libfuzzer:<kind>:<frame>
  3. anything else                         -> unknown:<frame>
The top project frame is the first stack frame whose source file lies in the
project (falling back to the first frame outside the sanitizer and fuzzer
runtimes and the C library).

Usage: signature.py LOGFILE [PROJECT_ROOT]   prints the signature.
"""
import os
import re
import sys

FRAME = re.compile(r"^\s*#\d+ 0x[0-9a-fA-F]+ in (\S+) (\S+)")
RUNTIME_FUNC = re.compile(
    r"^(__sanitizer|__asan|__tsan|__ubsan|__lsan|__interceptor|__libc|"
    r"fuzzer::|abort|raise|__GI_|__assert|__cxa|_start|malloc|calloc|"
    r"realloc|free|memcpy|memmove|memset|strlen|pthread_|__pthread)")
RUNTIME_PATH = re.compile(
    r"(compiler-rt|/libfuzzer/|/llvm-toolchain|^/usr/|^/lib|^\(|sysdeps/)")
KINDS = [
    (re.compile(r"ERROR: AddressSanitizer: ([\w-]+)"), "asan"),
    (re.compile(r"WARNING: ThreadSanitizer: ([\w-]+(?: [\w-]+)*?)"
                r"(?: \(|$)"), "tsan"),
    (re.compile(r"ERROR: LeakSanitizer: detected memory leaks"), "lsan"),
    (re.compile(r"runtime error: "), "ubsan"),
    (re.compile(r"ERROR: libFuzzer: ([\w-]+)"), "libfuzzer"),
]
SIG_LINE = re.compile(r"SCOPEFUZZ-SIGNATURE: *(\S+)")


def _frames(lines):
    for line in lines:
        m = FRAME.match(line)
        if m:
            yield m.group(1), m.group(2)


def top_frame(lines, root=None):
    """Name of the first project function on the first stack in lines."""
    root = os.path.realpath(root) + "/" if root else None
    fallback = None
    for func, where in _frames(lines):
        if RUNTIME_FUNC.match(func) or RUNTIME_PATH.search(where):
            continue
        path = where.split(":")[0]
        if root is None or os.path.realpath(path).startswith(root):
            return func
        fallback = fallback or func
    return fallback or "unknown"


def classify(lines):
    """(tool, kind, index of the report line) of the first report found."""
    for i, line in enumerate(lines):
        for rx, tool in KINDS:
            m = rx.search(line)
            if not m:
                continue
            if tool == "lsan":
                return tool, "leak", i
            if tool == "ubsan":
                return tool, "undefined-behavior", i
            kind = m.group(1).strip().replace(" ", "-")
            if tool == "libfuzzer" and kind == "deadly":
                kind = "deadly-signal"
            return tool, kind, i
    return "unknown", "", 0


def signature(text, root=None):
    """Failure signature of one crash log (see module doc)."""
    m = SIG_LINE.search(text)
    if m:
        return m.group(1)
    lines = text.splitlines()
    tool, kind, at = classify(lines)
    frame = top_frame(lines[at:], root)
    if tool == "unknown":
        return "unknown:" + frame
    if kind in ("out-of-memory", "fuzz-target-exited"):
        return "%s:%s" % (tool, kind)
    return "%s:%s:%s" % (tool, kind, frame)


def file_name(sig, limit=80):
    """A file-name-safe form of a signature: [A-Za-z0-9._-] only."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", sig).strip("._-")
    return (safe or "failure")[:limit]


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.stderr.write(__doc__)
        sys.exit(2)
    with open(sys.argv[1], errors="replace") as f:
        print(signature(f.read(), sys.argv[2] if len(sys.argv) > 2 else None))
