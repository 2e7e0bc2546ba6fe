/* scen_chan.c - channels: rendezvous, buffering, FIFO, close, destroy. */
#include "scenarios.h"

#include <stdatomic.h>

/* A child of root whose deadline turns a wrong block into SC_ETIMEDOUT. */
static sc_scope guard_scope(void) {
    sc_scope g;
    sc_scope_opts o = {sc_now() + 60 * CONF_SEC, 0, "guard"};
    CHECK_EQ(sc_scope_open(sc_root(), &o, &g), SC_OK);
    return g;
}

/* Receives one token and checks it holds `want`. */
static void recv_expect(sc_scope s, sc_chan c, int want) {
    void *v = NULL;
    CHECK_EQ(sc_chan_recv(s, c, &v), SC_OK);
    if (v) {
        CHECK_EQ(tok_value(v), want);
        tok_free(v);
    }
}

typedef struct rendezvous {
    sc_chan c;
    atomic_int sent;
} rendezvous;

static int rendezvous_sender(sc_scope s, void *arg) {
    rendezvous *r = arg;
    int *t = tok_new(11);
    int st = sc_chan_send(s, r->c, t);
    CHECK_EQ(st, SC_OK);
    if (st != SC_OK)
        tok_free(t);
    atomic_store(&r->sent, 1);
    return 0;
}

void sc_test_chan_unbuffered_rendezvous(void) {
    if (!conf_init())
        return;
    rendezvous r = {.sent = 0};
    sc_scope s, g = guard_scope();
    CHECK_EQ(sc_chan_make(sc_root(), 0, tok_dtor, &r.c), SC_OK);
    int *t = tok_new(1);
    CHECK_EQ(sc_chan_try_send(r.c, t), SC_EAGAIN); /* no receiver waiting */
    tok_free(t);
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
    CHECK_EQ(sc_spawn(s, rendezvous_sender, &r, NULL), SC_OK);
    for (int i = 0; i < 5; i++)
        sc_yield();
    /* The send cannot complete before a receive takes the value. */
    CHECK_EQ(atomic_load(&r.sent), 0);
    CHECK_EQ(sc_chan_len(r.c), 0);
    recv_expect(g, r.c, 11);
    CHECK_EQ(sc_scope_close(s, NULL), SC_OK);
    CHECK_EQ(atomic_load(&r.sent), 1);
    CHECK_EQ(sc_chan_destroy(r.c), SC_OK);
    CHECK_EQ(sc_scope_close(g, NULL), SC_OK);
    conf_shutdown(NULL);
}

void sc_test_chan_buffered(void) {
    if (!conf_init())
        return;
    enum { CAP = 4 };
    sc_scope g = guard_scope();
    sc_chan c, junk;
    void *v = NULL;
    CHECK_EQ(sc_chan_make(sc_root(), SC_CHAN_MAX_CAP + 1u, tok_dtor, &junk), SC_EINVAL);
    CHECK_EQ(sc_chan_make(sc_root(), 1, tok_dtor, NULL), SC_EINVAL);
    CHECK_EQ(sc_chan_make(sc_root(), CAP, tok_dtor, &c), SC_OK);
    CHECK_EQ(sc_chan_try_recv(c, &v), SC_EAGAIN);
    CHECK_EQ(sc_chan_try_recv(c, NULL), SC_EINVAL);
    CHECK_EQ(sc_chan_recv(g, c, NULL), SC_EINVAL);
    /* Sends with space never block (a block would time out the guard). */
    for (int i = 0; i < CAP - 1; i++)
        CHECK_EQ(sc_chan_send(g, c, tok_new(i)), SC_OK);
    CHECK_EQ(sc_chan_try_send(c, tok_new(CAP - 1)), SC_OK);
    CHECK_EQ(sc_chan_len(c), CAP);
    int *t = tok_new(99);
    CHECK_EQ(sc_chan_try_send(c, t), SC_EAGAIN);
    tok_free(t);
    CHECK_EQ(sc_chan_try_recv(c, &v), SC_OK);
    if (v)
        CHECK_EQ(tok_value(v), 0);
    tok_free(v);
    for (int i = 1; i < CAP; i++)
        recv_expect(g, c, i);
    CHECK_EQ(sc_chan_try_recv(c, &v), SC_EAGAIN);
    CHECK_EQ(sc_chan_len(c), 0);
    CHECK_EQ(sc_chan_destroy(c), SC_OK);
    CHECK_EQ(sc_scope_close(g, NULL), SC_OK);
    conf_shutdown(NULL);
}

