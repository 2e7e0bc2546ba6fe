/* scen_cancel.c - cancellation, fail-fast, supervisor, deadlines. */
#include "scenarios.h"

#include <stdatomic.h>

void sc_test_cancel_sticky(void) {
    if (!conf_init())
        return;
    sc_scope s, child, other, inner;
    int reason = 0;
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
    CHECK_EQ(sc_scope_open(s, NULL, &child), SC_OK);
    CHECK_EQ(sc_scope_cause(s, &reason), SC_EAGAIN);
    CHECK_EQ(sc_scope_cancel(s, 7), SC_OK);
    CHECK_EQ(sc_scope_cancel(s, 9), SC_OK);
    CHECK_EQ(sc_scope_cause(s, &reason), SC_OK);
    CHECK_EQ(reason, 7);
    CHECK_EQ(sc_scope_cause(child, &reason), SC_OK);
    CHECK_EQ(reason, 7);
    CHECK_EQ(sc_scope_status(s), SC_ECANCELED);
    CHECK_EQ(sc_scope_status(child), SC_ECANCELED);
    /* Reason 0 means SC_ECANCELED; a child's own reason is the nearest. */
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &other), SC_OK);
    CHECK_EQ(sc_scope_open(other, NULL, &inner), SC_OK);
    CHECK_EQ(sc_scope_cancel(inner, 3), SC_OK);
    CHECK_EQ(sc_scope_status(other), SC_OK);
    CHECK_EQ(sc_scope_cancel(other, 0), SC_OK);
    CHECK_EQ(sc_scope_cause(other, &reason), SC_OK);
    CHECK_EQ(reason, SC_ECANCELED);
    CHECK_EQ(sc_scope_cause(inner, &reason), SC_OK);
    CHECK_EQ(reason, 3);
    CHECK_EQ(sc_scope_status(sc_root()), SC_OK);
    CHECK_EQ(sc_scope_close(s, NULL), SC_OK);
    CHECK_EQ(sc_scope_close(other, NULL), SC_OK);
    conf_shutdown(NULL);
}

/* The channels the blocked tasks of cancel_reaches_blocked wait on. */
typedef struct blockers {
    sc_chan a, b;
    atomic_int canceled;
} blockers;

static void note(blockers *b, int r) {
    CHECK_EQ(r, SC_ECANCELED);
    if (r == SC_ECANCELED)
        atomic_fetch_add(&b->canceled, 1);
}

static int recv_blocker(sc_scope s, void *arg) {
    blockers *b = arg;
    void *v = NULL;
    int r = sc_chan_recv(s, b->a, &v);
    note(b, r);
    return r;
}

static int send_blocker(sc_scope s, void *arg) {
    blockers *b = arg;
    int *t = tok_new(1);
    int r = sc_chan_send(s, b->b, t);
    note(b, r);
    if (r != SC_OK)
        tok_free(t); /* the sender keeps its value on error */
    return r;
}

static int select_blocker(sc_scope s, void *arg) {
    blockers *b = arg;
    /* Only receivers wait on a (b has a sender): nothing can commit. */
    sc_case cs[2] = {{b->a, SC_RECV, NULL, 0}, {b->a, SC_RECV, NULL, 0}};
    int r = sc_select(s, cs, 2, 0);
    note(b, r);
    return r;
}

static int sleep_blocker(sc_scope s, void *arg) {
    blockers *b = arg;
    int r = sc_sleep(s, 1000 * CONF_SEC);
    note(b, r);
    return r;
}

void sc_test_cancel_reaches_blocked(void) {
    if (!conf_init())
        return;
    blockers b = {.canceled = 0};
    sc_scope p, c, g;
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &p), SC_OK);
    CHECK_EQ(sc_chan_make(p, 0, tok_dtor, &b.a), SC_OK);
    CHECK_EQ(sc_chan_make(p, 0, tok_dtor, &b.b), SC_OK);
    CHECK_EQ(sc_scope_open(p, NULL, &c), SC_OK);
    CHECK_EQ(sc_scope_open(c, NULL, &g), SC_OK);
    sc_task_fn fns[4] = {recv_blocker, send_blocker, select_blocker, sleep_blocker};
    for (int i = 0; i < 4; i++)
        CHECK_EQ(sc_spawn(g, fns[i], &b, NULL), SC_OK);
    CHECK_EQ(sc_spawn(c, recv_blocker, &b, NULL), SC_OK);
    for (int i = 0; i < 3; i++)
        sc_yield();
    CHECK_EQ(sc_scope_cancel(p, 0), SC_OK);
    int first = -1;
    CHECK_EQ(sc_scope_close(p, &first), SC_OK);
    /* SC_ECANCELED returned while cancelled is not an error. */
    CHECK_EQ(first, 0);
    CHECK_EQ(atomic_load(&b.canceled), 5);
    conf_shutdown(NULL);
}

