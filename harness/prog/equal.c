/* equal.c - structural equality of programs (parse(print(p)) == p). */
#include <string.h>

#include "prog.h"

static int case_equal(const sf_case *a, const sf_case *b) {
    return a->dir == b->dir && a->chan == b->chan;
}

static int op_equal(const sf_op *a, const sf_op *b) {
    if (a->kind != b->kind || a->deferred != b->deferred || a->dscope != b->dscope ||
        a->scope != b->scope || a->slot != b->slot || a->body != b->body || a->chan != b->chan ||
        a->res != b->res || a->flag != b->flag || a->ncases != b->ncases || a->num != b->num)
        return 0;
    for (unsigned i = 0; i < SF_MAX_CASES; i++) {
        if (!case_equal(&a->cases[i], &b->cases[i]))
            return 0;
    }
    return 1;
}

static int body_equal(const sf_body *a, const sf_body *b) {
    if (a->nops != b->nops || a->nops > SF_MAX_OPS)
        return 0;
    for (unsigned i = 0; i < a->nops; i++) {
        if (!op_equal(&a->ops[i], &b->ops[i]))
            return 0;
    }
    return 1;
}

static int faults_equal(const sf_prog *a, const sf_prog *b) {
    if (a->fault_kinds != b->fault_kinds || a->fault_rate != b->fault_rate ||
        a->nfails != b->nfails || a->nfails > SF_MAX_FAILS)
        return 0;
    for (unsigned i = 0; i < a->nfails; i++) {
        if (a->fails[i].kind != b->fails[i].kind || a->fails[i].nth != b->fails[i].nth)
            return 0;
    }
    return 1;
}

static int header_equal(const sf_prog *a, const sf_prog *b) {
    return faults_equal(a, b) && strncmp(a->impl, b->impl, sizeof a->impl) == 0 &&
           a->strategy == b->strategy && a->seed == b->seed && a->pct_depth == b->pct_depth &&
           a->expect_fail == b->expect_fail &&
           strncmp(a->expect_sig, b->expect_sig, sizeof a->expect_sig) == 0 &&
           a->ndecisions == b->ndecisions && a->nsched == b->nsched &&
           (a->ndecisions == 0 ||
            memcmp(a->decisions, b->decisions, a->ndecisions * sizeof *a->decisions) == 0) &&
           (a->nsched == 0 || memcmp(a->sched, b->sched, a->nsched) == 0);
}

int sf_prog_equal(const sf_prog *a, const sf_prog *b) {
    if (!header_equal(a, b) || a->nbodies != b->nbodies || a->nbodies > SF_MAX_TASKS)
        return 0;
    for (unsigned i = 0; i < a->nbodies; i++) {
        if (!body_equal(&a->bodies[i], &b->bodies[i]))
            return 0;
    }
    return 1;
}
