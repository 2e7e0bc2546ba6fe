/* sf_interp_run(): one program, one driver, one run under the deterministic
 * runtime; the run scope, the watchdog, the end of the run.
 *
 * Why the watchdog time is out of reach: virtual time advances only when
 * every task is blocked, to the earliest timer; each blocking call starts
 * at most one timer, at most SF_MAX_TIME units after it started (sleep, or
 * a deadline set by an open made earlier).  A run makes at most about
 * (SF_MAX_SPAWNS + 1) * SF_MAX_OPS * 2 blocking calls (ops and their
 * deferred copies), so its time stays below 4200 * 255 units, about half of
 * SF_INTERP_WATCHDOG_NS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "platform.h"

/* The run's state, and the state of its replay (check_determinism): two
 * records, so that the replay leaves the run's own failure untouched. */
static _Thread_local interp_state run_state, replay_state;
_Thread_local interp_state *interp;

/* Every task is blocked: the wake oracles, then the channel model; 1 when
 * every block is justified (the watchdog may unblock them). */
static int judge_blocked(void) {
    interp_oracle_wake();
    return interp_model_blocked();
}

static int watchdog(sf_hscope s, void *arg) {
    (void)arg;
    size_t h = interp_rec_begin(SF_INTERP_REC_WATCHDOG, NULL, NULL, 0, "sleep");
    int64_t start = sim_vtime(); /* not interp_now(): no scheduling point */
    int st = interp->d->sleep(s, SF_INTERP_WATCHDOG_NS);
    interp_rec_end(h, st);
    interp_oracle_sleep("the watchdog's sleep", start, SF_INTERP_WATCHDOG_NS, st);
    if (st != SF_OK)
        return 0;
    h = interp_rec_begin(SF_INTERP_REC_WATCHDOG, NULL, NULL, 1, "cancel run scope");
    interp->unblocked = judge_blocked();
    interp_rec_end(h, interp_op_cancel(0));
    return 0;
}

/* Unblocks every task with what the driver has: cancel of the run scope
 * (the root here), else a close of every live channel. */
static void unblock(void) {
    if ((interp->d->caps & SF_CAP_CANCEL) && interp->d->scope_cancel) {
        size_t h = interp_rec_begin(SF_INTERP_REC_WATCHDOG, NULL, NULL, 1, "cancel run scope");
        interp_rec_end(h, interp_op_cancel(0));
        return;
    }
    for (size_t c = 0; c < interp->nchans; c++) {
        if (interp->chans[c].closed_at || interp->chans[c].destroyed)
            continue;
        char text[SF_INTERP_OP_TEXT];
        snprintf(text, sizeof text, "close channel #%zu", c);
        size_t h = interp_rec_begin(SF_INTERP_REC_WATCHDOG, NULL, NULL, 1, text);
        interp_rec_end(h, interp_op_chclose((int)c));
    }
}

/* The watchdog of drivers without scopes, cancel or sleep: a runtime task
 * (not the library's) that wakes every INTERP_GW_TICK_NS of virtual time and
 * calls the program stuck when two ticks in a row saw no op start or
 * return while calls were in progress: every task is then inside a driver
 * call that does not return, blocked or polling (a library whose select
 * polls with sleeps never blocks for good; no timer of a program is longer
 * than SF_MAX_TIME units, well under a tick).  Stuck, it judges the
 * blocked state (the wake oracles, the channel model) and unblocks
 * (unblock()); when the program is stuck again it checks the wake oracles
 * first (a call still blocked on a channel it closed: wake:close, or in the
 * scope it cancelled: wake:cancel), then judges and unblocks again (calls
 * on channels made since: a task per spawn level may block again),
 * INTERP_GW_ROUNDS times at most (a round takes about 3 s of virtual time).
 * With no call in progress, or no op started or returned since its last
 * unblocking, it returns, and the runtime reports the deadlock.  Task 0
 * stops it when the program ended. */
