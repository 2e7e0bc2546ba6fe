/* scen_select.c - select: default, blocking, fairness, self-match,
 * duplicates, closed channels, abandoned cases, cancellation. */
#include "scenarios.h"

#include <stdatomic.h>

static sc_chan chan(size_t cap) {
    sc_chan c;
    CHECK_EQ(sc_chan_make(sc_root(), cap, tok_dtor, &c), SC_OK);
    return c;
}

void sc_test_select_default(void) {
    if (!conf_init())
        return;
    sc_chan a = chan(0), b = chan(2), c = chan(0);
    int *t = tok_new(1);
    sc_case cs[3] = {{a, SC_RECV, NULL, 0}, {b, SC_RECV, NULL, 0}, {c, SC_SEND, t, 0}};
    CHECK_EQ(sc_select(sc_root(), cs, 3, SC_SELECT_DEFAULT), SC_EAGAIN);
    CHECK_EQ(sc_select(sc_root(), cs, 0, SC_SELECT_DEFAULT), SC_EAGAIN);
    CHECK_EQ(sc_select(sc_root(), cs, 0, 0), SC_EINVAL);
    sc_case big[SC_SELECT_MAX + 1];
    for (int i = 0; i <= SC_SELECT_MAX; i++)
        big[i] = (sc_case){a, SC_RECV, NULL, 0};
    CHECK_EQ(sc_select(sc_root(), big, SC_SELECT_MAX + 1, SC_SELECT_DEFAULT), SC_EINVAL);
    CHECK_EQ(sc_select(sc_root(), big, SC_SELECT_MAX, SC_SELECT_DEFAULT), SC_EAGAIN);
    CHECK_EQ(sc_select(sc_root(), cs, 3, 0x80u), SC_EINVAL);
    sc_case bad = {a, 3, NULL, 0};
    CHECK_EQ(sc_select(sc_root(), &bad, 1, SC_SELECT_DEFAULT), SC_EINVAL);
    /* A ready case is taken even with default. */
    CHECK_EQ(sc_chan_try_send(b, tok_new(8)), SC_OK);
    CHECK_EQ(sc_select(sc_root(), cs, 3, SC_SELECT_DEFAULT), 1);
    CHECK_EQ(cs[1].status, SC_OK);
    if (cs[1].value) {
        CHECK_EQ(tok_value(cs[1].value), 8);
        tok_free(cs[1].value);
    }
    tok_free(t); /* the send case never committed */
    CHECK_EQ(sc_chan_len(b), 0);
    CHECK_EQ(sc_chan_destroy(a), SC_OK);
    CHECK_EQ(sc_chan_destroy(b), SC_OK);
    CHECK_EQ(sc_chan_destroy(c), SC_OK);
    conf_shutdown(NULL);
}

typedef struct pair {
    sc_chan a, b;
} pair;

static int send_on_b(sc_scope s, void *arg) {
    pair *p = arg;
    int *t = tok_new(77);
    int r = sc_chan_send(s, p->b, t);
    CHECK_EQ(r, SC_OK);
    if (r != SC_OK)
        tok_free(t);
    return 0;
}

void sc_test_select_blocks(void) {
    if (!conf_init())
        return;
    pair p = {chan(0), chan(0)};
    sc_scope s;
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
    CHECK_EQ(sc_spawn(s, send_on_b, &p, NULL), SC_OK);
    sc_case cs[2] = {{p.a, SC_RECV, NULL, 0}, {p.b, SC_RECV, NULL, 0}};
    CHECK_EQ(sc_select(sc_root(), cs, 2, 0), 1);
    CHECK_EQ(cs[1].status, SC_OK);
    if (cs[1].value) {
        CHECK_EQ(tok_value(cs[1].value), 77);
        tok_free(cs[1].value);
    }
    CHECK_EQ(sc_scope_close(s, NULL), SC_OK);
    /* The abandoned case on a left no receiver behind. */
    int *t = tok_new(2);
    CHECK_EQ(sc_chan_try_send(p.a, t), SC_EAGAIN);
    tok_free(t);
    CHECK_EQ(sc_chan_destroy(p.a), SC_OK);
    CHECK_EQ(sc_chan_destroy(p.b), SC_OK);
    conf_shutdown(NULL);
}

