#!/usr/bin/env python3
"""signature.py - failure signature of a crash log, asked of the CLI.

The project has exactly one signature implementation: the scopefuzz CLI's
(harness/cli/sig.c), printed by `scopefuzz sig --json LOG`.  The campaign
must give the same signatures as the minimized cases and the regression
suite, so this module computes nothing itself: it runs that verb.
(`scopefuzz sig --help` lists the rules: SCOPEFUZZ-SIGNATURE lines first,
then asan:KIND:FRAME, lsan:leak:FRAME, tsan:KIND:FRAME, ubsan:CHECK[:FRAME],
libfuzzer:KIND[:FRAME].)  A log with no failure report gives "unknown"; a
report the sanitizer could not symbolize raises SignatureError with the
sanitizer's own words: its signature would be meaningless (<null> frames).

Usage: signature.py [--cli SCOPEFUZZ] LOGFILE   prints the signature
(SCOPEFUZZ: default $SCOPEFUZZ_CLI).
"""
import json
import os
import re
import subprocess
import sys

CLI = os.environ.get("SCOPEFUZZ_CLI") or None


class SignatureError(Exception):
    """No signature can be computed (unsymbolized report, no CLI)."""


def use_cli(path):
    """Sets the scopefuzz binary whose `sig` verb computes signatures."""
    global CLI
    CLI = path


def signature(text, cli=None):
    """Failure signature of one crash log's text (see module doc)."""
    cli = cli or CLI
    if not cli:
        raise SignatureError("no scopefuzz CLI to compute signatures with "
                             "(build the scopefuzz target)")
    p = subprocess.run([cli, "sig", "--json", "-"], input=text,
                       capture_output=True, text=True, errors="replace")
    try:
        doc = json.loads(p.stdout)[0]
    except (ValueError, IndexError, KeyError):
        raise SignatureError("%s sig failed (exit %d): %s" %
                             (cli, p.returncode, p.stderr.strip()))
    if doc["status"] == "found":
        return doc["signature"]
    if doc["status"] == "none":
        return "unknown"
    raise SignatureError("the sanitizer could not symbolize its report, so "
                         "its signature would be meaningless; it said: %s"
                         % doc.get("symbolizer", p.stderr).strip())


def file_name(sig, limit=80):
    """A file-name-safe form of a signature: [A-Za-z0-9._-] only."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", sig).strip("._-")
    return (safe or "failure")[:limit]


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "--cli":
        use_cli(args[1])
        args = args[2:]
    if len(args) != 1:
        sys.stderr.write(__doc__)
        sys.exit(2)
    with open(args[0], errors="replace") as f:
        try:
            print(signature(f.read()))
        except SignatureError as e:
            sys.stderr.write("signature.py: %s\n" % e)
            sys.exit(2)
