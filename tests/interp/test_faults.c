/* test_faults.c - every oracle can fire: small deliberately broken drivers
 * (the reference with one function wrapped) run a small program each; the
 * run must fail with the expected signature, and the same program must
 * pass on the reference (so the planted fault is what the oracle saw). */
#include <string.h>

#include "../check.h"
#include "interp.h"

extern const struct sf_driver sf_driver_reference;
#define REF sf_driver_reference

static int counter; /* per run: calls seen by a wrapper */
static void *stash; /* fifo: a value held back */
static int have_stash;

static int w_init(sf_hscope *root) {
    counter = 0, have_stash = 0, stash = NULL;
    return REF.init(root);
}

/* conservation:lost - every 2nd send "succeeds" without sending. */
static int drop_send(sf_hscope s, sf_hchan c, void *v) {
    return ++counter % 2 == 0 ? SF_OK : REF.chan_send(s, c, v);
}

/* conservation:dup - the 2nd recv returns the 1st value again. */
static int dup_recv(sf_hscope s, sf_hchan c, void **v) {
    if (++counter == 2 && have_stash)
        return *v = stash, SF_OK;
    int st = REF.chan_recv(s, c, v);
    if (st == SF_OK)
        stash = *v, have_stash = 1;
    return st;
}

/* conservation:bogus - recv returns a value nobody sent. */
static char bogus;
static int bogus_recv(sf_hscope s, sf_hchan c, void **v) {
    int st = REF.chan_recv(s, c, v);
    if (st == SF_OK)
        *v = &bogus;
    return st;
}

/* fifo - the 1st value received is held back and returned after the 2nd. */
static int swap_recv(sf_hscope s, sf_hchan c, void **v) {
    if (have_stash) {
        have_stash = 0;
        return *v = stash, SF_OK;
    }
    int st = REF.chan_recv(s, c, v);
    if (st != SF_OK || ++counter != 1)
        return st;
    stash = *v, have_stash = 1;
    return REF.chan_recv(s, c, v);
}

/* defer:order - cleanups run FIFO: each registration registers a
 * trampoline that runs the oldest pending cleanup. */
static sf_cleanup_fn q_fn[64];
static void *q_arg[64];
static int q_head, q_tail;
static void fifo_tramp(void *unused) {
    (void)unused;
    int i = q_head++;
    q_fn[i](q_arg[i]);
}
static int fifo_defer(sf_hscope s, sf_cleanup_fn fn, void *arg) {
    if (counter++ == 0)
        q_head = q_tail = 0;
    q_fn[q_tail] = fn, q_arg[q_tail] = arg, q_tail++;
    return REF.defer(s, fifo_tramp, NULL);
}

/* defer:twice, defer:missing, defer:early */
static int twice_defer(sf_hscope s, sf_cleanup_fn fn, void *arg) {
    REF.defer(s, fn, arg);
    return REF.defer(s, fn, arg);
}
static int lose_defer(sf_hscope s, sf_cleanup_fn fn, void *arg) {
    (void)s, (void)fn, (void)arg;
    return SF_OK;
}
static int early_defer(sf_hscope s, sf_cleanup_fn fn, void *arg) {
    (void)s;
    fn(arg);
    return SF_OK;
}

/* close:early - close returns at once; the real close happens when the run
 * scope closes.  scope:zombie - the same, and tasks start late. */
static int fake_close(sf_hscope s, int *first_error) {
    if (++counter == 1)
        return first_error ? *first_error = 0 : 0, SF_OK;
    return REF.scope_close(s, first_error);
}
typedef struct late {
    sf_task_fn fn;
    void *arg;
} late;
static late lates[64];
static int nlate;
static int late_task(sf_hscope s, void *p) {
    late *l = p;
    for (int i = 0; i < 50; i++)
        REF.yield();
    return l->fn(s, l->arg);
}
static int late_spawn(sf_hscope s, sf_task_fn fn, void *arg, sf_cleanup_fn cleanup) {
    late *l = &lates[nlate++ % 64];
    *l = (late){fn, arg};
    (void)cleanup;
    return REF.spawn(s, late_task, l, NULL);
}

/* spawn:cleanup - a failed spawn does not call arg_cleanup. */
static int nocleanup_spawn(sf_hscope s, sf_task_fn fn, void *arg, sf_cleanup_fn cleanup) {
    (void)cleanup;
    return REF.spawn(s, fn, arg, NULL);
}

/* wake:close, close:send - close "succeeds" without closing. */
static int fake_chclose(sf_hchan c) {
    (void)c;
    return SF_OK;
}