void sc_test_select_uniform(void) {
    if (!conf_init())
        return;
    enum { K = 3 };
    int tries = 150 * conf_scale;
    sc_chan c[K] = {chan(1), chan(1), chan(1)};
    long hits[K] = {0};
    for (int i = 0; i < tries; i++) {
        sc_case cs[K];
        for (int k = 0; k < K; k++) {
            if (sc_chan_len(c[k]) == 0)
                CHECK_EQ(sc_chan_try_send(c[k], tok_new(k)), SC_OK);
            cs[k] = (sc_case){c[k], SC_RECV, NULL, 0};
        }
        int r = sc_select(sc_root(), cs, K, 0);
        CHECK(r >= 0 && r < K);
        if (r < 0 || r >= K)
            break;
        hits[r]++;
        CHECK_EQ(tok_value(cs[r].value), r);
        tok_free(cs[r].value);
    }
    for (int k = 0; k < K; k++)
        CHECK(hits[k] * 10 > tries);
    for (int k = 0; k < K; k++)
        CHECK_EQ(sc_chan_destroy(c[k]), SC_OK);
    conf_shutdown(NULL);
}

void sc_test_select_self_match(void) {
    if (!conf_init())
        return;
    sc_chan c = chan(0);
    int *t = tok_new(4);
    sc_case cs[2] = {{c, SC_SEND, t, 0}, {c, SC_RECV, NULL, 0}};
    CHECK_EQ(sc_select(sc_root(), cs, 2, SC_SELECT_DEFAULT), SC_EAGAIN);
    sc_scope d;
    sc_scope_opts o = {sc_now() + 20 * CONF_MS, 0, "self"};
    CHECK_EQ(sc_scope_open(sc_root(), &o, &d), SC_OK);
    CHECK_EQ(sc_select(d, cs, 2, 0), SC_ETIMEDOUT);
    CHECK_EQ(sc_scope_close(d, NULL), SC_OK);
    CHECK(cs[1].value == NULL);
    tok_free(t);
    CHECK_EQ(sc_chan_destroy(c), SC_OK);
    conf_shutdown(NULL);
}

void sc_test_select_duplicates(void) {
    if (!conf_init())
        return;
    sc_chan a = chan(1), b = chan(1);
    CHECK_EQ(sc_chan_try_send(a, tok_new(6)), SC_OK);
    sc_case cs[2] = {{a, SC_RECV, NULL, 0}, {a, SC_RECV, NULL, 0}};
    int r = sc_select(sc_root(), cs, 2, 0);
    CHECK(r == 0 || r == 1);
    if (r == 0 || r == 1) {
        CHECK_EQ(tok_value(cs[r].value), 6);
        tok_free(cs[r].value);
        CHECK(cs[1 - r].value == NULL);
    }
    CHECK_EQ(sc_chan_len(a), 0);
    /* Two send cases on one free slot: exactly one commits. */
    int *t1 = tok_new(1), *t2 = tok_new(2);
    sc_case ss[2] = {{b, SC_SEND, t1, 0}, {b, SC_SEND, t2, 0}};
    r = sc_select(sc_root(), ss, 2, 0);
    CHECK(r == 0 || r == 1);
    CHECK_EQ(sc_chan_len(b), 1);
    tok_free(r == 0 ? t2 : t1);
    CHECK_EQ(sc_chan_destroy(a), SC_OK);
    CHECK_EQ(sc_chan_destroy(b), SC_OK);
    CHECK_EQ(tok_dtor_count(), 1);
    conf_shutdown(NULL);
}

