/* Virtual time: timed waits wake at their exact virtual deadline, in
 * deadline order (ties by task id), without real sleeping: the one-hour
 * sleeps below would exceed the test's timeout if time were real. */
#include "../check.h"
#include "platform.h"
#include "sim.h"

#define HOUR ((int64_t)3600 * 1000000000)

typedef struct sleepers {
    sfp_mutex m;
    sfp_cond c;
    int64_t delay[3];
    int64_t woke_at[3];
    int rc[3];
    int order[3], nwoke;
    int signal_first; /* main signals before any deadline */
} sleepers;

typedef struct sleeper_arg {
    sleepers *s;
    int i;
} sleeper_arg;

static void sleeper(void *p) {
    sleeper_arg *a = p;
    sleepers *s = a->s;
    sfp_mutex_lock(&s->m);
    int64_t deadline = sfp_now() + s->delay[a->i];
    s->rc[a->i] = sfp_cond_timedwait(&s->c, &s->m, deadline);
    s->woke_at[a->i] = sfp_now();
    s->order[s->nwoke++] = a->i;
    sfp_mutex_unlock(&s->m);
}

static void program(void *arg) {
    sleepers *s = arg;
    sfp_mutex_init(&s->m);
    sfp_cond_init(&s->c);
    sleeper_arg a[3];
    sfp_task *t[3];
    for (int i = 0; i < 3; i++) {
        a[i] = (sleeper_arg){s, i};
        sfp_task_start(&t[i], sleeper, &a[i], "sleeper");
    }
    if (s->signal_first) {
        sfp_mutex_lock(&s->m);
        while (s->nwoke == 0) { /* broadcast until one woke (they may not wait yet) */
            sfp_cond_broadcast(&s->c);
            sfp_cond_timedwait(&s->c, &s->m, sfp_now() + 1);
        }
        sfp_mutex_unlock(&s->m);
    }
    for (int i = 0; i < 3; i++)
        sfp_task_join(t[i]);
}

static void deadlines_in_order(void) {
    for (uint64_t seed = 0; seed < 20; seed++) {
        sleepers s = {.delay = {3 * HOUR, 1000, 3 * HOUR}};
        sim_config cfg = {.strategy = SIM_RANDOM, .seed = seed, .max_vtime = 10 * HOUR};
        sim_result r;
        CHECK(sim_run(&cfg, program, &s, &r) == 0);
        CHECK(r.outcome == SIM_OK);
        CHECK(s.rc[0] == SFP_ETIMEDOUT && s.rc[1] == SFP_ETIMEDOUT && s.rc[2] == SFP_ETIMEDOUT);
        /* all start at virtual time 0: nothing advances the clock but timers */
        CHECK(s.woke_at[1] == 1000);
        CHECK(s.woke_at[0] == 3 * HOUR && s.woke_at[2] == 3 * HOUR);
        CHECK(s.order[0] == 1 && s.order[1] == 0 && s.order[2] == 2); /* tie: lower id */
        CHECK(r.vtime == 3 * HOUR);
        sim_result_free(&r);
    }
}

static void signal_beats_timer(void) {
    sleepers s = {.delay = {HOUR, HOUR, HOUR}, .signal_first = 1};
    sim_config cfg = {.strategy = SIM_RANDOM, .seed = 3};
    sim_result r;
    CHECK(sim_run(&cfg, program, &s, &r) == 0);
    CHECK(r.outcome == SIM_OK);
    CHECK(s.rc[s.order[0]] == SFP_OK);
    CHECK(s.woke_at[s.order[0]] < HOUR);
    sim_result_free(&r);
}

static void time_budget(void) {
    sleepers s = {.delay = {2 * HOUR, 1, 1}};
    sim_config cfg = {.strategy = SIM_RANDOM, .max_vtime = HOUR};
    sim_result r;
    CHECK(sim_run(&cfg, program, &s, &r) == 0);
    CHECK(r.outcome == SIM_TIME_BUDGET);
    CHECK(r.vtime == 1);
    sim_result_free(&r);
}

int main(void) {
    CHECK(sfp_now() == 0); /* outside sim_run(): the virtual clock at rest */
    deadlines_in_order();
    signal_beats_timer();
    time_budget();
    return check_report("test_vtime");
}
