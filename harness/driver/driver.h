/*
 * driver.h - the driver interface: how the interpreter reaches an
 * implementation under test (the reference library include/scope/scope.h,
 * a seeded buggy variant, a third-party channel library).
 *
 * A driver is one constant table of function pointers (struct sf_driver).
 * The interpreter runs a program (harness/prog/prog.h) as a loop over its
 * operations, calling one driver function per operation; it never calls an
 * implementation directly.  Programs only use what the driver declares in
 * `caps`: sf_prog_restrict(prog, drv->caps) maps or drops the other
 * operations, deterministically, before the run.
 *
 * Objects are named by handles (sf_hscope, sf_hchan): 64-bit values chosen
 * by the driver (an index + generation like scope.h, or a pointer cast
 * through uintptr_t).  The interpreter never looks inside a handle and keeps
 * its own "slot is filled" flags, so no value is reserved as "none".  A
 * driver must not crash on a stale handle when its library defines that case
 * (scope.h returns SC_EBADF); a library where a stale handle is undefined
 * behaviour is exactly what the sanitizers are there to catch.
 *
 * Status codes: every function returns an sf_status (0 or positive), the
 * library's own codes normalized by the driver:
 *
 *   scope.h code     sf_status     meaning
 *   SC_OK            SF_OK
 *   SC_ECLOSED       SF_CLOSED     channel closed (and drained, for recv)
 *   SC_EALREADY      SF_CLOSED     chan_close: the channel was already closed
 *   SC_EALREADY      SF_BUSY       scope_close: another caller is closing it
 *   SC_ECANCELED     SF_CANCELLED  the caller's scope (or an ancestor) was cancelled
 *   SC_ETIMEDOUT     SF_TIMEOUT    the effective deadline passed
 *   SC_EAGAIN        SF_AGAIN      try_send/try_recv/select with default: would block
 *   SC_ESCOPE        SF_REFUSED    spawn/open/make refused: scope closing or cancelled
 *   SC_EPERM         SF_REFUSED    not allowed (closing the root scope)
 *   SC_EBADF         SF_BADF       stale or invalid handle
 *   SC_EBUSY         SF_BUSY       chan_destroy: tasks are blocked on it
 *   anything else    SF_ERROR      EINVAL, ENOMEM, ELEAK, ...
 *
 * A spawn refused because its scope is cancelled (SC_ECANCELED) is
 * SF_CANCELLED.
 *
 * ---------------------------------------------------------------------------
 * How to write an adapter (one file plus a few build lines)
 *
 * 1. Write targets/<lib>/driver_<lib>.c.  It includes this header and the
 *    library's header and defines exactly one global:
 *
 *        const struct sf_driver sf_driver_<lib> = {
 *            .name = "<lib>",               // the `impl` line of .sched files
 *            .description = "one line",     // shown by `scopefuzz list`
 *            .caps = SF_CAP_SELECT | SF_CAP_TRY,   // what the library has
 *            .init = my_init, .fini = my_fini, .spawn = my_spawn, ...
 *        };
 *
 *    Fill every REQUIRED function (marked below) and the functions of every
 *    capability you declare; leave the others NULL.  Each function is a few
 *    lines: convert handles, call the library, map its result with a small
 *    static status-mapping function (see the table above).
 *    - Tasks: the interpreter's task function has the signature sf_task_fn;
 *      if the library's differs, spawn a trampoline that calls fn(scope,
 *      arg).  A library with no task concept starts them with
 *      pthread_create() and fini() joins them with pthread_join(): build
 *      the library with sf_interpose() and register the adapter with
 *      INTERPOSE (step 2), so that these threads are tasks of the run; call
 *      sf_adapter_threads_begin() in init() and sf_adapter_threads_end() at
 *      the end of fini() and in abandon() (pthread_adapter.h), and route
 *      chan_close through sf_adapter_call() (the interpreter's watchdog,
 *      not a thread, closes channels when every task is blocked).
 *    - Scopeless libraries: return one dummy root handle from init(), accept
 *      it everywhere, and join every spawned task in fini().
 *    - Values sent on channels are heap tokens owned by the interpreter's
 *      ledger; destroy values still buffered at chan_destroy()/fini() with
 *      the elem_dtor given to chan_make(), so a lost value is a real leak.
 *    - A library call no operation maps to (a size/len query, is_closed, a
 *      statistics call) has no driver function: use it inside the adapter
 *      where it helps (a length query to drain what is still buffered at
 *      fini, as targets/examples does), and test it in the library's own
 *      tests; programs never reach it otherwise.
 *    - Select: declare SF_CAP_SELECT only if the library has a select.  A
 *      select that cannot block (only "poll once, -1 if none is ready")
 *      implements has_default directly (SF_AGAIN when none is ready); the
 *      blocking form polls it in a loop with a short sleep between rounds
 *      (nanosleep(), interposed: virtual time), as the library's own users
 *      would.  Without SF_CAP_SELECT, programs' selects become the plain
 *      operation of their first case (a try op with default, if SF_CAP_TRY).
 *      A select of zero cases (programs can make one) must not reach a
 *      library that rejects it: SF_AGAIN with default, else block forever.
 *    Blocking functions must block through the platform interface
 *    (harness/platform/platform.h, on the adapter's include path) or, for a
 *    pthread library, through pthreads interposed by sf_interpose(), so
 *    that the deterministic runtime controls every interleaving.  Code
 *    that waits any other way (a spin on a plain variable, a real
 *    pthread_cond_wait or read() of a library built without interposition)
 *    blocks the one OS thread every task runs on: the CLI's wall-clock
 *    watchdog (--hang-timeout, harness/cli/watchdog.h) then ends the run
 *    as a `hang` failure whose report has the stuck task's stack.
 *
 * 2. Add the build lines to targets/CMakeLists.txt (or a CMakeLists.txt of
 *    your own that it adds):
 *
 *        add_library(<lib> STATIC <lib>/src.c ...)         # the library
 *        sf_third_party(<lib> FLAGS -std=gnu11 ...)         # its own flags
 *        sf_interpose(<lib>)                                # pthreads
 *        sf_add_driver(<lib> SOURCES <lib>/driver_<lib>.c LIBS <lib> INTERPOSE)
 *
 *    (a library written against platform.h instead needs only the last
 *    line, without INTERPOSE).  sf_third_party() builds the library with its
 *    own flags: the project's -Wall -Wextra -Werror -D_GNU_SOURCE are not
 *    applied to code that is not ours.  sf_add_driver (cmake/sf_drivers.cmake)
 *    builds the adapter with this project's flags and harness/driver,
 *    harness/platform and include/ on its include path, links it with the
 *    library, and registers sf_driver_<lib> in the driver registry the CLI
 *    and fuzz targets look up by name: `scopefuzz list` shows it (`list
 *    --caps`: with the capabilities it declares), `scopefuzz explore
 *    --impl <lib>` fuzzes it, `ci/campaign --impl <lib>` runs its nightly
 *    campaign.  targets/examples/ is a complete worked example;
 *    tests/adapter/ builds one from a clean tree exactly as written here.
 *
 * Drivers are stateless tables; the library state they drive is global, one
 * run at a time per process (scope.h is the same).  All functions are called
 * from tasks of the run, between init() and fini().
 * ---------------------------------------------------------------------------
 */