void sc_test_select_closed(void) {
    if (!conf_init())
        return;
    sc_chan a = chan(2), b = chan(0);
    CHECK_EQ(sc_chan_try_send(a, tok_new(3)), SC_OK);
    CHECK_EQ(sc_chan_close(a), SC_OK);
    CHECK_EQ(sc_chan_close(b), SC_OK);
    sc_case rc = {a, SC_RECV, NULL, 0};
    CHECK_EQ(sc_select(sc_root(), &rc, 1, 0), 0); /* drains first */
    CHECK_EQ(rc.status, SC_OK);
    if (rc.value) {
        CHECK_EQ(tok_value(rc.value), 3);
        tok_free(rc.value);
    }
    rc.value = NULL;
    CHECK_EQ(sc_select(sc_root(), &rc, 1, 0), 0);
    CHECK_EQ(rc.status, SC_ECLOSED);
    int *t = tok_new(5);
    sc_case sc = {b, SC_SEND, t, 0};
    CHECK_EQ(sc_select(sc_root(), &sc, 1, SC_SELECT_DEFAULT), 0);
    CHECK_EQ(sc.status, SC_ECLOSED);
    CHECK_EQ(*t, 5);
    tok_free(t);
    CHECK_EQ(sc_chan_destroy(a), SC_OK);
    CHECK_EQ(sc_chan_destroy(b), SC_OK);
    conf_shutdown(NULL);
}

/* Many selects that give up (default, or a deadline) leave no waiter. */
void sc_test_select_abandoned(void) {
    if (!conf_init())
        return;
    sc_chan a = chan(0), b = chan(0);
    int *t = tok_new(1);
    sc_case cs[2] = {{a, SC_RECV, NULL, 0}, {b, SC_SEND, t, 0}};
    for (int i = 0; i < 500 * conf_scale; i++)
        CHECK_EQ(sc_select(sc_root(), cs, 2, SC_SELECT_DEFAULT), SC_EAGAIN);
    for (int i = 0; i < 5; i++) {
        sc_scope d;
        sc_scope_opts o = {sc_now() + CONF_MS, 0, "abandon"};
        CHECK_EQ(sc_scope_open(sc_root(), &o, &d), SC_OK);
        CHECK_EQ(sc_select(d, cs, 2, 0), SC_ETIMEDOUT);
        CHECK_EQ(sc_scope_close(d, NULL), SC_OK);
    }
    /* No stale receiver on a, no stale sender on b. */
    int *u = tok_new(2);
    void *v = NULL;
    CHECK_EQ(sc_chan_try_send(a, u), SC_EAGAIN);
    CHECK_EQ(sc_chan_try_recv(b, &v), SC_EAGAIN);
    tok_free(u);
    tok_free(t);
    CHECK_EQ(sc_chan_destroy(a), SC_OK);
    CHECK_EQ(sc_chan_destroy(b), SC_OK);
    conf_shutdown(NULL);
}

static int select_until_cancel(sc_scope s, void *arg) {
    pair *p = arg;
    sc_case cs[2] = {{p->a, SC_RECV, NULL, 0}, {p->b, SC_RECV, NULL, 0}};
    int r = sc_select(s, cs, 2, 0);
    CHECK_EQ(r, SC_ECANCELED);
    return r;
}

void sc_test_select_cancel(void) {
    if (!conf_init())
        return;
    pair p = {chan(0), chan(0)};
    sc_scope s;
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(sc_spawn(s, select_until_cancel, &p, NULL), SC_OK);
    for (int i = 0; i < 3; i++)
        sc_yield();
    CHECK_EQ(sc_scope_cancel(s, 0), SC_OK);
    int first = -1;
    CHECK_EQ(sc_scope_close(s, &first), SC_OK);
    CHECK_EQ(first, 0);
    /* The cancelled selects left no waiter: destroy is not busy. */
    CHECK_EQ(sc_chan_destroy(p.a), SC_OK);
    CHECK_EQ(sc_chan_destroy(p.b), SC_OK);
    conf_shutdown(NULL);
}

/* Go's TestNonblockSelectRace: a holds a value, b is filled before a is
 * drained, so at every moment one of the two holds a value until the
 * picker takes one.  A select with default over both must never take the
 * default (X2: one snapshot of every case). */
