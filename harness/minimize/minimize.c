/* minimize.c - the fixpoint loop over the phases, and the statistics. */
#include "min_int.h"

enum { DEFAULT_MAX_RUNS = 200000 };

static void measure(const sf_prog *p, size_t *ops, unsigned *tasks, size_t *dec, size_t *nz,
                    unsigned *faults) {
    *faults = p->nfails;
    *ops = sf_prog_nops(p);
    *tasks = p->nbodies;
    *dec = p->strategy == SIM_REPLAY ? p->ndecisions : 0;
    *nz = sf_min_nonzero(p);
}

/* Phases until a whole round accepts nothing (or the run stops). */
static void fixpoint(min_ctx *m) {
    for (;;) {
        int accepted = min_phase_tasks(m);
        accepted += min_phase_ops(m);
        accepted += min_phase_operands(m);
        accepted += min_phase_sched(m);
        accepted += min_phase_faults(m);
        if (accepted == 0 || min_stopped(m))
            return;
    }
}

/* Checks the input: valid and failing.  SF_MIN_OK or an error. */
static int check_input(min_ctx *m) {
    if (sf_prog_validate(&m->cur, NULL, 0) != SF_PROG_OK)
        return SF_MIN_EINVAL;
    m->runs++;
    int r = m->pred(&m->cur, m->ctx);
    return r < 0 ? SF_MIN_EPRED : r == 0 ? SF_MIN_ENOTFAIL : SF_MIN_OK;
}

int sf_minimize(sf_prog *p, sf_min_pred pred, void *ctx, const sf_min_opts *opts,
                sf_min_stats *st) {
    sf_min_stats s = {0};
    min_ctx m = {.pred = pred, .ctx = ctx, .opts = opts};
    if (p == NULL || pred == NULL)
        return SF_MIN_EINVAL;
    m.max_runs = opts != NULL && opts->max_runs ? opts->max_runs : DEFAULT_MAX_RUNS;
    if (sf_prog_copy(&m.cur, p) != SF_PROG_OK)
        return SF_MIN_ENOMEM;
    measure(p, &s.ops_before, &s.tasks_before, &s.dec_before, &s.nz_before, &s.faults_before);
    int rc = check_input(&m);
    if (rc == SF_MIN_OK)
        fixpoint(&m);
    rc = rc != SF_MIN_OK ? rc : m.err;
    if (rc == SF_MIN_OK) {
        s.budget_hit = m.runs >= m.max_runs;
        int one = sf_min_is_1minimal(&m.cur, pred, ctx, &m.runs);
        rc = one < 0 ? one : SF_MIN_OK;
        s.one_minimal = one == 1;
    }
    if (rc != SF_MIN_OK) {
        sf_prog_free(&m.cur);
        return rc;
    }
    sf_prog_free(p);
    *p = m.cur;
    measure(p, &s.ops_after, &s.tasks_after, &s.dec_after, &s.nz_after, &s.faults_after);
    s.runs = m.runs;
    if (st != NULL)
        *st = s;
    return SF_MIN_OK;
}
