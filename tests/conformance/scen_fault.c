/* scen_fault.c - the out-of-memory and early-wakeup paths
 * (docs/semantics.md R6).  Each scenario accepts SC_ENOMEM wherever the
 * library allocates, and checks that a failed call changed nothing and that
 * everything else still holds: tasks of successful spawns run once, failed
 * spawns ran their arg_cleanup, registered cleanups run, values are
 * conserved, nothing leaks (tokens, LSan).  They pass on real threads,
 * where nothing fails; the deterministic runner also runs each of them
 * once per fault point with that point failed, and with random faults
 * (runner_sim.c: the `faults` label). */
#include "scenarios.h"

#include <stdatomic.h>

enum { NTASKS = 4, NCHANS = 3, NVALUES = 3 };

/* sc_init() and a child s of the root with options o (may be NULL) under
 * faults, where SC_ENOMEM is the documented answer of both: 1 when both
 * succeeded; else the library is shut down (if it started), 0. */
static int fault_start(const sc_scope_opts *o, sc_scope *s) {
    int r = sc_init();
    CHECK(r == SC_OK || r == SC_ENOMEM);
    if (r != SC_OK)
        return 0;
    r = sc_scope_open(sc_root(), o, s);
    CHECK(r == SC_OK || r == SC_ENOMEM);
    if (r != SC_OK)
        conf_shutdown(NULL);
    return r == SC_OK;
}

/* ------------------------------------------------------------- spawning */

typedef struct job {
    atomic_int ran, cleaned, done;
} job;

static int job_fn(sc_scope s, void *arg) {
    (void)s;
    job *j = arg;
    atomic_fetch_add(&j->ran, 1);
    sc_yield();
    atomic_store(&j->done, 1);
    return 0;
}

static void job_cleanup(void *arg) { atomic_fetch_add(&((job *)arg)->cleaned, 1); }

static void count_cleanup(void *arg) { atomic_fetch_add((atomic_int *)arg, 1); }

/* Spawns j[lo..hi) into s; rc[i] gets each result. */
static void spawn_wave(sc_scope s, job *j, int *rc, int lo, int hi) {
    for (int i = lo; i < hi; i++) {
        rc[i] = sc_spawn(s, job_fn, &j[i], job_cleanup);
        CHECK(rc[i] == SC_OK || rc[i] == SC_ENOMEM);
    }
}

/* Yields until every successful spawn of [lo, hi) has finished its fn. */
static void await_wave(const job *j, const int *rc, int lo, int hi) {
    for (int i = lo; i < hi; i++)
        for (int k = 0; k < 1000 && rc[i] == SC_OK && !atomic_load(&j[i].done); k++)
            sc_yield();
}

/* S3, S7 under faults: two waves of spawns (the second reaps the tasks
 * of the first, which have ended), a cleanup registered between them. */
void sc_test_fault_spawn(void) {
    sc_scope s;
    if (!fault_start(NULL, &s))
        return;
    job j[NTASKS] = {0};
    int rc[NTASKS];
    atomic_int cleanups = 0;
    spawn_wave(s, j, rc, 0, NTASKS / 2);
    int reg = sc_defer(s, count_cleanup, &cleanups);
    CHECK(reg == SC_OK || reg == SC_ENOMEM);
    await_wave(j, rc, 0, NTASKS / 2);
    spawn_wave(s, j, rc, NTASKS / 2, NTASKS);
    int first = -1;
    CHECK_EQ(sc_scope_close(s, &first), SC_OK);
    CHECK_EQ(first, 0);
    for (int i = 0; i < NTASKS; i++) {
        CHECK_EQ(atomic_load(&j[i].ran), rc[i] == SC_OK);
        CHECK_EQ(atomic_load(&j[i].cleaned), rc[i] != SC_OK);
    }
    CHECK_EQ(atomic_load(&cleanups), reg == SC_OK);
    conf_shutdown(NULL);
}

/* ------------------------------------------------------------- channels */

typedef struct pipe_job {
    sc_chan c;
    atomic_int received;
} pipe_job;

static int consumer(sc_scope s, void *arg) {
    pipe_job *p = arg;
    void *v;
    int r;
    while ((r = sc_chan_recv(s, p->c, &v)) == SC_OK) {
        CHECK(v != NULL && tok_value(v) >= 0 && tok_value(v) < NVALUES);
        tok_free(v);
        atomic_fetch_add(&p->received, 1);
    }
    CHECK_EQ(r, SC_ECLOSED);
    return 0;
}

