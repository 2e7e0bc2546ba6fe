/* scen_defer.c - deferred cleanups: LIFO, exactly once, on every way out. */
#include "scenarios.h"

#include <stdatomic.h>

enum { NDEFER = 6 };

/* The ledger: each cleanup appends its tag; a tag seen twice is a failure. */
typedef struct ledger {
    int order[2 * NDEFER];
    atomic_int n;
    atomic_int seen[NDEFER + 2];
    sc_scope scope; /* for the cleanup that defers again */
} ledger;

typedef struct ledger_entry {
    ledger *l;
    int tag;
} ledger_entry;

static void ledger_cleanup(void *arg) {
    ledger_entry *e = arg;
    int i = atomic_fetch_add(&e->l->n, 1);
    if (i < 2 * NDEFER)
        e->l->order[i] = e->tag;
    atomic_fetch_add(&e->l->seen[e->tag], 1);
}

/* Registers tags 0..NDEFER-1 in order on s. */
static void defer_all(sc_scope s, ledger *l, ledger_entry *e) {
    for (int i = 0; i < NDEFER; i++) {
        e[i].l = l;
        e[i].tag = i;
        CHECK_EQ(sc_defer(s, ledger_cleanup, &e[i]), SC_OK);
    }
}

/* Every cleanup ran exactly once, newest first. */
static void check_lifo(ledger *l) {
    CHECK_EQ(atomic_load(&l->n), NDEFER);
    for (int i = 0; i < NDEFER; i++) {
        CHECK_EQ(l->order[i], NDEFER - 1 - i);
        CHECK_EQ(atomic_load(&l->seen[i]), 1);
    }
}

void sc_test_defer_lifo_normal(void) {
    if (!conf_init())
        return;
    ledger l = {.n = 0};
    ledger_entry e[NDEFER];
    sc_scope s;
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
    defer_all(s, &l, e);
    CHECK_EQ(atomic_load(&l.n), 0);
    CHECK_EQ(sc_defer(s, NULL, NULL), SC_EINVAL);
    int first = -1;
    CHECK_EQ(sc_scope_close(s, &first), SC_OK);
    CHECK_EQ(first, 0);
    check_lifo(&l);
    conf_shutdown(NULL);
}

static int failing_task(sc_scope s, void *arg) {
    (void)s;
    (void)arg;
    return 42;
}

void sc_test_defer_lifo_error(void) {
    if (!conf_init())
        return;
    ledger l = {.n = 0};
    ledger_entry e[NDEFER];
    sc_scope s;
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
    defer_all(s, &l, e);
    CHECK_EQ(sc_spawn(s, failing_task, NULL, NULL), SC_OK);
    int first = -1;
    CHECK_EQ(sc_scope_close(s, &first), SC_OK);
    CHECK_EQ(first, 42);
    check_lifo(&l);
    conf_shutdown(NULL);
}

/* Blocks on an empty channel until its scope is cancelled. */
static int blocked_recv_task(sc_scope s, void *arg) {
    void *v = NULL;
    CHECK_EQ(sc_chan_recv(s, *(sc_chan *)arg, &v), SC_ECANCELED);
    return SC_ECANCELED;
}

void sc_test_defer_lifo_cancel(void) {
    if (!conf_init())
        return;
    ledger l = {.n = 0};
    ledger_entry e[NDEFER];
    sc_scope s;
    sc_chan c;
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
    CHECK_EQ(sc_chan_make(s, 0, tok_dtor, &c), SC_OK);
    defer_all(s, &l, e);
    CHECK_EQ(sc_spawn(s, blocked_recv_task, &c, NULL), SC_OK);
    CHECK_EQ(sc_scope_cancel(s, 0), SC_OK);
    int first = -1;
    CHECK_EQ(sc_scope_close(s, &first), SC_OK);
    CHECK_EQ(first, 0);
    check_lifo(&l);
    conf_shutdown(NULL);
}

/* Cleanup tag NDEFER defers tag NDEFER+1 into the closing scope. */
static void redefer_cleanup(void *arg) {
    ledger_entry *e = arg;
    ledger_cleanup(arg);
    CHECK_EQ(sc_defer(e->l->scope, ledger_cleanup, e + 1), SC_OK);
}

void sc_test_defer_from_defer(void) {
    if (!conf_init())
        return;
    ledger l = {.n = 0};
    ledger_entry e[2] = {{&l, 0}, {&l, 1}};
    ledger_entry r[2] = {{&l, NDEFER}, {&l, NDEFER + 1}};
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &l.scope), SC_OK);
    CHECK_EQ(sc_defer(l.scope, ledger_cleanup, &e[0]), SC_OK);
    CHECK_EQ(sc_defer(l.scope, redefer_cleanup, &r[0]), SC_OK);
    CHECK_EQ(sc_defer(l.scope, ledger_cleanup, &e[1]), SC_OK);
    CHECK_EQ(sc_scope_close(l.scope, NULL), SC_OK);
    /* e1, then r0 which defers r1: r1 runs next, then e0. */
    CHECK_EQ(atomic_load(&l.n), 4);
    CHECK_EQ(l.order[0], 1);
    CHECK_EQ(l.order[1], NDEFER);
    CHECK_EQ(l.order[2], NDEFER + 1);
    CHECK_EQ(l.order[3], 0);
    conf_shutdown(NULL);
}
