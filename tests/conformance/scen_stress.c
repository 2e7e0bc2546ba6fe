/* scen_stress.c - conservation and races under many tasks (sized by
 * conf_scale: large on real threads with chaos, small under simulation). */
#include "scenarios.h"

#include <stdatomic.h>
#include <stdlib.h>

enum { NPROD = 3, NCONS = 3 };

/* Shared state of one MPMC run: seen[p * per + seq] counts receptions. */
typedef struct mpmc {
    sc_chan a, b; /* b is only used by the select variant */
    int per;      /* values per producer */
    atomic_int *seen;
    atomic_int next_id;
} mpmc;

static atomic_int *seen_new(int n) {
    atomic_int *s = calloc((size_t)n, sizeof *s);
    CHECK(s != NULL);
    return s;
}

/* Records one received token; checks per-producer FIFO when last != NULL. */
static void mpmc_take(mpmc *m, void *v, int *last) {
    int x = tok_value(v), p = x / m->per, seq = x % m->per;
    tok_free(v);
    CHECK(p >= 0 && p < NPROD);
    if (p < 0 || p >= NPROD)
        return;
    if (last) {
        CHECK(seq > last[p]);
        last[p] = seq;
    }
    atomic_fetch_add(&m->seen[x], 1);
}

static int mpmc_producer(sc_scope s, void *arg) {
    mpmc *m = arg;
    int p = atomic_fetch_add(&m->next_id, 1);
    for (int i = 0; i < m->per; i++) {
        int *t = tok_new(p * m->per + i);
        int r = sc_chan_send(s, m->a, t);
        CHECK_EQ(r, SC_OK);
        if (r != SC_OK) {
            tok_free(t);
            break;
        }
    }
    return 0;
}

static int mpmc_consumer(sc_scope s, void *arg) {
    mpmc *m = arg;
    int last[NPROD] = {-1, -1, -1};
    for (;;) {
        void *v = NULL;
        int r = sc_chan_recv(s, m->a, &v);
        if (r == SC_ECLOSED)
            return 0;
        CHECK_EQ(r, SC_OK);
        if (r != SC_OK)
            return r;
        mpmc_take(m, v, last);
    }
}

/* Every value was received exactly once. */
static void mpmc_check(mpmc *m) {
    int bad = 0;
    for (int i = 0; i < NPROD * m->per; i++)
        bad += atomic_load(&m->seen[i]) != 1;
    CHECK_EQ(bad, 0);
    free(m->seen);
}

/* Producers in one scope, consumers in another: close the channel once the
 * producers are joined, then join the consumers (they drain, then stop). */
static void mpmc_run(size_t cap, sc_task_fn prod, sc_task_fn cons, int two) {
    mpmc m = {.per = 50 * conf_scale, .next_id = 0};
    sc_scope ps, cs;
    m.seen = seen_new(NPROD * m.per);
    if (!m.seen)
        return;
    CHECK_EQ(sc_chan_make(sc_root(), cap, tok_dtor, &m.a), SC_OK);
    CHECK_EQ(sc_chan_make(sc_root(), two ? 0 : cap, tok_dtor, &m.b), SC_OK);
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &ps), SC_OK);
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &cs), SC_OK);
    for (int i = 0; i < NCONS; i++)
        CHECK_EQ(sc_spawn(cs, cons, &m, NULL), SC_OK);
    for (int i = 0; i < NPROD; i++)
        CHECK_EQ(sc_spawn(ps, prod, &m, NULL), SC_OK);
    CHECK_EQ(sc_scope_close(ps, NULL), SC_OK);
    CHECK_EQ(sc_chan_close(m.a), SC_OK);
    CHECK_EQ(sc_chan_close(m.b), SC_OK);
    int first = -1;
    CHECK_EQ(sc_scope_close(cs, &first), SC_OK);
    CHECK_EQ(first, 0);
    CHECK_EQ(sc_chan_len(m.a), 0);
    CHECK_EQ(sc_chan_destroy(m.a), SC_OK);
    CHECK_EQ(sc_chan_destroy(m.b), SC_OK);
    mpmc_check(&m);
}

void sc_test_stress_mpmc_unbuffered(void) {
    if (!conf_init())
        return;
    mpmc_run(0, mpmc_producer, mpmc_consumer, 0);
    conf_shutdown(NULL);
}

