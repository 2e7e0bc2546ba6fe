/* test_random.c - decoded random programs pass on the reference under every
 * strategy (no false positives: interp.h's program semantics never make a
 * correct library deadlock or leak).
 *
 * usage: interp_random [N [SEED]]   (default 100000 programs, seed 1) */
#include <stdlib.h>

#include "../check.h"
#include "interp.h"

extern const struct sf_driver sf_driver_reference;

/* Kind indexes of the decoder (harness/prog/decode.c) that end a body. */
static int ends_body(unsigned k) { return k == 13 || k == 17; }

/* Random bytes shaped like the decoder's input (harness/prog/decode.c):
 * a header byte, 1..5 bodies of up to 24 4-byte records (kind index k & 31,
 * 31 starts the next body; the defer bit 1 in 4 times; return and shutdown
 * made rare, spawns more frequent; operand byte x small half the time so that `in` names s0 or
 * s1), then half the time the end marker 0xff and a schedule tail. */
static size_t gen(uint64_t *rng, uint8_t *buf) {
    size_t n = 0, nb = 1 + rng_next(rng) % 5;
    buf[n++] = (uint8_t)rng_next(rng);
    for (size_t b = 0; b < nb; b++) {
        if (b > 0)
            buf[n++] = 31, buf[n++] = 0, buf[n++] = 0, buf[n++] = 0;
        for (size_t i = 0, nrec = rng_next(rng) % 25; i < nrec; i++) {
            uint64_t r = rng_next(rng);
            unsigned k = (unsigned)((r >> 3) % 31);
            if (ends_body(k) && r % 8 != 0)
                k = (unsigned)((r >> 40) % 13);
            if ((r >> 56) % 6 == 0)
                k = 2; /* more spawns */
            buf[n++] = (uint8_t)(k | ((r >> 8) % 4 == 0 ? 32 : 0));
            buf[n++] = (uint8_t)((r >> 16) & ((r >> 48) % 2 ? 0x0f : 0xff)); /* s0, s1 */
            buf[n++] = (uint8_t)(r >> 24);
            buf[n++] = (uint8_t)(r >> 32);
        }
    }
    if (rng_next(rng) % 2) {
        size_t tail = rng_next(rng) % 65;
        buf[n++] = 0xff;
        for (size_t i = 0; i < tail; i++)
            buf[n++] = (uint8_t)rng_next(rng);
    }
    return n;
}

int main(int argc, char **argv) {
    long count = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
    uint64_t rng = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
    uint8_t buf[1 + 5 * 4 * 25 + 1 + 64];
    long fails = 0, ops = 0, tasks = 0, stuck = 0, strat[4] = {0};
    for (long i = 0; i < count; i++) {
        size_t n = gen(&rng, buf);
        sf_prog p;
        sf_interp_result r;
        if (sf_prog_decode(buf, n, &p) != SF_PROG_OK)
            continue;
        strat[p.strategy & 3]++;
        int out = sf_interp_run(&p, &sf_driver_reference, NULL, &r);
        ops += (long)r.ops;
        tasks += r.sim.tasks;
        stuck += r.sim.vtime >= SF_INTERP_WATCHDOG_NS;
        if (out != SF_INTERP_PASS && fails++ < 3) {
            char *text = sf_sched_print_str(&p, NULL);
            CHECK_MSG(out == SF_INTERP_PASS, "program %ld: %s\n%s%s", i, r.signature,
                      r.report ? r.report : "", text ? text : "");
            free(text);
        } else if (out != SF_INTERP_PASS) {
            check_failures++;
        }
        sf_interp_result_free(&r);
        sf_prog_free(&p);
    }
    printf("%ld programs (random %ld, pct %ld, bytes %ld, replay %ld), %ld ops, %ld tasks, "
           "%ld reached the watchdog, %ld failed\n",
           count, strat[0], strat[1], strat[2], strat[3], ops, tasks, stuck, fails);
    return check_report("interp_random");
}
