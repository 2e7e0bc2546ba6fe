/*
 * scope.h - structured concurrency: scopes, tasks, deferred cleanups,
 * cancellation and channels (Go channels + context + defer, Trio nurseries,
 * libdill bundles).
 *
 * This header is the whole public API of the reference library.  The rules
 * are stated once, in full, in docs/semantics.md; each function below says
 * what it does and which status codes it returns.
 *
 * Objects are named by handles (sc_scope, sc_chan): a 64-bit value holding a
 * slot index and a generation.  A handle to a closed scope or a destroyed
 * channel is stale: every call given a stale handle returns SC_EBADF, never
 * touches freed memory.  This is how double close and use after close are
 * defined behaviour (libdill uses integer handles for the same reason).
 *
 * Threading: every function may be called from any task or thread after
 * sc_init() and before sc_shutdown() returns SC_OK.  Blocking calls take the
 * caller's scope: the call returns SC_ECANCELED promptly when that scope (or
 * an ancestor) is cancelled, and SC_ETIMEDOUT when its effective deadline
 * passes.
 *
 * Status codes are 0 (SC_OK) or negative; a value >= 0 returned by
 * sc_select() is a case index.
 */
#ifndef SCOPE_SCOPE_H
#define SCOPE_SCOPE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- status */

enum {
    SC_OK = 0,
    SC_ECLOSED = -1,   /* the channel is closed (and drained, for recv) */
    SC_ECANCELED = -2, /* the caller's scope or an ancestor was cancelled */
    SC_ETIMEDOUT = -3, /* the effective deadline of the caller's scope passed */
    SC_EAGAIN = -4,    /* try_send/try_recv/select with default: would block */
    SC_ESCOPE = -5,    /* scope is cancelled or closing: spawn/open refused */
    SC_EBADF = -6,     /* stale or invalid handle (closed scope, destroyed chan) */
    SC_EALREADY = -7,  /* already done: second channel close, scope being closed */
    SC_EBUSY = -8,     /* tasks are blocked on the channel being destroyed */
    SC_EINVAL = -9,    /* invalid argument */
    SC_ENOMEM = -10,   /* out of memory (or of task slots) */
    SC_EPERM = -11,    /* not allowed: closing the root scope, init twice */
    SC_ELEAK = -12     /* shutdown: tasks still running at its deadline */
};

/* Returns a static, human-readable name for a status code ("SC_ECLOSED: ...").
 * Unknown codes give "unknown status".  Never fails. */
const char *sc_strerror(int status);

/* ---------------------------------------------------------------- handles */

typedef struct sc_scope {
    uint64_t h;
} sc_scope;

typedef struct sc_chan {
    uint64_t h;
} sc_chan;

/* A deadline that never comes (the default for scopes). */
#define SC_NO_DEADLINE INT64_MAX

/* Monotonic time in nanoseconds (virtual time under the deterministic
 * runtime).  Deadlines are absolute values of this clock. */
int64_t sc_now(void);

/* ------------------------------------------------------------- lifecycle */

/* Initializes the library and creates the root scope.
 * Errors: SC_EPERM already initialized; SC_ENOMEM. */
int sc_init(void);

/* The root scope.  It exists from sc_init() until sc_shutdown() succeeds; it
 * cannot be closed with sc_scope_close(). */
sc_scope sc_root(void);

/* What sc_shutdown() did. */
typedef struct sc_shutdown_report {
    size_t tasks_joined;    /* tasks that ended and were joined */
    size_t tasks_leaked;    /* tasks still running at the deadline */
    size_t scopes_closed;   /* scopes still open that shutdown closed */
    size_t defers_run;      /* pending deferred cleanups that shutdown ran */
    size_t chans_destroyed; /* channels still alive that shutdown destroyed */
} sc_shutdown_report;

/* The process-level exit, instead of an exit() that skips cleanups: cancels
 * the root scope (reason SC_ECANCELED), waits until every task has ended or
 * `deadline` (absolute, sc_now() clock) passes, closes every scope still open
 * (children first, newest first), running every pending deferred cleanup,
 * destroys every channel still alive (elem_dtor on buffered values) and frees
 * the library.  `report` may be NULL.
 * Errors: SC_EPERM not initialized; SC_EALREADY another caller is already
 * shutting down; SC_ELEAK tasks were still running at the deadline: they are
 * listed on stderr (site, scope, what they wait on), the library stays
 * initialized and sc_shutdown() may be called again. */
int sc_shutdown(int64_t deadline, sc_shutdown_report *report);

/* Writes one line per live task (id, spawn site, scope, current blocking
 * call) to `out` (a FILE *), like a goroutine dump.  Returns the number of
 * live tasks. */
size_t sc_dump_tasks(void *out);

/* ----------------------------------------------------------------- scopes */

/* Scope flags. */
#define SC_SUPERVISOR 1u /* a failing task does not cancel its siblings */

