/*
 * internal.h - state of one deterministic run, shared by the runtime's files.
 *
 * One run lives in a sim_state on sim_run()'s stack, reachable through a
 * thread-local pointer while the run is active.  Tasks are struct sfp_task;
 * mutexes and condition variables keep their state inside the library's
 * opaque storage (struct sim_mutex / sim_cond), with ids given at init.
 */
#ifndef SF_SIM_INTERNAL_H
#define SF_SIM_INTERNAL_H

#include "fiber.h"
#include "platform.h"
#include "sim.h"

#include <stdint.h>

typedef enum { TASK_RUNNABLE, TASK_BLOCKED, TASK_DONE } sim_task_state;
typedef enum { WAIT_NONE, WAIT_MUTEX, WAIT_COND, WAIT_JOIN, WAIT_PARK } sim_wait_kind;

struct sim_mutex;
struct sim_cond;

/* The pending-event key of the process's exit: every task's order relative
 * to it matters, so SIM_SURW counts it as a shared object. */
#define SIM_KEY_EXIT UINT64_MAX

struct sfp_task {
    uint32_t id;
    const char *name;
    sim_task_state state;
    sim_wait_kind wait;
    struct sim_mutex *wmutex; /* WAIT_MUTEX, WAIT_COND: the mutex */
    struct sim_cond *wcond;   /* WAIT_COND */
    struct sfp_task *wtask;   /* WAIT_JOIN */
    sim_waitq *wq;            /* WAIT_PARK: the queue (NULL: a plain sleep) */
    const char *wwhat;        /* WAIT_PARK: what the task waits for */
    uint64_t wobj;            /* WAIT_PARK: the object's id */
    int interrupted;          /* WAIT_PARK: set by sim_interrupt() */
    int64_t deadline;         /* WAIT_COND with a timer, else INT64_MAX */
    int timed_out;            /* set when the clock woke it */
    int signaled;             /* set when signal/broadcast woke it */
    struct sfp_task *qnext;   /* wait queue link */
    struct sfp_task *joiner;  /* task blocked joining this one */
    int joined;
    const char *note_op; /* sfp_task_note() */
    uint64_t note_object, note_scope;
    uint32_t last_kind; /* the SIM_EV_* it traced last */
    uint32_t chooses;   /* sfp_choose() decisions it made (sim_current_chooses) */
    uint64_t prio;      /* SIM_PCT, SIM_POS */
    /* The event the task performs when it next runs (its last traced event
     * before its scheduling point), and the one it performed when it was
     * last chosen: SIM_POS compares them for conflicts.  `key` 0 conflicts
     * with nothing; SIM_KEY_EXIT is the process's exit (SIM_EV_EXIT). */
    struct sim_pending {
        uint64_t key;
        int write;
    } pend, ran;
    struct sim_urw_task {  /* SIM_SURW (surw.c) */
        uint64_t sig;      /* place in the spawn tree (sim_profile_task.sig) */
        uint64_t weight;   /* shared events still expected of it and its unborn children */
        uint32_t children; /* tasks it started so far */
        uint32_t events;   /* its events on objects known shared */
        uint32_t sync;     /* of them, on synchronization objects and the exit */
        int held;          /* at a shared event, waiting for the intended task's */
        int done;          /* its pending event was performed (it may block in it) */
    } urw;
    uint32_t nfaults[SIM_NFAULT_KINDS]; /* faults injected while it ran, by kind */
    int woke_spuriously;                /* its last wake point was a fault: the next is none */
    sim_fiber *fiber;                   /* NULL once done and returned to the pool */
    void (*fn)(void *);
    void *arg;
};

typedef sim_waitq sim_queue;

enum { SIM_MUTEX_MAGIC = 0x6d757478u, SIM_COND_MAGIC = 0x636f6e64u };

struct sim_mutex {
    uint32_t magic;
    uint32_t id;
    uint64_t run; /* generation of the run that initialized it */
    struct sfp_task *owner;
    sim_queue waiters;
};

struct sim_cond {
    uint32_t magic;
    uint32_t id;
    uint64_t run;
    sim_queue waiters;
};

typedef struct sim_rng {
    uint64_t s[4];
} sim_rng;

typedef struct sim_state {
    sim_config cfg;
    uint64_t generation;
    sim_fiber main_ctx; /* sim_run()'s own context */
    struct sfp_task *cur;
    struct sfp_task **tasks; /* by id */
    uint32_t ntasks, cap_tasks, alive;
    struct sfp_task **runq; /* runnable, sorted by id */
    uint32_t nrun;
    uint32_t next_mutex_id, next_cond_id;
    int64_t vtime;
    sim_rng rng;
    size_t byte_pos;         /* SIM_BYTES / SIM_REPLAY read position */
    uint64_t pct_change[32]; /* SIM_PCT change points (step numbers) */
    uint32_t pct_nchange;
    int64_t pick_decision; /* the decision that picked the next task, -1 none */
    uint32_t stamp_why;    /* SIM_SW_* for the next event traced, 0 none */
    int64_t stamp_decision;
    sim_outcome outcome;
    int stopped;
    sim_result *res;
    struct sim_surw *surw;                   /* SIM_SURW's run state (surw.c), else NULL */
    struct sim_hb *hb;                       /* SIM_SURW's happens-before (hb.c), else NULL */
    int count_faults;                        /* cfg had fails or fault_kinds at the start */
    uint32_t fault_points[SIM_NFAULT_KINDS]; /* fault points passed, by kind */
    size_t cap_decisions, cap_events, cap_faults;
} sim_state;

