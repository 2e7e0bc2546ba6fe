/*
 * test_minimize.c - the minimizer (harness/minimize) against synthetic
 * predicates, without the interpreter: the result must be exactly the
 * smallest program the predicate allows, every candidate must be valid,
 * and the errors must be reported.
 */
#include <string.h>

#include "../check.h"
#include "minimize.h"

/* The program every test starts from: 3 bodies of 10 ops, with two marked
 * ops (alloc r5 in body 1, free r6 in body 2) among sleeps, yields, channel
 * ops, a select and deferred ops; 20 replay decisions, 17 nonzero. */
static const char source[] = "impl reference\n"
                             "strategy replay\n"
                             "schedule 2 1 0 3 1 1 2 0 1 1 3 1 2 1 1 0 2 1 1 1\n"
                             "task 0:\n"
                             "  chan c0 cap 4\n  spawn 1\n  spawn 2\n  sleep 200\n  yield\n"
                             "  defer close c0\n  send c0\n  recv c0\n  open s1 deadline 40\n"
                             "  close s1\n"
                             "task 1:\n"
                             "  yield\n  sleep 9\n  alloc r5\n  select recv c0 send c1 default\n"
                             "  try_send c0\n  defer free r1\n  yield\n  return error\n"
                             "  yield\n  yield\n"
                             "task 2:\n"
                             "  recv c0\n  yield\n  sleep 3\n  free r6\n  chan c1 cap 8\n"
                             "  yield\n  close c1\n  spawn 1 in parent\n  yield\n  yield\n";

typedef struct pctx {
    int need_x, need_y, need_dec3; /* conditions of the synthetic failure */
    int invalid_seen;              /* a candidate that does not validate */
    int fail_after;                /* return -1 after this many calls (0: never) */
    int calls;
} pctx;

static int has_op(const sf_prog *p, unsigned kind, unsigned res) {
    for (unsigned b = 0; b < p->nbodies; b++)
        for (unsigned i = 0; i < p->bodies[b].nops; i++)
            if (p->bodies[b].ops[i].kind == kind && p->bodies[b].ops[i].res == res &&
                !p->bodies[b].ops[i].deferred)
                return 1;
    return 0;
}

/* Fails iff the marked ops are present and decision 3 is nonzero. */
static int pred(const sf_prog *p, void *arg) {
    pctx *c = arg;
    c->calls++;
    if (c->fail_after && c->calls > c->fail_after)
        return -1;
    if (sf_prog_validate(p, NULL, 0) != SF_PROG_OK)
        c->invalid_seen = 1;
    if (c->need_x && !has_op(p, SF_OP_ALLOC, 5))
        return 0;
    if (c->need_y && !has_op(p, SF_OP_FREE, 6))
        return 0;
    if (c->need_dec3 && (p->ndecisions <= 3 || p->decisions[3] == 0))
        return 0;
    return 1;
}

static void load(sf_prog *p) {
    char err[256];
    int rc = sf_sched_parse(source, strlen(source), "source", p, err, sizeof err);
    if (rc != SF_PROG_OK)
        fprintf(stderr, "%s\n", err);
    CHECK(rc == SF_PROG_OK);
}

static void test_both_ops_and_decision(void) {
    sf_prog p;
    pctx c = {1, 1, 1, 0, 0, 0};
    sf_min_stats st;
    load(&p);
    CHECK(sf_minimize(&p, pred, &c, NULL, &st) == SF_MIN_OK);
    CHECK(!c.invalid_seen);
    CHECK(sf_prog_nops(&p) == 2);
    CHECK(has_op(&p, SF_OP_ALLOC, 5) && has_op(&p, SF_OP_FREE, 6));
    CHECK(p.ndecisions == 4);
    CHECK(p.ndecisions == 4 && p.decisions[0] == 0 && p.decisions[1] == 0 && p.decisions[2] == 0 &&
          p.decisions[3] == 1);
    CHECK(st.ops_before == 30 && st.ops_after == 2);
    CHECK(st.tasks_before == 3 && st.tasks_after == 3);
    CHECK(st.dec_before == 20 && st.dec_after == 4);
    CHECK(st.nz_before == 17 && st.nz_after == 1);
    CHECK(st.one_minimal == 1 && !st.budget_hit);
    CHECK(st.runs > 0);
    CHECK(sf_min_is_1minimal(&p, pred, &c, NULL) == 1);
    sf_prog_free(&p);
}

