/* scen_scope.c - scopes: open, deadlines, spawn refusal, close, stale handles. */
#include "scenarios.h"

#include <stdatomic.h>

/* Counts runs of a task and calls of its arg_cleanup. */
typedef struct spawn_probe {
    atomic_int ran;
    atomic_int cleaned;
} spawn_probe;

static int probe_task(sc_scope s, void *arg) {
    (void)s;
    atomic_fetch_add(&((spawn_probe *)arg)->ran, 1);
    return 0;
}

static void probe_cleanup(void *arg) { atomic_fetch_add(&((spawn_probe *)arg)->cleaned, 1); }

/* A spawn refused with `want`: fn never runs, arg_cleanup ran exactly once. */
static void check_refused(sc_scope s, int want) {
    spawn_probe p = {0, 0};
    CHECK_EQ(sc_spawn(s, probe_task, &p, probe_cleanup), want);
    CHECK_EQ(atomic_load(&p.cleaned), 1);
    CHECK_EQ(atomic_load(&p.ran), 0);
}

void sc_test_scope_open_deadline(void) {
    if (!conf_init())
        return;
    int64_t now = sc_now();
    int64_t d1 = now + 1000 * CONF_SEC, d2 = now + 2000 * CONF_SEC;
    sc_scope_opts o1 = {d1, 0, "p"}, o2 = {d2, 0, "late"}, o3 = {d1 - CONF_SEC, 0, "early"};
    sc_scope p, late, early, plain, grand;
    CHECK_EQ(sc_scope_deadline(sc_root()), SC_NO_DEADLINE);
    CHECK_EQ(sc_scope_open(sc_root(), &o1, &p), SC_OK);
    CHECK_EQ(sc_scope_deadline(p), d1);
    CHECK_EQ(sc_scope_open(p, &o2, &late), SC_OK);
    CHECK_EQ(sc_scope_deadline(late), d1);
    CHECK_EQ(sc_scope_open(p, &o3, &early), SC_OK);
    CHECK_EQ(sc_scope_deadline(early), d1 - CONF_SEC);
    CHECK_EQ(sc_scope_open(p, NULL, &plain), SC_OK);
    CHECK_EQ(sc_scope_deadline(plain), d1);
    CHECK_EQ(sc_scope_open(early, &o2, &grand), SC_OK);
    CHECK_EQ(sc_scope_deadline(grand), d1 - CONF_SEC);
    CHECK_EQ(sc_scope_status(grand), SC_OK);
    sc_scope_opts bad = {SC_NO_DEADLINE, 0x80u, NULL};
    sc_scope junk;
    CHECK_EQ(sc_scope_open(p, &bad, &junk), SC_EINVAL);
    CHECK_EQ(sc_scope_open(p, NULL, NULL), SC_EINVAL);
    CHECK_EQ(sc_scope_close(p, NULL), SC_OK);
    CHECK_EQ(sc_scope_status(grand), SC_EBADF);
    CHECK_EQ(sc_scope_deadline(grand), SC_NO_DEADLINE);
    conf_shutdown(NULL);
}

void sc_test_scope_spawn_cancelled(void) {
    if (!conf_init())
        return;
    sc_scope s, child;
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
    CHECK_EQ(sc_scope_cancel(s, 0), SC_OK);
    check_refused(s, SC_ECANCELED);
    /* A child of a cancelled parent is born cancelled. */
    CHECK_EQ(sc_scope_open(s, NULL, &child), SC_OK);
    CHECK_EQ(sc_scope_status(child), SC_ECANCELED);
    check_refused(child, SC_ECANCELED);
    CHECK_EQ(sc_scope_close(s, NULL), SC_OK);
    conf_shutdown(NULL);
}

void sc_test_scope_spawn_closed(void) {
    if (!conf_init())
        return;
    sc_scope s;
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
    CHECK_EQ(sc_scope_close(s, NULL), SC_OK);
    check_refused(s, SC_EBADF);
    spawn_probe p = {0, 0};
    CHECK_EQ(sc_spawn(sc_root(), NULL, &p, probe_cleanup), SC_EINVAL);
    CHECK_EQ(atomic_load(&p.cleaned), 1);
    conf_shutdown(NULL);
}

