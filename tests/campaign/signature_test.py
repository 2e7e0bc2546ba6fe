#!/usr/bin/env python3
"""signature_test.py - failure signatures of typical crash logs.

Usage: signature_test.py REPO
"""
import os
import sys

REPO = sys.argv[1] if len(sys.argv) > 1 else "."
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(REPO, "ci", "campaign.d"))
import signature  # noqa: E402

SRC = os.path.join(os.path.realpath(REPO), "targets", "scope")
RT = "/usr/lib/llvm-19/lib/clang/19/lib/linux/libclang_rt.tsan-x86_64.a"
CASES = [
    ("SCOPEFUZZ-SIGNATURE: leak:scope-close\n==1== ERROR: libFuzzer: deadly"
     " signal\n    #0 0x1 in abort (/lib/x86_64-linux-gnu/libc.so.6+0x1)\n",
     "leak:scope-close"),
    ("==7==ERROR: AddressSanitizer: heap-use-after-free on address 0x6\n"
     "    #0 0x1 in __asan_memcpy (/b/fuzz+0x1)\n"
     "    #1 0x2 in chan_pop %s/chan.c:10:3\n"
     "    #2 0x3 in scope_close %s/close.c:5:1\n" % (SRC, SRC),
     "asan:heap-use-after-free:chan_pop"),
    ("WARNING: ThreadSanitizer: data race (pid=12)\n"
     "  Write of size 4 at 0x7b by thread T1:\n"
     "    #0 0x1 in __tsan_write4 %s\n"
     "    #1 0x2 in task_exit %s/task.c:44:7 (fuzz+0x2)\n" % (RT, SRC),
     "tsan:data-race:task_exit"),
    ("WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock)"
     " (pid=3)\n    #0 0x1 in pthread_mutex_lock %s\n"
     "    #1 0x2 in chan_lock %s/chan.c:3:1\n" % (RT, SRC),
     "tsan:lock-order-inversion:chan_lock"),
    ("==9==ERROR: LeakSanitizer: detected memory leaks\n\nDirect leak of 8"
     " byte(s)\n    #0 0x1 in malloc (/b/fuzz+0x1)\n"
     "    #1 0x2 in defer_push %s/defer.c:20:9\n" % SRC,
     "lsan:leak:defer_push"),
    ("%s/sleep.c:9:3: runtime error: signed integer overflow\n"
     "    #0 0x1 in sleep_until %s/sleep.c:9:3\n" % (SRC, SRC),
     "ubsan:undefined-behavior:sleep_until"),
    ("==4== ERROR: libFuzzer: timeout after 10 seconds\n"
     "    #0 0x1 in __sanitizer_print_stack_trace (/b/f+0x1)\n"
     "    #1 0x2 in fuzzer::PrintStackTrace() (/b/f+0x2)\n"
     "    #2 0x3 in wait_loop %s/wait.c:7:2\n" % SRC,
     "libfuzzer:timeout:wait_loop"),
    ("==5== ERROR: libFuzzer: out-of-memory (used: 2600Mb)\n",
     "libfuzzer:out-of-memory"),
    ("Segmentation fault\n", "unknown:unknown"),
]
NAMES = [("asan:heap-use-after-free:chan_pop",
          "asan_heap-use-after-free_chan_pop"),
         ("../../etc/passwd", "etc_passwd"), ("", "failure"),
         ("a" * 200, "a" * 80)]


def main():
    bad = 0
    for text, want in CASES:
        got = signature.signature(text, REPO)
        if got != want:
            print("FAIL: want %s, got %s" % (want, got))
            bad += 1
    for sig, want in NAMES:
        got = signature.file_name(sig)
        if got != want:
            print("FAIL: file_name(%r) = %r, want %r" % (sig, got, want))
            bad += 1
    print("FAIL" if bad else "PASS")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
