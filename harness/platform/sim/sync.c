/* Mutexes and condition variables: every call is a scheduling point; a lock
 * on a held mutex and a condition wait block the task. */
#include "internal.h"
#include "san.h"

#include <stdio.h>
#include <stdlib.h>

_Static_assert(sizeof(struct sim_mutex) <= sizeof(sfp_mutex), "sfp_mutex too small");
_Static_assert(sizeof(struct sim_cond) <= sizeof(sfp_cond), "sfp_cond too small");

static void die(const char *fn, const char *what) {
    fprintf(stderr, "scopefuzz sim: %s: %s\n", fn, what);
    abort();
}

static struct sim_mutex *mutex_of(sim_state *S, sfp_mutex *m, const char *fn) {
    struct sim_mutex *x = m ? (struct sim_mutex *)(void *)m->opaque : NULL;
    if (!x || x->magic != SIM_MUTEX_MAGIC)
        die(fn, "mutex not initialized (or destroyed)");
    if (x->run != S->generation)
        die(fn, "mutex initialized in another sim_run()");
    return x;
}

static struct sim_cond *cond_of(sim_state *S, sfp_cond *c, const char *fn) {
    struct sim_cond *x = c ? (struct sim_cond *)(void *)c->opaque : NULL;
    if (!x || x->magic != SIM_COND_MAGIC)
        die(fn, "condition variable not initialized (or destroyed)");
    if (x->run != S->generation)
        die(fn, "condition variable initialized in another sim_run()");
    return x;
}

void sfp_mutex_init(sfp_mutex *m) {
    sim_state *S = sim_state_get("sfp_mutex_init");
    struct sim_mutex *x = (struct sim_mutex *)(void *)m->opaque;
    *x = (struct sim_mutex){SIM_MUTEX_MAGIC, ++S->next_mutex_id, S->generation, NULL, {0}};
}

void sfp_mutex_destroy(sfp_mutex *m) {
    sim_state *S = sim_state_get("sfp_mutex_destroy");
    struct sim_mutex *x = mutex_of(S, m, "sfp_mutex_destroy");
    if (x->owner || x->waiters.head)
        die("sfp_mutex_destroy", "mutex is locked");
    x->magic = 0;
}

/* Takes x for the current task, blocking while another task holds it. */
static void mutex_acquire(sim_state *S, struct sim_mutex *x) {
    while (x->owner) {
        S->cur->wmutex = x;
        sim_queue_push(&x->waiters, S->cur);
        sim_block(S, WAIT_MUTEX);
        sim_sched_next(S);
    }
    S->cur->wmutex = NULL;
    x->owner = S->cur;
    sim_sync_acquire(S, x);
    sim_trace(S, SIM_EV_LOCK, x->id, 0);
}

/* Releases x; every waiter becomes runnable and tries again, so the
 * strategy decides who gets it. */
static void mutex_release(sim_state *S, struct sim_mutex *x, const char *fn) {
    if (x->owner != S->cur)
        die(fn, "mutex not held by the calling task");
    x->owner = NULL;
    sim_sync_release(S, x);
    struct sfp_task *t;
    while ((t = sim_queue_take(&x->waiters, 0)))
        sim_wake(S, t);
    sim_trace(S, SIM_EV_UNLOCK, x->id, 0);
}

void sfp_mutex_lock(sfp_mutex *m) {
    sim_state *S = sim_state_get("sfp_mutex_lock");
    struct sim_mutex *x = mutex_of(S, m, "sfp_mutex_lock");
    sim_sched_point(S);
    mutex_acquire(S, x);
}

void sfp_mutex_unlock(sfp_mutex *m) {
    sim_state *S = sim_state_get("sfp_mutex_unlock");
    mutex_release(S, mutex_of(S, m, "sfp_mutex_unlock"), "sfp_mutex_unlock");
    sim_sched_point(S);
}

void sfp_cond_init(sfp_cond *c) {
    sim_state *S = sim_state_get("sfp_cond_init");
    struct sim_cond *x = (struct sim_cond *)(void *)c->opaque;
    *x = (struct sim_cond){SIM_COND_MAGIC, ++S->next_cond_id, S->generation, {0}};
}

