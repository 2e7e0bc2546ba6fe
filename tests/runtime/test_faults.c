/* Fault decisions of the runtime (faults.h): listed faults hit exactly
 * their point, strategies inject only enabled kinds, every injection is
 * recorded and replays to the same trace, and each kind does what its
 * summary says (NULL, SFP_ENOMEM, a spurious wakeup, an early timeout with
 * the clock at the deadline). */
#include "../check.h"
#include "platform.h"
#include "sim.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ allocation */

static int alloc_null[6];

static void allocs(void *arg) {
    (void)arg;
    for (int i = 0; i < 6; i++) {
        void *p = i % 3 == 0 ? sfp_malloc(8) : i % 3 == 1 ? sfp_calloc(2, 8) : sfp_realloc(NULL, 8);
        alloc_null[i] = p == NULL;
        free(p);
    }
}

static sim_result run_allocs(const sim_config *c) {
    sim_result r;
    memset(alloc_null, 0, sizeof alloc_null);
    CHECK(sim_run(c, allocs, NULL, &r) == 0);
    return r;
}

static void test_listed_alloc(void) {
    sim_fault f[] = {{SIM_FAULT_ALLOC, 2}, {SIM_FAULT_ALLOC, 6}, {SIM_FAULT_SPAWN, 1}};
    sim_config c = {.strategy = SIM_RANDOM, .seed = 3, .fails = f, .nfails = 3};
    sim_result r = run_allocs(&c);
    CHECK(r.outcome == SIM_OK);
    int want[6] = {0, 1, 0, 0, 0, 1};
    CHECK(memcmp(alloc_null, want, sizeof want) == 0);
    CHECK(r.nfaults == 2); /* no spawn point was reached */
    CHECK(r.nfaults == 2 && r.faults[0].kind == SIM_FAULT_ALLOC && r.faults[0].nth == 2 &&
          r.faults[1].nth == 6);
    sim_result_free(&r);
}

static void test_no_faults_same_run(void) {
    sim_config plain = {.strategy = SIM_RANDOM, .seed = 9};
    sim_result a = run_allocs(&plain);
    /* a listed fault of a kind never reached changes nothing */
    sim_fault f[] = {{SIM_FAULT_WAKE, 1}};
    sim_config c = plain;
    c.fails = f, c.nfails = 1;
    sim_result b = run_allocs(&c);
    CHECK(a.hash == b.hash && b.nfaults == 0);
    sim_result_free(&a);
    sim_result_free(&b);
}

static void test_strategy_alloc(void) {
    int injected = 0, runs = 0;
    for (uint64_t seed = 0; seed < 64; seed++) {
        sim_config c = {.strategy = SIM_RANDOM,
                        .seed = seed,
                        .fault_kinds = 1u << SIM_FAULT_ALLOC,
                        .fault_rate = 4,
                        .check_determinism = 1};
        sim_result r = run_allocs(&c);
        CHECK_MSG(r.outcome == SIM_OK, "seed %llu: %s", (unsigned long long)seed,
                  sim_outcome_name(r.outcome)); /* the replay injected the same */
        int nulls = 0;
        for (int i = 0; i < 6; i++)
            nulls += alloc_null[i];
        CHECK((size_t)nulls == r.nfaults);
        injected += nulls;
        runs += r.nfaults > 0;
        /* replaying the recorded faults gives the same run */
        sim_config rc = {.strategy = SIM_REPLAY, .fails = r.faults, .nfails = r.nfaults};
        sim_result r2 = run_allocs(&rc);
        CHECK(r2.hash == r.hash && r2.nfaults == r.nfaults);
        sim_result_free(&r2);
        sim_result_free(&r);
    }
    /* 384 points at rate 1/4: about 96 faults (a fair draw gives 60..132) */
    CHECK_MSG(injected > 60 && injected < 132, "%d faults", injected);
    CHECK(runs > 30);
    /* a kind that is not enabled is never injected */
    sim_config off = {
        .strategy = SIM_RANDOM, .seed = 1, .fault_kinds = 1u << SIM_FAULT_WAKE, .fault_rate = 1};
    sim_result r = run_allocs(&off);
    CHECK(r.nfaults == 0);
    sim_result_free(&r);
}

static void test_bytes_and_replay(void) {
    /* rate 2: a byte fails its point when odd; exhausted bytes fail none */
    uint8_t b[] = {1, 0, 3};
    sim_config c = {.strategy = SIM_BYTES,
                    .bytes = b,
                    .nbytes = 3,
                    .fault_kinds = SIM_FAULT_ALL,
                    .fault_rate = 2};
    sim_result r = run_allocs(&c);
    int want[6] = {1, 0, 1, 0, 0, 0};
    CHECK(memcmp(alloc_null, want, sizeof want) == 0 && r.nfaults == 2);
    sim_result_free(&r);
    /* replay decides nothing itself */
    sim_config rp = {.strategy = SIM_REPLAY, .fault_kinds = SIM_FAULT_ALL, .fault_rate = 1};
    r = run_allocs(&rp);
    CHECK(r.nfaults == 0);
    sim_result_free(&r);
}

/* ----------------------------------------------------------------- spawn */

static int spawn_rc[3];

static void child(void *arg) { (void)arg; }

