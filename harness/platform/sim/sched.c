/* Scheduling: picking the next task, switching, scheduling points, stopping. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* The next task to run, or NULL with the reason the run cannot go on.  Fires
 * virtual timers while nothing is runnable. */
static struct sfp_task *pick(sim_state *S, sim_outcome *why) {
    while (S->nrun == 0) {
        if (!sim_clock_fire(S, why))
            return NULL;
    }
    /* cfg.eager_timers: the earliest timer may fire while tasks can still
     * run, as if they were slow: one more option of the same decision. */
    struct sfp_task *tm = NULL;
    if (S->cfg.eager_timers && !(sim_strategy_flags(S->cfg.strategy) & SIM_SF_PRIORITY)) {
        tm = sim_earliest_timer(S);
        if (tm && (tm->deadline > S->cfg.max_vtime ||
                   (S->cfg.eager_horizon && tm->deadline - S->vtime > S->cfg.eager_horizon)))
            tm = NULL;
    }
    if (S->nrun == 1 && !tm) {
        sim_strategy_chosen(S, S->runq[0]); /* no choice, but what it runs counts */
        S->pick_decision = -1;
        return S->runq[0];
    }
    uint32_t i = sim_strategy_pick(S, tm != NULL);
    S->pick_decision = (int64_t)S->res->ndecisions - 1;
    if (i == S->nrun) {
        sim_clock_fire(S, why);
        i = S->nrun - 1;
        for (uint32_t k = 0; k < S->nrun; k++)
            if (S->runq[k] == tm)
                i = k;
    }
    struct sfp_task *t = S->runq[i];
    sim_strategy_chosen(S, t);
    sim_trace(S, SIM_EV_SWITCH, 0, t->id);
    return t;
}

static uint32_t switch_why(const struct sfp_task *prev) {
    if (prev->state == TASK_DONE)
        return SIM_SW_ENDED;
    if (prev->state == TASK_BLOCKED)
        return SIM_SW_BLOCKED;
    return prev->last_kind == SIM_EV_YIELD ? SIM_SW_YIELDED : SIM_SW_PREEMPTED;
}

void sim_switch_to(sim_state *S, sim_fiber *from, struct sfp_task *next) {
    struct sfp_task *prev = S->cur;
    S->res->switches++;
    if (prev->state == TASK_RUNNABLE)
        S->res->preemptions++;
    S->stamp_why = switch_why(prev);
    S->stamp_decision = S->pick_decision;
    S->cur = next;
    int saved_errno = errno; /* errno is per task: it lives on each task's stack here */
    sim_fiber_switch(from, next->fiber);
    errno = saved_errno;
}

/* Ends the run: back to sim_run().  Returns only if the calling fiber is
 * reused later (its task had ended). */
static void stop_switch(sim_state *S, sim_outcome o) {
    S->outcome = o;
    S->stopped = 1;
    sim_fiber_switch(S->cur->fiber, &S->main_ctx);
}

_Noreturn void sim_stop(sim_state *S, sim_outcome o) {
    stop_switch(S, o);
    fputs("scopefuzz sim: a discarded task was resumed\n", stderr);
    abort();
}

void sim_sched_next(sim_state *S) {
    sim_outcome why;
    struct sfp_task *next = pick(S, &why);
    if (!next)
        sim_stop(S, why);
    if (next != S->cur)
        sim_switch_to(S, S->cur->fiber, next);
}

void sim_sched_point(sim_state *S) {
    if (++S->res->steps > S->cfg.max_steps)
        sim_stop(S, SIM_LIVELOCK);
    sim_strategy_step(S);
    sim_sched_next(S);
}

/* The current task ended.  Parks its fiber: returns (to the fiber's job
 * loop) only when the fiber is given a new task, possibly in a later run; S
 * must not be touched after the switch. */
void sim_sched_exit(sim_state *S) {
    struct sfp_task *t = S->cur;
    if (t->id == 0) {
        stop_switch(S, S->alive > 0 ? SIM_LEAK : SIM_OK);
        return;
    }
    sim_outcome why;
    struct sfp_task *next = pick(S, &why);
    if (!next) {
        stop_switch(S, why);
        return;
    }
    sim_fiber *f = t->fiber;
    t->fiber = NULL;
    sim_fiber_put(f);
    sim_switch_to(S, f, next);
}