#define INTERP_GW_ROUNDS  512
#define INTERP_GW_TICK_NS ((int64_t)1000 * SF_TIME_UNIT_NS)
static void generic_watchdog(void *arg) {
    (void)arg;
    uint64_t seen = interp->event_seq, unblocked_at = 0;
    int quiet = 0, round = 0;
    /* its waiting, recorded from the start (so that the run's record of
     * this task does not depend on whether it ever judged) */
    size_t h = interp_rec_begin(SF_INTERP_REC_WATCHDOG, NULL, NULL, 0, "sleep");
    while (!interp->gw_stop) {
        int r = sim_park(NULL, sim_vtime() + INTERP_GW_TICK_NS, "watchdog", (uint64_t)round);
        if (r == SIM_PARK_INTERRUPTED || interp->gw_stop)
            break;
        quiet = interp->event_seq == seen ? quiet + 1 : 0;
        seen = interp->event_seq;
        if (quiet < 2)
            continue;
        if (round > 0)
            interp_oracle_wake();
        if (interp->failed || !interp->pending || round == INTERP_GW_ROUNDS ||
            (round > 0 && interp->event_seq == unblocked_at))
            break;
        interp_rec_end(h, SF_OK);
        h = INTERP_REC_NONE;
        int ok = judge_blocked();
        interp->unblocked = round == 0 ? ok : interp->unblocked && ok;
        unblock();
        quiet = 0;
        seen = unblocked_at = interp->event_seq;
        round++;
    }
    if (h != INTERP_REC_NONE)
        interp_rec_end(h, SF_CANCELLED);
    interp->gw_done = 1;
}

/* Ends the runtime's watchdog (it may not have started or parked yet). */
static void stop_generic(void) {
    interp->gw_stop = 1;
    while (!interp->gw_done) {
        sim_interrupt(interp->gw_id);
        sfp_yield();
    }
}

/* Task 0 without a run scope: waits until every spawned task ended (the
 * watchdog stays armed meanwhile), then stops the watchdog. */
static void join_generic(void) {
    for (;;) {
        int live = 0;
        for (int i = 1; i < interp->ntasks; i++)
            live +=
                interp->tasks[i].spawning || (interp->tasks[i].spawn_ok && !interp->tasks[i].done);
        if (!live)
            break;
        interp->joining = 1;
        sim_park(&interp->joinq, INT64_MAX, "join tasks", 0);
        interp->joining = 0;
    }
    stop_generic();
}

/* Root -> W (watchdog) and R (the program).  Without scopes, cancel or
 * sleep the program runs in the root, watched by generic_watchdog(). */
static int setup(void) {
    const struct sf_driver *d = interp->d;
    sf_hscope r = interp->root;
    unsigned need = SF_CAP_SCOPES | SF_CAP_CANCEL | SF_CAP_SLEEP;
    if ((d->caps & need) == need) {
        if (d->scope_open(interp->root, SF_NO_DEADLINE, &interp->watch) != SF_OK ||
            d->scope_open(interp->root, SF_NO_DEADLINE, &r) != SF_OK)
            return -1;
        interp->have_watch = interp->have_run_scope = 1;
    }
    interp_scope_new(r, -1, SF_NO_DEADLINE);
    if (interp->have_watch && d->spawn(interp->watch, watchdog, NULL, NULL) != SF_OK)
        return -1;
    if (!interp->have_watch) {
        if (sim_spawn(generic_watchdog, NULL, "watchdog", &interp->gw_id) != 0)
            return -1;
        interp->gw_on = 1;
    }
    return 0;
}

static void finish(void) {
    const struct sf_driver *d = interp->d;
    if (interp->have_run_scope) {
        size_t h =
            interp_rec_begin(SF_INTERP_REC_FINISH, &interp->tasks[0], NULL, -1, "close run scope");
        interp_rec_end(h, interp_op_close(&interp->tasks[0], 0));
    }
    if (interp->have_watch) {
        d->scope_cancel(interp->watch);
        d->scope_close(interp->watch, NULL);
    }
    if (interp->gw_on)
        join_generic();
    interp->finishing = 1;
    interp->finish_start = ++interp->event_seq;
    size_t h = interp_rec_begin(SF_INTERP_REC_FINISH, &interp->tasks[0], NULL, -1, "fini");
    int st = d->fini(interp_now() + SF_INTERP_WATCHDOG_NS, NULL);
    interp_rec_end(h, st);
    if (st == SF_BUSY)
        interp_fail("leak:fini", "fini() found tasks still running at its deadline");
    else if (st != SF_OK)
        interp_fail("driver:error", "fini() returned %s", sf_status_name(st));
    if (st == SF_OK)
        interp_oracle_end("spawn:lost");
}