void sfp_cond_destroy(sfp_cond *c) {
    sim_state *S = sim_state_get("sfp_cond_destroy");
    struct sim_cond *x = cond_of(S, c, "sfp_cond_destroy");
    if (x->waiters.head)
        die("sfp_cond_destroy", "tasks are waiting on the condition variable");
    x->magic = 0;
}

/* Blocks the current task on cv (releasing mx) until woken or, when
 * deadline != INT64_MAX, until the virtual clock reaches the deadline. */
static int cond_block(sim_state *S, struct sim_cond *cv, struct sim_mutex *mx, int64_t deadline) {
    struct sfp_task *me = S->cur;
    me->wcond = cv;
    me->wmutex = mx;
    me->deadline = deadline;
    me->timed_out = me->signaled = 0;
    sim_queue_push(&cv->waiters, me);
    mutex_release(S, mx, "sfp_cond_wait");
    sim_block(S, WAIT_COND);
    sim_sched_next(S);
    me->wcond = NULL;
    me->deadline = INT64_MAX;
    if (me->signaled)
        sim_sync_acquire(S, cv);
    return me->timed_out ? SFP_ETIMEDOUT : SFP_OK;
}

static int cond_wait(sfp_cond *c, sfp_mutex *m, int64_t deadline, const char *fn) {
    sim_state *S = sim_state_get(fn);
    struct sim_cond *cv = cond_of(S, c, fn);
    struct sim_mutex *mx = mutex_of(S, m, fn);
    sim_trace(S, SIM_EV_WAIT, cv->id, mx->id);
    int rc;
    if (deadline <= S->vtime || sim_fault_timeout_at(S, deadline)) {
        /* passed (or made to pass by a fault): no wait, but a scheduling point */
        mutex_release(S, mx, fn);
        sim_sched_point(S);
        sim_trace(S, SIM_EV_TIMEOUT, cv->id, S->cur->id);
        rc = SFP_ETIMEDOUT;
    } else if (sim_fault_at(S, SIM_FAULT_WAKE)) { /* a spurious wakeup */
        mutex_release(S, mx, fn);
        sim_sched_point(S);
        sim_trace(S, SIM_EV_WAKE, cv->id, S->cur->id);
        rc = SFP_OK;
    } else {
        rc = cond_block(S, cv, mx, deadline);
    }
    mutex_acquire(S, mx);
    return rc;
}

void sfp_cond_wait(sfp_cond *c, sfp_mutex *m) { cond_wait(c, m, INT64_MAX, "sfp_cond_wait"); }

int sfp_cond_timedwait(sfp_cond *c, sfp_mutex *m, int64_t deadline) {
    return cond_wait(c, m, deadline, "sfp_cond_timedwait");
}

static void wake_one(sim_state *S, struct sim_cond *cv, uint32_t index) {
    struct sfp_task *t = sim_queue_take(&cv->waiters, index);
    t->signaled = 1;
    sim_wake(S, t);
    sim_trace(S, SIM_EV_WAKE, cv->id, t->id);
}

/* Wakes one waiter, chosen by the strategy when several wait. */
void sfp_cond_signal(sfp_cond *c) {
    sim_state *S = sim_state_get("sfp_cond_signal");
    struct sim_cond *cv = cond_of(S, c, "sfp_cond_signal");
    sim_trace(S, SIM_EV_SIGNAL, cv->id, 0);
    sim_sync_release(S, cv);
    uint32_t n = sim_queue_len(&cv->waiters);
    if (n > 0)
        wake_one(S, cv, n > 1 ? sim_decide(S, n) : 0);
    sim_sched_point(S);
}

void sfp_cond_broadcast(sfp_cond *c) {
    sim_state *S = sim_state_get("sfp_cond_broadcast");
    struct sim_cond *cv = cond_of(S, c, "sfp_cond_broadcast");
    sim_trace(S, SIM_EV_BROADCAST, cv->id, 0);
    sim_sync_release(S, cv);
    while (cv->waiters.head)
        wake_one(S, cv, 0);
    sim_sched_point(S);
}
