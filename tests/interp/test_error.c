/* test_error.c - the error propagation oracle (harness/interp/oracle_error.c):
 * 1. planted faults: drivers over the reference that lose a task's error,
 *    report another first error, do not fail fast or cancel a supervisor
 *    scope, each caught by its signature, while the same program passes on
 *    the reference;
 * 2. no false positives: a driver without scopes may drop task results;
 *    the reference passes a case explore once flagged wrongly (a task
 *    that ran before its spawn returned) and random
 *    version-5 programs (passed-on cancellations and timeouts, supervisor
 *    scopes) under every strategy.
 *
 * usage: interp_error [N]   (random programs, default 20000) */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "interp.h"

extern const struct sf_driver sf_driver_reference;
#define REF sf_driver_reference

/* close reports no first error */
static int close_loses(sf_hscope s, int *first) {
    int st = REF.scope_close(s, first);
    if (first)
        *first = SF_OK;
    return st;
}

/* close reports a timeout as the first error */
static int close_invents(sf_hscope s, int *first) {
    int st = REF.scope_close(s, first);
    if (first)
        *first = SF_TIMEOUT;
    return st;
}

/* spawn that tells the library every task succeeded (records in a static
 * pool: a failed run discards tasks that never started) */
typedef struct swallow {
    sf_task_fn fn;
    void *arg;
    sf_cleanup_fn cleanup;
} swallow;
static swallow pool[SF_MAX_SPAWNS + 8];
static unsigned npool;

static int swallow_run(sf_hscope s, void *p) {
    swallow *w = p;
    w->fn(s, w->arg);
    return SF_OK;
}

static void swallow_cleanup(void *p) {
    swallow *w = p;
    if (w->cleanup)
        w->cleanup(w->arg);
}

static int spawn_swallows(sf_hscope s, sf_task_fn fn, void *arg, sf_cleanup_fn cleanup) {
    swallow *w = &pool[npool++ % (sizeof pool / sizeof pool[0])];
    *w = (swallow){fn, arg, cleanup};
    return REF.spawn(s, swallow_run, w, swallow_cleanup);
}

/* a supervisor scope that is fail-fast */
static int open_failfast(sf_hscope parent, int64_t deadline, sf_hscope *out) {
    return REF.scope_open(parent, deadline, out);
}

typedef struct fault {
    const char *sig;
    int (*scope_close)(sf_hscope, int *);
    int (*spawn)(sf_hscope, sf_task_fn, void *, sf_cleanup_fn);
    int (*open_supervisor)(sf_hscope, int64_t, sf_hscope *);
    const char *prog;
} fault;

#define FAILING   "task 0:\n open s1\n spawn 1 in s1\n close s1\ntask 1:\n return error\n"
#define PASSED_ON "task 0:\n open s1\n spawn 1 in s1\n close s1\ntask 1:\n return cancelled\n"
#define SIBLING                                                                                    \
    "task 0:\n open s1\n chan c0\n spawn 1 in s1\n spawn 2 in s1\n close s1\n"                     \
    "task 1:\n recv c0\ntask 2:\n return timeout\n"
#define SUPERVISED                                                                                 \
    "task 0:\n open s1 supervisor\n chan c0\n spawn 1 in s1\n spawn 2 in s1\n close s1\n"          \
    "task 1:\n recv c0\ntask 2:\n return error\n"
static const fault faults[] = {
    {"error:lost", close_loses, NULL, NULL, FAILING},
    {"error:lost", close_loses, NULL, NULL, PASSED_ON},
    {"error:first", close_invents, NULL, NULL, FAILING},
    {"error:lost", NULL, spawn_swallows, NULL, PASSED_ON},
    {"error:failfast", NULL, spawn_swallows, NULL, SIBLING},
    {"error:supervisor", NULL, NULL, open_failfast, SUPERVISED},
};

static int parse(const char *text, sf_prog *p) {
    char err[256];
    if (sf_sched_parse(text, strlen(text), "fault", p, err, sizeof err) == SF_PROG_OK)
        return 1;
    CHECK_MSG(0, "%s", err);
    return 0;
}

static void run_fault(const fault *f) {
    sf_prog p;
    if (!parse(f->prog, &p))
        return;
    struct sf_driver broken = REF;
    if (f->scope_close)
        broken.scope_close = f->scope_close;
    if (f->spawn)
        broken.spawn = f->spawn;
    if (f->open_supervisor)
        broken.scope_open_supervisor = f->open_supervisor;
    sf_interp_result r;
    sf_interp_run(&p, &REF, NULL, &r);
    CHECK_MSG(r.outcome == SF_INTERP_PASS, "%s: the reference fails: %s\n%s", f->sig, r.signature,
              r.report ? r.report : "");
    sf_interp_result_free(&r);
    sf_interp_run(&p, &broken, NULL, &r);
    CHECK_MSG(r.outcome == SF_INTERP_FAIL && strcmp(r.signature, f->sig) == 0,
              "%s: got '%s'\n%s\n%s", f->sig, r.signature, f->prog, r.report ? r.report : "");
    sf_interp_result_free(&r);
    sf_prog_free(&p);
}

