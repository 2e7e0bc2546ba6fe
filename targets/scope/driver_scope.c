/*
 * driver_scope.c - the reference adapter: struct sf_driver over scope.h
 * (harness/driver/driver.h), with the status mapping table of driver.h.
 *
 * Also compiled into seeded-bug variants of the library (targets/zoo/): the
 * table's C symbol, name and description come from macros, and the file
 * defines no other global symbol.
 *   SF_DRIVER_SYMBOL  C symbol of the table  (default sf_driver_reference)
 *   SF_DRIVER_NAME    .name string           (default "reference")
 *   SF_DRIVER_DESC    .description string
 *
 * Task bodies: scope.h's task function takes an sc_scope, the driver's an
 * sf_hscope, so spawn starts a trampoline with a small heap record; it
 * gives the library SC_ECANCELED / SC_ETIMEDOUT for a task's SF_CANCELLED /
 * SF_TIMEOUT (and close maps a first error back: driver.h).  Records
 * of tasks discarded by the runtime after a failed run are freed by
 * abandon(), so a failed run leaks nothing either.
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "driver.h"
#include "scope/scope.h"

#ifndef SF_DRIVER_SYMBOL
#define SF_DRIVER_SYMBOL sf_driver_reference
#endif
#ifndef SF_DRIVER_NAME
#define SF_DRIVER_NAME "reference"
#endif
#ifndef SF_DRIVER_DESC
#define SF_DRIVER_DESC "the reference library (include/scope/scope.h, targets/scope)"
#endif

/* Which call a status comes from: SC_EALREADY means two things. */
enum { CALL_OTHER, CALL_SCOPE_CLOSE, CALL_CHAN_CLOSE };

static int map(int sc, int call) {
    switch (sc) {
        case SC_OK:
            return SF_OK;
        case SC_ECLOSED:
            return SF_CLOSED;
        case SC_EALREADY:
            return call == CALL_SCOPE_CLOSE  ? SF_BUSY
                   : call == CALL_CHAN_CLOSE ? SF_CLOSED
                                             : SF_ERROR;
        case SC_ECANCELED:
            return SF_CANCELLED;
        case SC_ETIMEDOUT:
            return SF_TIMEOUT;
        case SC_EAGAIN:
            return SF_AGAIN;
        case SC_ESCOPE:
        case SC_EPERM:
            return SF_REFUSED;
        case SC_EBADF:
            return SF_BADF;
        case SC_EBUSY:
            return SF_BUSY;
        default:
            return SF_ERROR;
    }
}

static sc_scope S(sf_hscope h) { return (sc_scope){h}; }
static sc_chan C(sf_hchan h) { return (sc_chan){h}; }

/* ------------------------------------------------------------ trampolines */

typedef struct tramp {
    sf_task_fn fn;
    void *arg;
    sf_cleanup_fn cleanup;
    struct tramp *prev, *next;
} tramp;

static tramp *live; /* records of spawned tasks not yet started */
static atomic_flag live_lock = ATOMIC_FLAG_INIT;

static void live_acquire(void) {
    while (atomic_flag_test_and_set_explicit(&live_lock, memory_order_acquire))
        ;
}

static void live_release(void) { atomic_flag_clear_explicit(&live_lock, memory_order_release); }

static void live_unlink(tramp *t) {
    live_acquire();
    if (t->prev)
        t->prev->next = t->next;
    else
        live = t->next;
    if (t->next)
        t->next->prev = t->prev;
    live_release();
}

/* A task's result, driver.h's terms -> scope.h's, and back (first_error). */
static int task_rc_sc(int rc) {
    return rc == SF_CANCELLED ? SC_ECANCELED : rc == SF_TIMEOUT ? SC_ETIMEDOUT : rc;
}

static int task_rc_sf(int rc) {
    return rc == SC_ECANCELED ? SF_CANCELLED : rc == SC_ETIMEDOUT ? SF_TIMEOUT : rc;
}

static int tramp_run(sc_scope s, void *p) {
    tramp *t = p;
    sf_task_fn fn = t->fn;
    void *arg = t->arg;
    live_unlink(t);
    free(t);
    return task_rc_sc(fn(s.h, arg));
}

static void tramp_cleanup(void *p) {
    tramp *t = p;
    sf_cleanup_fn cleanup = t->cleanup;
    void *arg = t->arg;
    live_unlink(t);
    free(t);
    if (cleanup)
        cleanup(arg);
}

/* ------------------------------------------------------------- lifecycle */

static int d_init(sf_hscope *root) {
    if (sc_init() != SC_OK)
        return SF_ERROR;
    *root = sc_root().h;
    return SF_OK;
}

static int d_shutdown(int64_t deadline, sf_fini_report *rep) {
    sc_shutdown_report r = {0};
    int st = sc_shutdown(deadline, &r);
    if (rep)
        *rep = (sf_fini_report){.tasks_leaked = r.tasks_leaked, .defers_run = r.defers_run};
    return st == SC_OK ? SF_OK : st == SC_ELEAK ? SF_BUSY : SF_ERROR;
}

static void d_abandon(void) {
    sc_abandon();
    live_acquire();
    tramp *t = live;
    live = NULL;
    live_release();
    while (t) {
        tramp *next = t->next;
        free(t);
        t = next;
    }
}

/* ----------------------------------------------------------------- scopes */