typedef struct nb_race {
    sc_chan a, b;
} nb_race;

static int nonblock_picker(sc_scope s, void *arg) {
    nb_race *r = arg;
    sc_case cs[2] = {{r->b, SC_RECV, NULL, 0}, {r->a, SC_RECV, NULL, 0}};
    int k = sc_select(s, cs, 2, SC_SELECT_DEFAULT);
    CHECK(k == 0 || k == 1);
    if (k == 0 || k == 1) {
        CHECK_EQ(cs[k].status, SC_OK);
        if (cs[k].status == SC_OK)
            tok_free(cs[k].value);
    }
    return 0;
}

void sc_test_select_nonblock_race(void) {
    if (!conf_init())
        return;
    for (int round = 0; round < 20 * conf_scale; round++) {
        nb_race r = {chan(1), chan(1)};
        sc_scope s;
        void *v = NULL;
        CHECK_EQ(sc_chan_try_send(r.a, tok_new(1)), SC_OK);
        CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
        CHECK_EQ(sc_spawn(s, nonblock_picker, &r, NULL), SC_OK);
        CHECK_EQ(sc_chan_try_send(r.b, tok_new(2)), SC_OK);
        int k = sc_chan_try_recv(r.a, &v); /* the picker may have taken it */
        CHECK(k == SC_OK || k == SC_EAGAIN);
        if (k == SC_OK)
            tok_free(v);
        CHECK_EQ(sc_scope_close(s, NULL), SC_OK);
        CHECK_EQ(sc_chan_destroy(r.a), SC_OK);
        CHECK_EQ(sc_chan_destroy(r.b), SC_OK);
    }
    conf_shutdown(NULL);
}

/* The timeout pattern (a classic goroutine leak): the caller's select on
 * the result channel gives up at its deadline; only then (`go` closes)
 * does the worker send its result, to nobody, in a scope with a deadline.
 * That send must end with SC_ETIMEDOUT at the deadline, so that the
 * worker's scope can close. */
typedef struct late_result {
    sc_chan result, go;
} late_result;

static int late_sender(sc_scope s, void *arg) {
    late_result *l = arg;
    void *v = NULL;
    sc_scope d;
    CHECK_EQ(sc_chan_recv(s, l->go, &v), SC_ECLOSED);
    sc_scope_opts o = {sc_now() + 20 * CONF_MS, 0, "send"};
    /* a child of the root: s is closing by now (S8 refuses an open) */
    CHECK_EQ(sc_scope_open(sc_root(), &o, &d), SC_OK);
    int *t = tok_new(9);
    int r = sc_chan_send(d, l->result, t);
    CHECK_EQ(r, SC_ETIMEDOUT);
    if (r != SC_OK)
        tok_free(t);
    CHECK_EQ(sc_scope_close(d, NULL), SC_OK);
    return 0;
}

void sc_test_select_timeout_sender(void) {
    if (!conf_init())
        return;
    late_result l = {chan(0), chan(0)};
    sc_scope work, wait;
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &work), SC_OK);
    CHECK_EQ(sc_spawn(work, late_sender, &l, NULL), SC_OK);
    sc_scope_opts o = {sc_now() + 5 * CONF_MS, 0, "caller"};
    CHECK_EQ(sc_scope_open(sc_root(), &o, &wait), SC_OK);
    sc_case cs[1] = {{l.result, SC_RECV, NULL, 0}};
    CHECK_EQ(sc_select(wait, cs, 1, 0), SC_ETIMEDOUT);
    CHECK_EQ(sc_scope_close(wait, NULL), SC_OK);
    CHECK_EQ(sc_chan_close(l.go), SC_OK);
    int first = -1;
    CHECK_EQ(sc_scope_close(work, &first), SC_OK);
    CHECK_EQ(first, 0);
    CHECK_EQ(sc_chan_destroy(l.result), SC_OK);
    CHECK_EQ(sc_chan_destroy(l.go), SC_OK);
    conf_shutdown(NULL);
}