static void spawner(void *arg) {
    (void)arg;
    sfp_task *t[3];
    for (int i = 0; i < 3; i++) {
        spawn_rc[i] = sfp_task_start(&t[i], child, NULL, "child");
        if (spawn_rc[i] == SFP_OK)
            sfp_task_join(t[i]);
    }
}

static void test_spawn(void) {
    sim_fault f[] = {{SIM_FAULT_SPAWN, 2}};
    sim_config c = {.strategy = SIM_RANDOM, .fails = f, .nfails = 1};
    sim_result r;
    CHECK(sim_run(&c, spawner, NULL, &r) == 0);
    CHECK(r.outcome == SIM_OK && r.tasks == 3);
    CHECK(spawn_rc[0] == SFP_OK && spawn_rc[1] == SFP_ENOMEM && spawn_rc[2] == SFP_OK);
    sim_result_free(&r);
}

/* --------------------------------------------------- wakeups and timeouts */

static sfp_mutex mu;
static sfp_cond cv;
static int ready, wakeups, timed_rc;
static int64_t timed_at;

static void setter(void *arg) {
    (void)arg;
    sfp_yield();
    sfp_mutex_lock(&mu);
    ready = 1;
    sfp_cond_signal(&cv);
    sfp_mutex_unlock(&mu);
}

static void waiter(void *arg) {
    (void)arg;
    sfp_task *t;
    ready = wakeups = 0;
    sfp_mutex_init(&mu);
    sfp_cond_init(&cv);
    sfp_task_start(&t, setter, NULL, "setter");
    sfp_mutex_lock(&mu);
    while (!ready) {
        sfp_cond_wait(&cv, &mu);
        wakeups++;
    }
    sfp_mutex_unlock(&mu);
    sfp_task_join(t);
}

static void test_spurious_wake(void) {
    /* the first wait returns without a signal: the loop waits again */
    sim_fault f[] = {{SIM_FAULT_WAKE, 1}};
    sim_config c = {.strategy = SIM_REPLAY, .fails = f, .nfails = 1};
    sim_result r;
    CHECK(sim_run(&c, waiter, NULL, &r) == 0);
    CHECK(r.outcome == SIM_OK && r.nfaults == 1 && wakeups == 2);
    sim_result_free(&r);
    /* every point failed: the wait after a spurious wakeup still blocks
     * (no livelock), then the signal ends it */
    sim_config every = {
        .strategy = SIM_BYTES, .fault_kinds = 1u << SIM_FAULT_WAKE, .fault_rate = 1};
    CHECK(sim_run(&every, waiter, NULL, &r) == 0);
    CHECK(r.outcome == SIM_OK && r.nfaults == 1 && wakeups == 2);
    sim_result_free(&r);
    sim_config none = {.strategy = SIM_REPLAY};
    CHECK(sim_run(&none, waiter, NULL, &r) == 0);
    CHECK(r.outcome == SIM_OK && r.nfaults == 0 && wakeups == 1);
    sim_result_free(&r);
}

static void busy(void *arg) {
    (void)arg;
    for (int i = 0; i < 5; i++)
        sfp_yield();
}

static void timed(void *arg) {
    int64_t deadline = *(int64_t *)arg;
    sfp_task *t;
    sfp_mutex_init(&mu);
    sfp_cond_init(&cv);
    sfp_task_start(&t, busy, NULL, "busy");
    sfp_mutex_lock(&mu);
    timed_rc = sfp_cond_timedwait(&cv, &mu, deadline);
    timed_at = sfp_now();
    sfp_mutex_unlock(&mu);
    sfp_task_join(t);
}

static void test_timeout(void) {
    int64_t deadline = 500000000; /* 500 ms */
    sim_fault f[] = {{SIM_FAULT_TIMEOUT, 1}};
    sim_config c = {.strategy = SIM_REPLAY, .fails = f, .nfails = 1};
    sim_result r;
    CHECK(sim_run(&c, timed, &deadline, &r) == 0);
    CHECK(r.outcome == SIM_OK && r.nfaults == 1);
    CHECK(timed_rc == SFP_ETIMEDOUT && timed_at == deadline);
    sim_result_free(&r);
    /* a deadline beyond SIM_FAULT_TIMEOUT_HORIZON is no timeout point */
    int64_t far = SIM_FAULT_TIMEOUT_HORIZON + 1;
    CHECK(sim_run(&c, timed, &far, &r) == 0);
    CHECK(r.outcome == SIM_OK && r.nfaults == 0 && timed_rc == SFP_ETIMEDOUT && timed_at == far);
    sim_result_free(&r);
    /* an infinite deadline is no timeout point */
    int64_t never = INT64_MAX;
    sim_config all = {
        .strategy = SIM_RANDOM, .fault_kinds = 1u << SIM_FAULT_TIMEOUT, .fault_rate = 1};
    CHECK(sim_run(&all, timed, &never, &r) == 0);
    CHECK(r.nfaults == 0);
    sim_result_free(&r);
}

int main(void) {
    test_listed_alloc();
    test_no_faults_same_run();
    test_strategy_alloc();
    test_bytes_and_replay();
    test_spawn();
    test_spurious_wake();
    test_timeout();
    return check_report("runtime.test_faults");
}