/* Only op X matters: body 2 goes away entirely, the schedule empties. */
static void test_drops_tasks_and_schedule(void) {
    sf_prog p;
    pctx c = {1, 0, 0, 0, 0, 0};
    sf_min_stats st;
    load(&p);
    CHECK(sf_minimize(&p, pred, &c, NULL, &st) == SF_MIN_OK);
    CHECK(sf_prog_nops(&p) == 1 && has_op(&p, SF_OP_ALLOC, 5));
    CHECK(p.nbodies == 2); /* body 0 (main) stays, body 1 holds X */
    CHECK(p.ndecisions == 0 && st.nz_after == 0);
    CHECK(st.one_minimal == 1);
    sf_prog_free(&p);
}

/* Operands: a program that fails whenever it has a select keeps one
 * select with one case, no default. */
static int has_select(const sf_prog *p, void *arg) {
    (void)arg;
    for (unsigned b = 0; b < p->nbodies; b++)
        for (unsigned i = 0; i < p->bodies[b].nops; i++)
            if (p->bodies[b].ops[i].kind == SF_OP_SELECT)
                return 1;
    return 0;
}

static void test_operands(void) {
    sf_prog p;
    load(&p);
    CHECK(sf_minimize(&p, has_select, NULL, NULL, NULL) == SF_MIN_OK);
    CHECK(sf_prog_nops(&p) == 1);
    const sf_op *op = &p.bodies[p.nbodies - 1].ops[0];
    CHECK(op->kind == SF_OP_SELECT && op->ncases == 1 && op->flag == 0);
    sf_prog_free(&p);
}

/* A 1-minimality check that must say no: a program with an extra op. */
static void test_not_minimal(void) {
    sf_prog p;
    pctx c = {1, 0, 0, 0, 0, 0};
    load(&p);
    CHECK(sf_min_is_1minimal(&p, pred, &c, NULL) == 0);
    sf_prog_free(&p);
}

static int never(const sf_prog *p, void *arg) {
    (void)p, (void)arg;
    return 0;
}

static void test_errors(void) {
    sf_prog p;
    pctx c = {1, 1, 1, 0, 3, 0};
    load(&p);
    CHECK(sf_minimize(&p, never, NULL, NULL, NULL) == SF_MIN_ENOTFAIL);
    CHECK(sf_prog_nops(&p) == 30); /* unchanged on error */
    CHECK(sf_minimize(&p, NULL, NULL, NULL, NULL) == SF_MIN_EINVAL);
    CHECK(sf_minimize(&p, pred, &c, NULL, NULL) == SF_MIN_EPRED);
    CHECK(sf_prog_nops(&p) == 30);
    p.nbodies = 0; /* invalid */
    CHECK(sf_minimize(&p, has_select, NULL, NULL, NULL) == SF_MIN_EINVAL);
    p.nbodies = 3;
    sf_prog_free(&p);
}

/* A budget of 5 runs stops early and says so. */
static void test_budget(void) {
    sf_prog p;
    pctx c = {1, 1, 1, 0, 0, 0};
    sf_min_opts o = {.max_runs = 5};
    sf_min_stats st;
    load(&p);
    CHECK(sf_minimize(&p, pred, &c, &o, &st) == SF_MIN_OK);
    CHECK(st.budget_hit == 1);
    CHECK(sf_prog_nops(&p) > 2);
    CHECK(has_op(&p, SF_OP_ALLOC, 5) && has_op(&p, SF_OP_FREE, 6));
    sf_prog_free(&p);
}

/* Fails iff decision 3 is 2 modulo 3, as a replay would read a value
 * among 3 choices: lowering it to 1 loses the failure, so the minimizer
 * must end at 2, not at the 3 (or 5) it started from. */
static int mod3(const sf_prog *p, void *arg) {
    (void)arg;
    return p->ndecisions > 3 && p->decisions[3] % 3 == 2;
}

static void test_lowest_value(void) {
    static const uint32_t starts[] = {5, 8, 11, 2};
    for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++) {
        sf_prog p;
        load(&p);
        p.decisions[3] = starts[k];
        sf_min_stats st;
        CHECK(sf_minimize(&p, mod3, NULL, NULL, &st) == SF_MIN_OK);
        CHECK_MSG(p.ndecisions == 4 && p.decisions[3] == 2, "from %u: %zu decisions, [3] = %u",
                  starts[k], p.ndecisions, p.ndecisions > 3 ? p.decisions[3] : 0);
        sf_prog_free(&p);
    }
}

int main(void) {
    test_both_ops_and_decision();
    test_lowest_value();
    test_drops_tasks_and_schedule();
    test_operands();
    test_not_minimal();
    test_errors();
    test_budget();
    return check_report("test_minimize");
}
