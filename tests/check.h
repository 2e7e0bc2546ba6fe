/* check.h - the check macros and deterministic PRNG of the plain test
 * executables (not Criterion: they also run under TSan, where Criterion
 * cannot start).  Checks record and carry on; main returns check_report(). */
#ifndef SF_TESTS_CHECK_H
#define SF_TESTS_CHECK_H

#include <stdint.h>
#include <stdio.h>

static long check_failures;

/* Records a failed check; prints the first 20. Never aborts. */
#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond) && check_failures++ < 20)                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
    } while (0)

/* Like CHECK, with a printf-style note (a seed, a file name). */
#define CHECK_MSG(cond, ...)                                                                       \
    do {                                                                                           \
        if (!(cond) && check_failures++ < 20) {                                                    \
            fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond);               \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

/* Prints the summary; the exit status of main. */
static inline int check_report(const char *name) {
    printf("%s: %ld failed checks\n", name, check_failures);
    return check_failures ? 1 : 0;
}

/* splitmix64: the tests' deterministic PRNG. */
static inline uint64_t rng_next(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Fills buf with n pseudo-random bytes. */
static inline void rng_bytes(uint64_t *s, uint8_t *buf, size_t n) {
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint8_t)rng_next(s);
}

#endif