#ifndef SF_DRIVER_H
#define SF_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Normalized status codes (see the mapping table above). */
typedef enum sf_status {
    SF_OK = 0,
    SF_CLOSED,    /* channel closed (drained, for recv); close of a closed channel */
    SF_CANCELLED, /* the caller's scope or an ancestor was cancelled */
    SF_TIMEOUT,   /* the effective deadline of the caller's scope passed */
    SF_AGAIN,     /* non-blocking operation would block */
    SF_REFUSED,   /* spawn/open/make refused (scope closing), or not allowed */
    SF_BADF,      /* stale or invalid handle */
    SF_BUSY,      /* destroy: tasks blocked on it; close: another caller closing */
    SF_ERROR      /* anything else (invalid argument, out of memory, leak) */
} sf_status;

#define SF_NSTATUS 9

/* Capabilities: what a driver implements beyond the required core (spawn,
 * chan_make, chan_send, chan_recv, chan_close, yield, init, fini).  One
 * list, X(ID, name, calls): SF_CAP_ID is bit i for the i-th row; name is
 * its word in `scopefuzz list --caps` (sf_cap_name, prog.h); calls, the
 * driver calls it stands for. */
#define SF_CAP_MAP(X)                                                                              \
    X(SCOPES, "scopes", "scope_open, scope_close; spawn into any scope")                           \
    X(CANCEL, "cancel", "scope_cancel")                                                            \
    X(DEADLINE, "deadline", "scope_open with a deadline (needs now)")                              \
    X(DEFER, "defer", "defer")                                                                     \
    X(SELECT, "select", "select, with and without default")                                        \
    X(TRY, "try", "chan_try_send, chan_try_recv")                                                  \
    X(SLEEP, "sleep", "sleep")                                                                     \
    X(SHUTDOWN, "shutdown", "shutdown: the process-level exit")                                    \
    X(DESTROY, "destroy", "chan_destroy")                                                          \
    X(SUPERVISOR, "supervisor", "scope_open_supervisor")