typedef struct fifo_arg {
    sc_chan c;
    int n;
} fifo_arg;

static int fifo_producer(sc_scope s, void *arg) {
    fifo_arg *f = arg;
    for (int i = 0; i < f->n; i++) {
        int *t = tok_new(i);
        int r = sc_chan_send(s, f->c, t);
        CHECK_EQ(r, SC_OK);
        if (r != SC_OK) {
            tok_free(t);
            break;
        }
    }
    return 0;
}

void sc_test_chan_fifo(void) {
    if (!conf_init())
        return;
    fifo_arg f = {.n = 10 * conf_scale};
    sc_scope s, g = guard_scope();
    CHECK_EQ(sc_chan_make(sc_root(), 3, tok_dtor, &f.c), SC_OK);
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
    CHECK_EQ(sc_spawn(s, fifo_producer, &f, NULL), SC_OK);
    for (int i = 0; i < f.n; i++)
        recv_expect(g, f.c, i);
    CHECK_EQ(sc_scope_close(s, NULL), SC_OK);
    CHECK_EQ(sc_chan_destroy(f.c), SC_OK);
    CHECK_EQ(sc_scope_close(g, NULL), SC_OK);
    conf_shutdown(NULL);
}

void sc_test_chan_close_drain(void) {
    if (!conf_init())
        return;
    sc_scope g = guard_scope();
    sc_chan c;
    void *v = NULL;
    CHECK_EQ(sc_chan_make(sc_root(), 4, tok_dtor, &c), SC_OK);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(sc_chan_try_send(c, tok_new(i)), SC_OK);
    CHECK_EQ(sc_chan_close(c), SC_OK);
    CHECK_EQ(sc_chan_close(c), SC_EALREADY);
    int *t = tok_new(7);
    CHECK_EQ(sc_chan_send(g, c, t), SC_ECLOSED); /* caller keeps t */
    CHECK_EQ(sc_chan_try_send(c, t), SC_ECLOSED);
    CHECK_EQ(*t, 7);
    tok_free(t);
    CHECK_EQ(sc_chan_len(c), 3);
    for (int i = 0; i < 3; i++)
        recv_expect(g, c, i);
    for (int i = 0; i < 3; i++) {
        CHECK_EQ(sc_chan_recv(g, c, &v), SC_ECLOSED);
        CHECK_EQ(sc_chan_try_recv(c, &v), SC_ECLOSED);
    }
    CHECK_EQ(sc_chan_destroy(c), SC_OK);
    CHECK_EQ(sc_scope_close(g, NULL), SC_OK);
    conf_shutdown(NULL);
}

typedef struct closer_arg {
    sc_chan c;
    atomic_int closed;
} closer_arg;

static int closed_receiver(sc_scope s, void *arg) {
    closer_arg *a = arg;
    void *v = NULL;
    int r = sc_chan_recv(s, a->c, &v);
    CHECK_EQ(r, SC_ECLOSED);
    atomic_fetch_add(&a->closed, r == SC_ECLOSED);
    return 0;
}

static int closed_sender(sc_scope s, void *arg) {
    closer_arg *a = arg;
    int *t = tok_new(5);
    int r = sc_chan_send(s, a->c, t);
    CHECK_EQ(r, SC_ECLOSED);
    atomic_fetch_add(&a->closed, r == SC_ECLOSED);
    if (r != SC_OK)
        tok_free(t);
    return 0;
}

/* N tasks block (or are about to) on an unbuffered channel; close must
 * release every one of them with SC_ECLOSED. */
static void close_wakes(sc_task_fn fn) {
    enum { N = 6 };
    closer_arg a = {.closed = 0};
    sc_scope s;
    CHECK_EQ(sc_chan_make(sc_root(), 0, tok_dtor, &a.c), SC_OK);
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
    for (int i = 0; i < N; i++)
        CHECK_EQ(sc_spawn(s, fn, &a, NULL), SC_OK);
    for (int i = 0; i < 3; i++)
        sc_yield();
    CHECK_EQ(sc_chan_close(a.c), SC_OK);
    CHECK_EQ(sc_scope_close(s, NULL), SC_OK);
    CHECK_EQ(atomic_load(&a.closed), N);
    CHECK_EQ(sc_chan_destroy(a.c), SC_OK);
}

void sc_test_chan_close_wakes_receivers(void) {
    if (!conf_init())
        return;
    close_wakes(closed_receiver);
    conf_shutdown(NULL);
}

