/*
 * sim.h - the deterministic runtime: runs a program whose every platform call
 * (harness/platform/platform.h) is a scheduling point decided by a strategy,
 * on fibers of the calling thread, in virtual time.
 *
 * One run: sim_run() starts main_fn(arg) as task 0 and returns when every
 * task has ended (SIM_OK), or when the run failed in a classified way:
 * deadlock, task leak, or a budget exceeded.  Program + strategy + seed (or
 * byte stream) fully determine the run; the result carries the decisions
 * taken, which replay it exactly (SIM_REPLAY), and a stable trace hash.
 *
 * After a failed run the runtime has discarded every remaining task (their
 * stacks are freed; memory they owned is not), so sim_run() can be called
 * again in the same process, millions of times; everything the runtime
 * allocated for a run is freed by sim_result_free().
 *
 * Semantics chosen by this backend (harness/platform/sim/):
 * - Scheduling points: every platform call (lock, unlock, wait, timedwait,
 *   signal, broadcast, task start, join, now, yield, choose).  A decision is
 *   recorded only when there is a real choice (n > 1).  An unlock makes every
 *   task blocked on the mutex runnable again (they retry), so the strategy
 *   picks who gets it; sfp_cond_signal() wakes a waiter picked by the
 *   strategy (a decision when several wait).
 * - Task budget: starting task number max_tasks + 1 (main included) ends
 *   the run as SIM_TASK_BUDGET; sfp_task_start() does not return then.
 *   SFP_ENOMEM only on real memory exhaustion.
 * - Virtual time starts at 0 and moves only when no task is runnable: the
 *   clock jumps to the earliest timed wait, which returns SFP_ETIMEDOUT (ties:
 *   lowest task id first).  A deadline <= sfp_now() times out at once.  A
 *   timer beyond max_vtime ends the run as SIM_TIME_BUDGET.
 * - Outside sim_run(): sfp_now() returns 0, sfp_choose() returns 0,
 *   sfp_task_note() does nothing; every other platform call aborts with a
 *   message.  Mutexes and conds belong to the run that initialized them.
 * - Task memory is released at the end of the run (not at sfp_task_join).
 * - TSan builds (SF_TSAN): the runtime's own files are not instrumented;
 *   lock/unlock, signal/wake, task start/end/join are replayed to TSan as
 *   acquire/release, and sim_run()'s caller is ordered after every task.  A
 *   TSan report printed during a run is followed by a line "scopefuzz sim:
 *   the report above comes from a deterministic run: ..." with strategy,
 *   seed, step, task and the decisions so far.
 * - Faults (faults.h): allocation, task start, spurious wakeup and timeout
 *   faults are decisions of the run too.  cfg.fails injects exactly the
 *   listed (kind, n) points under every strategy; cfg.fault_kinds lets the
 *   strategy (random, pct, pos, surw, bytes; never replay) fail any point of those
 *   kinds, one in fault_rate.  Either way res->faults lists what was
 *   injected, which cfg.fails replays.  Without both, no fault point draws a
 *   random number or reads a byte: runs and hashes are those of a runtime
 *   without faults.
 * - Fibers are pooled per thread across runs (mmap'd stacks with a guard
 *   page, 256 KiB, 1 MiB under ASan); sim_fiber_pool_drain() frees the pool.
 */
#ifndef SF_SIM_H
#define SF_SIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "faults.h"
#include "strategies.h"

