/* check.h - a minimal CHECK for plain test executables (they run under
 * every sanitizer, Criterion cannot start under TSan). */
#ifndef SF_TEST_CLI_CHECK_H
#define SF_TEST_CLI_CHECK_H

#include <stdio.h>

static int check_failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);               \
            check_failures++;                                                                      \
        }                                                                                          \
    } while (0)

#define CHECK_DONE()                                                                               \
    (check_failures ? (fprintf(stderr, "%d failed checks\n", check_failures), 1)                   \
                    : (printf("all checks passed\n"), 0))

#endif
