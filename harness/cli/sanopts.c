/* sanopts.c - the sanitizer options compiled into scopefuzz and the fuzz
 * targets: each runtime is pointed at the llvm-symbolizer of the compiler
 * that built it (SF_SYMBOLIZER, chosen at configure time by
 * cmake/sf_symbolizer.cmake), never at whatever is on PATH.  Options in
 * the environment (ASAN_OPTIONS, ...) still override these. */
#include "sanopts.h"

#ifndef SF_SYMBOLIZER
#define SF_SYMBOLIZER ""
#endif

#define SYM_OPT (SF_SYMBOLIZER[0] ? "external_symbolizer_path=" SF_SYMBOLIZER : "")

const char *cli_symbolizer_path(void) {
    return SF_SYMBOLIZER[0] ? SF_SYMBOLIZER : "the runtime's own symbolizer (gcc)";
}

/* The runtimes call these before main when they are linked in. */
const char *__asan_default_options(void);
const char *__lsan_default_options(void);
const char *__ubsan_default_options(void);
const char *__tsan_default_options(void);

const char *__asan_default_options(void) { return SYM_OPT; }
const char *__lsan_default_options(void) { return SYM_OPT; }

const char *__ubsan_default_options(void) {
    /* report_error_type=1: the check's name (signed-integer-overflow) in
     * the summary line, which the signature takes */
    return SF_SYMBOLIZER[0] ? "print_stacktrace=1:report_error_type=1:"
                              "external_symbolizer_path=" SF_SYMBOLIZER
                            : "print_stacktrace=1:report_error_type=1";
}

const char *__tsan_default_options(void) {
    /* halt_on_error=1: the first report ends the process, so the program
     * that raced is the one blamed (an explore worker runs many programs:
     * without it TSan only sets the exit status, explore blamed the last
     * program the worker ran, and its case replayed as ok).
     * atexit_sleep_ms=0: a forked run that TSan stops would otherwise sleep
     * 1 s at exit.  report_signal_unsafe=0: the watchdogs (harness/cli/
     * watchdog.c, harness/interpose/runner.c) print the stuck task's stack
     * from their SIGALRM handler as the last act before _exit(); TSan
     * would report that as a signal-unsafe call and, with halt_on_error,
     * turn the `hang` into a TSan failure. */
#define SF_TSAN_OPTS                                                                               \
    "halt_on_error=1:second_deadlock_stack=1:atexit_sleep_ms=0:report_signal_unsafe=0"
    return SF_SYMBOLIZER[0] ? SF_TSAN_OPTS ":external_symbolizer_path=" SF_SYMBOLIZER
                            : SF_TSAN_OPTS;
}
