/*
 * find_crash.c - test helper: finds a raw fuzz input that fails under one
 * fuzz target's op set, as that fuzz_NAME binary would see it.
 *
 *   find_crash TARGET IMPL[,IMPL...] OUT
 *
 * Tries pseudo-random byte strings (fixed seed: the same input every time)
 * decoded by sf_prog_decode and masked to TARGET's op set (targets.h),
 * against each IMPL in turn, and keeps the first that fails AND that is a
 * different program under the default target (mixed), so that a consumer
 * decoding it with the wrong target would get another program.  Writes the
 * bytes to OUT and prints "IMPL SIGNATURE".  Exit 0 found, 1 not found
 * within the budget, 2 bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp.h"
#include "registry.h"

enum { MAX_TRIES = 200000, MAX_LEN = 160 };

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint8_t next_byte(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint8_t)(rng >> 24);
}

/* 1 if b decodes to a failing program under t against d; sig filled. */
static int fails(const uint8_t *b, size_t n, const sf_fuzz_target *t, const struct sf_driver *d,
                 char *sig) {
    sf_prog p, q;
    sf_interp_result r;
    if (sf_prog_decode(b, n, &p) != SF_PROG_OK)
        return 0;
    sf_interp_mask_kinds(&p, t->kinds);
    int failed = 0;
    if (sf_prog_decode(b, n, &q) == SF_PROG_OK) {
        sf_interp_mask_kinds(&q, sf_fuzz_target_at(0)->kinds);
        int differs = t == sf_fuzz_target_at(0) || !sf_prog_equal(&p, &q);
        if (differs && sf_interp_run(&p, d, NULL, &r) == SF_INTERP_FAIL) {
            snprintf(sig, SF_INTERP_SIG_MAX + 1, "%s", r.signature);
            failed = 1;
        }
        if (differs)
            sf_interp_result_free(&r);
        sf_prog_free(&q);
    }
    sf_prog_free(&p);
    return failed;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: find_crash TARGET IMPL[,IMPL...] OUT\n");
        return 2;
    }
    const sf_fuzz_target *t = sf_fuzz_target_find(argv[1]);
    const struct sf_driver *drivers[16];
    size_t nd = 0;
    for (char *tok = strtok(argv[2], ","); tok && nd < 16; tok = strtok(NULL, ","))
        if ((drivers[nd] = sf_driver_find(tok)) != NULL)
            nd++;
    if (t == NULL || nd == 0) {
        fprintf(stderr, "find_crash: unknown target or implementations\n");
        return 2;
    }
    uint8_t b[MAX_LEN];
    char sig[SF_INTERP_SIG_MAX + 1];
    for (long i = 0; i < MAX_TRIES; i++) {
        size_t n = 24 + next_byte() % (MAX_LEN - 24);
        for (size_t k = 0; k < n; k++)
            b[k] = next_byte();
        const struct sf_driver *d = drivers[i % (long)nd];
        if (!fails(b, n, t, d, sig))
            continue;
        FILE *f = fopen(argv[3], "wb");
        if (f == NULL || fwrite(b, 1, n, f) != n || fclose(f) != 0) {
            perror(argv[3]);
            return 2;
        }
        printf("%s %s\n", d->name, sig);
        return 0;
    }
    fprintf(stderr, "find_crash: no failing input for %s in %d tries\n", t->name, MAX_TRIES);
    return 1;
}
