/* scen_shutdown.c - sc_shutdown(): cancel, join, defers, channels, re-init. */
#include "scenarios.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct sd_log {
    int order[8];
    atomic_int n;
} sd_log;

typedef struct sd_entry {
    sd_log *log;
    int tag;
} sd_entry;

static void sd_cleanup(void *arg) {
    sd_entry *e = arg;
    int i = atomic_fetch_add(&e->log->n, 1);
    if (i < 8)
        e->log->order[i] = e->tag;
}

static int sd_blocked(sc_scope s, void *arg) {
    void *v = NULL;
    int r = sc_chan_recv(s, *(sc_chan *)arg, &v);
    CHECK_EQ(r, SC_ECANCELED);
    return r;
}

static size_t count_tasks(void) {
    FILE *f = fopen("/dev/null", "w");
    if (!f)
        return (size_t)-1;
    size_t n = sc_dump_tasks(f);
    fclose(f);
    return n;
}

/* Leaves scopes open with pending defers, blocked tasks and live channels
 * holding values: shutdown must cancel, join, run, and destroy them all. */
void sc_test_shutdown_cleans_up(void) {
    if (!conf_init())
        return;
    enum { N = 3 };
    sd_log log = {{0}, 0};
    sd_entry e[5] = {{&log, 1}, {&log, 2}, {&log, 3}, {&log, 4}, {&log, 5}};
    sc_scope a, b;
    sc_chan block, full, owned;
    CHECK_EQ(sc_chan_make(sc_root(), 0, tok_dtor, &block), SC_OK);
    CHECK_EQ(sc_chan_make(sc_root(), 4, tok_dtor, &full), SC_OK);
    CHECK_EQ(sc_chan_try_send(full, tok_new(1)), SC_OK);
    CHECK_EQ(sc_chan_try_send(full, tok_new(2)), SC_OK);
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &a), SC_OK);
    CHECK_EQ(sc_defer(a, sd_cleanup, &e[0]), SC_OK);
    CHECK_EQ(sc_defer(a, sd_cleanup, &e[1]), SC_OK);
    CHECK_EQ(sc_scope_open(a, NULL, &b), SC_OK);
    CHECK_EQ(sc_defer(b, sd_cleanup, &e[2]), SC_OK);
    CHECK_EQ(sc_defer(b, sd_cleanup, &e[3]), SC_OK);
    CHECK_EQ(sc_chan_make(b, 2, tok_dtor, &owned), SC_OK);
    CHECK_EQ(sc_chan_try_send(owned, tok_new(3)), SC_OK);
    for (int i = 0; i < N; i++)
        CHECK_EQ(sc_spawn(b, sd_blocked, &block, NULL), SC_OK);
    CHECK_EQ(count_tasks(), N);
    sc_shutdown_report rep;
    conf_shutdown(&rep);
    CHECK_EQ(rep.tasks_joined, N);
    CHECK(rep.scopes_closed >= 2);
    CHECK_EQ(rep.defers_run, 4);
    CHECK_EQ(rep.chans_destroyed, 3);
    CHECK_EQ(tok_dtor_count(), 3);
    /* Children first, each scope LIFO. */
    CHECK_EQ(atomic_load(&log.n), 4);
    CHECK_EQ(log.order[0], 4);
    CHECK_EQ(log.order[1], 3);
    CHECK_EQ(log.order[2], 2);
    CHECK_EQ(log.order[3], 1);
}

void sc_test_shutdown_reinit(void) {
    CHECK_EQ(sc_shutdown(sc_now() + CONF_SEC, NULL), SC_EPERM);
    for (int life = 0; life < 3; life++) {
        sc_scope s;
        sc_chan c;
        if (!conf_init())
            return;
        CHECK_EQ(sc_init(), SC_EPERM);
        CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
        CHECK_EQ(sc_chan_make(s, 1, tok_dtor, &c), SC_OK);
        CHECK_EQ(sc_chan_try_send(c, tok_new(life)), SC_OK);
        sc_shutdown_report rep;
        conf_shutdown(&rep);
        CHECK_EQ(rep.tasks_joined, 0);
        CHECK_EQ(rep.chans_destroyed, 1);
        CHECK_EQ(tok_dtor_count(), life + 1);
        CHECK_EQ(sc_shutdown(sc_now() + CONF_SEC, NULL), SC_EPERM);
    }
}

/* A task that ignores cancellation until released. */
static int stubborn(sc_scope s, void *arg) {
    (void)s;
    while (!atomic_load((atomic_int *)arg))
        sc_yield();
    return 0;
}

/* Real threads only: under the deterministic runtime a spinning task keeps
 * virtual time from advancing to the shutdown deadline. */
void sc_test_shutdown_leak(void) {
    if (!conf_init())
        return;
    atomic_int release = 0;
    sc_scope s;
    CHECK_EQ(sc_scope_open(sc_root(), NULL, &s), SC_OK);
    CHECK_EQ(sc_spawn(s, stubborn, &release, NULL), SC_OK);
    sc_shutdown_report rep = {0};
    CHECK_EQ(sc_shutdown(sc_now() + 20 * CONF_MS, &rep), SC_ELEAK);
    CHECK_EQ(rep.tasks_leaked, 1);
    CHECK_EQ(sc_init(), SC_EPERM); /* still initialized */
    atomic_store(&release, 1);
    conf_shutdown(&rep);
    CHECK_EQ(rep.tasks_leaked, 0);
}

/* sc_strerror(): every status code has its own name, starting with the
 * code's identifier; anything else is "unknown status".  Needs no init. */
void sc_test_strerror_names(void) {
    static const struct {
        int code;
        const char *prefix;
    } codes[] = {
        {SC_OK, "SC_OK:"},
        {SC_ECLOSED, "SC_ECLOSED:"},
        {SC_ECANCELED, "SC_ECANCELED:"},
        {SC_ETIMEDOUT, "SC_ETIMEDOUT:"},
        {SC_EAGAIN, "SC_EAGAIN:"},
        {SC_ESCOPE, "SC_ESCOPE:"},
        {SC_EBADF, "SC_EBADF:"},
        {SC_EALREADY, "SC_EALREADY:"},
        {SC_EBUSY, "SC_EBUSY:"},
        {SC_EINVAL, "SC_EINVAL:"},
        {SC_ENOMEM, "SC_ENOMEM:"},
        {SC_EPERM, "SC_EPERM:"},
        {SC_ELEAK, "SC_ELEAK:"},
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *s = sc_strerror(codes[i].code);
        CHECK(s != NULL && strncmp(s, codes[i].prefix, strlen(codes[i].prefix)) == 0);
    }
    CHECK(strcmp(sc_strerror(1), "unknown status") == 0);
    CHECK(strcmp(sc_strerror(SC_ELEAK - 1), "unknown status") == 0);
    CHECK(strcmp(sc_strerror(INT32_MIN), "unknown status") == 0);
}
