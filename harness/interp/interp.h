/*
 * interp.h - the program interpreter: runs one scopefuzz program
 * (harness/prog/prog.h) against one implementation (a driver,
 * harness/driver/driver.h) under the deterministic runtime
 * (harness/platform/sim/sim.h), with the semantic oracles of
 * docs/semantics.md, and says pass or fail with a stable signature.
 *
 * Program semantics (what a run does, so that a correct library never
 * deadlocks or leaks whatever the program does):
 * - The program runs in a "run scope" R, a child of the root; task 0 runs
 *   body 0 on the runtime's main task with s0 = parent = R.  A watchdog
 *   task in its own child W of the root sleeps until virtual time
 *   SF_INTERP_WATCHDOG_NS, beyond every time a program can reach: if it
 *   wakes, every task is blocked, so it checks the wake oracles and the
 *   channel model (justified blocks, below) and cancels R, after which
 *   every blocked call returns.  After body 0 the interpreter closes R,
 *   cancels and closes W, and calls fini().
 * - Drivers without scopes, cancel or sleep: the program runs in the root
 *   and the watchdog is a task of the runtime (not of the library) that
 *   wakes every second of virtual time and calls the program stuck after
 *   two wakes without an op starting or returning (every task is in a
 *   driver call that does not return: blocked, or polling with sleeps).
 *   Then it checks the same oracles,
 *   then unblocks the tasks with what the driver has: cancel of the root if
 *   the driver can cancel, else a close of every live channel (close is a
 *   required function); when every task is blocked (or done) again it
 *   checks the wake oracles once more (a call still blocked on a channel it
 *   closed: wake:close; a send that returned SF_OK on a channel closed and
 *   never drained shows as conservation:lost at the end).  After body 0,
 *   task 0 waits for every spawned task before fini().
 * - Justified blocks (docs/semantics.md C2, C3, X5, X7): when every task
 *   is blocked, a send waits justly only on an open channel with a full
 *   buffer and no receiver waiting, a receive only on an open empty
 *   channel with no sender waiting.  Any other block is a failure naming
 *   the rule (wake:rendezvous, wake:space, wake:value, wake:default, or
 *   the wake oracles').  A run whose blocks were all justified and that
 *   passes once unblocked is a pass with `justified` set: the program
 *   itself could not finish, the library did nothing wrong.
 * - An op on an empty slot is a no-op.  Handles may be stale (closed
 *   scope, destroyed channel): the library answers SF_BADF.
 * - `close S` by a spawned task whose scope is X is a no-op unless S was
 *   opened after X (so no task closes its own scope or an ancestor, and
 *   closes cannot wait for each other in a cycle); task 0 may close any
 *   scope, R included.
 * - `spawn` is a no-op beyond SF_MAX_SPAWN_DEPTH nesting or SF_MAX_SPAWNS
 *   tasks per run.  `shutdown` runs only on task 0 and ends body 0.
 * - Deferred ops resolve their scope and channel operands when registered;
 *   `free` takes the resource slot's content when it runs.  A deferred send
 *   blocks with the scope it was deferred into as its scope.
 * - Sends send fresh heap tokens; receives check and free them.
 *
 * Failure signatures (stable; "oracle:kind" or a runtime outcome; the rule
 * each checks, in one sentence with its docs/semantics.md id, is in
 * rules.h and in every failed run's report):
 *   deadlock, leak:task, livelock, budget:time, budget:tasks,
 *   nondeterministic                           runtime (sim.h outcomes)
 *   leak:fini, leak:shutdown                   fini()/shutdown() said BUSY
 *   driver:init, driver:status, driver:error   driver misbehaved
 *   conservation:lost|dup|bogus|chan           value conservation (C6)
 *   fifo                                       per-producer FIFO (C5)
 *   defer:order|missing|twice|early            deferred cleanups (S7, S8)
 *   close:early                                close returned too soon (S12, S14)
 *   close:send                                 send OK on a closed channel (C7)
 *   scope:zombie                               op after the scope closed (S14)
 *   spawn:cleanup|ran|twice|scope|lost         spawn contract (S3)
 *   wake:close|destroy|cancel|deadline         blocked call not woken (C7, C10, G5, S9)
 *   wake:rendezvous|space|value|default        unjustified block (C2, C3, X5)
 *   status:select|send|recv|try_send|try_recv|sleep
 *                                              a status the rules do not
 *                                              allow in the model's state
 *                                              (X1, C2, C3, C4, T2)
 *   cancel:ignored, deadline:ignored           blocking call went on (G5)
 *   select:index|status|double                 select commit (X4, X6, X8)
 *   select:unfair                              always the first ready case,
 *                                              a statistic (X3, oracle_fair.c)
 *   error:lost|first|failfast|supervisor       task errors: the first kept,
 *                                              fail-fast cancels, supervisor
 *                                              not (S4, S5, S6)
 *   shutdown:early                             shutdown left tasks/defers (L3)
 *   sleep:early                                sleep returned SF_OK too soon (T2)
 *   fault:status                               a failed allocation or task
 *                                              start not reported (R6)
 */