/* C2, C3, C6, C7 under faults: channels of capacity 0, 1, 2 that could be
 * made get a consumer (if it could be spawned) and NVALUES values; every
 * value sent is received exactly once or destroyed with its channel.  The
 * blocking calls meet spurious wakeups. */
void sc_test_fault_chan(void) {
    sc_scope s;
    if (!fault_start(NULL, &s))
        return;
    pipe_job p[NCHANS];
    int made[NCHANS], spawned[NCHANS], sent[NCHANS] = {0};
    for (int i = 0; i < NCHANS; i++) {
        atomic_init(&p[i].received, 0);
        made[i] = sc_chan_make(s, (size_t)i, tok_dtor, &p[i].c);
        CHECK(made[i] == SC_OK || made[i] == SC_ENOMEM);
        spawned[i] = made[i] == SC_OK ? sc_spawn(s, consumer, &p[i], NULL) : SC_EBADF;
        CHECK(spawned[i] == SC_OK || spawned[i] == SC_ENOMEM || spawned[i] == SC_EBADF);
    }
    for (int i = 0; i < NCHANS; i++) {
        /* without a consumer only the buffer takes values: try_send */
        for (int v = 0; v < NVALUES && made[i] == SC_OK; v++) {
            int *t = tok_new(v);
            int st = spawned[i] == SC_OK ? sc_chan_send(s, p[i].c, t) : sc_chan_try_send(p[i].c, t);
            CHECK(st == SC_OK || (spawned[i] != SC_OK && st == SC_EAGAIN));
            if (st == SC_OK)
                sent[i]++;
            else
                tok_free(t);
        }
        if (made[i] == SC_OK)
            CHECK_EQ(sc_chan_close(p[i].c), SC_OK);
    }
    CHECK_EQ(sc_scope_close(s, NULL), SC_OK);
    for (int i = 0; i < NCHANS; i++)
        if (spawned[i] == SC_OK)
            CHECK_EQ(atomic_load(&p[i].received), sent[i]);
    conf_shutdown(NULL);
}

/* G5, T2 under faults: a receive nobody answers, in a scope with a
 * deadline, ends with SC_ETIMEDOUT at the deadline, early timeout or
 * not; a sleep in it too; spurious wakeups change nothing. */
void sc_test_fault_deadline(void) {
    sc_scope s;
    sc_scope_opts o = {.deadline = sc_now() + 20 * CONF_MS};
    if (!fault_start(&o, &s))
        return;
    sc_chan c;
    int m = sc_chan_make(s, 0, tok_dtor, &c);
    CHECK(m == SC_OK || m == SC_ENOMEM);
    void *v = NULL;
    if (m == SC_OK) {
        CHECK_EQ(sc_chan_recv(s, c, &v), SC_ETIMEDOUT);
        CHECK(sc_now() >= o.deadline);
    }
    CHECK_EQ(sc_sleep(s, 25 * CONF_MS), SC_ETIMEDOUT); /* beyond the deadline */
    CHECK(sc_now() >= o.deadline);
    CHECK_EQ(sc_scope_close(s, NULL), SC_OK);
    conf_shutdown(NULL);
}

/* G1 under faults: enough live handles that the handle table grows twice,
 * first for a scope, then for a channel (the 17th and 33rd handles, the
 * root's included); a failed growth fails that one call. */
void sc_test_fault_handles(void) {
    enum { FIRST = 15, SECOND = 15 };
    sc_scope s, extra[SECOND + 1];
    sc_chan c;
    int ok[SECOND + 1];
    if (!fault_start(NULL, &s))
        return;
    for (int i = 0; i < FIRST - 1; i++) { /* handles 3..16 (the scope owns them) */
        int m = sc_chan_make(s, 0, tok_dtor, &c);
        CHECK(m == SC_OK || m == SC_ENOMEM);
    }
    for (int i = 0; i <= SECOND; i++) { /* 17..32 */
        ok[i] = sc_scope_open(s, NULL, &extra[i]);
        CHECK(ok[i] == SC_OK || ok[i] == SC_ENOMEM);
    }
    sc_chan last; /* 33 */
    int m = sc_chan_make(s, 1, tok_dtor, &last);
    CHECK(m == SC_OK || m == SC_ENOMEM);
    if (m == SC_OK)
        CHECK_EQ(sc_chan_len(last), 0);
    for (int i = SECOND; i >= 0; i--)
        if (ok[i] == SC_OK)
            CHECK_EQ(sc_scope_close(extra[i], NULL), SC_OK);
    CHECK_EQ(sc_scope_close(s, NULL), SC_OK);
    conf_shutdown(NULL);
}