/* State shared by the cleanups of scope_spawn_from_defer. */
typedef struct defer_spawn {
    sc_scope self, parent;
    spawn_probe into_self, into_parent;
    int open_status, make_status, spawn_self, spawn_parent;
} defer_spawn;

static void spawning_cleanup(void *arg) {
    defer_spawn *d = arg;
    sc_scope junk;
    sc_chan c;
    d->spawn_self = sc_spawn(d->self, probe_task, &d->into_self, probe_cleanup);
    d->spawn_parent = sc_spawn(d->parent, probe_task, &d->into_parent, probe_cleanup);
    d->open_status = sc_scope_open(d->self, NULL, &junk);
    d->make_status = sc_chan_make(d->self, 1, tok_dtor, &c);
}

void sc_test_scope_spawn_from_defer(void) {
    if (!conf_init())
        return;
    defer_spawn d = {0};
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &d.parent), SC_OK);
    CHECK_EQ(sc_scope_open(d.parent, NULL, &d.self), SC_OK);
    CHECK_EQ(sc_defer(d.self, spawning_cleanup, &d), SC_OK);
    CHECK_EQ(sc_scope_close(d.self, NULL), SC_OK);
    /* The closing scope refuses; nothing started there outlives it. */
    CHECK_EQ(d.spawn_self, SC_ESCOPE);
    CHECK_EQ(atomic_load(&d.into_self.cleaned), 1);
    CHECK_EQ(atomic_load(&d.into_self.ran), 0);
    CHECK_EQ(d.open_status, SC_ESCOPE);
    CHECK_EQ(d.make_status, SC_ESCOPE);
    /* The parent accepts, and joins the task at its own close. */
    CHECK_EQ(d.spawn_parent, SC_OK);
    CHECK_EQ(sc_scope_close(d.parent, NULL), SC_OK);
    CHECK_EQ(atomic_load(&d.into_parent.ran), 1);
    CHECK_EQ(atomic_load(&d.into_parent.cleaned), 0);
    conf_shutdown(NULL);
}

/* A task that yields a few times, then marks its slot done. */
static int slow_task(sc_scope s, void *arg) {
    (void)s;
    for (int i = 0; i < 5; i++)
        sc_yield();
    atomic_store((atomic_int *)arg, 1);
    return 0;
}

void sc_test_scope_close_waits(void) {
    if (!conf_init())
        return;
    enum { N = 8 };
    atomic_int done[N];
    sc_scope s;
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
    for (int i = 0; i < N; i++) {
        atomic_init(&done[i], 0);
        CHECK_EQ(sc_spawn(s, slow_task, &done[i], NULL), SC_OK);
    }
    int first = -1;
    CHECK_EQ(sc_scope_close(s, &first), SC_OK);
    CHECK_EQ(first, 0);
    for (int i = 0; i < N; i++)
        CHECK_EQ(atomic_load(&done[i]), 1);
    conf_shutdown(NULL);
}

/* Appends its tag to a shared log. */
typedef struct order_log {
    int tags[16];
    atomic_int n;
} order_log;

typedef struct order_entry {
    order_log *log;
    int tag;
} order_entry;

static void log_cleanup(void *arg) {
    order_entry *e = arg;
    int i = atomic_fetch_add(&e->log->n, 1);
    if (i < 16)
        e->log->tags[i] = e->tag;
}