typedef struct sc_scope_opts {
    int64_t deadline; /* absolute; SC_NO_DEADLINE for none */
    unsigned flags;   /* SC_SUPERVISOR */
    const char *name; /* for dumps; must outlive the scope; may be NULL */
} sc_scope_opts;

/* Opens a child scope of `parent`.  opts may be NULL (no deadline, fail-fast).
 * The effective deadline is the earlier of opts->deadline and the parent's
 * effective deadline.  A child of a cancelled parent is born cancelled.
 * Errors: SC_EBADF stale parent; SC_ESCOPE parent is closing; SC_EINVAL
 * unknown flag or out == NULL; SC_ENOMEM. */
int sc_scope_open(sc_scope parent, const sc_scope_opts *opts, sc_scope *out);

/* Closes a scope (scope exit): refuses new spawns, waits until every task of
 * the scope has ended, then closes every child scope still open (newest
 * first, exactly as this call would; a child being closed by another caller
 * is waited for), runs the deferred cleanups LIFO, destroys the channels the
 * scope owns, then makes the handle stale.  No task outlives its scope.
 * `first_error` (may be NULL) receives the first error a task of the scope
 * returned, 0 if none (see sc_spawn_at()).
 * Errors (nothing changes): SC_EBADF stale handle (double close); SC_EALREADY
 * another caller is closing it; SC_EPERM the root scope. */
int sc_scope_close(sc_scope s, int *first_error);

/* Cancels a scope and, through it, every descendant scope and their tasks:
 * their blocking calls return SC_ECANCELED promptly, new spawns are refused.
 * Sticky; the first reason wins (later calls return SC_OK and change
 * nothing).  `reason` is reported by sc_scope_cause(); 0 means SC_ECANCELED.
 * Errors: SC_EBADF. */
int sc_scope_cancel(sc_scope s, int reason);

/* SC_OK if the scope is live, SC_ECANCELED if it or an ancestor was
 * cancelled, SC_ETIMEDOUT if its effective deadline passed, SC_EBADF if the
 * handle is stale. */
int sc_scope_status(sc_scope s);

/* The reason of the cancellation that reached `s` (its own or the nearest
 * cancelled ancestor's): stores it in *reason and returns SC_OK, or returns
 * SC_EAGAIN if not cancelled.  Errors: SC_EBADF; SC_EINVAL reason == NULL. */
int sc_scope_cause(sc_scope s, int *reason);

/* The effective deadline of `s` (SC_NO_DEADLINE if none), or SC_NO_DEADLINE
 * for a stale handle. */
int64_t sc_scope_deadline(sc_scope s);

/* ------------------------------------------------------------------ tasks */

typedef int (*sc_task_fn)(sc_scope scope, void *arg);
typedef void (*sc_cleanup_fn)(void *arg);

/* Starts fn(scope, arg) concurrently as a task of `scope`.  On SC_OK, fn runs
 * exactly once and owns arg.  On any error fn never runs and
 * arg_cleanup(arg) has been called (if non-NULL) before the return: nothing
 * leaks.  `site` names the spawn point in dumps (see sc_spawn()).
 *
 * A nonzero return of fn is an error of the scope, except SC_ECANCELED and
 * SC_ETIMEDOUT returned while the scope is cancelled or past its deadline.
 * The first error is kept for sc_scope_close(); unless the scope has
 * SC_SUPERVISOR it also cancels the scope with that error as reason.
 *
 * Errors: SC_EBADF stale handle; SC_ECANCELED the scope is cancelled (or past
 * its deadline); SC_ESCOPE the scope is closing (this includes a spawn from
 * one of its own deferred cleanups); SC_EINVAL fn == NULL; SC_ENOMEM. */
int sc_spawn_at(sc_scope scope, sc_task_fn fn, void *arg, sc_cleanup_fn arg_cleanup,
                const char *site);

#define SC__STR2(x) #x
#define SC__STR(x)  SC__STR2(x)
/* sc_spawn_at() with the caller's file:line as site. */
#define sc_spawn(scope, fn, arg, arg_cleanup)                                                      \
    sc_spawn_at((scope), (fn), (arg), (arg_cleanup), __FILE__ ":" SC__STR(__LINE__))

/* Registers fn(arg) to run when `scope` closes, after all its tasks ended.
 * Cleanups run LIFO, each exactly once, on every path (normal, error,
 * cancellation, shutdown), on the task that closes the scope.  A cleanup may
 * defer into the same scope while it closes: the new cleanup runs next.
 * A cleanup may not spawn into the closing scope (SC_ESCOPE); it may spawn
 * into an ancestor.
 * Errors (fn is not registered and not called): SC_EBADF; SC_EINVAL
 * fn == NULL; SC_ENOMEM. */
int sc_defer(sc_scope scope, sc_cleanup_fn fn, void *arg);

/* Sleeps `duration` ns (virtual under the deterministic runtime).
 * Returns SC_OK after the duration, SC_ECANCELED early on cancellation,
 * SC_ETIMEDOUT if the scope's deadline comes first.
 * Errors: SC_EBADF; SC_EINVAL duration < 0. */