enum {
#define SF_CAP_BIT_(id, name, calls) SF_CAP_BIT_##id,
    SF_CAP_MAP(SF_CAP_BIT_)
#undef SF_CAP_BIT_
        SF_NCAPS
};
enum {
#define SF_CAP_VALUE_(id, name, calls) SF_CAP_##id = 1u << SF_CAP_BIT_##id,
    SF_CAP_MAP(SF_CAP_VALUE_)
#undef SF_CAP_VALUE_
};
#define SF_CAP_ALL ((1u << SF_NCAPS) - 1u)

/* No deadline (scope_open). */
#define SF_NO_DEADLINE INT64_MAX

typedef uint64_t sf_hscope;
typedef uint64_t sf_hchan;

/* A task body: runs once, owns arg; returns SF_OK, or an error of its
 * scope: SF_CANCELLED or SF_TIMEOUT (the task passes on what a blocking
 * call of its scope returned; scope.h excuses those while the scope is
 * cancelled or expired, S4), or any other nonzero value (the interpreter's
 * `return error`: SF_ERROR).  The driver gives the library its own codes
 * for SF_CANCELLED and SF_TIMEOUT (scope.h: SC_ECANCELED, SC_ETIMEDOUT) and
 * passes other values through unchanged. */
typedef int (*sf_task_fn)(sf_hscope scope, void *arg);
/* A cleanup (deferred function, spawn arg cleanup, channel elem_dtor). */
typedef void (*sf_cleanup_fn)(void *arg);

/* Select case directions. */
enum { SF_DIR_SEND = 1, SF_DIR_RECV = 2 };

typedef struct sf_select_case {
    sf_hchan chan;
    int dir;     /* SF_DIR_SEND or SF_DIR_RECV */
    void *value; /* send: the value; recv: receives the value */
    int status;  /* out, chosen case only: SF_OK or SF_CLOSED */
} sf_select_case;

/* What shutdown()/fini() found. */
typedef struct sf_fini_report {
    size_t tasks_leaked; /* tasks still running at the deadline */
    size_t defers_run;   /* pending deferred cleanups that had to be run */
} sf_fini_report;

struct sf_driver {
    const char *name;        /* matches the `impl` line of .sched files */
    const char *description; /* one line, for `scopefuzz list` */
    unsigned caps;           /* SF_CAP_* */

    /* REQUIRED.  Starts the library for one run and gives the root scope
     * (scopeless libraries: a dummy handle).  SF_OK, or SF_ERROR. */
    int (*init)(sf_hscope *root);
    /* REQUIRED.  Ends the run after task 0 returned: cancels what is left,
     * waits until `deadline` (absolute, now() clock) for tasks, runs pending
     * cleanups, frees everything.  `rep` may be NULL.  SF_OK; SF_BUSY tasks
     * were still running at the deadline (listed on stderr). */
    int (*fini)(int64_t deadline, sf_fini_report *rep);
    /* REQUIRED.  Frees every library object without running anything, after
     * the runtime discarded all tasks of a failed run.  Never fails. */
    void (*abandon)(void);
    /* SF_CAP_SHUTDOWN.  The process-level exit from inside a task (scope.h
     * sc_shutdown); the same result codes as fini(). */
    int (*shutdown)(int64_t deadline, sf_fini_report *rep);