#ifdef __cplusplus
extern "C" {
#endif

/* enum sim_strategy (SIM_RANDOM, SIM_PCT, ...): strategies.h */

struct sim_result;

typedef enum sim_outcome {
    SIM_OK = 0,           /* every task ended */
    SIM_DEADLOCK,         /* every task blocked and no timer pending */
    SIM_LEAK,             /* tasks still alive when task 0 returned */
    SIM_LIVELOCK,         /* max_steps exceeded while tasks stayed runnable */
    SIM_TIME_BUDGET,      /* max_vtime exceeded */
    SIM_TASK_BUDGET,      /* more than max_tasks started */
    SIM_NONDETERMINISTIC, /* check_determinism: the replay gave another hash */
    SIM_EXIT              /* a task ended the whole run: sim_exit_run() (exit()) */
} sim_outcome;

/*
 * The profile of the selectively uniform random walk (SIM_SURW, surw.c):
 * what earlier runs of the same program saw.  A SIM_SURW run reads one
 * (cfg.profile) and reports its own observations (res.profile); the caller
 * merges them (sim_profile_merge) and hands the merge to the next run.  A
 * task is known by its place in the spawn tree (`sig`: its parent's sig and
 * its index among the parent's children), not by its id, which depends on
 * the interleaving.  Objects are the runtime's pending-event keys: memory
 * addresses and synchronization object ids (tagged with bit 63).
 */
typedef struct sim_profile_task {
    uint64_t sig;
    uint32_t events;     /* its events on shared objects: the mean over the runs it
                            finished, or while none, the most seen in runs cut short
                            (each counting one event more than it performed) */
    uint32_t children;   /* tasks it started (most over the runs merged) */
    uint32_t runs;       /* runs merged in which it finished (ended, or called exit) */
    uint64_t total;      /* its events summed over those runs (the mean's numerator) */
    uint32_t sync;       /* of its events, those on synchronization objects and the
                            exit: the mean or most, as `events` */
    uint64_t sync_total; /* those summed, as `total` */
} sim_profile_task;

/* An object two or more tasks touched: a synchronization object, or racy
 * memory (two of its accesses, one a store, were not ordered by
 * synchronization: sim_acquire and the runtime's own, in some run merged). */
typedef struct sim_profile_obj {
    uint64_t key;
    uint32_t racy; /* memory: the runs merged in which it raced (0 for the others) */
} sim_profile_obj;

typedef struct sim_profile {
    sim_profile_task *tasks; /* sorted by sig, unique */
    size_t ntasks;
    sim_profile_obj *shared; /* sorted by key, unique */
    size_t nshared;
    uint32_t runs; /* runs merged (a run's own res.profile: 1) */
} sim_profile;

enum { SIM_PROFILE_MAX_TASKS = 4096, SIM_PROFILE_MAX_SHARED = 16384 };

/* Merges the observations of one run (a res.profile) into *into: task
 * events become the running mean over the runs that finished the task,
 * children the maximum, shared objects the union with their racy runs and
 * the runs summed; at most
 * SIM_PROFILE_MAX_TASKS tasks and SIM_PROFILE_MAX_SHARED objects are kept
 * (the rest is dropped: an estimate, not a record).  Returns 0, or -1 when
 * out of memory (then *into is unchanged). */
int sim_profile_merge(sim_profile *into, const sim_profile *run);

/* Frees the arrays of *p and empties it (p may be NULL). */
void sim_profile_free(sim_profile *p);

/* 1 when a SIM_SURW run with this seed samples only the events on
 * synchronization objects and the exit, 0 when it samples those on racy
 * memory too: half of the seeds each, by a hash of the seed
 * (so any rotation of strategies over consecutive seeds gets both).  No
 * errors. */
int sim_surw_sync_only(uint64_t seed);

typedef struct sim_config {
    sim_strategy strategy;
    uint64_t seed;        /* SIM_RANDOM, SIM_PCT */
    uint32_t pct_depth;   /* SIM_PCT: bug depth d >= 1 (d-1 change points) */
    uint64_t pct_steps;   /* SIM_PCT: expected run length k (0: 1000) */
    const uint8_t *bytes; /* SIM_BYTES, SIM_REPLAY */
    size_t nbytes;
    uint32_t max_tasks; /* 0: 1024 */
    uint64_t max_steps; /* scheduling points; 0: 1,000,000 */
    int64_t max_vtime;  /* virtual ns; 0: 3600 s */
    int record_trace;   /* keep the event list (the hash is always kept) */
    /* Run twice (the second time replaying the first run's decisions) and
     * compare hashes.  main_fn must start from a clean state each time: a
     * failed first run leaves the program's own state behind (for the
     * reference library: call sc_abandon() at the start of main_fn).  Note
     * that sfp_yield() does not advance virtual time: a task spinning on it
     * ends in SIM_LIVELOCK, never reaching a deadline.  This is the one
     * determinism check: frontends hook into it (on_replay), none repeats
     * it. */
    int check_determinism;
    /* check_determinism, for a frontend whose own state spans a run (the
     * interpreter): called with SIM_REPLAY_BEFORE between the run and its
     * replay (finish with the first run, set up for the second; `replay` is
     * NULL), and with SIM_REPLAY_AFTER and the replay's result after it: a
     * nonzero return (the frontend's verdict on the replay differs from the
     * run's) ends the run SIM_NONDETERMINISTIC, as a different hash does.
     * NULL: no hook. */
    int (*on_replay)(void *ctx, int phase, const struct sim_result *replay);
    void *on_replay_ctx;
    /* Called with every decision as it is taken (may be NULL), so that the
     * decisions survive a run that kills the process (a sanitizer report):
     * the pthread runner appends them to memory shared with its parent. */
    void (*on_decision)(void *ctx, uint32_t value);
    /* Called with every fault as it is injected (may be NULL; ctx:
     * on_decision_ctx), for the same reason. */
    void (*on_fault)(void *ctx, sim_fault fault);
    /* Switch decisions count from the current task: 0 keeps it running (or,
     * when it blocked or ended, takes the next task after it by id), so a
     * schedule of zeros has no preemption and a minimizer that zeroes
     * decisions removes preemptions.  Off: 0 is the runnable task with the
     * lowest id (the encoding of the interpreter's stored schedules). */
    int relative_picks;
    /* Besides the runnable tasks, a switch decision may pick the blocked
     * task with the earliest deadline: the clock jumps to that deadline
     * although other tasks could still run (as if they were slow), and the
     * task runs.  Without it virtual time moves only when no task can run,
     * so running code takes no time and a sleep never loses a race against
     * a busy thread.  Random, bytes and replay strategies; not PCT. */
    int eager_timers;
    /* eager_timers: how far (virtual ns) the clock may jump ahead of running
     * tasks: only a timer due within eager_horizon of the current virtual
     * time fires early (0: any timer).  A thread is slow by milliseconds,
     * not by minutes: without a bound, a 30 s safety timeout expires
     * between two steps of a runnable thread. */
    int64_t eager_horizon;
    void *on_decision_ctx;
    /* Faults (faults.h): the kinds (bits 1u << SIM_FAULT_*) whose points
     * the strategy may fail, one point in `fault_rate` (0: 16) on average
     * (SIM_BYTES: when the point's byte, read as a choice among fault_rate,
     * is the last one; SIM_REPLAY never decides). */
    unsigned fault_kinds;
    uint32_t fault_rate;
    /* The faults to inject whatever the strategy (a replay's: the faults of
     * the run it replays), nfails entries, each (kind, nth >= 1). */
    const sim_fault *fails;
    size_t nfails;
    /* SIM_SURW: what earlier runs saw (NULL or empty: nothing yet; the walk
     * is then uniform over the tasks at shared events). */
    const sim_profile *profile;
} sim_config;

/* One recorded event of a run. */
typedef struct sim_event {
    uint64_t step;   /* scheduling point number */
    int64_t vtime;   /* virtual time */
    uint32_t task;   /* task id (0 = main) */
    uint32_t kind;   /* SIM_EV_* */
    uint64_t object; /* address-free id of the object (mutex/cond/task id) */
    uint32_t value;  /* decision value, or 0 */
    /* The first event a task traces after the runtime switched to it says
     * why the task before it stopped running (SIM_SW_*) and which decision
     * (index into sim_result.decisions) picked this task, -1 when it was
     * the only one that could run.  Other events: SIM_SW_NONE and -1.
     * Neither goes into the trace hash. */
    uint32_t why;
    int64_t decision;
} sim_event;

enum {
    SIM_SW_NONE = 0,  /* no switch before this event */
    SIM_SW_PREEMPTED, /* at a scheduling point: the task could have gone on */
    SIM_SW_YIELDED,   /* the same, at a yield */
    SIM_SW_BLOCKED,   /* it blocked (mutex, condition, join, park) */
    SIM_SW_ENDED      /* it ended */
};

enum {
    SIM_EV_SWITCH = 1, /* decision: value = task chosen to run */
    SIM_EV_CHOOSE,     /* sfp_choose(): value = choice */
    SIM_EV_START,      /* task started: object = new task id */
    SIM_EV_END,        /* task ended */
    SIM_EV_LOCK,
    SIM_EV_UNLOCK,
    SIM_EV_WAIT,
    SIM_EV_WAKE,    /* woken by signal/broadcast */
    SIM_EV_TIMEOUT, /* woken by the virtual clock */
    SIM_EV_SIGNAL,
    SIM_EV_BROADCAST,
    SIM_EV_JOIN,
    SIM_EV_YIELD,
    SIM_EV_CLOCK,  /* virtual clock jumped: value = 0, vtime = new time */
    SIM_EV_ACCESS, /* a shared memory access (pthread --preempt-memory): value 1 = store */
    SIM_EV_FAULT,  /* a fault injected: object = kind (SIM_FAULT_*), value = its n */
    SIM_EV_EXIT    /* the process exits (pthread runs): the others may still run first */
};

enum { SIM_REPLAY_BEFORE = 0, SIM_REPLAY_AFTER = 1 }; /* sim_config.on_replay */

typedef struct sim_result {
    sim_outcome outcome;
    uint64_t steps;       /* scheduling points taken */
    uint64_t switches;    /* context switches */
    uint64_t hash;        /* stable trace hash (decisions and events) */
    int64_t vtime;        /* virtual time at the end */
    uint32_t tasks;       /* tasks started, main included */
    uint32_t preemptions; /* switches away from a task that could go on */
    uint32_t *decisions;  /* every decision taken, in order (for SIM_REPLAY) */
    size_t ndecisions;
    sim_event *events; /* when record_trace */
    size_t nevents;
    char *report;      /* failure report with task dump; NULL on SIM_OK */
    sim_fault *faults; /* every fault injected, in order (for cfg.fails) */
    size_t nfaults;
    sim_profile profile; /* SIM_SURW: this run's observations (else empty) */
} sim_result;

/* Runs main_fn(arg) under cfg.  Returns 0 and fills *res (free it with
 * sim_result_free()), or -1 on bad configuration (NULL arguments, a run
 * already in progress on this thread, an unknown strategy).  The outcome,
 * including failures of the program, is in res->outcome. */
int sim_run(const sim_config *cfg, void (*main_fn)(void *), void *arg, sim_result *res);

void sim_result_free(sim_result *res);

/* The decisions of `res` encoded for cfg.bytes with SIM_REPLAY; malloc'd,
 * length in *n.  NULL on allocation failure. */
uint8_t *sim_decisions_encode(const sim_result *res, size_t *n);

/* Prints the outcome, the report and (if recorded) the events. */
void sim_result_print(const sim_result *res, FILE *out);

const char *sim_outcome_name(sim_outcome o);

/* 1 inside sim_run() on this thread (the library runs on the sim backend),
 * 0 otherwise. */
int sim_active(void);

/* Inside sim_run() on this thread: the id of the running task (0 = main,
 * as in sim_event.task).  Outside: 0.  Not a scheduling point. */
uint32_t sim_current_task(void);

/* Inside sim_run() on this thread: the scheduling points taken so far (the
 * `step` the next recorded event gets, as in sim_event.step).  Outside: 0.
 * Not a scheduling point. */
uint64_t sim_current_step(void);

/* Inside sim_run() on this thread with cfg.record_trace: the events
 * recorded so far, i.e. the index in sim_result.events of the next event,
 * so that a frontend can place its own records among the runtime's events
 * exactly.  Outside (or without record_trace): 0.  Not a scheduling point. */
uint64_t sim_current_event(void);

/*
 * Blocking for other frontends (the pthread interposition, harness/interpose/):
 * the runtime's one waiting mechanism, a FIFO queue of parked tasks.  Every
 * call below must be made inside sim_run() (they abort outside, except
 * sim_vtime()).  Object ids are address-free numbers the caller assigns (they
 * go into the trace hash, which must not depend on addresses).
 */
struct sfp_task;
typedef struct sim_waitq {
    struct sfp_task *head, *tail;
} sim_waitq; /* all zero = empty */

enum { SIM_PARK_WOKEN = 0, SIM_PARK_TIMEDOUT = 1, SIM_PARK_INTERRUPTED = 2 };

/* Blocks the calling task on q (NULL: on nothing, a sleep) until
 * sim_unpark_one/all() takes it (SIM_PARK_WOKEN), the virtual clock reaches
 * `deadline` (SIM_PARK_TIMEDOUT; INT64_MAX: never; a deadline <= now times
 * out after one scheduling point), or sim_interrupt() (SIM_PARK_INTERRUPTED).
 * `what` (static string) and `object` describe the wait in deadlock dumps.
 * If every task is parked with no deadline the run ends as SIM_DEADLOCK. */
int sim_park(sim_waitq *q, int64_t deadline, const char *what, uint64_t object);
/* Number of tasks parked on q. */
uint32_t sim_waitq_len(const sim_waitq *q);
/* Makes one task parked on q runnable (the strategy picks which when several
 * wait: a decision).  Returns its task id, or -1 if none waits.  Not a
 * scheduling point. */
int64_t sim_unpark_one(sim_waitq *q);
/* Makes every task parked on q runnable; returns how many.  Not a scheduling
 * point. */
uint32_t sim_unpark_all(sim_waitq *q);
/* If task `id` is parked, makes it runnable with SIM_PARK_INTERRUPTED and
 * returns 1; else 0.  Not a scheduling point. */
int sim_interrupt(uint32_t id);
/* A scheduling point, traced as event `kind` (SIM_EV_LOCK, SIM_EV_YIELD, ...)
 * on `object`. */
void sim_point(uint32_t kind, uint64_t object);
/* A scheduling point before a load (store 0) or store of shared memory at
 * `addr`, traced as SIM_EV_ACCESS with object = store.  The address is not
 * traced (the hash holds no addresses); strategies that sample by conflicts
 * (SIM_POS) compare it with other tasks' pending accesses. */
void sim_point_access(uintptr_t addr, int store);
/* A happens-before edge through `obj` (any address naming a synchronization
 * object): what the calling task did before sim_release(obj) happens before
 * what a task does after a later sim_acquire(obj).  For frontends with
 * synchronization of their own (the pthread interposition); the runtime's
 * sfp_mutex, sfp_cond and tasks have theirs already.  SIM_SURW uses the
 * order to tell racy memory from memory handed over (surw.c); the other
 * strategies, and calls outside sim_run(), ignore it.  No errors. */
void sim_acquire(const void *obj);
void sim_release(const void *obj);
/* Virtual time in ns; not a scheduling point.  0 outside sim_run(). */
int64_t sim_vtime(void);
/* Starts fn(arg) as a new task named `name` (a string that outlives the run)
 * and stores its id.  Returns 0, or -1 when no memory is left.  A scheduling
 * point.  The task ends when fn returns; there is no join: the frontend
 * builds its own on sim_park(). */
int sim_spawn(void (*fn)(void *), void *arg, const char *name, uint32_t *id);
/* Ends the whole run now, from any task: sim_run() returns SIM_EXIT (the
 * other tasks are discarded as after a failure). */
_Noreturn void sim_exit_run(void);
/* The usable stack of the running task (its fiber): *lo and *size; 0, or
 * -1 outside a run.  Not a scheduling point. */
int sim_current_stack(const void **lo, size_t *size);
/* The name given to task `id` at its start, or NULL. */
const char *sim_task_name(uint32_t id);
/* 1 if task `id` of the run in progress has ended (its function returned),
 * 0 if it has not or no such task exists.  Not a scheduling point. */
int sim_task_ended(uint32_t id);
/* The sfp_choose() calls with n > 1 (decisions) the running task has made
 * so far in this run; 0 outside a run.  Not a scheduling point. */
uint32_t sim_current_chooses(void);

/* Inside sim_run() on this thread: the trace hash of the run so far (the
 * events up to now; sim_result.hash at the end).  Outside: 0. */
uint64_t sim_current_hash(void);

/*
 * Fault points for other frontends (the pthread interposition); the
 * reference library's are inside the platform calls.  Outside sim_run()
 * they inject nothing.
 */
/* A fault point of `kind` (SIM_FAULT_*): 1 if the run injects a fault here
 * (the caller fails the call as the kind's summary in faults.h says), else
 * 0.  Counts the point, traces SIM_EV_FAULT when injecting; not a
 * scheduling point.  0 for a kind out of range. */
int sim_fault_point(unsigned kind);
/* From now on in this run, the strategy may fail points of the kinds in
 * `kinds` (as cfg.fault_kinds; listed faults are not affected).  Points are
 * counted only in runs that started with cfg.fault_kinds or cfg.fails: a
 * frontend keeps its own setup free of random faults by starting with its
 * kinds, setting 0 at once and its kinds again after the setup.  Not a
 * scheduling point; nothing outside sim_run(). */
void sim_set_fault_kinds(unsigned kinds);
/* How far ahead of the clock a deadline may be for a timeout fault (1 s of
 * virtual time). */
#define SIM_FAULT_TIMEOUT_HORIZON ((int64_t)1000000000)
/* A SIM_FAULT_TIMEOUT point of a wait with this absolute deadline: only if
 * the deadline is later than now but at most SIM_FAULT_TIMEOUT_HORIZON
 * ahead, within max_vtime and not later than every other task's timer.
 * On 1 the clock has jumped to the deadline (traced as SIM_EV_CLOCK) and
 * the caller times out now; 0 when not injected or not a point. */
int sim_fault_timeout(int64_t deadline);
/* The faults of the kinds in `kinds` (bits 1u << SIM_FAULT_*) injected so
 * far in the calling task, and every fault injected in the whole run (0
 * outside sim_run()).  Not scheduling points.  A frontend compares them
 * before and after a call to learn whether the call saw a fault. */
uint32_t sim_current_task_faults(unsigned kinds);
size_t sim_current_faults(void);

/* Frees the calling thread's pooled fibers (idle stacks kept between runs);
 * also done when the thread exits.  Never call it inside sim_run(). */
void sim_fiber_pool_drain(void);

#ifdef __cplusplus
}
#endif
#endif
