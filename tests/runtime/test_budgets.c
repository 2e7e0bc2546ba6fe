/* Bounds: a livelock ends as SIM_LIVELOCK, too many tasks as
 * SIM_TASK_BUDGET; never a hang.  The runtime is reusable afterwards. */
#include "../check.h"
#include "platform.h"
#include "sim.h"

#include <string.h>

static void spin(void *p) {
    (void)p;
    for (;;)
        sfp_yield();
}

static void livelock(void *arg) {
    (void)arg;
    sfp_task *a, *b;
    sfp_task_start(&a, spin, NULL, "spinner-a");
    sfp_task_start(&b, spin, NULL, "spinner-b");
    sfp_task_join(a);
    sfp_task_join(b);
}

static void nothing(void *p) { (void)p; }

static void fork_bomb(void *arg) {
    int *started = arg;
    sfp_task *t[64];
    for (int i = 0; i < 64; i++) {
        CHECK(sfp_task_start(&t[i], nothing, NULL, "bomb") == SFP_OK);
        ++*started;
    }
    for (int i = 0; i < 64; i++)
        sfp_task_join(t[i]);
}

int main(void) {
    sim_result r;
    sim_config cfg = {.strategy = SIM_RANDOM, .seed = 1, .max_steps = 10000};
    CHECK(sim_run(&cfg, livelock, NULL, &r) == 0);
    CHECK(r.outcome == SIM_LIVELOCK);
    CHECK(r.steps == 10001);
    CHECK(r.report && strstr(r.report, "livelock") && strstr(r.report, "\"spinner-a\": runnable"));
    sim_result_free(&r);

    int started = 0;
    cfg = (sim_config){.strategy = SIM_RANDOM, .seed = 1, .max_tasks = 8};
    CHECK(sim_run(&cfg, fork_bomb, &started, &r) == 0);
    CHECK(r.outcome == SIM_TASK_BUDGET);
    CHECK(started == 7 && r.tasks == 8);
    CHECK(r.report && strstr(r.report, "task budget"));
    sim_result_free(&r);

    started = 0;
    cfg.max_tasks = 0; /* default 1024 */
    CHECK(sim_run(&cfg, fork_bomb, &started, &r) == 0);
    CHECK(r.outcome == SIM_OK && started == 64 && r.tasks == 65);
    sim_result_free(&r);
    return check_report("test_budgets");
}
