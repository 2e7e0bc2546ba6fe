#!/usr/bin/env python3
"""signature_test.py - the campaign's signatures are the CLI's.

Usage: signature_test.py REPO SCOPEFUZZ

Reads the shared table of real logs (tests/sig/table.tsv, also read by the
C test tests/cli/test_sig.c) and checks that ci/campaign.d/signature.py,
which asks `SCOPEFUZZ sig`, gives every row's signature; an unsymbolized
report must raise SignatureError (never a <null> signature); file_name().
"""
import os
import sys

REPO = sys.argv[1] if len(sys.argv) > 1 else "."
CLI = sys.argv[2] if len(sys.argv) > 2 else None
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(REPO, "ci", "campaign.d"))
import signature  # noqa: E402

TABLE = os.path.join(REPO, "tests", "sig", "table.tsv")
NAMES = [("asan:heap-use-after-free:chan_pop",
          "asan_heap-use-after-free_chan_pop"),
         ("../../etc/passwd", "etc_passwd"), ("", "failure"),
         ("a" * 200, "a" * 80)]


def rows():
    with open(TABLE) as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                log, want = line.split("\t")
                yield os.path.join(REPO, "tests", "sig", "logs", log), want


def main():
    bad = n = 0
    signature.use_cli(CLI)
    for log, want in rows():
        n += 1
        with open(log, errors="replace") as f:
            text = f.read()
        try:
            got = signature.signature(text)
            got = "!none" if got == "unknown" else got
        except signature.SignatureError as e:
            got = "!unsymbolized" if "could not symbolize" in str(e) else \
                "error: %s" % e
        if got != want:
            print("FAIL: %s: want %s, got %s" % (os.path.basename(log), want,
                                                  got))
            bad += 1
    if n < 14:
        print("FAIL: only %d rows in %s" % (n, TABLE))
        bad += 1
    for sig, want in NAMES:
        got = signature.file_name(sig)
        if got != want:
            print("FAIL: file_name(%r) = %r, want %r" % (sig, got, want))
            bad += 1
    print("FAIL" if bad else "PASS (%d logs)" % n)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