/* State of the fail-fast and supervisor scenarios. */
typedef struct family {
    sc_scope s;
    sc_chan never; /* nobody sends on it */
    atomic_int sibling_ok, sibling_canceled;
    int cause_status, cause;
} family;

static int failing5(sc_scope s, void *arg) {
    (void)s;
    (void)arg;
    return 5;
}

static int waiting_sibling(sc_scope s, void *arg) {
    family *f = arg;
    void *v = NULL;
    int r = sc_chan_recv(s, f->never, &v);
    CHECK_EQ(r, SC_ECANCELED);
    atomic_fetch_add(&f->sibling_canceled, r == SC_ECANCELED);
    return r;
}

static int working_sibling(sc_scope s, void *arg) {
    family *f = arg;
    for (int i = 0; i < 4; i++)
        sc_yield();
    int r = sc_sleep(s, CONF_MS);
    CHECK_EQ(r, SC_OK);
    atomic_fetch_add(&f->sibling_ok, r == SC_OK);
    return 0;
}

/* Wakes only through the cancellation caused by failing5, then fails with
 * its own error: necessarily the second error of the scope. */
static int late_failer(sc_scope s, void *arg) {
    family *f = arg;
    void *v = NULL;
    CHECK_EQ(sc_chan_recv(s, f->never, &v), SC_ECANCELED);
    return 7;
}

/* Runs after every task of the scope ended: the error has been handled. */
static void cause_probe(void *arg) {
    family *f = arg;
    f->cause_status = sc_scope_cause(f->s, &f->cause);
}

void sc_test_cancel_failfast(void) {
    if (!conf_init())
        return;
    enum { K = 4 };
    family f = {.sibling_ok = 0, .sibling_canceled = 0};
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &f.s), SC_OK);
    CHECK_EQ(sc_chan_make(sc_root(), 0, tok_dtor, &f.never), SC_OK);
    CHECK_EQ(sc_defer(f.s, cause_probe, &f), SC_OK);
    for (int i = 0; i < K; i++)
        CHECK_EQ(sc_spawn(f.s, waiting_sibling, &f, NULL), SC_OK);
    CHECK_EQ(sc_spawn(f.s, late_failer, &f, NULL), SC_OK);
    CHECK_EQ(sc_spawn(f.s, failing5, NULL, NULL), SC_OK);
    int first = -1;
    CHECK_EQ(sc_scope_close(f.s, &first), SC_OK);
    CHECK_EQ(first, 5); /* the first error, not late_failer's 7 */
    CHECK_EQ(f.cause_status, SC_OK);
    CHECK_EQ(f.cause, 5);
    CHECK_EQ(atomic_load(&f.sibling_canceled), K);
    CHECK_EQ(sc_chan_destroy(f.never), SC_OK);
    conf_shutdown(NULL);
}

void sc_test_cancel_supervisor(void) {
    if (!conf_init())
        return;
    enum { K = 4 };
    family f = {.sibling_ok = 0, .sibling_canceled = 0};
    sc_scope_opts o = {SC_NO_DEADLINE, SC_SUPERVISOR, "supervisor"};
    CHECK_EQ(sc_scope_open(sc_root(), &o, &f.s), SC_OK);
    CHECK_EQ(sc_defer(f.s, cause_probe, &f), SC_OK);
    CHECK_EQ(sc_spawn(f.s, failing5, NULL, NULL), SC_OK);
    for (int i = 0; i < K; i++)
        CHECK_EQ(sc_spawn(f.s, working_sibling, &f, NULL), SC_OK);
    CHECK_EQ(sc_spawn(f.s, failing5, NULL, NULL), SC_OK);
    int first = -1;
    CHECK_EQ(sc_scope_close(f.s, &first), SC_OK);
    CHECK_EQ(first, 5);
    CHECK_EQ(f.cause_status, SC_EAGAIN); /* never cancelled */
    CHECK_EQ(atomic_load(&f.sibling_ok), K);
    conf_shutdown(NULL);
}

