/* Virtual time: the clock jumps to the earliest timer when nothing runs. */
#include "internal.h"

#include <stdint.h>

/* The blocked task with the earliest deadline (lowest id on ties), or NULL. */
struct sfp_task *sim_earliest_timer(const sim_state *S) {
    struct sfp_task *best = NULL;
    for (uint32_t i = 0; i < S->ntasks; i++) {
        struct sfp_task *t = S->tasks[i];
        if (t->state != TASK_BLOCKED || (t->wait != WAIT_COND && t->wait != WAIT_PARK) ||
            t->deadline == INT64_MAX)
            continue;
        if (!best || t->deadline < best->deadline)
            best = t;
    }
    return best;
}

int sim_clock_fire(sim_state *S, sim_outcome *why) {
    struct sfp_task *t = sim_earliest_timer(S);
    if (!t) {
        *why = SIM_DEADLOCK;
        return 0;
    }
    if (t->deadline > S->cfg.max_vtime) {
        *why = SIM_TIME_BUDGET;
        return 0;
    }
    if (t->deadline > S->vtime) {
        S->vtime = t->deadline;
        sim_trace(S, SIM_EV_CLOCK, 0, 0);
    }
    uint64_t object;
    if (t->wait == WAIT_PARK) {
        if (t->wq)
            sim_queue_remove(t->wq, t);
        object = t->wobj;
    } else {
        sim_queue_remove(&t->wcond->waiters, t);
        object = t->wcond->id;
    }
    t->timed_out = 1;
    sim_wake(S, t);
    sim_trace(S, SIM_EV_TIMEOUT, object, t->id);
    return 1;
}