int sc_sleep(sc_scope scope, int64_t duration);

/* Lets other tasks run.  Never fails. */
void sc_yield(void);

/* --------------------------------------------------------------- channels */

typedef void (*sc_dtor_fn)(void *value);

/* Makes a channel of capacity `cap` (0: unbuffered rendezvous) owned by
 * `owner`: the channel is destroyed when the owner closes, if not before.
 * `elem_dtor` (may be NULL) destroys values still buffered at destruction.
 * Errors: SC_EBADF stale owner; SC_ESCOPE owner closing; SC_EINVAL
 * out == NULL or cap > SC_CHAN_MAX_CAP; SC_ENOMEM. */
#define SC_CHAN_MAX_CAP (1u << 20)
int sc_chan_make(sc_scope owner, size_t cap, sc_dtor_fn elem_dtor, sc_chan *out);

/* Sends `value`; blocks while the channel is full (unbuffered: until a
 * receiver takes it).  On SC_OK the channel owns value; on any error the
 * caller keeps it.
 * Errors: SC_ECLOSED closed (also when closed while blocked); SC_ECANCELED;
 * SC_ETIMEDOUT; SC_EBADF stale scope or channel (also when the channel is
 * destroyed by its owner's close while blocked). */
int sc_chan_send(sc_scope scope, sc_chan c, void *value);

/* Receives the oldest value into *value; blocks while none is available.
 * After close, buffered values are still received in FIFO order, then
 * SC_ECLOSED forever.  Blocked receivers are served FIFO.
 * Errors: SC_ECLOSED; SC_ECANCELED; SC_ETIMEDOUT; SC_EBADF; SC_EINVAL
 * value == NULL. */
int sc_chan_recv(sc_scope scope, sc_chan c, void **value);

/* Non-blocking send: SC_OK, SC_EAGAIN (full / no receiver waiting),
 * SC_ECLOSED, SC_EBADF. */
int sc_chan_try_send(sc_chan c, void *value);

/* Non-blocking recv: SC_OK, SC_EAGAIN (nothing available), SC_ECLOSED
 * (closed and drained), SC_EBADF, SC_EINVAL value == NULL. */
int sc_chan_try_recv(sc_chan c, void **value);

/* Closes the channel: wakes every blocked receiver (they drain the buffer,
 * then get SC_ECLOSED) and every blocked sender (SC_ECLOSED; the sender keeps
 * its value).  Errors: SC_EALREADY already closed; SC_EBADF. */
int sc_chan_close(sc_chan c);

/* Destroys the channel: elem_dtor on every buffered value, then the handle
 * is stale.  Errors (nothing changes): SC_EBUSY tasks are blocked on it;
 * SC_EBADF. */
int sc_chan_destroy(sc_chan c);

/* Number of buffered values, or SC_EBADF. */
int sc_chan_len(sc_chan c);

/* ----------------------------------------------------------------- select */

enum { SC_SEND = 1, SC_RECV = 2 };

typedef struct sc_case {
    sc_chan chan;
    int op;      /* SC_SEND or SC_RECV */
    void *value; /* SC_SEND: the value to send; SC_RECV: receives the value */
    int status;  /* out, for the chosen case: SC_OK or SC_ECLOSED */
} sc_case;

#define SC_SELECT_DEFAULT 1u /* never block: SC_EAGAIN if no case is ready */
#define SC_SELECT_MAX     64

/* Waits until one case can proceed and commits exactly that one; returns its
 * index and sets its status.  A closed channel makes its case ready: recv
 * gets SC_ECLOSED once drained, send gets SC_ECLOSED (keeps the value).
 * Among ready cases the choice is uniformly random (a scheduler decision
 * under the deterministic runtime); readiness is taken from one snapshot.
 * Duplicate cases are allowed; a send and a recv on the same unbuffered
 * channel in one select never match each other.  Abandoned cases leave no
 * waiter behind.
 * Errors: SC_EAGAIN with SC_SELECT_DEFAULT and no ready case; SC_ECANCELED;
 * SC_ETIMEDOUT; SC_EBADF stale scope or channel; SC_EINVAL n == 0 without
 * default, n > SC_SELECT_MAX, bad op or flag. */
int sc_select(sc_scope scope, sc_case *cases, size_t n, unsigned flags);

/* ---------------------------------------------------- harness support */

/* Frees every library object without running anything, for a harness whose
 * deterministic runtime (harness/platform/sim) has discarded all tasks after
 * a failed run (deadlock, budget).  Deferred cleanups are not run; buffered
 * values are destroyed with their elem_dtor.  Makes no platform call, so it
 * may be called after sim_run() returned.  Only for the sim backend: on real
 * threads the unjoined task records would leak.  Under the sim backend,
 * sc_init() and sc_shutdown()/sc_abandon() pair up per sim_run().
 * Never fails; a no-op when not initialized. */
void sc_abandon(void);

#ifdef __cplusplus
}
#endif
#endif