void sc_test_chan_close_wakes_senders(void) {
    if (!conf_init())
        return;
    close_wakes(closed_sender);
    conf_shutdown(NULL);
}

void sc_test_chan_destroy_dtor(void) {
    if (!conf_init())
        return;
    sc_chan c, owned;
    sc_scope o;
    void *v = NULL;
    CHECK_EQ(sc_chan_make(sc_root(), 5, tok_dtor, &c), SC_OK);
    for (int i = 0; i < 5; i++)
        CHECK_EQ(sc_chan_try_send(c, tok_new(i)), SC_OK);
    CHECK_EQ(sc_chan_destroy(c), SC_OK);
    CHECK_EQ(tok_dtor_count(), 5);
    CHECK_EQ(sc_chan_destroy(c), SC_EBADF);
    CHECK_EQ(sc_chan_close(c), SC_EBADF);
    CHECK_EQ(sc_chan_len(c), SC_EBADF);
    CHECK_EQ(sc_chan_try_recv(c, &v), SC_EBADF);
    int *t = tok_new(9);
    CHECK_EQ(sc_chan_try_send(c, t), SC_EBADF);
    CHECK_EQ(sc_chan_send(sc_root(), c, t), SC_EBADF);
    tok_free(t);
    /* A channel dies with its owner, buffered values included. */
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &o), SC_OK);
    CHECK_EQ(sc_chan_make(o, 3, tok_dtor, &owned), SC_OK);
    CHECK_EQ(sc_chan_try_send(owned, tok_new(1)), SC_OK);
    CHECK_EQ(sc_chan_try_send(owned, tok_new(2)), SC_OK);
    CHECK_EQ(sc_scope_close(o, NULL), SC_OK);
    CHECK_EQ(tok_dtor_count(), 7);
    CHECK_EQ(sc_chan_len(owned), SC_EBADF);
    conf_shutdown(NULL);
}

typedef struct busy_arg {
    sc_chan c;
    int status;
} busy_arg;

static int busy_receiver(sc_scope s, void *arg) {
    busy_arg *b = arg;
    void *v = NULL;
    b->status = sc_chan_recv(s, b->c, &v);
    if (b->status == SC_OK) {
        CHECK_EQ(tok_value(v), 21);
        tok_free(v);
    }
    return 0;
}

/* Destroy while a receiver may be blocked: either SC_EBUSY (nothing
 * changed: the channel still delivers) or SC_OK before the receiver came
 * (it then finds a stale handle). */
void sc_test_chan_destroy_busy(void) {
    if (!conf_init())
        return;
    busy_arg b = {.status = 1};
    sc_scope s;
    CHECK_EQ(sc_chan_make(sc_root(), 0, tok_dtor, &b.c), SC_OK);
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
    CHECK_EQ(sc_spawn(s, busy_receiver, &b, NULL), SC_OK);
    for (int i = 0; i < 5; i++)
        sc_yield();
    int r = sc_chan_destroy(b.c);
    CHECK(r == SC_OK || r == SC_EBUSY);
    if (r == SC_EBUSY) {
        CHECK_EQ(sc_chan_len(b.c), 0);
        CHECK_EQ(sc_chan_send(sc_root(), b.c, tok_new(21)), SC_OK);
    }
    CHECK_EQ(sc_scope_close(s, NULL), SC_OK);
    CHECK_EQ(b.status, r == SC_OK ? SC_EBADF : SC_OK);
    if (r == SC_EBUSY)
        CHECK_EQ(sc_chan_destroy(b.c), SC_OK);
    conf_shutdown(NULL);
}

/* A receiver of scope T blocked on a channel owned by scope O: closing O
 * destroys the channel and the receiver gets SC_EBADF. */
void sc_test_chan_owner_close(void) {
    if (!conf_init())
        return;
    busy_arg b = {.status = 1};
    sc_scope o, t;
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &o), SC_OK);
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &t), SC_OK);
    CHECK_EQ(sc_chan_make(o, 0, tok_dtor, &b.c), SC_OK);
    CHECK_EQ(sc_spawn(t, busy_receiver, &b, NULL), SC_OK);
    for (int i = 0; i < 3; i++)
        sc_yield();
    CHECK_EQ(sc_scope_close(o, NULL), SC_OK);
    CHECK_EQ(sc_scope_close(t, NULL), SC_OK);
    CHECK_EQ(b.status, SC_EBADF);
    conf_shutdown(NULL);
}