/* A task of a deadline scope that outlives the deadline. */
static int timing_out_task(sc_scope s, void *arg) {
    void *v = NULL;
    int r = sc_chan_recv(s, *(sc_chan *)arg, &v);
    CHECK_EQ(r, SC_ETIMEDOUT);
    return r; /* past the deadline: not an error of the scope */
}

static void probe_cleanup(void *arg) { atomic_fetch_add((atomic_int *)arg, 1); }

static int never_runs(sc_scope s, void *arg) {
    (void)s;
    (void)arg;
    CHECK(0);
    return 0;
}

/* Runs on the scenario's main task: a task of s could find s closing and be
 * refused the child scope (SC_ESCOPE). */
static void deadline_body(sc_scope s, sc_chan c) {
    sc_scope d, g;
    void *v = NULL;
    sc_scope_opts o = {sc_now() + 20 * CONF_MS, 0, "deadline"};
    CHECK_EQ(sc_scope_open(s, &o, &d), SC_OK);
    int r = sc_spawn(d, timing_out_task, &c, NULL);
    CHECK(r == SC_OK || r == SC_ECANCELED); /* the deadline may pass first */
    CHECK_EQ(sc_chan_recv(d, c, &v), SC_ETIMEDOUT);
    CHECK_EQ(sc_scope_status(d), SC_ETIMEDOUT);
    CHECK_EQ(sc_sleep(d, 1000 * CONF_SEC), SC_ETIMEDOUT);
    sc_chan lonely; /* no receiver: a send on it can only time out */
    CHECK_EQ(sc_chan_make(d, 0, tok_dtor, &lonely), SC_OK);
    int *t = tok_new(3);
    CHECK_EQ(sc_chan_send(d, lonely, t), SC_ETIMEDOUT);
    tok_free(t);
    sc_case cs[1] = {{c, SC_RECV, NULL, 0}};
    CHECK_EQ(sc_select(d, cs, 1, 0), SC_ETIMEDOUT);
    atomic_int cleaned = 0;
    CHECK_EQ(sc_spawn(d, never_runs, &cleaned, probe_cleanup), SC_ECANCELED);
    CHECK_EQ(atomic_load(&cleaned), 1);
    CHECK_EQ(sc_scope_open(d, NULL, &g), SC_OK);
    CHECK_EQ(sc_scope_status(g), SC_ETIMEDOUT);
    int first = -1;
    CHECK_EQ(sc_scope_close(d, &first), SC_OK);
    CHECK_EQ(first, 0);
    CHECK_EQ(sc_scope_status(s), SC_OK);
}

void sc_test_cancel_deadline(void) {
    if (!conf_init())
        return;
    sc_scope s;
    sc_chan c;
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
    CHECK_EQ(sc_chan_make(s, 0, tok_dtor, &c), SC_OK);
    deadline_body(s, c);
    int first = -1;
    CHECK_EQ(sc_scope_close(s, &first), SC_OK);
    CHECK_EQ(first, 0);
    conf_shutdown(NULL);
}

static int returns_arg(sc_scope s, void *arg) {
    (void)s;
    return *(int *)arg;
}

/* SC_ECANCELED / SC_ETIMEDOUT returned by a task whose scope is neither
 * cancelled nor past its deadline are errors like any other. */
void sc_test_cancel_unexcused_errors(void) {
    if (!conf_init())
        return;
    int codes[2] = {SC_ECANCELED, SC_ETIMEDOUT};
    for (int i = 0; i < 2; i++) {
        sc_scope s;
        int first = 0;
        CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
        CHECK_EQ(sc_spawn(s, returns_arg, &codes[i], NULL), SC_OK);
        family f = {.s = s};
        CHECK_EQ(sc_defer(s, cause_probe, &f), SC_OK);
        CHECK_EQ(sc_scope_close(s, &first), SC_OK);
        CHECK_EQ(first, codes[i]);
        CHECK_EQ(f.cause_status, SC_OK); /* fail-fast cancelled with it */
        CHECK_EQ(f.cause, codes[i]);
    }
    conf_shutdown(NULL);
}
