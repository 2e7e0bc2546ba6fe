/* test_model.c - the channel model and the watchdog of every driver
 * (harness/interp/oracle_model.c, run.c):
 * 1. planted faults: each unjustified block and each status the rules
 *    forbid fires its oracle (wake:rendezvous, wake:space, wake:value,
 *    wake:default, status:*), also for drivers without scopes, cancel or
 *    sleep (the runtime's watchdog: wake:close, conservation:lost), and
 *    the same program passes on the correct driver (justified or not);
 * 2. no false positives: random programs pass on the reference restricted
 *    to a few capabilities (the runtime's watchdog, closing channels or
 *    cancelling);
 * 3. the mutation of issue 12 (every select with a send case fails with
 *    EINVAL) is caught within 1000 random programs (well under a second);
 * 4. the share of random programs that end in a justified deadlock, before
 *    (format version 0) and after pairing (version 2, the same records):
 *    printed, and it must fall.
 *
 * usage: interp_model [N]   (random programs per measurement, default 4000) */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "interp.h"

extern const struct sf_driver sf_driver_reference;
#define REF sf_driver_reference

/* A private unbuffered channel nobody else uses: a call made on it blocks
 * forever (in the library, as a buggy wait would). */
static sf_hchan priv;
static int w_init(sf_hscope *root) {
    int st = REF.init(root);
    return st == SF_OK ? REF.chan_make(*root, 0, NULL, &priv) : st;
}
static int stuck_recv(sf_hscope s, sf_hchan c, void **v) {
    (void)c;
    return REF.chan_recv(s, priv, v);
}
static int stuck_send(sf_hscope s, sf_hchan c, void *v) {
    (void)c, (void)v;
    void *x = NULL;
    return REF.chan_recv(s, priv, &x);
}
/* A select with default that blocks. */
static int stuck_select(sf_hscope s, sf_select_case *cs, size_t n, int dflt, size_t *chosen) {
    if (!dflt)
        return REF.select(s, cs, n, dflt, chosen);
    void *x = NULL;
    return REF.chan_recv(s, priv, &x);
}
/* The mutation of issue 12: a select with a send case is "invalid". */
static int einval_select(sf_hscope s, sf_select_case *cs, size_t n, int dflt, size_t *chosen) {
    for (size_t i = 0; i < n; i++)
        if (cs[i].dir == SF_DIR_SEND)
            return SF_ERROR;
    return REF.select(s, cs, n, dflt, chosen);
}
/* A send fails with SF_CLOSED on an open channel. */
static int closed_send(sf_hscope s, sf_hchan c, void *v) {
    (void)s, (void)c, (void)v;
    return SF_CLOSED;
}
/* A receive times out in a scope without a deadline. */
static int timeout_recv(sf_hscope s, sf_hchan c, void **v) {
    (void)s, (void)c, (void)v;
    return SF_TIMEOUT;
}
/* A send says it was cancelled although nothing cancelled its scope. */
static int cancelled_send(sf_hscope s, sf_hchan c, void *v) {
    (void)s, (void)c, (void)v;
    return SF_CANCELLED;
}
/* Close does nothing (but says it did). */
static int fake_chclose(sf_hchan c) {
    (void)c;
    return SF_OK;
}
/* A send blocked when the channel closes says SF_OK: the value is lost
 * (the example library's bug of issue 12). */
static int lossy_send(sf_hscope s, sf_hchan c, void *v) {
    int st = REF.chan_send(s, c, v);
    return st == SF_CLOSED ? SF_OK : st; /* v is dropped (the ledger frees it) */
}

/* Capabilities of the restricted drivers: no scopes, cancel or sleep. */
#define CAPS_NONE   (SF_CAP_SELECT | SF_CAP_TRY | SF_CAP_DESTROY)
#define CAPS_CANCEL (SF_CAP_CANCEL | SF_CAP_SELECT | SF_CAP_TRY)
#define CAPS_SLEEP  (SF_CAP_SLEEP | SF_CAP_SELECT | SF_CAP_TRY)

typedef struct fault {
    const char *sig; /* expected signature; "" pass, "justified" justified pass */
    unsigned caps;
    int (*recv)(sf_hscope, sf_hchan, void **);
    int (*send)(sf_hscope, sf_hchan, void *);
    int (*select)(sf_hscope, sf_select_case *, size_t, int, size_t *);
    int (*chclose)(sf_hchan);
    const char *prog;
    int justified_ok; /* 1: on the correct driver it passes justified */
} fault;

