/*
 * test_sig.c - failure signatures of report texts (harness/cli/sig.c, the
 * one implementation): every real log of the shared table tests/sig/
 * table.tsv (argument: that file) must give its signature, plus the edge
 * cases of crashed children.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "../check.h"
#include "cli.h"

/* Checks one row: log file (relative to the table's directory), want. */
static void row(const char *dir, const char *log, const char *want) {
    char path[4096], sig[SF_INTERP_SIG_MAX + 1] = "";
    size_t n = 0;
    snprintf(path, sizeof path, "%s/logs/%s", dir, log);
    char *text = cli_read_file(path, 64 << 20, &n);
    CHECK(text != NULL);
    if (text == NULL)
        return;
    int found = cli_sig_from_text(text, sig);
    const char *got = found > 0 ? sig : found == 0 ? "!none" : "!unsymbolized";
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "%s: got '%s', want '%s'\n", log, got, want);
        CHECK(strcmp(got, want) == 0);
    }
    free(text);
}

static int table(const char *file) {
    FILE *f = fopen(file, "r");
    char line[1024], dir[4096];
    int rows = 0;
    CHECK(f != NULL);
    if (f == NULL)
        return 0;
    snprintf(dir, sizeof dir, "%s", file);
    char *slash = strrchr(dir, '/');
    if (slash != NULL)
        *slash = '\0';
    else
        strcpy(dir, ".");
    while (fgets(line, sizeof line, f) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || line[0] == '\0')
            continue;
        CHECK(tab != NULL);
        if (tab == NULL)
            continue;
        *tab = '\0';
        row(dir, line, tab + 1);
        rows++;
    }
    fclose(f);
    return rows;
}

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_LSAN 1
#endif
#endif

static void *volatile leak_keep;

/* A run that passes but leaks (the pointer escapes, then is dropped). */
__attribute__((noinline)) static void planted_cli_leak(void) {
    leak_keep = malloc(24);
    leak_keep = NULL;
}

static int leaky_run(const sf_prog *p, const struct sf_driver *d, int trace, cli_run *r) {
    (void)p, (void)d, (void)trace;
    planted_cli_leak();
    memset(r, 0, sizeof *r);
    return 0;
}

/* A forked run whose leak check fails gets the leak's allocation site,
 * like a log's lsan:leak:FRAME (only LSan builds check leaks). */
static void forked_leak(void) {
    cli_run r;
    CHECK(cli_exec_forked_(NULL, NULL, 0, &r, leaky_run) == 0);
#ifdef HAVE_LSAN
    CHECK(r.failed && !r.crashed);
    if (strcmp(r.sig, "lsan:leak:planted_cli_leak") != 0) {
        fprintf(stderr, "forked leak: got '%s'\n", r.sig);
        CHECK(strcmp(r.sig, "lsan:leak:planted_cli_leak") == 0);
    }
#else
    CHECK(!r.failed);
#endif
    cli_run_free(&r);
}

static void expect(const char *text, const char *want) {
    char sig[SF_INTERP_SIG_MAX + 1] = "";
    int found = cli_sig_from_text(text, sig);
    const char *got = found > 0 ? sig : found == 0 ? "!none" : "!unsymbolized";
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "got '%s', want '%s'\n", got, want);
        CHECK(strcmp(got, want) == 0);
    }
}

int main(int argc, char **argv) {
    CHECK(argc == 2);
    if (argc == 2)
        CHECK(table(argv[1]) >= 14);

    /* the oracle's own line wins over the libFuzzer report after it */
    expect("==scopefuzz== FAIL defer:order (impl zoo_defer_fifo)\n"
           "SCOPEFUZZ-SIGNATURE: defer:order\n==1== ERROR: libFuzzer: deadly signal\n"
           "    #0 0x1 in abort (/lib/x86_64-linux-gnu/libc.so.6+0x1)\n",
           "defer:order");
    /* the earliest report counts; LSan's SUMMARY names AddressSanitizer */
    expect("==9==ERROR: LeakSanitizer: detected memory leaks\n\n"
           "Direct leak of 8 byte(s) in 1 object(s) allocated from:\n"
           "    #0 0x1 in malloc (/b/scopefuzz+0x1)\n"
           "    #1 0x2 in defer_push /src/defer.c:20:9\n\n"
           "SUMMARY: AddressSanitizer: 8 byte(s) leaked in 1 allocation(s).\n",
           "lsan:leak:defer_push");
    /* a project function named like a libc prefix is not skipped */
    expect("WARNING: ThreadSanitizer: data race (pid=7)\n"
           "    #0 stream_close /src/s.c:4 (scopefuzz+0x1)\n",
           "tsan:data-race:stream_close");
    /* <null> in the frame at fault: the symbolizer failed */
    expect("WARNING: ThreadSanitizer: data race (pid=7)\n"
           "    #0 <null> <null> (scopefuzz+0x1)\n",
           "!unsymbolized");
    /* no report */
    expect("scope: sc_shutdown: 1 task(s) still running at the deadline\n", "!none");
    expect("", "!none");

    forked_leak();

    CHECK(cli_sig_is_crash("asan:heap-use-after-free:f"));
    CHECK(cli_sig_is_crash("libfuzzer:timeout:f"));
    CHECK(cli_sig_is_crash("signal:SEGV"));
    CHECK(!cli_sig_is_crash("deadlock"));
    CHECK(!cli_sig_is_crash("leak:task"));

    char sig[SF_INTERP_SIG_MAX + 1];
    CHECK(cli_crash_sig("no report here", 11 /* killed by SIGSEGV */, sig) == 0);
    CHECK(strcmp(sig, "signal:SEGV") == 0);
    CHECK(cli_crash_sig(NULL, 3 << 8 /* exit(3) */, sig) == 0);
    CHECK(strcmp(sig, "exit:3") == 0);
    CHECK(cli_crash_sig("==1==WARNING: invalid path to external symbolizer!\n"
                        "==1==ERROR: AddressSanitizer: SEGV on unknown address\n"
                        "    #0 0x1  (/b/scopefuzz+0x1)\n",
                        11, sig) == -1);
    return check_report("test_sig");
}