#ifndef SF_INTERP_H
#define SF_INTERP_H

#include <stddef.h>
#include <stdint.h>

#include "driver.h"
#include "prog.h"
#include "rules.h" /* the rule each failure signature checks */
#include "sim.h"
#include "targets.h" /* SF_KINDS_*, the fuzz targets and their op sets */

#ifdef __cplusplus
extern "C" {
#endif

/* Virtual time at which the watchdog wakes (2000 s: a program cannot reach
 * it, see run.c). */
#define SF_INTERP_WATCHDOG_NS ((int64_t)2000000 * SF_TIME_UNIT_NS)

typedef enum sf_interp_outcome {
    SF_INTERP_PASS = 0, /* every oracle held */
    SF_INTERP_FAIL = 1, /* an oracle fired: see signature and report */
    SF_INTERP_ERROR = 2 /* not run: invalid program or bad options */
} sf_interp_outcome;

typedef struct sf_interp_opts {
    uint64_t max_steps;    /* runtime scheduling-point budget; 0: sim default */
    int record_trace;      /* keep the runtime's event list (in sim result) */
    int check_determinism; /* run twice (replaying), compare trace hashes */
    int always_report;     /* build the report for passing runs too */
    int record_ops;        /* keep a record of every executed op (op_recs) */
} sf_interp_opts;

/* Kinds of op records (sf_interp_oprec.kind). */
enum {
    SF_INTERP_REC_OP = 0,  /* an op of a task body (a `defer` op registers) */
    SF_INTERP_REC_CLEANUP, /* a deferred op run as a cleanup; task: registrant */
    SF_INTERP_REC_FINISH,  /* the interpreter ending the run after body 0
                              (task 0): "close run scope", "fini" */
    SF_INTERP_REC_WATCHDOG /* the watchdog (task -1): index 0 its sleep (without
                              scopes, cancel or sleep: its judging of a stuck
                              program), index 1 the cancel of the run scope (or
                              the close of a channel) after it woke */
};

#define SF_INTERP_OP_TEXT SF_OP_TEXT_MAX

/* One executed op (with sf_interp_opts.record_ops), in start order.  Steps
 * are the runtime's (sim_event.step): the scheduling points taken before
 * the op started / returned; events are the runtime's events recorded
 * before it started / returned (sim_current_event: with sim traces, its
 * place in sim_result.events).  start_seq and end_seq number starts and
 * returns on one counter, so that records at the same event can be
 * ordered. */
typedef struct sf_interp_oprec {
    uint64_t start_step, end_step;   /* end_step: valid when done */
    uint64_t start_event, end_event; /* end_event: valid when done */
    uint32_t start_seq, end_seq;
    uint32_t rt_task;             /* sim task id of the fiber that ran it */
    int32_t task;                 /* program task number ("tN" of the report); -1:
                                     watchdog */
    int16_t body, index;          /* body and op index; index -1: not a body op */
    uint8_t kind;                 /* SF_INTERP_REC_* */
    uint8_t op;                   /* sf_op_kind; SF_OP_NONE for FINISH, WATCHDOG */
    uint8_t done;                 /* 1: returned; 0: still running when the run ended */
    int32_t status;               /* driver status (sf_status), -1: no-op or none */
    char text[SF_INTERP_OP_TEXT]; /* canonical .sched text of the op ("send c2") */
} sf_interp_oprec;

#define SF_INTERP_SIG_MAX 63

typedef struct sf_interp_result {
    sf_interp_outcome outcome;
    int justified;                         /* passed, but only after the watchdog unblocked tasks
                                              whose every block was justified (see above) */
    char signature[SF_INTERP_SIG_MAX + 1]; /* "" on pass */
    char *report;                          /* malloc'd human report (sim report + oracle message +
                                              last ops); NULL on pass unless always_report */
    sim_result sim;                        /* trace hash, decisions, steps, vtime, tasks */
    size_t ops;                            /* program ops executed (deferred ones included) */
    sf_interp_oprec *op_recs;              /* malloc'd, with record_ops; else NULL */
    size_t nop_recs;
} sf_interp_result;

/* Runs program `p` (not modified: restricted to d->caps on a copy) against
 * driver `d`.  o may be NULL (defaults).  *r is overwritten; free it with
 * sf_interp_result_free().  The program's impl field is ignored: the caller
 * picked `d`.  Everything the run allocated is freed before the return
 * (after a failed run, d->abandon() is called).  One run at a time per
 * process.  Returns r->outcome (SF_INTERP_ERROR for a NULL argument, an
 * invalid program, or a second run started from inside a run). */
int sf_interp_run(const sf_prog *p, const struct sf_driver *d, const sf_interp_opts *o,
                  sf_interp_result *r);

/* For a handler that runs while a sanitizer or a signal ends the process in
 * the middle of a run (a sanitizer's death callback): a view of the run in
 * progress.  view->sim holds the runtime's events and decisions so far
 * (with record_trace; steps: the step of the last event), view->op_recs
 * the op records so far (with record_ops; an op that has not returned has
 * done == 0).  The pointers are the run's own: read them, never free them
 * or the view.  Allocates nothing.  Returns 1, or 0 when no run is in
 * progress (*view zeroed). */
int sf_interp_live(sf_interp_result *view);

/* The number of runs of this process (sf_interp_run calls) that passed
 * with `justified` set: for callers that see only pass/fail (scopefuzz
 * explore's worker counts them for its summary).  Never fails. */
uint64_t sf_interp_justified_runs(void);

/* Frees what *r owns and zeroes it.  Safe on a zeroed result. */
void sf_interp_result_free(sf_interp_result *r);

/* Drops, in place, every op whose kind k has bit (1u << k) clear in
 * `kinds` (deferred ops included: their kind counts).  Keeps the program
 * valid.  Returns the number of ops dropped. */
size_t sf_interp_mask_kinds(sf_prog *p, uint32_t kinds);

/* libFuzzer glue shared by the fuzz targets (targets/fuzz/fuzz_prog.c).
 * sf_interp_fuzz_init(binary) picks the row of targets.h named by the
 * binary ("fuzz_scope") and the driver named by env SCOPEFUZZ_IMPL
 * (default "reference") from the registry; for an unknown target or
 * implementation it prints the known names and exits with status 2.
 * sf_interp_fuzz_one() decodes the input (sf_prog_decode; an input of a
 * format version this build cannot read is skipped), masks it to the
 * target's op set, runs it, and on a failed oracle prints the signature
 * and report and abort()s.  Returns 0. */
void sf_interp_fuzz_init(const char *binary);
int sf_interp_fuzz_one(const uint8_t *data, size_t n);

#ifdef __cplusplus
}
#endif
#endif