#define T0 "task 0:\n"
static const fault faults[] = {
    {"wake:rendezvous", SF_CAP_ALL, stuck_recv, NULL, NULL, NULL,
     T0 "chan c0\nspawn 1\nsend c0\ntask 1:\nrecv c0\n", 0},
    {"wake:space", SF_CAP_ALL, NULL, stuck_send, NULL, NULL, T0 "chan c0 cap 2\nsend c0\n", 0},
    {"wake:value", SF_CAP_ALL, stuck_recv, NULL, NULL, NULL, T0 "chan c0 cap 1\nsend c0\nrecv c0\n",
     0},
    {"wake:default", SF_CAP_ALL, NULL, NULL, stuck_select, NULL,
     T0 "chan c0\nselect recv c0 default\n", 0},
    {"status:select", SF_CAP_ALL, NULL, NULL, einval_select, NULL,
     T0 "chan c0 cap 1\nselect send c0\nrecv c0\n", 0},
    {"status:send", SF_CAP_ALL, NULL, closed_send, NULL, NULL, T0 "chan c0 cap 1\nsend c0\n", 0},
    {"status:recv", SF_CAP_ALL, timeout_recv, NULL, NULL, NULL,
     T0 "chan c0 cap 1\nsend c0\nrecv c0\n", 0},
    {"status:send", SF_CAP_ALL, NULL, cancelled_send, NULL, NULL, T0 "chan c0 cap 1\nsend c0\n", 0},
    /* the runtime's watchdog: close every channel, then judge */
    {"wake:close", CAPS_NONE, NULL, NULL, NULL, fake_chclose,
     T0 "chan c0\nspawn 1\nrecv c0\ntask 1:\nyield\n", 1},
    {"conservation:lost", CAPS_NONE, NULL, lossy_send, NULL, NULL, T0 "chan c0\nsend c0\n", 1},
    {"wake:rendezvous", CAPS_NONE, stuck_recv, NULL, NULL, NULL,
     T0 "chan c0\nspawn 1\nsend c0\ntask 1:\nrecv c0\n", 0},
    /* the runtime's watchdog with cancel */
    {"wake:value", CAPS_CANCEL, stuck_recv, NULL, NULL, NULL,
     T0 "chan c0 cap 1\nsend c0\nrecv c0\n", 0},
    {"justified", CAPS_CANCEL, NULL, NULL, NULL, NULL,
     T0 "chan c0\nspawn 1\nrecv c0\ntask 1:\nrecv c0\n", 1},
};

static void run_fault(const fault *f) {
    sf_prog p;
    char err[256];
    if (sf_sched_parse(f->prog, strlen(f->prog), f->sig, &p, err, sizeof err) != SF_PROG_OK) {
        CHECK_MSG(0, "%s", err);
        return;
    }
    struct sf_driver good = REF, broken = REF;
    good.caps = broken.caps = f->caps;
    broken.init = w_init;
    if (f->recv)
        broken.chan_recv = f->recv;
    if (f->send)
        broken.chan_send = f->send;
    if (f->select)
        broken.select = f->select;
    if (f->chclose)
        broken.chan_close = f->chclose;
    sf_interp_result r;
    sf_interp_run(&p, &good, NULL, &r);
    CHECK_MSG(r.outcome == SF_INTERP_PASS && r.justified == f->justified_ok,
              "%s: on the correct driver: %s (justified %d)\n%s", f->sig, r.signature, r.justified,
              r.report ? r.report : "");
    sf_interp_result_free(&r);
    if (strcmp(f->sig, "justified") != 0) {
        sf_interp_run(&p, &broken, NULL, &r);
        CHECK_MSG(r.outcome == SF_INTERP_FAIL && strcmp(r.signature, f->sig) == 0,
                  "%s: got '%s'\n%s", f->sig, r.signature, r.report ? r.report : "");
        sf_interp_result_free(&r);
    }
    sf_prog_free(&p);
}

/* Random program i of `seed` as `scopefuzz explore` makes them (1..64
 * random bytes, an unprefixed version-0 input), or with pair: the same
 * records behind a version-2 header; masked to `kinds`, random strategy. */
