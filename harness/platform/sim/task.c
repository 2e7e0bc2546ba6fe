/* Tasks: start, end, join, yield, choose, notes, the clock read (a scheduling
 * point); discarding after a run. */
#include "internal.h"
#include "san.h"

#include <stdio.h>
#include <stdlib.h>

/* The job of a task's fiber.  Returns to the fiber's job loop only when the
 * fiber is reused for another task. */
static void task_main(void *p) {
    struct sfp_task *t = p;
    sim_sync_acquire(sim_g, t); /* start: the parent released */
    t->fn(t->arg);
    sim_state *S = sim_g;
    t->state = TASK_DONE;
    sim_runq_remove(S, t);
    S->alive--;
    sim_sync_release(S, t); /* end: join (or sim_run) acquires */
    sim_trace(S, SIM_EV_END, t->id, 0);
    if (t->joiner)
        sim_wake(S, t->joiner);
    sim_sched_exit(S);
}

struct sfp_task *sim_task_new(sim_state *S, void (*fn)(void *), void *arg, const char *name) {
    if (S->ntasks == S->cap_tasks) {
        S->cap_tasks = S->cap_tasks ? 2 * S->cap_tasks : 16;
        S->tasks = sim_xrealloc(S->tasks, S->cap_tasks * sizeof *S->tasks);
        S->runq = sim_xrealloc(S->runq, S->cap_tasks * sizeof *S->runq);
    }
    struct sfp_task *t = sim_xrealloc(NULL, sizeof *t);
    *t = (struct sfp_task){.id = S->ntasks, .name = name ? name : "?", .fn = fn, .arg = arg};
    t->deadline = INT64_MAX;
    if (!(t->fiber = sim_fiber_get(task_main, t))) {
        sim_free(t);
        return NULL;
    }
    S->tasks[S->ntasks++] = t;
    S->alive++;
    sim_strategy_task_started(S, t);
    sim_runq_add(S, t);
    return t;
}

/* Task budget: starting task number max_tasks + 1 (main included) ends the
 * run as SIM_TASK_BUDGET instead of returning SFP_ENOMEM. */
int sfp_task_start(sfp_task **out, void (*fn)(void *), void *arg, const char *name) {
    sim_state *S = sim_state_get("sfp_task_start");
    if (S->ntasks >= S->cfg.max_tasks)
        sim_stop(S, SIM_TASK_BUDGET);
    if (sim_fault_at(S, SIM_FAULT_SPAWN))
        return SFP_ENOMEM;
    struct sfp_task *t = sim_task_new(S, fn, arg, name);
    if (!t)
        return SFP_ENOMEM;
    sim_sync_release(S, t);
    sim_trace(S, SIM_EV_START, t->id, 0);
    *out = t;
    sim_sched_point(S);
    return SFP_OK;
}

static void die(const char *msg) {
    fprintf(stderr, "scopefuzz sim: %s\n", msg);
    abort();
}

void sfp_task_join(sfp_task *t) {
    sim_state *S = sim_state_get("sfp_task_join");
    if (!t || t->id >= S->ntasks || S->tasks[t->id] != t)
        die("sfp_task_join: not a task of this run");
    if (t->joined || t->joiner)
        die("sfp_task_join: task joined twice");
    if (t == S->cur)
        die("sfp_task_join: a task joins itself");
    sim_trace(S, SIM_EV_JOIN, t->id, 0);
    sim_sched_point(S);
    if (t->state != TASK_DONE) {
        t->joiner = S->cur;
        S->cur->wtask = t;
        sim_block(S, WAIT_JOIN);
        sim_sched_next(S);
        S->cur->wtask = NULL;
    }
    sim_sync_acquire(S, t);
    t->joined = 1;
}

void sfp_yield(void) {
    sim_state *S = sim_state_get("sfp_yield");
    sim_trace(S, SIM_EV_YIELD, 0, 0);
    sim_sched_point(S);
}

/* Outside sim_run(): 0 (deterministic). */
uint32_t sfp_choose(uint32_t n) {
    sim_state *S = sim_g;
    if (!S)
        return 0;
    sim_sched_point(S);
    uint32_t v = n > 1 ? sim_decide(S, n) : 0;
    S->cur->chooses += n > 1;
    sim_trace(S, SIM_EV_CHOOSE, n, v);
    return v;
}

/* Outside sim_run(): ignored. */
void sfp_task_note(const char *op, uint64_t object, uint64_t scope) {
    sim_state *S = sim_g;
    if (!S)
        return;
    S->cur->note_op = op;
    S->cur->note_object = op ? object : 0;
    S->cur->note_scope = op ? scope : 0;
}

/* TSan: lets the task's fiber release on the task, so that sim_run()'s
 * caller is ordered after everything the task did. */
static void release_as(struct sfp_task *t, sim_state *S) {
#ifdef SF_TSAN
    __tsan_switch_to_fiber(t->fiber->tsan, SIM_TSAN_NO_SYNC);
    __tsan_release(t);
    __tsan_switch_to_fiber(S->main_ctx.tsan, SIM_TSAN_NO_SYNC);
#else
    (void)t;
    (void)S;
#endif
}

/* After the run (in sim_run()'s context): fibers of ended tasks go back to
 * the pool, those of unfinished tasks are destroyed; every task is freed. */
void sim_task_discard_all(sim_state *S) {
    for (uint32_t i = 0; i < S->ntasks; i++) {
        struct sfp_task *t = S->tasks[i];
        if (t->fiber && t->state == TASK_DONE) {
            sim_fiber_put(t->fiber);
        } else if (t->fiber) {
            release_as(t, S);
            sim_fiber_destroy(t->fiber);
        }
        sim_tsan_acquire(t);
        sim_free(t);
    }
    sim_free(S->tasks);
    sim_free(S->runq);
    sim_fiber_pool_trim();
}

int64_t sfp_now(void) {
    sim_state *S = sim_g;
    if (!S)
        return 0;
    sim_sched_point(S);
    return S->vtime;
}
