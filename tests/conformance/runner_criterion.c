/* runner_criterion.c - one Criterion test per scenario, on real threads.
 * Each test runs the scenario, fails with the recorded checks, and under
 * ASan fails on a leak (Criterion 2.4.1 lets a leaking test pass). */
#include "scenarios.h"

#include <criterion/criterion.h>
#include <stdio.h>

#if defined(__SANITIZE_ADDRESS__)
#define CONF_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CONF_ASAN 1
#endif
#endif
#ifdef CONF_ASAN
#include <sanitizer/lsan_interface.h>
#endif

static void run_checked(void (*fn)(void)) {
    conf_run(fn);
    size_t n = conf_failures();
    if (n)
        conf_print_failures(stderr);
    cr_assert_eq(n, 0, "%zu failed checks (listed on stderr)", n);
#ifdef CONF_ASAN
    cr_assert_eq(__lsan_do_recoverable_leak_check(), 0, "LeakSanitizer found leaks");
#endif
}

#define X(name, labels)                                                                            \
    Test(conformance, name) { run_checked(sc_test_##name); }
#include "scenarios.def"
#undef X