/* setup() failed because of an injected fault (R6): the library ends the
 * run as after any other, leaking nothing. */
static void end_early(void) {
    if (interp->gw_on)
        stop_generic();
    int st = interp->d->fini(interp_now() + SF_INTERP_WATCHDOG_NS, NULL);
    if (st != SF_OK)
        interp_fail(st == SF_BUSY ? "leak:fini" : "driver:error",
                    "fini() after a failed setup (an injected fault) returned %s",
                    sf_status_name(st));
}

static void sim_main(void *arg) {
    (void)arg;
    uint32_t mark = interp_faults_mark();
    sim_set_fault_kinds(0); /* the strategy's faults start with the program */
    if (interp->d->init(&interp->root) != SF_OK) {
        if (!interp_faults_since(mark)) /* else SC_ENOMEM, as documented (R6) */
            interp_fail("driver:init", "init() failed");
        return;
    }
    if (setup() != 0) {
        if (interp_faults_since(mark))
            end_early();
        else
            interp_fail("driver:error", "cannot open the run scope or start the watchdog");
        return;
    }
    sim_set_fault_kinds(interp->prog->fault_kinds);
    interp->tasks[0] = (interp_task){.id = 0, .body = 0, .scope = 0, .pscope = 0, .started = 1};
    interp->ntasks = 1;
    interp_run_body(&interp->tasks[0]);
    if (!interp->shut_down) {
        finish();
    } else if (interp->gw_on) { /* shutdown joined every task */
        stop_generic();
    }
}

static void reset(const sf_prog *p, const struct sf_driver *d, int record) {
    memset(interp, 0, sizeof *interp);
    interp->prog = p;
    interp->d = d;
    interp->record = record;
    for (int i = 0; i < SF_MAX_CHANS; i++)
        interp->chan_slot[i] = -1;
    for (int i = 0; i < SF_MAX_SCOPES; i++)
        interp->scope_slot[i] = -1;
}

/* Frees everything the run allocated (the failure and op history stay). */
static void release(void) {
    interp_tokens_end(0);
    interp_defers_end();
    for (int i = 0; i < SF_MAX_RES; i++) {
        interp_free(interp->res_slot[i]);
        interp->res_slot[i] = NULL;
    }
    void *arrays[] = {interp->scopes, interp->chans, interp->tokens, interp->defers, interp->fifo};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        interp_free(arrays[i]);
    interp->scopes = NULL, interp->chans = NULL, interp->tokens = NULL, interp->defers = NULL,
    interp->fifo = NULL;
    interp->nscopes = interp->cap_scopes = interp->nchans = interp->cap_chans = interp->cap_tokens =
        0;
    interp->cap_defers = interp->nfifo = interp->cap_fifo = 0;
    interp->pending = NULL;
}

static uint8_t *replay_bytes(const sf_prog *p, size_t *n) {
    uint8_t *b = malloc(p->ndecisions * 4 + 1);
    if (!b)
        return NULL;
    for (size_t i = 0; i < p->ndecisions; i++)
        for (int j = 0; j < 4; j++)
            b[4 * i + j] = (uint8_t)(p->decisions[i] >> (8 * j));
    *n = p->ndecisions * 4;
    return b;
}

/* After a run: its op records, the runtime's verdict, the token ledger, and
 * everything it allocated freed (the failure and the op history stay). */
static void end_run(const struct sf_driver *d, sf_interp_result *r) {
    interp->live = NULL;
    interp_recs_take(r);
    const char *rt = interp_oracle_runtime(r->sim.outcome);
    if (rt)
        interp_fail(rt, "the runtime ended the run: %s", sim_outcome_name(r->sim.outcome));
    if (interp->failed)
        d->abandon();
    else
        interp_tokens_end(1);
    r->ops = interp->ops;
    release();
}

/* The runtime's determinism check (sim_config.check_determinism) replays
 * the run; the interpreter finishes the run before it and judges the replay
 * with a state of its own, so the run's failure stays as it was. */