static void gen(uint64_t seed, uint64_t i, int pair, uint32_t kinds, sf_prog *p) {
    uint64_t x = seed * 0x100000001b3ull ^ (i + 1) * 0x9e3779b97f4a7c15ull;
    uint8_t buf[4 + 64];
    size_t n = 1 + rng_next(&x) % 64;
    rng_bytes(&x, buf + 4, n);
    if (sf_prog_format_version(buf + 4, n) != 0)
        buf[4] ^= 1;
    uint8_t *in = buf + 4;
    if (pair) { /* c5 f1 02, strategy code, depth byte (its bits 4-5: unpaired) */
        in = buf;
        uint8_t h = buf[4];
        in[0] = SF_PROG_MAGIC0, in[1] = SF_PROG_MAGIC1, in[2] = 2, in[3] = h & 3;
        in[4] = (uint8_t)((h >> 2) & 15) | (uint8_t)(rng_next(&x) & 0x30);
        n += 4;
    }
    CHECK(sf_prog_decode(in, n, p) == SF_PROG_OK);
    sf_interp_mask_kinds(p, kinds);
    free(p->decisions), free(p->sched);
    p->decisions = NULL, p->sched = NULL;
    p->ndecisions = p->nsched = 0;
    p->cap_decisions_ = p->cap_sched_ = 0;
    p->strategy = SIM_RANDOM;
    p->pct_depth = 0;
    p->seed = rng_next(&x);
}

typedef struct tally {
    long runs, fails, justified;
    char first[SF_INTERP_SIG_MAX + 1];
    long first_at;
} tally;

static tally run_many(const struct sf_driver *d, long n, int pair, uint32_t kinds, int stop) {
    tally t = {.first_at = -1};
    for (long i = 0; i < n; i++) {
        sf_prog p;
        sf_interp_result r;
        gen(7, (uint64_t)i, pair, kinds, &p);
        sf_interp_run(&p, d, NULL, &r);
        t.runs++;
        t.justified += r.justified;
        if (r.outcome != SF_INTERP_PASS && t.fails++ == 0) {
            snprintf(t.first, sizeof t.first, "%s", r.signature);
            t.first_at = i;
            if (!stop) {
                char *text = sf_sched_print_str(&p, NULL);
                fprintf(stderr, "program %ld fails on %s: %s\n%s%s", i, d->name, r.signature,
                        r.report ? r.report : "", text ? text : "");
                free(text);
            }
        }
        sf_interp_result_free(&r);
        sf_prog_free(&p);
        if (stop && t.fails)
            break;
    }
    return t;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 4000;
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
        run_fault(&faults[i]);
    printf("%zu planted faults\n", sizeof faults / sizeof faults[0]);

    /* 2. no false positives of the runtime's watchdog */
    struct sf_driver none = REF, cancel = REF, sleep = REF;
    none.caps = CAPS_NONE, cancel.caps = CAPS_CANCEL, sleep.caps = CAPS_SLEEP;
    for (int pair = 0; pair < 2; pair++) {
        tally a = run_many(&none, n, pair, SF_KINDS_ALL, 0);
        tally b = run_many(&cancel, n, pair, SF_KINDS_CHAN, 0);
        tally c = run_many(&sleep, n, pair, SF_KINDS_CHAN, 0);
        printf("version %d: %ld programs without scopes, cancel, sleep: %ld failed, %ld "
               "justified; with cancel: %ld failed, %ld justified; with sleep: %ld failed, %ld "
               "justified\n",
               pair ? 2 : 0, a.runs, a.fails, a.justified, b.fails, b.justified, c.fails,
               c.justified);
        CHECK(a.fails == 0 && b.fails == 0 && c.fails == 0);
    }

    /* 3. the select mutation: caught, and soon */
    struct sf_driver mutant = REF;
    mutant.select = einval_select;
    for (int pair = 0; pair < 2; pair++) {
        tally m = run_many(&mutant, 2000, pair, SF_KINDS_CHAN, 1);
        printf("select-EINVAL mutation (target chan, version %d): %s after %ld programs\n",
               pair ? 2 : 0, m.fails ? m.first : "not found", m.runs);
        CHECK_MSG(m.fails && strcmp(m.first, "status:select") == 0 && m.first_at < 1000,
                  "got '%s' at program %ld", m.first, m.first_at);
    }

    /* 4. justified deadlocks before and after pairing, on the reference */
    static const struct {
        const char *name;
        uint32_t kinds;
    } targets[] = {{"chan", SF_KINDS_CHAN}, {"mixed", SF_KINDS_ALL}};
    for (size_t k = 0; k < 2; k++) {
        tally before = run_many(&REF, n, 0, targets[k].kinds, 0);
        tally after = run_many(&REF, n, 1, targets[k].kinds, 0);
        printf("target %s, reference: justified deadlocks %.1f%% of %ld programs unpaired "
               "(version 0), %.1f%% paired (version 2)\n",
               targets[k].name, 100.0 * before.justified / n, n, 100.0 * after.justified / n);
        CHECK(before.fails == 0 && after.fails == 0);
        CHECK_MSG(after.justified * 2 < before.justified, "target %s: %ld before, %ld after",
                  targets[k].name, before.justified, after.justified);
    }
    return check_report("interp_model");
}