/* wake:cancel, cancel:ignored, deadlock - cancel "succeeds" without
 * cancelling (the watchdog's cancel then unblocks nothing). */
static int fake_cancel(sf_hscope s) {
    (void)s;
    return SF_OK;
}

/* select:double - writes the status of a case it did not choose. */
static int double_select(sf_hscope s, sf_select_case *cs, size_t n, int dflt, size_t *chosen) {
    int st = REF.select(s, cs, n, dflt, chosen);
    if (st == SF_OK && n > 1)
        cs[(*chosen + 1) % n].status = SF_OK;
    return st;
}

/* driver:status - send answers SF_AGAIN, not allowed for a blocking send. */
static int again_send(sf_hscope s, sf_hchan c, void *v) {
    int st = REF.chan_send(s, c, v);
    return st == SF_OK ? st : SF_AGAIN;
}

/* leak:fini, leak:task - fini says BUSY / returns with a task left. */
static int busy_fini(int64_t deadline, sf_fini_report *rep) {
    REF.fini(deadline, rep);
    return SF_BUSY;
}
static int stray(sf_hscope s, void *arg) {
    (void)arg;
    return REF.sleep(s, (int64_t)3000 * 1000000000);
}
static sf_hscope root_h;
static int stray_init(sf_hscope *root) {
    int st = w_init(root);
    root_h = *root;
    return st;
}
static int stray_fini(int64_t deadline, sf_fini_report *rep) {
    (void)deadline, (void)rep;
    REF.spawn(root_h, stray, NULL, NULL);
    return SF_OK;
}

/* fault:status - an out-of-memory chan_make reported as "refused". */
static int refused_make(sf_hscope owner, size_t cap, sf_cleanup_fn dtor, sf_hchan *out) {
    int st = REF.chan_make(owner, cap, dtor, out);
    return st == SF_ERROR ? SF_REFUSED : st;
}

typedef struct fault {
    const char *sig;
    void (*patch)(struct sf_driver *d);
    const char *prog;
} fault;

#define PATCH(name, field, fn)                                                                     \
    static void name(struct sf_driver *d) { d->field = fn; }
PATCH(p_drop, chan_send, drop_send)
PATCH(p_dup, chan_recv, dup_recv)
PATCH(p_bogus, chan_recv, bogus_recv)
PATCH(p_swap, chan_recv, swap_recv)
PATCH(p_fifo_defer, defer, fifo_defer)
PATCH(p_twice, defer, twice_defer)
PATCH(p_lose, defer, lose_defer)
PATCH(p_early, defer, early_defer)
PATCH(p_close, scope_close, fake_close)
PATCH(p_nocleanup, spawn, nocleanup_spawn)
PATCH(p_chclose, chan_close, fake_chclose)
PATCH(p_cancel, scope_cancel, fake_cancel)
PATCH(p_select, select, double_select)
PATCH(p_again, chan_send, again_send)
PATCH(p_busy, fini, busy_fini)
PATCH(p_refused, chan_make, refused_make)
static void p_zombie(struct sf_driver *d) {
    d->scope_close = fake_close;
    d->spawn = late_spawn;
}
static void p_stray(struct sf_driver *d) {
    d->init = stray_init;
    d->fini = stray_fini;
}