void sc_test_stress_mpmc_buffered(void) {
    if (!conf_init())
        return;
    mpmc_run(4, mpmc_producer, mpmc_consumer, 0);
    conf_shutdown(NULL);
}

/* Each token is offered on both channels in one select: one case commits. */
static int select_producer(sc_scope s, void *arg) {
    mpmc *m = arg;
    int p = atomic_fetch_add(&m->next_id, 1);
    for (int i = 0; i < m->per; i++) {
        int *t = tok_new(p * m->per + i);
        sc_case cs[2] = {{m->a, SC_SEND, t, 0}, {m->b, SC_SEND, t, 0}};
        int r = sc_select(s, cs, 2, 0);
        CHECK(r == 0 || r == 1);
        if (r != 0 && r != 1) {
            tok_free(t);
            break;
        }
        CHECK_EQ(cs[r].status, SC_OK);
    }
    return 0;
}

/* Receives from both channels until both are closed and drained. */
static int select_consumer(sc_scope s, void *arg) {
    mpmc *m = arg;
    sc_chan live[2] = {m->a, m->b};
    size_t n = 2;
    while (n > 0) {
        sc_case cs[2];
        for (size_t k = 0; k < n; k++)
            cs[k] = (sc_case){live[k], SC_RECV, NULL, 0};
        int r = sc_select(s, cs, n, 0);
        CHECK(r >= 0 && (size_t)r < n);
        if (r < 0 || (size_t)r >= n)
            return r;
        if (cs[r].status == SC_ECLOSED) {
            live[r] = live[--n];
            continue;
        }
        CHECK_EQ(cs[r].status, SC_OK);
        mpmc_take(m, cs[r].value, NULL);
    }
    return 0;
}

void sc_test_stress_select_conservation(void) {
    if (!conf_init())
        return;
    mpmc_run(1, select_producer, select_consumer, 1);
    conf_shutdown(NULL);
}

/* Spawns race with cancellation: each attempt either runs fn exactly once
 * or calls arg_cleanup exactly once, never both, never neither. */
typedef struct storm {
    sc_scope target;
    int per;
    atomic_int *slots; /* +1 for a run, +1 for a cleanup */
    atomic_int next;
    atomic_int refused_other;
} storm;

static int storm_fn(sc_scope s, void *arg) {
    (void)s;
    atomic_fetch_add((atomic_int *)arg, 1);
    return 0;
}

static void storm_cleanup(void *arg) { atomic_fetch_add((atomic_int *)arg, 1); }

static int storm_spawner(sc_scope s, void *arg) {
    storm *st = arg;
    (void)s;
    int base = atomic_fetch_add(&st->next, 1) * st->per;
    for (int i = 0; i < st->per; i++) {
        int r = sc_spawn(st->target, storm_fn, &st->slots[base + i], storm_cleanup);
        if (r != SC_OK && r != SC_ECANCELED)
            atomic_fetch_add(&st->refused_other, 1);
        if (i % 8 == 0)
            sc_yield();
    }
    return 0;
}

void sc_test_stress_spawn_cancel(void) {
    if (!conf_init())
        return;
    enum { NSPAWNERS = 3 };
    storm st = {.per = 5 * conf_scale, .next = 0, .refused_other = 0};
    sc_scope w;
    st.slots = seen_new(NSPAWNERS * st.per);
    if (!st.slots)
        return;
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &st.target), SC_OK);
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &w), SC_OK);
    for (int i = 0; i < NSPAWNERS; i++)
        CHECK_EQ(sc_spawn(w, storm_spawner, &st, NULL), SC_OK);
    for (int i = 0; i < 4; i++)
        sc_yield();
    CHECK_EQ(sc_scope_cancel(st.target, 0), SC_OK);
    CHECK_EQ(sc_scope_close(w, NULL), SC_OK);
    CHECK_EQ(sc_scope_close(st.target, NULL), SC_OK);
    int bad = 0;
    for (int i = 0; i < NSPAWNERS * st.per; i++)
        bad += atomic_load(&st.slots[i]) != 1;
    CHECK_EQ(bad, 0);
    CHECK_EQ(atomic_load(&st.refused_other), 0);
    free(st.slots);
    conf_shutdown(NULL);
}
