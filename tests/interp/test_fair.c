/* test_fair.c - the fairness statistic of select (harness/interp/
 * oracle_fair.c):
 * 1. a planted fault: a driver over the reference whose select takes the
 *    first ready case (one-case polls, no random draw) fails with
 *    select:unfair under the seeded strategies, replay and bytes, while the
 *    reference passes the same program under each;
 * 2. no false positive under a replayed schedule of zeros, where the
 *    reference, which draws with sfp_choose, takes the first case of every
 *    select too;
 * 3. random programs made of selects over closed and filled channels pass
 *    on the reference under every strategy.
 *
 * usage: interp_fair [N]   (random programs, default 3000) */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "interp.h"

extern const struct sf_driver sf_driver_reference;
#define REF sf_driver_reference

/* the first ready case, by case order (a one-case select with default each:
 * no random draw), else the real blocking select */
static int select_first(sf_hscope s, sf_select_case *cs, size_t n, int dflt, size_t *chosen) {
    for (size_t i = 0; i < n; i++) {
        size_t one = 0;
        int st = REF.select(s, &cs[i], 1, 1, &one);
        if (st == SF_OK)
            return *chosen = i, SF_OK;
        if (st != SF_AGAIN)
            return st;
    }
    return dflt ? SF_AGAIN : REF.select(s, cs, n, 0, chosen);
}

#define SEL4  " select recv c0 recv c1 recv c0 recv c1\n"
#define SEL16 SEL4 SEL4 SEL4 SEL4 SEL4 SEL4 SEL4 SEL4 SEL4 SEL4 SEL4 SEL4 SEL4 SEL4 SEL4 SEL4
#define DRAIN "task 0:\n chan c0\n chan c1\n close c0\n close c1\n" SEL16

static const char *const strategies[] = {"strategy random seed 5\n",
                                         "strategy pct depth 3 seed 5\n", "strategy pos seed 5\n",
                                         "strategy replay\n", "strategy bytes\n"};

static int parse(const char *text, sf_prog *p) {
    char err[256];
    if (sf_sched_parse(text, strlen(text), "fair", p, err, sizeof err) == SF_PROG_OK)
        return 1;
    CHECK_MSG(0, "%s", err);
    return 0;
}

static void run(const char *text, const struct sf_driver *d, const char *want) {
    sf_prog p;
    if (!parse(text, &p))
        return;
    sf_interp_result r;
    sf_interp_run(&p, d, NULL, &r);
    CHECK_MSG(strcmp(r.signature, want) == 0, "%s: got '%s', want '%s'\n%s\n%s", d->name,
              r.signature, want, text, r.report ? r.report : "");
    sf_interp_result_free(&r);
    sf_prog_free(&p);
}

static void check_drain(void) {
    struct sf_driver first = REF;
    first.name = "first-ready";
    first.select = select_first;
    for (size_t i = 0; i < sizeof strategies / sizeof strategies[0]; i++) {
        char text[2048];
        snprintf(text, sizeof text, "%s%s", strategies[i], DRAIN);
        run(text, &REF, "");
        run(text, &first, "select:unfair");
    }
}

/* Random selects (1..4 cases, with or without default) over two channels
 * that a partner fills and closes, under every strategy: the reference
 * passes. */
static void check_random(long count) {
    uint64_t rng = 17;
    long counted = 0;
    for (long i = 0; i < count; i++) {
        char text[4096];
        static const char *const kinds[] = {"random", "pct depth 3", "pos", "replay", "bytes"};
        unsigned kind = (unsigned)(rng_next(&rng) % 5);
        size_t n = (size_t)snprintf(text, sizeof text, "strategy %s", kinds[kind]);
        if (kind < 3) /* the seeded ones */
            n += (size_t)snprintf(text + n, sizeof text - n, " seed %llu",
                                  (unsigned long long)(rng_next(&rng) % 100000));
        n += (size_t)snprintf(text + n, sizeof text - n, "\n");
        n += (size_t)snprintf(text + n, sizeof text - n,
                              "task 0:\n chan c0 cap %u\n chan c1 cap %u\n spawn 1\n",
                              (unsigned)(rng_next(&rng) % 9), (unsigned)(rng_next(&rng) % 9));
        for (unsigned k = 0, nsel = 10 + (unsigned)(rng_next(&rng) % 20); k < nsel; k++) {
            n += (size_t)snprintf(text + n, sizeof text - n, " select");
            for (unsigned c = 0, nc = 1 + (unsigned)(rng_next(&rng) % 4); c < nc; c++)
                n += (size_t)snprintf(text + n, sizeof text - n, " %s c%u",
                                      rng_next(&rng) % 4 ? "recv" : "send",
                                      (unsigned)(rng_next(&rng) % 2));
            n += (size_t)snprintf(text + n, sizeof text - n, "%s\n",
                                  rng_next(&rng) % 4 ? "" : " default");
        }
        n += (size_t)snprintf(text + n, sizeof text - n, "task 1:\n");
        for (unsigned k = 0, ns = (unsigned)(rng_next(&rng) % 12); k < ns; k++)
            n += (size_t)snprintf(text + n, sizeof text - n, " send c%u\n",
                                  (unsigned)(rng_next(&rng) % 2));
        snprintf(text + n, sizeof text - n, " close c0\n close c1\n");
        sf_prog p;
        if (!parse(text, &p))
            return;
        sf_interp_result r;
        sf_interp_opts o = {.check_determinism = i % 8 == 0};
        sf_interp_run(&p, &REF, &o, &r);
        CHECK_MSG(r.outcome == SF_INTERP_PASS, "random program %ld: %s\n%s\n%s", i, r.signature,
                  text, r.report ? r.report : "");
        sf_interp_result_free(&r);
        struct sf_driver first = REF;
        first.select = select_first;
        sf_interp_run(&p, &first, NULL, &r);
        counted += strcmp(r.signature, "select:unfair") == 0;
        sf_interp_result_free(&r);
        sf_prog_free(&p);
    }
    CHECK(counted > 0); /* the same programs find the first-ready select */
    printf("random: %ld select programs pass on the reference; the first-ready select fails %ld "
           "of them\n",
           count, counted);
}

int main(int argc, char **argv) {
    long count = argc > 1 ? strtol(argv[1], NULL, 10) : 3000;
    check_drain();
    check_random(count);
    return check_report("interp_fair");
}
