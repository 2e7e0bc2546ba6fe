/*
 * driver_example_chan.c - the adapter of the example channel library
 * (targets/examples/chan/chan.h) for the interpreter (harness/driver/driver.h).
 *
 * Built twice (targets/examples/CMakeLists.txt): over the library with its
 * two planted close bugs (driver "example_chan") and over the fixed library
 * (-DEXAMPLE_CHAN_FIXED, driver "example_chan_fixed").  Both the library and
 * this file are compiled with sf_interpose(): their pthread calls run on the
 * deterministic runtime.
 *
 * The library has no scopes, no cancellation and no task concept:
 * - one dummy root scope handle;
 * - spawn starts a pthread (interposed: a task of the run) through a
 *   trampoline; fini() joins every thread spawned in the run;
 * - chan_size() has no operation of its own: fini() uses it to drain what
 *   is still buffered, destroying it with the elem_dtor;
 * - chan_dispose() is not safe with blocked threads, so SF_CAP_DESTROY is
 *   not declared: channels are disposed of in fini();
 * - select maps to chan_select(): with a default it polls once, without it
 *   the library polls until a case is ready;
 * - sleep is nanosleep() (interposed: virtual time).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>

#include "chan/chan.h"
#include "driver.h"
#include "pthread_adapter.h"

#ifdef EXAMPLE_CHAN_FIXED
#define DRIVER_SYMBOL sf_driver_example_chan_fixed
#define DRIVER_NAME   "example_chan_fixed"
#define DRIVER_DESC   "example pthread channel library, close bugs fixed (targets/examples)"
#else
#define DRIVER_SYMBOL sf_driver_example_chan
#define DRIVER_NAME   "example_chan"
#define DRIVER_DESC   "example pthread channel library with two planted close bugs (targets/examples)"
#endif

#define ROOT ((sf_hscope)1)

typedef struct ch_rec {
    chan_t *c;
    sf_cleanup_fn dtor;
    struct ch_rec *next;
} ch_rec;

typedef struct task_rec {
    sf_task_fn fn;
    void *arg;
    pthread_t th;
    int joined;
    struct task_rec *next;
} task_rec;

/* The records of the run, shared by all its threads.  On the deterministic
 * runtime the adapter's code between two library calls runs without a
 * switch, so the lists need no lock (a lock would add scheduling points);
 * TSan is told of the order the runtime gives (below). */
static ch_rec *chans;
static task_rec *tasks;

/* A handle reaches other tasks through the interpreter's own state, which
 * TSan does not see: tell it that a channel's record is published at
 * chan_make and acquired at every use (with real threads the program would
 * pass it through its own synchronization); the same for the lists. */
#ifdef SF_TSAN
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
#define PUBLISH(r) __tsan_release(r)
#define ACQUIRE(r) __tsan_acquire(r)
#else
#define PUBLISH(r) ((void)(r))
#define ACQUIRE(r) ((void)(r))
#endif

static int map(int r) {
    if (r == 0)
        return SF_OK;
    switch (errno) {
        case EPIPE:
            return SF_CLOSED;
        case EAGAIN:
            return SF_AGAIN;
        default:
            return SF_ERROR;
    }
}

static ch_rec *rec_of(sf_hchan h) {
    ch_rec *r = (ch_rec *)(uintptr_t)h;
    ACQUIRE(r);
    return r;
}

/* Values still buffered go to the elem_dtor (a lost value stays lost). */
static void drain(ch_rec *r) {
    void *v;
    while (chan_size(r->c) > 0 && chan_try_recv(r->c, &v) == 0)
        if (r->dtor)
            r->dtor(v);
}

static void free_all(int dispose) {
    while (chans) {
        ch_rec *r = chans;
        chans = r->next;
        if (dispose && r->c)
            chan_dispose(r->c);
        free(r);
    }
    while (tasks) {
        task_rec *t = tasks;
        tasks = t->next;
        free(t);
    }
}

static int ex_init(sf_hscope *root) {
    sf_adapter_threads_begin();
    chans = NULL;
    tasks = NULL;
    *root = ROOT;
    return SF_OK;
}

static int ex_fini(int64_t deadline, sf_fini_report *rep) {
    (void)deadline;
    /* tasks spawn tasks: join until none is left unjoined */
    for (;;) {
        ACQUIRE(&tasks);
        task_rec *t = tasks;
        while (t && t->joined)
            t = t->next;
        if (!t)
            break;
        t->joined = 1;
        pthread_join(t->th, NULL);
    }
    ACQUIRE(&chans);
    for (ch_rec *r = chans; r; r = r->next)
        if (r->c)
            drain(r);
    free_all(1);
    sf_adapter_threads_end();
    if (rep)
        *rep = (sf_fini_report){0};
    return SF_OK;
}

static void ex_abandon(void) {
    /* tasks of the failed run were discarded, maybe holding a lock */
    sf_adapter_threads_end();
    free_all(1);
    sf_adapter_threads_end();
}

static void *trampoline(void *p) {
    task_rec *t = p;
    t->fn(ROOT, t->arg);
    return NULL;
}