static int open_flags(sf_hscope parent, int64_t deadline, unsigned flags, sf_hscope *out) {
    sc_scope_opts o = {.deadline = deadline, .flags = flags, .name = NULL};
    sc_scope s;
    int st = sc_scope_open(S(parent), &o, &s);
    if (st == SC_OK)
        *out = s.h;
    return map(st, CALL_OTHER);
}

static int d_scope_open(sf_hscope parent, int64_t deadline, sf_hscope *out) {
    return open_flags(parent, deadline, 0, out);
}

static int d_scope_open_supervisor(sf_hscope parent, int64_t deadline, sf_hscope *out) {
    return open_flags(parent, deadline, SC_SUPERVISOR, out);
}

static int d_scope_close(sf_hscope s, int *first_error) {
    int st = sc_scope_close(S(s), first_error);
    if (st == SC_OK && first_error)
        *first_error = task_rc_sf(*first_error);
    return map(st, CALL_SCOPE_CLOSE);
}

static int d_scope_cancel(sf_hscope s) { return map(sc_scope_cancel(S(s), 0), CALL_OTHER); }

static int d_spawn(sf_hscope s, sf_task_fn fn, void *arg, sf_cleanup_fn arg_cleanup) {
    tramp *t = malloc(sizeof *t);
    if (!t) {
        if (arg_cleanup)
            arg_cleanup(arg);
        return SF_ERROR;
    }
    *t = (tramp){.fn = fn, .arg = arg, .cleanup = arg_cleanup};
    live_acquire();
    t->next = live;
    if (live)
        live->prev = t;
    live = t;
    live_release();
    return map(sc_spawn_at(S(s), tramp_run, t, tramp_cleanup, "interp"), CALL_OTHER);
}

static int d_defer(sf_hscope s, sf_cleanup_fn fn, void *arg) {
    return map(sc_defer(S(s), fn, arg), CALL_OTHER);
}

/* --------------------------------------------------------------- channels */

static int d_chan_make(sf_hscope owner, size_t cap, sf_cleanup_fn elem_dtor, sf_hchan *out) {
    sc_chan c;
    int st = sc_chan_make(S(owner), cap, elem_dtor, &c);
    if (st == SC_OK)
        *out = c.h;
    return map(st, CALL_OTHER);
}

static int d_chan_send(sf_hscope s, sf_hchan c, void *value) {
    return map(sc_chan_send(S(s), C(c), value), CALL_OTHER);
}

static int d_chan_recv(sf_hscope s, sf_hchan c, void **value) {
    return map(sc_chan_recv(S(s), C(c), value), CALL_OTHER);
}

static int d_try_send(sf_hchan c, void *value) {
    return map(sc_chan_try_send(C(c), value), CALL_OTHER);
}

static int d_try_recv(sf_hchan c, void **value) {
    return map(sc_chan_try_recv(C(c), value), CALL_OTHER);
}

static int d_chan_close(sf_hchan c) { return map(sc_chan_close(C(c)), CALL_CHAN_CLOSE); }

static int d_chan_destroy(sf_hchan c) { return map(sc_chan_destroy(C(c)), CALL_OTHER); }

/* Only the chosen case's status and value are copied back (X4). */
static int d_select(sf_hscope s, sf_select_case *cases, size_t n, int has_default, size_t *chosen) {
    sc_case cc[SC_SELECT_MAX];
    if (n > SC_SELECT_MAX)
        return SF_ERROR;
    for (size_t i = 0; i < n; i++)
        cc[i] = (sc_case){.chan = C(cases[i].chan),
                          .op = cases[i].dir == SF_DIR_SEND ? SC_SEND : SC_RECV,
                          .value = cases[i].value};
    int st = sc_select(S(s), cc, n, has_default ? SC_SELECT_DEFAULT : 0u);
    if (st < 0)
        return map(st, CALL_OTHER);
    *chosen = (size_t)st;
    cases[st].status = map(cc[st].status, CALL_OTHER);
    if (cases[st].dir == SF_DIR_RECV && cc[st].status == SC_OK)
        cases[st].value = cc[st].value;
    return SF_OK;
}

/* ------------------------------------------------------------------- time */

static int d_sleep(sf_hscope s, int64_t ns) { return map(sc_sleep(S(s), ns), CALL_OTHER); }

static void d_yield(void) { sc_yield(); }

static int64_t d_now(void) { return sc_now(); }

const struct sf_driver SF_DRIVER_SYMBOL = {
    .name = SF_DRIVER_NAME,
    .description = SF_DRIVER_DESC,
    .caps = SF_CAP_ALL,
    .init = d_init,
    .fini = d_shutdown,
    .abandon = d_abandon,
    .shutdown = d_shutdown,
    .scope_open = d_scope_open,
    .scope_open_supervisor = d_scope_open_supervisor,
    .scope_close = d_scope_close,
    .scope_cancel = d_scope_cancel,
    .spawn = d_spawn,
    .defer = d_defer,
    .chan_make = d_chan_make,
    .chan_send = d_chan_send,
    .chan_recv = d_chan_recv,
    .chan_try_send = d_try_send,
    .chan_try_recv = d_try_recv,
    .chan_close = d_chan_close,
    .chan_destroy = d_chan_destroy,
    .select = d_select,
    .sleep = d_sleep,
    .yield = d_yield,
    .now = d_now,
};
