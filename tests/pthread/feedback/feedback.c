/*
 * feedback.c - the interleaving feedback of sf_fuzz_run()
 * (include/scopefuzz/fuzz.h, harness/interpose/feedback.c), without
 * libFuzzer: runs small programs under every schedule of a fixed set of
 * inputs and reads the counters each run leaves.
 *
 *   locks: two threads take one mutex; who took it second decides the
 *          hand-over pair (A's unlock site, B's lock site) or (B's, A's).
 *   rf (clang builds, memory-access points): two threads store 1 and 2 to
 *          x, main loads x after joining both; whose store it read decides
 *          the reads-from pair.
 * For each: both outcomes occur; every run with the same outcome sets the
 * same nonzero counters, the two outcomes set different ones, neither
 * none; the same input run again leaves the same counters byte for byte;
 * with the feedback off every counter stays 0; an unknown kind is refused.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../check.h"
#include "scopefuzz/fuzz.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static volatile int first, x, seen;

static void *lock_a(void *p) {
    (void)p;
    pthread_mutex_lock(&m);
    if (!first)
        first = 1;
    pthread_mutex_unlock(&m);
    return NULL;
}

static void *lock_b(void *p) {
    (void)p;
    pthread_mutex_lock(&m);
    if (!first)
        first = 2;
    pthread_mutex_unlock(&m);
    return NULL;
}

static void locks_body(void *arg) {
    (void)arg;
    pthread_t a, b;
    first = 0;
    pthread_create(&a, NULL, lock_a, NULL);
    pthread_create(&b, NULL, lock_b, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    seen = first;
}

/* The two stores race (that is the point): hidden from TSan, whose build
 * would report them; the memory-access points still see them. */
__attribute__((no_sanitize("thread"))) static void *store_1(void *p) {
    (void)p;
    x = 1;
    return NULL;
}

__attribute__((no_sanitize("thread"))) static void *store_2(void *p) {
    (void)p;
    x = 2;
    return NULL;
}

static void rf_body(void *arg) {
    (void)arg;
    pthread_t a, b;
    x = 0;
    pthread_create(&a, NULL, store_1, NULL);
    pthread_create(&b, NULL, store_2, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    seen = x;
}

enum { ALPHABET = 5, MAX_LEN = 4 };
static const uint8_t letters[ALPHABET] = {0, 1, 2, 3, 255};

/* Input number i: a string of up to MAX_LEN letters (i = 0: empty). */
static size_t input(unsigned i, uint8_t *buf) {
    size_t n = 0;
    while (i) {
        i--;
        buf[n++] = letters[i % ALPHABET];
        i /= ALPHABET;
    }
    return n;
}

static size_t nonzero(uint8_t *set) {
    size_t n, k = 0;
    const uint8_t *c = sf_fuzz_feedback_counters(&n);
    for (size_t i = 0; i < n; i++) {
        set[i] = c[i] != 0;
        k += set[i];
    }
    return k;
}

/* Runs body under every input; outcome `seen` is 1 or 2. */
static void check_kind(const char *name, unsigned kind, void (*body)(void *)) {
    size_t n;
    sf_fuzz_feedback_counters(&n);
    uint8_t *sets[3] = {NULL, calloc(n, 1), calloc(n, 1)};
    uint8_t *set = calloc(n, 1), *copy = malloc(n);
    int have[3] = {0, 0, 0};
    unsigned inputs = 1;
    for (int i = 0; i < MAX_LEN; i++)
        inputs = inputs * ALPHABET + 1;
    CHECK(sf_fuzz_set_feedback(kind) == 0);
    for (unsigned i = 0; i < inputs; i++) {
        uint8_t buf[MAX_LEN];
        size_t len = input(i, buf);
        CHECK(sf_fuzz_run(buf, len, body, NULL) == 0);
        int v = seen;
        CHECK_MSG(v == 1 || v == 2, "%s: input %u: outcome %d", name, i, v);
        if (v != 1 && v != 2)
            continue;
        size_t k = nonzero(set);
        CHECK_MSG(k > 0, "%s: input %u: no counter set", name, i);
        if (!have[v]) {
            memcpy(sets[v], set, n);
            have[v] = 1;
        }
        CHECK_MSG(memcmp(sets[v], set, n) == 0,
                  "%s: input %u: outcome %d set other counters than before", name, i, v);
        /* the same input again: the same counters, byte for byte */
        memcpy(copy, sf_fuzz_feedback_counters(&n), n);
        CHECK(sf_fuzz_run(buf, len, body, NULL) == 0);
        CHECK_MSG(memcmp(copy, sf_fuzz_feedback_counters(&n), n) == 0,
                  "%s: input %u: counters differ on the same input", name, i);
    }
    CHECK_MSG(have[1] && have[2], "%s: outcomes seen: 1 %d, 2 %d", name, have[1], have[2]);
    if (have[1] && have[2])
        CHECK_MSG(memcmp(sets[1], sets[2], n) != 0, "%s: both outcomes set the same counters",
                  name);
    /* off: a run leaves every counter 0 */
    CHECK(sf_fuzz_set_feedback(0) == 0);
    CHECK(sf_fuzz_run(NULL, 0, body, NULL) == 0);
    CHECK_MSG(nonzero(set) == 0, "%s: counters set with the feedback off", name);
    free(sets[1]);
    free(sets[2]);
    free(set);
    free(copy);
}

int main(void) {
    CHECK(sf_fuzz_set_feedback(4) == -1);
    CHECK(sf_fuzz_set_feedback(~0u) == -1);
    check_kind("locks", SF_FEEDBACK_LOCKS, locks_body);
#ifdef SF_TEST_RF
    check_kind("rf", SF_FEEDBACK_READS_FROM, rf_body);
#else
    (void)rf_body;
#endif
    return check_report("pthread.feedback");
}