void sc_test_scope_close_children(void) {
    if (!conf_init())
        return;
    order_log log = {{0}, 0};
    order_entry e[4] = {{&log, 1}, {&log, 2}, {&log, 3}, {&log, 4}};
    sc_scope p, c1, c2, g;
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &p), SC_OK);
    CHECK_EQ(sc_defer(p, log_cleanup, &e[0]), SC_OK);
    CHECK_EQ(sc_scope_open(p, NULL, &c1), SC_OK);
    CHECK_EQ(sc_defer(c1, log_cleanup, &e[1]), SC_OK);
    CHECK_EQ(sc_scope_open(p, NULL, &c2), SC_OK);
    CHECK_EQ(sc_scope_open(c2, NULL, &g), SC_OK);
    CHECK_EQ(sc_defer(c2, log_cleanup, &e[2]), SC_OK);
    CHECK_EQ(sc_defer(g, log_cleanup, &e[3]), SC_OK);
    CHECK_EQ(sc_scope_close(p, NULL), SC_OK);
    /* Newest child first, children before the parent's own defers. */
    CHECK_EQ(atomic_load(&log.n), 4);
    CHECK_EQ(log.tags[0], 4);
    CHECK_EQ(log.tags[1], 3);
    CHECK_EQ(log.tags[2], 2);
    CHECK_EQ(log.tags[3], 1);
    CHECK_EQ(sc_scope_status(c1), SC_EBADF);
    CHECK_EQ(sc_scope_status(g), SC_EBADF);
    CHECK_EQ(sc_scope_close(c2, NULL), SC_EBADF);
    conf_shutdown(NULL);
}

static void noop_cleanup(void *arg) { (void)arg; }

void sc_test_scope_stale_handles(void) {
    if (!conf_init())
        return;
    sc_scope s, junk;
    sc_chan c;
    int reason = 0;
    CHECK_EQ(sc_scope_close(sc_root(), NULL), SC_EPERM);
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
    CHECK_EQ(sc_scope_close(s, NULL), SC_OK);
    CHECK_EQ(sc_scope_close(s, NULL), SC_EBADF);
    CHECK_EQ(sc_scope_cancel(s, 0), SC_EBADF);
    CHECK_EQ(sc_scope_status(s), SC_EBADF);
    CHECK_EQ(sc_scope_cause(s, &reason), SC_EBADF);
    CHECK_EQ(sc_scope_open(s, NULL, &junk), SC_EBADF);
    CHECK_EQ(sc_defer(s, noop_cleanup, NULL), SC_EBADF);
    CHECK_EQ(sc_chan_make(s, 0, NULL, &c), SC_EBADF);
    CHECK_EQ(sc_sleep(s, 0), SC_EBADF);
    sc_scope forged = {s.h ^ 0x5a5a5a5a00000000ull};
    CHECK_EQ(sc_scope_status(forged), SC_EBADF);
    /* Root is still usable. */
    CHECK_EQ(sc_scope_status(sc_root()), SC_OK);
    CHECK_EQ(sc_scope_cause(sc_root(), &reason), SC_EAGAIN);
    CHECK_EQ(sc_scope_cause(sc_root(), NULL), SC_EINVAL);
    conf_shutdown(NULL);
}

/* Two tasks race to close the same scope: exactly one succeeds. */
typedef struct close_race {
    sc_scope target;
    atomic_int ok, other, bad;
} close_race;

static int closer_task(sc_scope s, void *arg) {
    (void)s;
    close_race *c = arg;
    int r = sc_scope_close(c->target, NULL);
    if (r == SC_OK)
        atomic_fetch_add(&c->ok, 1);
    else if (r == SC_EALREADY || r == SC_EBADF)
        atomic_fetch_add(&c->other, 1);
    else
        atomic_fetch_add(&c->bad, 1);
    return 0;
}

void sc_test_scope_close_race(void) {
    if (!conf_init())
        return;
    for (int round = 0; round < conf_scale; round++) {
        close_race c = {.ok = 0, .other = 0, .bad = 0};
        atomic_int done = 0;
        sc_scope w;
        CHECK_EQ(sc_scope_open(sc_root(), NULL, &c.target), SC_OK);
        CHECK_EQ(sc_spawn(c.target, slow_task, &done, NULL), SC_OK);
        CHECK_EQ(sc_scope_open(sc_root(), NULL, &w), SC_OK);
        CHECK_EQ(sc_spawn(w, closer_task, &c, NULL), SC_OK);
        CHECK_EQ(sc_spawn(w, closer_task, &c, NULL), SC_OK);
        CHECK_EQ(sc_scope_close(w, NULL), SC_OK);
        CHECK_EQ(atomic_load(&c.ok), 1);
        CHECK_EQ(atomic_load(&c.other), 1);
        CHECK_EQ(atomic_load(&c.bad), 0);
        CHECK_EQ(atomic_load(&done), 1);
    }
    conf_shutdown(NULL);
}