/* A library without scopes has no task results (driver.h): a driver that
 * drops them is right, the same program fails only with scopes and cancel.
 * (explore flagged example_chan_fixed, which has neither, before.) */
static void check_scopeless(void) {
    static const char text[] = "task 0:\n chan c0 cap 1\n spawn 1\n spawn 2\n"
                               "task 1:\n return error\n"
                               "task 2:\n yield\n yield\n send c0\n recv c0\n";
    sf_prog p;
    if (!parse(text, &p))
        return;
    struct sf_driver d = REF;
    d.spawn = spawn_swallows;
    sf_interp_result r;
    for (int scoped = 0; scoped < 2; scoped++) {
        d.caps = SF_CAP_SELECT | SF_CAP_TRY | SF_CAP_SLEEP |
                 (scoped ? SF_CAP_SCOPES | SF_CAP_CANCEL : 0);
        sf_interp_run(&p, &d, NULL, &r);
        const char *want = scoped ? "error:failfast" : "";
        CHECK_MSG(strcmp(r.signature, want) == 0, "scoped %d: got '%s'\n%s", scoped, r.signature,
                  r.report ? r.report : "");
        sf_interp_result_free(&r);
    }
    sf_prog_free(&p);
}

/* explore's false alarm (fixed): a task of scope s2 that ran and failed
 * before its spawn returned (its spawn_ok was not set yet) */
static const char spawned_late[] =
    "strategy replay\n"
    "schedule 0 0 1 1 0 1 0 1 2 1 2 0 0 1 0 1 1 1 2 0 0 1 1 4 5 5 0 0 4 4 0 0\n"
    "schedule 0 0 0 4 5 0 0 0 0 1 1 1 5 6 0 1 1 8 1 1 8 1 1 6 7 5 6 0 0 11 11 0\n"
    "schedule 9 0 6 0 6 7 10 10 14 14 0 8 0 8 0 0 11 7 0 9 0 0 0 14 14 14 0 0 0 0 0 0\n"
    "schedule 0 0 0 0 0 0 0 0 0 2 15\n"
    "task 0:\n spawn 0 in s2\n spawn 0\n spawn 0\n spawn 0\n spawn 0\n open s2\n close s2\n"
    " return error\n";

static void check_passes(const char *what, const char *text) {
    sf_prog p;
    if (!parse(text, &p))
        return;
    sf_interp_result r;
    sf_interp_run(&p, &REF, NULL, &r);
    CHECK_MSG(r.outcome == SF_INTERP_PASS, "%s: %s\n%s", what, r.signature,
              r.report ? r.report : "");
    sf_interp_result_free(&r);
    sf_prog_free(&p);
}

/* Random records behind a version-5 header (strategy from the first byte,
 * half of them unpaired): returns of every result, supervisor opens. */
static void check_random(long count) {
    uint64_t rng = 4;
    long fails = 0, errs = 0, sup = 0;
    for (long i = 0; i < count; i++) {
        uint8_t buf[9 + 96];
        size_t n = 9 + rng_next(&rng) % 96;
        rng_bytes(&rng, buf, n);
        buf[0] = SF_PROG_MAGIC0, buf[1] = SF_PROG_MAGIC1, buf[2] = 5;
        memset(buf + 5, 0, 4); /* no faults */
        for (size_t k = 9; k + 1 < n; k += 4)
            if (rng_next(&rng) % 4 == 0)
                buf[k] = (uint8_t)((rng_next(&rng) % 2) ? 13 : 7); /* more returns, opens */
        sf_prog p;
        CHECK(sf_prog_decode(buf, n, &p) == SF_PROG_OK);
        for (unsigned b = 0; b < p.nbodies; b++)
            for (unsigned k = 0; k < p.bodies[b].nops; k++) {
                const sf_op *op = &p.bodies[b].ops[k];
                errs += op->kind == SF_OP_RETURN && op->flag >= SF_RET_CANCELLED;
                sup += op->kind == SF_OP_OPEN && op->flag;
            }
        sf_interp_result r;
        sf_interp_opts o = {.check_determinism = i % 16 == 0};
        sf_interp_run(&p, &REF, &o, &r);
        if (r.outcome != SF_INTERP_PASS && fails++ < 3)
            CHECK_MSG(0, "random program %ld (%s): %s\n%s", i, sim_strategy_name(p.strategy),
                      r.signature, r.report ? r.report : "");
        sf_interp_result_free(&r);
        sf_prog_free(&p);
    }
    CHECK(errs > count / 4 && sup > count / 8);
    printf("random: %ld version-5 programs, %ld passed-on results, %ld supervisor opens, %ld "
           "failed\n",
           count, errs, sup, fails);
}

int main(int argc, char **argv) {
    long count = argc > 1 ? strtol(argv[1], NULL, 10) : 20000;
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
        run_fault(&faults[i]);
    check_passes("spawned late", spawned_late);
    check_scopeless();
    check_random(count);
    return check_report("interp_error");
}