    /* SF_CAP_SCOPES.  Child scope of `parent`, effective deadline the
     * earlier of `deadline` (absolute; SF_NO_DEADLINE) and the parent's.
     * SF_OK, SF_BADF, SF_REFUSED, SF_ERROR. */
    int (*scope_open)(sf_hscope parent, int64_t deadline, sf_hscope *out);
    /* SF_CAP_SUPERVISOR.  scope_open of a supervisor scope: a task error is
     * kept for scope_close but cancels nothing (scope.h SC_SUPERVISOR). */
    int (*scope_open_supervisor)(sf_hscope parent, int64_t deadline, sf_hscope *out);
    /* SF_CAP_SCOPES.  Joins the scope's tasks, runs its cleanups LIFO, makes
     * the handle stale; *first_error (may be NULL) gets the first task error
     * (0 if none) as a task returned it (sf_task_fn): the library's codes
     * for cancelled and timed out mapped back to SF_CANCELLED, SF_TIMEOUT.
     * SF_OK, SF_BADF (double close), SF_BUSY (being closed), SF_REFUSED
     * (root). */
    int (*scope_close)(sf_hscope s, int *first_error);
    /* SF_CAP_CANCEL.  SF_OK, SF_BADF. */
    int (*scope_cancel)(sf_hscope s);

    /* REQUIRED.  Starts fn(s, arg).  On any error fn never runs and
     * arg_cleanup(arg) was called (if non-NULL) before the return.
     * SF_OK, SF_BADF, SF_CANCELLED, SF_REFUSED, SF_ERROR. */
    int (*spawn)(sf_hscope s, sf_task_fn fn, void *arg, sf_cleanup_fn arg_cleanup);
    /* SF_CAP_DEFER.  fn(arg) runs once when s closes.  On error fn is not
     * registered.  SF_OK, SF_BADF, SF_ERROR. */
    int (*defer)(sf_hscope s, sf_cleanup_fn fn, void *arg);

    /* REQUIRED.  Channel of capacity cap (0: rendezvous) owned by `owner`;
     * elem_dtor destroys values buffered at destruction.
     * SF_OK, SF_BADF, SF_REFUSED, SF_ERROR. */
    int (*chan_make)(sf_hscope owner, size_t cap, sf_cleanup_fn elem_dtor, sf_hchan *out);
    /* REQUIRED.  On SF_OK the channel owns value, else the caller keeps it.
     * SF_OK, SF_CLOSED, SF_CANCELLED, SF_TIMEOUT, SF_BADF. */
    int (*chan_send)(sf_hscope s, sf_hchan c, void *value);
    /* REQUIRED.  SF_OK, SF_CLOSED, SF_CANCELLED, SF_TIMEOUT, SF_BADF. */
    int (*chan_recv)(sf_hscope s, sf_hchan c, void **value);
    /* SF_CAP_TRY.  SF_OK, SF_AGAIN, SF_CLOSED, SF_BADF. */
    int (*chan_try_send)(sf_hchan c, void *value);
    /* SF_CAP_TRY.  SF_OK, SF_AGAIN, SF_CLOSED, SF_BADF. */
    int (*chan_try_recv)(sf_hchan c, void **value);
    /* REQUIRED.  SF_OK, SF_CLOSED (already closed), SF_BADF. */
    int (*chan_close)(sf_hchan c);
    /* SF_CAP_DESTROY.  SF_OK, SF_BUSY, SF_BADF. */
    int (*chan_destroy)(sf_hchan c);

    /* SF_CAP_SELECT.  Commits exactly one ready case (waiting for one unless
     * has_default), stores its index in *chosen and sets its status.
     * SF_OK, SF_AGAIN (default, none ready), SF_CANCELLED, SF_TIMEOUT,
     * SF_BADF, SF_ERROR. */
    int (*select)(sf_hscope s, sf_select_case *cases, size_t n, int has_default, size_t *chosen);

    /* SF_CAP_SLEEP.  SF_OK, SF_CANCELLED, SF_TIMEOUT, SF_BADF. */
    int (*sleep)(sf_hscope s, int64_t ns);
    /* REQUIRED.  Lets other tasks run. */
    void (*yield)(void);
    /* SF_CAP_DEADLINE.  The clock deadlines are measured on (ns). */
    int64_t (*now)(void);
};

/* Returns "SF_OK", "SF_CLOSED", ...; "SF_?" for an unknown value.  Header
 * only, so that adapters need no library for it. */
static inline const char *sf_status_name(int st) {
    static const char *const names[SF_NSTATUS] = {"SF_OK",      "SF_CLOSED", "SF_CANCELLED",
                                                  "SF_TIMEOUT", "SF_AGAIN",  "SF_REFUSED",
                                                  "SF_BADF",    "SF_BUSY",   "SF_ERROR"};
    return st >= 0 && st < SF_NSTATUS ? names[st] : "SF_?";
}

#ifdef __cplusplus
}
#endif
#endif
