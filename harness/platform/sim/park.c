/* Parking: the blocking primitive for frontends other than platform.h (the
 * pthread interposition).  A parked task waits on a sim_waitq, optionally
 * until a virtual deadline, and may be interrupted (pthread_cancel). */
#include "internal.h"
#include "san.h"

#include <stdio.h>
#include <stdlib.h>

int sim_park(sim_waitq *q, int64_t deadline, const char *what, uint64_t object) {
    sim_state *S = sim_state_get("sim_park");
    struct sfp_task *me = S->cur;
    sim_trace(S, SIM_EV_WAIT, object, 0);
    if (deadline <= S->vtime) {
        sim_sched_point(S);
        sim_trace(S, SIM_EV_TIMEOUT, object, me->id);
        return SIM_PARK_TIMEDOUT;
    }
    me->wq = q;
    me->wwhat = what;
    me->wobj = object;
    me->deadline = deadline;
    me->timed_out = me->signaled = me->interrupted = 0;
    if (q)
        sim_queue_push(q, me);
    sim_block(S, WAIT_PARK);
    sim_sched_next(S);
    me->wq = NULL;
    me->deadline = INT64_MAX;
    if (me->interrupted)
        return SIM_PARK_INTERRUPTED;
    return me->timed_out ? SIM_PARK_TIMEDOUT : SIM_PARK_WOKEN;
}

uint32_t sim_waitq_len(const sim_waitq *q) { return sim_queue_len(q); }

static void unpark(sim_state *S, struct sfp_task *t) {
    t->signaled = 1;
    sim_wake(S, t);
    sim_trace(S, SIM_EV_WAKE, t->wobj, t->id);
}

int64_t sim_unpark_one(sim_waitq *q) {
    sim_state *S = sim_state_get("sim_unpark_one");
    uint32_t n = sim_queue_len(q);
    if (n == 0)
        return -1;
    struct sfp_task *t = sim_queue_take(q, n > 1 ? sim_decide(S, n) : 0);
    unpark(S, t);
    return t->id;
}

uint32_t sim_unpark_all(sim_waitq *q) {
    sim_state *S = sim_state_get("sim_unpark_all");
    uint32_t n = 0;
    struct sfp_task *t;
    while ((t = sim_queue_take(q, 0))) {
        unpark(S, t);
        n++;
    }
    return n;
}

int sim_interrupt(uint32_t id) {
    sim_state *S = sim_state_get("sim_interrupt");
    if (id >= S->ntasks)
        return 0;
    struct sfp_task *t = S->tasks[id];
    if (t->state != TASK_BLOCKED || t->wait != WAIT_PARK)
        return 0;
    if (t->wq)
        sim_queue_remove(t->wq, t);
    t->interrupted = 1;
    sim_wake(S, t);
    return 1;
}

void sim_point(uint32_t kind, uint64_t object) {
    sim_state *S = sim_state_get("sim_point");
    sim_trace(S, kind, object, 0);
    sim_sched_point(S);
}

void sim_point_access(uintptr_t addr, int store) {
    sim_state *S = sim_state_get("sim_point_access");
    sim_trace(S, SIM_EV_ACCESS, (uint64_t)(store != 0), 0);
    S->cur->pend = (struct sim_pending){addr, store != 0};
    sim_sched_point(S);
}

int64_t sim_vtime(void) { return sim_g ? sim_g->vtime : 0; }

int sim_spawn(void (*fn)(void *), void *arg, const char *name, uint32_t *id) {
    sfp_task *t;
    if (sfp_task_start(&t, fn, arg, name) != SFP_OK)
        return -1;
    if (id)
        *id = t->id;
    return 0;
}

_Noreturn void sim_exit_run(void) { sim_stop(sim_state_get("sim_exit_run"), SIM_EXIT); }

const char *sim_task_name(uint32_t id) {
    sim_state *S = sim_g;
    return S && id < S->ntasks ? S->tasks[id]->name : NULL;
}

int sim_task_ended(uint32_t id) {
    sim_state *S = sim_g;
    return S && id < S->ntasks && S->tasks[id]->state == TASK_DONE;
}

uint32_t sim_current_chooses(void) {
    sim_state *S = sim_g;
    return S && S->cur ? S->cur->chooses : 0;
}

int sim_current_stack(const void **lo, size_t *size) {
    sim_state *S = sim_g;
    if (!S || !S->cur || !S->cur->fiber)
        return -1;
    *lo = S->cur->fiber->stack_lo;
    *size = S->cur->fiber->stack_size;
    return 0;
}