static int ex_spawn(sf_hscope s, sf_task_fn fn, void *arg, sf_cleanup_fn arg_cleanup) {
    task_rec *t = s == ROOT ? calloc(1, sizeof *t) : NULL;
    if (!t) {
        if (arg_cleanup)
            arg_cleanup(arg);
        return s == ROOT ? SF_ERROR : SF_BADF;
    }
    t->fn = fn;
    t->arg = arg;
    if (pthread_create(&t->th, NULL, trampoline, t) != 0) {
        free(t);
        if (arg_cleanup)
            arg_cleanup(arg);
        return SF_ERROR;
    }
    ACQUIRE(&tasks);
    t->next = tasks;
    tasks = t;
    PUBLISH(&tasks);
    return SF_OK;
}

static int ex_chan_make(sf_hscope owner, size_t cap, sf_cleanup_fn dtor, sf_hchan *out) {
    if (owner != ROOT)
        return SF_BADF;
    ch_rec *r = calloc(1, sizeof *r);
    if (!r)
        return SF_ERROR;
    r->c = chan_init(cap);
    if (!r->c) {
        free(r);
        return SF_ERROR;
    }
    r->dtor = dtor;
    ACQUIRE(&chans);
    r->next = chans;
    chans = r;
    PUBLISH(&chans);
    PUBLISH(r);
    *out = (sf_hchan)(uintptr_t)r;
    return SF_OK;
}

static int ex_send(sf_hscope s, sf_hchan c, void *v) {
    (void)s;
    return map(chan_send(rec_of(c)->c, v));
}

static int ex_recv(sf_hscope s, sf_hchan c, void **v) {
    (void)s;
    return map(chan_recv(rec_of(c)->c, v));
}

static int ex_try_send(sf_hchan c, void *v) { return map(chan_try_send(rec_of(c)->c, v)); }

static int ex_try_recv(sf_hchan c, void **v) { return map(chan_try_recv(rec_of(c)->c, v)); }

/* Also called by the interpreter's watchdog, which is not a thread: through
 * sf_adapter_call() (pthread_adapter.h).  chan_close() fails only with
 * EPIPE, so errno is not read: on the deterministic runtime every thread's
 * errno lives at one address, and under TSan a read on the service thread
 * after another thread's write is reported as a race. */
typedef struct {
    chan_t *c;
    int r;
} close_call;

static void do_close(void *p) {
    close_call *k = p;
    k->r = chan_close(k->c);
}

static int ex_close(sf_hchan c) {
    close_call k = {rec_of(c)->c, 0};
    sf_adapter_call(do_close, &k);
    return k.r == 0 ? SF_OK : SF_CLOSED;
}

enum { MAX_CASES = 16 };

static int ex_select(sf_hscope s, sf_select_case *cases, size_t n, int has_default,
                     size_t *chosen) {
    (void)s;
    chan_t *rc[MAX_CASES], *sc[MAX_CASES];
    void *msgs[MAX_CASES];
    size_t ri[MAX_CASES], si[MAX_CASES];
    int nr = 0, ns = 0;
    if (n > MAX_CASES)
        return SF_ERROR;
    if (n == 0) { /* chan_select() refuses no channels: Go's select {} */
        if (has_default)
            return SF_AGAIN;
        static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
        static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
        pthread_mutex_lock(&mu);
        for (;;)
            pthread_cond_wait(&never, &mu);
    }
    for (size_t i = 0; i < n; i++) {
        ch_rec *r = rec_of(cases[i].chan);
        if (!r->c)
            return SF_BADF;
        if (cases[i].dir == SF_DIR_RECV) {
            ri[nr] = i;
            rc[nr++] = r->c;
        } else {
            si[ns] = i;
            msgs[ns] = cases[i].value;
            sc[ns++] = r->c;
        }
    }
    void *got = NULL;
    int err = 0;
    int k = chan_select(rc, nr, &got, sc, ns, msgs, !has_default, &err);
    if (k < 0)
        return map(k);
    size_t i = k < nr ? ri[k] : si[k - nr];
    *chosen = i;
    cases[i].status = err == EPIPE ? SF_CLOSED : SF_OK;
    if (k < nr && !err)
        cases[i].value = got;
    return SF_OK;
}

static int ex_sleep(sf_hscope s, int64_t ns) {
    (void)s;
    struct timespec ts = {(time_t)(ns / 1000000000), (long)(ns % 1000000000)};
    nanosleep(&ts, NULL);
    return SF_OK;
}

static void ex_yield(void) { sched_yield(); }

const struct sf_driver DRIVER_SYMBOL = {
    .name = DRIVER_NAME,
    .description = DRIVER_DESC,
    .caps = SF_CAP_SELECT | SF_CAP_TRY | SF_CAP_SLEEP,
    .init = ex_init,
    .fini = ex_fini,
    .abandon = ex_abandon,
    .spawn = ex_spawn,
    .chan_make = ex_chan_make,
    .chan_send = ex_send,
    .chan_recv = ex_recv,
    .chan_try_send = ex_try_send,
    .chan_try_recv = ex_try_recv,
    .chan_close = ex_close,
    .select = ex_select,
    .sleep = ex_sleep,
    .yield = ex_yield,
};
