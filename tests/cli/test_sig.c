/*
 * test_sig.c - signatures of runs that kill the process (harness/cli
 * sig.c): sanitizer report texts as ASan, TSan, LSan and UBSan print them.
 */
#include <string.h>
#include <sys/wait.h>

#include "check.h"
#include "cli.h"

static void expect(const char *text, const char *want) {
    char sig[SF_INTERP_SIG_MAX + 1] = "";
    int found = cli_sig_from_text(text, sig);
    CHECK(found == (want != NULL));
    if (want != NULL && strcmp(sig, want) != 0) {
        fprintf(stderr, "got '%s', want '%s'\n", sig, want);
        CHECK(strcmp(sig, want) == 0);
    }
}

int main(void) {
    expect("=================================================================\n"
           "==42==ERROR: AddressSanitizer: heap-use-after-free on address 0x6020 at pc 0x1 bp\n"
           "READ of size 8 at 0x6020 thread T0\n"
           "    #0 0x55d1 in sc_scope_close /work/main/targets/scope/close.c:80:9\n"
           "    #1 0x55d2 in op_close /work/main/harness/interp/op_scope.c:12\n",
           "asan:heap-use-after-free:sc_scope_close");
    expect("==1==ERROR: AddressSanitizer: attempting double-free on 0x6020 in thread T0:\n"
           "    #0 0x4a in __interceptor_free asan_malloc_linux.cpp:52\n"
           "    #1 0x4b in scope_free /work/main/targets/scope/close.c:30\n",
           "asan:double-free:scope_free");
    expect("WARNING: ThreadSanitizer: data race (pid=7)\n"
           "  Read of size 1 at 0x7b04 by main thread:\n"
           "    #0 chan_op /work/main/targets/scope/chan_ops.c:40 (scopefuzz+0x1)\n",
           "tsan:data-race:chan_op");
    expect("==9==ERROR: LeakSanitizer: detected memory leaks\n\n"
           "SUMMARY: AddressSanitizer: 40 byte(s) leaked in 1 allocation(s).\n",
           "lsan:leak");
    expect("close.c:12:5: runtime error: member access within null pointer of type\n",
           "ubsan:member-access-within");
    expect("scope: sc_shutdown: 1 task(s) still running at the deadline\n", NULL);
    expect("", NULL);

    CHECK(cli_sig_is_crash("asan:heap-use-after-free:f"));
    CHECK(cli_sig_is_crash("signal:SEGV"));
    CHECK(!cli_sig_is_crash("deadlock"));
    CHECK(!cli_sig_is_crash("leak:task"));

    char sig[SF_INTERP_SIG_MAX + 1];
    cli_crash_sig("no report here", 11 /* killed by SIGSEGV */, sig);
    CHECK(strcmp(sig, "signal:SEGV") == 0);
    cli_crash_sig(NULL, 3 << 8 /* exit(3) */, sig);
    CHECK(strcmp(sig, "exit:3") == 0);
    return CHECK_DONE();
}