#define T0 "task 0:\n"
static const fault faults[] = {
    {"conservation:lost", p_drop, T0 "chan c0 cap 4\nsend c0\nsend c0\nrecv c0\n"},
    {"conservation:dup", p_dup, T0 "chan c0 cap 4\nsend c0\nsend c0\nrecv c0\nrecv c0\n"},
    {"conservation:bogus", p_bogus, T0 "chan c0 cap 1\nsend c0\nrecv c0\n"},
    {"fifo", p_swap, T0 "chan c0 cap 3\nsend c0\nsend c0\nsend c0\nrecv c0\nrecv c0\nrecv c0\n"},
    {"defer:order", p_fifo_defer,
     T0 "open s1\ndefer in s1 free r0\ndefer in s1 free r1\nclose s1\n"},
    {"defer:twice", p_twice, T0 "open s1\ndefer in s1 free r0\nclose s1\n"},
    {"defer:missing", p_lose, T0 "open s1\ndefer in s1 free r0\nclose s1\n"},
    {"defer:early", p_early, T0 "open s1\ndefer in s1 free r0\nclose s1\n"},
    {"close:early", p_close, T0 "open s1\nspawn 1 in s1\nyield\nclose s1\ntask 1:\nsleep 5\n"},
    {"scope:zombie", p_zombie, T0 "open s1\nspawn 1 in s1\nclose s1\ntask 1:\nyield\n"},
    {"spawn:cleanup", p_nocleanup, T0 "open s1\nclose s1\nspawn 1 in s1\ntask 1:\nyield\n"},
    {"wake:close", p_chclose, T0 "chan c0\nspawn 1\nyield\nclose c0\ntask 1:\nrecv c0\n"},
    {"close:send", p_chclose, T0 "chan c0 cap 1\nclose c0\nsend c0\nrecv c0\n"},
    {"wake:cancel", p_cancel,
     T0 "open s1\nchan c0\nspawn 1 in s1\nyield\ncancel s1\n"
        "task 1:\nrecv c0\n"},
    {"cancel:ignored", p_cancel, T0 "cancel s0\nsleep 1\n"},
    {"deadlock", p_cancel, T0 "chan c0\nrecv c0\n"},
    {"select:double", p_select,
     T0 "chan c0 cap 1\nchan c1 cap 1\nselect recv c0 send c1\n"
        "recv c1\n"},
    {"driver:status", p_again, T0 "chan c0\nclose c0\nsend c0\n"},
    {"leak:fini", p_busy, T0 "yield\n"},
    {"leak:task", p_stray, T0 "yield\n"},
    /* the 6th allocation of a run is the program's first: init and the
     * interpreter's setup (run scope, watchdog scope and task) make five */
    {"fault:status", p_refused,
     "strategy replay\nfail alloc #6\n" T0 "chan c0 cap 1\nsend c0\nrecv c0\n"},
};

static void run_fault(const fault *f) {
    sf_prog p;
    char err[256];
    if (sf_sched_parse(f->prog, strlen(f->prog), f->sig, &p, err, sizeof err) != SF_PROG_OK) {
        CHECK_MSG(0, "%s", err);
        return;
    }
    struct sf_driver broken = REF;
    broken.init = w_init;
    f->patch(&broken);
    sf_interp_result r;
    sf_interp_run(&p, &REF, NULL, &r);
    CHECK_MSG(r.outcome == SF_INTERP_PASS, "%s: the program fails on the reference: %s\n%s", f->sig,
              r.signature, r.report ? r.report : "");
    sf_interp_result_free(&r);
    sf_interp_run(&p, &broken, NULL, &r);
    CHECK_MSG(r.outcome == SF_INTERP_FAIL && strcmp(r.signature, f->sig) == 0, "%s: got '%s'\n%s",
              f->sig, r.signature, r.report ? r.report : "");
    sf_interp_result_free(&r);
    sf_prog_free(&p);
}

/* nondeterministic - a driver that remembers runs: every other init opens
 * and closes one more scope, so the determinism check's replay of a run
 * takes other steps than the run. */
static int flaky_runs;
static int flaky_init(sf_hscope *root) {
    int st = REF.init(root);
    sf_hscope s;
    if (st == SF_OK && flaky_runs++ % 2 == 1 && REF.scope_open(*root, SF_NO_DEADLINE, &s) == SF_OK)
        REF.scope_close(s, NULL);
    return st;
}

static void run_nondeterministic(void) {
    sf_prog p;
    char err[256];
    const char *text = T0 "chan c0 cap 1\nsend c0\nrecv c0\n";
    if (sf_sched_parse(text, strlen(text), "flaky", &p, err, sizeof err) != SF_PROG_OK) {
        CHECK_MSG(0, "%s", err);
        return;
    }
    sf_interp_opts o = {.check_determinism = 1};
    sf_interp_result r;
    sf_interp_run(&p, &REF, &o, &r);
    CHECK_MSG(r.outcome == SF_INTERP_PASS, "the reference is not deterministic: %s\n%s",
              r.signature, r.report ? r.report : "");
    sf_interp_result_free(&r);
    struct sf_driver flaky = REF;
    flaky.init = flaky_init;
    sf_interp_run(&p, &flaky, &o, &r);
    CHECK_MSG(r.outcome == SF_INTERP_FAIL && strcmp(r.signature, "nondeterministic") == 0,
              "nondeterministic: got '%s'\n%s", r.signature, r.report ? r.report : "");
    sf_interp_result_free(&r);
    sf_interp_run(&p, &flaky, NULL, &r); /* without the check: one run, no verdict */
    CHECK_MSG(r.outcome == SF_INTERP_PASS, "flaky without the check: got '%s'", r.signature);
    sf_interp_result_free(&r);
    sf_prog_free(&p);
}

int main(void) {
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
        run_fault(&faults[i]);
    run_nondeterministic();
    printf("%zu planted faults\n", sizeof faults / sizeof faults[0]);
    return check_report("interp_faults");
}
