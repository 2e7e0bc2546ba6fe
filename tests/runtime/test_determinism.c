/* Determinism: same program + seed -> same trace hash; replay and byte
 * streams reproduce runs; check_determinism flags a program that is not a
 * function of its schedule. */
#include "../check.h"
#include "platform.h"
#include "sim.h"

#include <stdlib.h>
#include <string.h>

typedef struct shared {
    sfp_mutex m;
    sfp_cond c;
    int items, taken;
    uint32_t picks;
} shared;

static void producer(void *p) {
    shared *s = p;
    for (int i = 0; i < 5; i++) {
        sfp_mutex_lock(&s->m);
        s->items++;
        sfp_cond_signal(&s->c);
        sfp_mutex_unlock(&s->m);
        sfp_yield();
    }
}

static void consumer(void *p) {
    shared *s = p;
    for (int i = 0; i < 5; i++) {
        sfp_mutex_lock(&s->m);
        while (s->items == 0)
            sfp_cond_wait(&s->c, &s->m);
        s->items--;
        s->taken++;
        s->picks = s->picks * 7 + sfp_choose(5);
        sfp_mutex_unlock(&s->m);
    }
}

static void program(void *arg) {
    shared *s = arg;
    sfp_mutex_init(&s->m);
    sfp_cond_init(&s->c);
    sfp_task *t[4];
    sfp_task_start(&t[0], producer, s, "producer-1");
    sfp_task_start(&t[1], producer, s, "producer-2");
    sfp_task_start(&t[2], consumer, s, "consumer-1");
    sfp_task_start(&t[3], consumer, s, "consumer-2");
    for (int i = 0; i < 4; i++)
        sfp_task_join(t[i]);
    sfp_cond_destroy(&s->c);
    sfp_mutex_destroy(&s->m);
}

static sim_result run(sim_config cfg, shared *s) {
    memset(s, 0, sizeof *s);
    sim_result r;
    CHECK(sim_run(&cfg, program, s, &r) == 0);
    CHECK(r.outcome == SIM_OK);
    CHECK(s->taken == 10);
    return r;
}

static void same_seed_same_hash(void) {
    shared s;
    sim_config cfg = {.strategy = SIM_RANDOM, .seed = 42};
    sim_result first = run(cfg, &s);
    uint32_t picks = s.picks;
    int same = 0;
    for (int i = 0; i < 1000; i++) {
        sim_result r = run(cfg, &s);
        same += r.hash == first.hash && r.ndecisions == first.ndecisions && s.picks == picks;
        sim_result_free(&r);
    }
    CHECK(same == 1000);
    /* ...and the hash does depend on the schedule. */
    int differ = 0;
    for (uint64_t seed = 1; seed <= 20; seed++) {
        sim_result r = run((sim_config){.strategy = SIM_RANDOM, .seed = seed}, &s);
        differ += r.hash != first.hash;
        sim_result_free(&r);
    }
    CHECK(differ >= 10);
    sim_result_free(&first);
}

static void replay_reproduces(void) {
    shared s;
    for (uint64_t seed = 0; seed < 50; seed++) {
        sim_config cfg = {.strategy = seed % 2 ? SIM_PCT : SIM_RANDOM,
                          .seed = seed,
                          .pct_depth = 3,
                          .record_trace = 1};
        sim_result a = run(cfg, &s);
        uint32_t picks = s.picks;
        CHECK(a.nevents > 0 && a.ndecisions > 0);
        size_t n;
        uint8_t *enc = sim_decisions_encode(&a, &n);
        CHECK(enc && n == 4 * a.ndecisions);
        sim_result b = run((sim_config){.strategy = SIM_REPLAY, .bytes = enc, .nbytes = n}, &s);
        CHECK(b.hash == a.hash);
        CHECK(b.ndecisions == a.ndecisions);
        CHECK(memcmp(b.decisions, a.decisions, 4 * a.ndecisions) == 0);
        CHECK(s.picks == picks);
        free(enc);
        sim_result_free(&a);
        sim_result_free(&b);
    }
}

static void bytes_strategy(void) {
    shared s;
    uint8_t bytes[64];
    for (int i = 0; i < 64; i++)
        bytes[i] = (uint8_t)(i * 37 + 11);
    sim_config cfg = {.strategy = SIM_BYTES, .bytes = bytes, .nbytes = sizeof bytes};
    sim_result a = run(cfg, &s), b = run(cfg, &s);
    CHECK(a.hash == b.hash);
    bytes[3] ^= 1; /* another schedule prefix */
    sim_result c = run(cfg, &s);
    CHECK(c.hash != a.hash);
    sim_result d = run((sim_config){.strategy = SIM_BYTES}, &s); /* exhausted: always 0 */
    CHECK(d.outcome == SIM_OK);
    sim_result_free(&a);
    sim_result_free(&b);
    sim_result_free(&c);
    sim_result_free(&d);
}

static int g_runs; /* state that survives runs: makes the program nondeterministic */

static void flaky(void *arg) {
    (void)arg;
    if (g_runs++ % 2)
        sfp_yield();
}

static void check_determinism(void) {
    shared s;
    memset(&s, 0, sizeof s);
    sim_config cfg = {.strategy = SIM_RANDOM, .seed = 9, .check_determinism = 1};
    sim_result r;
    CHECK(sim_run(&cfg, program, &s, &r) == 0);
    CHECK(r.outcome == SIM_OK && r.report == NULL);
    sim_result_free(&r);
    CHECK(sim_run(&cfg, flaky, NULL, &r) == 0);
    CHECK(r.outcome == SIM_NONDETERMINISTIC);
    CHECK(r.report && strstr(r.report, "nondeterministic"));
    sim_result_free(&r);
}

static void nested(void *arg) {
    sim_result r;
    sim_config cfg = {0};
    *(int *)arg = sim_run(&cfg, nested, arg, &r);
}

static void bad_config(void) {
    sim_result r;
    sim_config cfg = {.strategy = (sim_strategy)99};
    CHECK(sim_run(&cfg, program, NULL, &r) == -1);
    CHECK(sim_run(NULL, program, NULL, &r) == -1);
    int rc = 0;
    cfg.strategy = SIM_RANDOM;
    CHECK(!sim_active());
    CHECK(sim_run(&cfg, nested, &rc, &r) == 0);
    CHECK(r.outcome == SIM_OK && rc == -1);
    sim_result_free(&r);
}

int main(void) {
    same_seed_same_hash();
    replay_reproduces();
    bytes_strategy();
    check_determinism();
    bad_config();
    return check_report("test_determinism");
}