/* The active run of this thread, or NULL. */
extern _Thread_local sim_state *sim_g;

/* The files call each other one way, from the API down to the leaf:
 *   sim.c (sim_run), park.c, sync.c -> task.c (tasks, the platform calls)
 *     -> sched.c (picking, switching) -> fault.c (fault points)
 *     -> clock.c (timers)
 *     -> queue.c (run queue, wait queues) -> trace.c -> strategy.c -> surw.c
 *     -> hb.c (happens-before, also called by sync.c and task.c)
 *     -> state.c (the run of this thread, allocation), rng.c
 * fiber.c and report.c call none of them. */

/* state.c */
sim_state *sim_state_get(const char *fn); /* aborts outside sim_run() */
void *sim_xrealloc(void *p, size_t n);    /* aborts on failure */
void sim_free(void *p);

/* queue.c */
void sim_runq_add(sim_state *S, struct sfp_task *t);
void sim_runq_remove(sim_state *S, struct sfp_task *t);
void sim_block(sim_state *S, sim_wait_kind w);
void sim_wake(sim_state *S, struct sfp_task *t);
void sim_queue_push(sim_queue *q, struct sfp_task *t);
struct sfp_task *sim_queue_take(sim_queue *q, uint32_t index);
void sim_queue_remove(sim_queue *q, struct sfp_task *t);
uint32_t sim_queue_len(const sim_queue *q);

/* sched.c */
void sim_sched_point(sim_state *S);
void sim_sched_next(sim_state *S);
void sim_sched_exit(sim_state *S);
_Noreturn void sim_stop(sim_state *S, sim_outcome o);
void sim_switch_to(sim_state *S, sim_fiber *from, struct sfp_task *next);

/* strategy.c */
void sim_strategy_init(sim_state *S);
/* An index into runq, or nrun (extra == 1: fire the earliest timer now). */
uint32_t sim_strategy_pick(sim_state *S, uint32_t extra);
uint32_t sim_decide(sim_state *S, uint32_t n); /* sfp_choose & co, n > 1 */
void sim_strategy_task_started(sim_state *S, struct sfp_task *t);
void sim_strategy_step(sim_state *S);                      /* PCT change points */
void sim_strategy_woken(sim_state *S, struct sfp_task *t); /* t became runnable */
/* The running task's next event: sim_trace() sets it from every event;
 * memory accesses override it with their address. */
void sim_strategy_pending(sim_state *S, uint32_t kind, uint64_t object);
void sim_decision_record(sim_state *S, uint32_t v);
/* t was picked to run next (by a decision or as the only runnable task). */
void sim_strategy_chosen(sim_state *S, struct sfp_task *t);
/* 1 if the strategy fails this fault point (cfg.fault_kinds already said
 * the kind is enabled). */
int sim_strategy_fault(sim_state *S);

/* rng.c (a leaf) */
void sim_rng_seed(sim_rng *r, uint64_t seed);
uint64_t sim_mix64(uint64_t z); /* splitmix64's finalizer: a bijective hash */
uint64_t sim_rng_next(sim_rng *r);
uint32_t sim_rng_below(sim_rng *r, uint64_t n);   /* uniform in [0, n), n < 2^32 */
uint64_t sim_rng_below64(sim_rng *r, uint64_t n); /* uniform in [0, n) */

/* surw.c: the selectively uniform random walk (SIM_SURW) */
void sim_surw_init(sim_state *S);
void sim_surw_task_started(sim_state *S, struct sfp_task *t); /* t's parent is S->cur */
uint32_t sim_surw_pick(sim_state *S);                         /* an index into runq */
void sim_surw_ran(sim_state *S, struct sfp_task *t); /* t was chosen: it performs t->pend */
void sim_surw_finish(sim_state *S);                  /* fills res->profile, frees the state */

/* hb.c: happens-before, kept while S->hb (SIM_SURW runs; init and free
 * by surw.c).  sim_sync_acquire/release: an edge through obj, told to TSan
 * too (san.h); the synchronization of sync.c and task.c.  An epoch is a
 * task's point in its own clock; ordered: it happened before task's now. */
void sim_hb_init(sim_state *S);
void sim_hb_free(sim_state *S);
void sim_sync_acquire(sim_state *S, void *obj);
void sim_sync_release(sim_state *S, void *obj);
uint64_t sim_hb_epoch(sim_state *S, uint32_t task);
int sim_hb_ordered(sim_state *S, uint64_t epoch, uint32_t task);

/* fault.c: a fault point of `kind` in the running task: 1 = inject. */
int sim_fault_at(sim_state *S, unsigned kind);
/* The timeout fault point of a wait with `deadline` (sim_fault_timeout). */
int sim_fault_timeout_at(sim_state *S, int64_t deadline);

/* clock.c */
int sim_clock_fire(sim_state *S, sim_outcome *why); /* 1: woke a timer */
/* The blocked task with the earliest deadline (lowest id on ties), or NULL. */
struct sfp_task *sim_earliest_timer(const sim_state *S);

/* trace.c */
void sim_trace(sim_state *S, uint32_t kind, uint64_t object, uint32_t value);
uint64_t sim_trace_hash_init(void);

/* task.c */
struct sfp_task *sim_task_new(sim_state *S, void (*fn)(void *), void *arg, const char *name);
void sim_task_discard_all(sim_state *S);

/* report.c */
char *sim_report_build(const sim_state *S);
char *sim_report_nondeterministic(const sim_result *first, const sim_result *replay);

#endif