typedef struct replay_hook {
    const sf_prog *p;
    const struct sf_driver *d;
    sf_interp_result *r, r2;
    int finished;         /* the run was finished before its replay */
    uint64_t replay_hash; /* the replay's trace hash */
} replay_hook;

static int on_replay(void *ctx, int phase, const sim_result *replay) {
    replay_hook *h = ctx;
    if (phase == SIM_REPLAY_BEFORE) {
        end_run(h->d, h->r);
        h->finished = 1;
        interp = &replay_state;
        reset(h->p, h->d, 0);
        interp->live = &h->r2;
        return 0;
    }
    h->r2.sim = *replay; /* a view: the runtime frees it */
    h->replay_hash = replay->hash;
    end_run(h->d, &h->r2);
    int differs = replay_state.failed != run_state.failed;
    interp = &run_state;
    return differs;
}

static uint64_t justified_runs; /* sf_interp_justified_runs() */

static void set_result(sf_interp_result *r, const sf_interp_opts *o) {
    r->outcome = interp->failed ? SF_INTERP_FAIL : SF_INTERP_PASS;
    r->justified = !interp->failed && interp->unblocked;
    justified_runs += (uint64_t)r->justified;
    if (interp->failed)
        memcpy(r->signature, interp->sig, sizeof r->signature);
    if (interp->failed || o->always_report)
        r->report = interp_report_build(r);
}

int sf_interp_run(const sf_prog *p, const struct sf_driver *d, const sf_interp_opts *o,
                  sf_interp_result *r) {
    static const sf_interp_opts defaults;
    sf_prog q;
    if (!r)
        return SF_INTERP_ERROR;
    memset(r, 0, sizeof *r);
    r->outcome = SF_INTERP_ERROR;
    if (!o)
        o = &defaults;
    if (!p || !d || sim_active() || sf_prog_copy(&q, p) != SF_PROG_OK)
        return SF_INTERP_ERROR;
    if (sf_prog_restrict(&q, d->caps) < 0) {
        sf_prog_free(&q);
        return SF_INTERP_ERROR;
    }
    replay_hook hook = {.p = &q, .d = d, .r = r};
    sim_config cfg = {.strategy = q.strategy,
                      .seed = q.seed,
                      .pct_depth = q.pct_depth,
                      .max_steps = o->max_steps,
                      .record_trace = o->record_trace,
                      .check_determinism = o->check_determinism,
                      .on_replay = on_replay,
                      .on_replay_ctx = &hook,
                      .fault_kinds = q.fault_kinds,
                      .fault_rate = q.fault_rate,
                      .fails = q.fails,
                      .nfails = q.nfails};
    uint8_t *rb = NULL;
    if (q.strategy == SIM_BYTES) {
        cfg.bytes = q.sched, cfg.nbytes = q.nsched;
    } else if (q.strategy == SIM_REPLAY) {
        rb = replay_bytes(&q, &cfg.nbytes);
        cfg.bytes = rb;
    }
    interp = &run_state;
    reset(&q, d, o->record_ops);
    interp->live = r;
    sim_run(&cfg, sim_main, NULL, &r->sim);
    if (!hook.finished)
        end_run(d, r);
    if (r->sim.outcome == SIM_NONDETERMINISTIC)
        interp_fail("nondeterministic", "the replayed run gave trace hash %016llx, not %016llx",
                    (unsigned long long)hook.replay_hash, (unsigned long long)r->sim.hash);
    set_result(r, o);
    free(rb);
    sf_prog_free(&q);
    return r->outcome;
}

uint64_t sf_interp_justified_runs(void) { return justified_runs; }

int sf_interp_live(sf_interp_result *view) {
    memset(view, 0, sizeof *view);
    if (interp->live == NULL)
        return 0;
    view->outcome = SF_INTERP_FAIL;
    view->sim = interp->live->sim;
    if (view->sim.nevents > 0)
        view->sim.steps = view->sim.events[view->sim.nevents - 1].step;
    view->op_recs = interp->recs;
    view->nop_recs = interp->nrecs;
    return 1;
}

void sf_interp_result_free(sf_interp_result *r) {
    if (!r)
        return;
    free(r->report);
    free(r->op_recs);
    sim_result_free(&r->sim);
    memset(r, 0, sizeof *r);
}
