/* validate.c - the rules every program obeys (bounds, canonical zeros). */
#include <stdarg.h>
#include <string.h>

#include "prog_int.h"

unsigned sf_op_uses_(const sf_op_info *info) {
    static const unsigned by_arg[] = {[SF_ARG_NONE] = 0,
                                      [SF_ARG_SLOT] = SF_USE_SLOT,
                                      [SF_ARG_SCOPE] = SF_USE_SCOPE,
                                      [SF_ARG_BODY] = SF_USE_BODY,
                                      [SF_ARG_CHAN] = SF_USE_CHAN,
                                      [SF_ARG_RES] = SF_USE_RES,
                                      [SF_ARG_TIME] = SF_USE_NUM,
                                      [SF_ARG_RET] = SF_USE_FLAG,
                                      [SF_ARG_CASES] = SF_USE_CASES | SF_USE_FLAG};
    unsigned use = by_arg[info->arg];
    if (info->kw & SF_KW_IN)
        use |= SF_USE_SCOPE;
    if (info->kw & SF_KW_SUPERVISOR)
        use |= SF_USE_FLAG;
    if (info->kw & (SF_KW_CAP | SF_KW_DEADLINE))
        use |= SF_USE_NUM;
    return use;
}

unsigned sf_op_num_max_(const sf_op_info *info) {
    if (info->kw & SF_KW_CAP)
        return SF_MAX_CAP;
    if (info->arg == SF_ARG_TIME || (info->kw & SF_KW_DEADLINE))
        return SF_MAX_TIME;
    return 0;
}

/* Writes the reason and returns SF_PROG_EINVAL. */
static int bad(char *why, size_t n, const char *fmt, ...) {
    if (why != NULL && n > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, n, fmt, ap);
        va_end(ap);
    }
    return SF_PROG_EINVAL;
}

/* 1 if `v` is in range when the field is used, 0 when it is not. */
static int field_ok(unsigned use, unsigned bit, unsigned v, unsigned lo, unsigned hi) {
    if (!(use & bit))
        return v == 0;
    return v >= lo && v <= hi;
}

static int cases_ok(const sf_op *op, unsigned use) {
    unsigned n = (use & SF_USE_CASES) ? op->ncases : 0;
    if ((use & SF_USE_CASES) && (n < 1 || n > SF_MAX_CASES))
        return 0;
    if (!(use & SF_USE_CASES) && op->ncases != 0)
        return 0;
    for (unsigned i = 0; i < SF_MAX_CASES; i++) {
        const sf_case *c = &op->cases[i];
        if (i >= n && (c->dir != 0 || c->chan != 0))
            return 0;
        if (i < n && ((c->dir != SF_DIR_SEND && c->dir != SF_DIR_RECV) || c->chan >= SF_MAX_CHANS))
            return 0;
    }
    return 1;
}

static int defer_ok(const sf_op *op, const sf_op_info *info) {
    if (op->deferred == 0)
        return op->dscope == 0;
    return op->deferred == 1 && info->deferrable && op->dscope < SF_NSCOPE_REFS;
}

static int op_ok(const sf_op *op, unsigned nbodies) {
    const sf_op_info *info = sf_op_info_of(op->kind);
    if (info == NULL || !defer_ok(op, info))
        return 0;
    unsigned use = sf_op_uses_(info);
    return field_ok(use, SF_USE_SCOPE, op->scope, 0, SF_NSCOPE_REFS - 1) &&
           field_ok(use, SF_USE_SLOT, op->slot, 1, SF_MAX_SCOPES - 1) &&
           field_ok(use, SF_USE_BODY, op->body, 0, nbodies - 1) &&
           field_ok(use, SF_USE_CHAN, op->chan, 0, SF_MAX_CHANS - 1) &&
           field_ok(use, SF_USE_RES, op->res, 0, SF_MAX_RES - 1) &&
           field_ok(use, SF_USE_FLAG, op->flag, 0, info->arg == SF_ARG_RET ? SF_NRET - 1 : 1) &&
           field_ok(use, SF_USE_NUM, op->num, 0, sf_op_num_max_(info)) && cases_ok(op, use);
}

static int strategy_ok(const sf_prog *p, char *why, size_t n) {
    unsigned flags = sim_strategy_flags(p->strategy);
    if ((unsigned)p->strategy >= SIM_NSTRATEGIES || (flags & SIM_SF_PROFILE))
        return bad(why, n, "strategy %u cannot run a program", (unsigned)p->strategy);
    if ((flags & SIM_SF_DEPTH) && (p->pct_depth < 1 || p->pct_depth > SF_MAX_PCT_DEPTH))
        return bad(why, n, "pct depth %u out of range 1..%u", p->pct_depth, SF_MAX_PCT_DEPTH);
    if (!(flags & SIM_SF_DEPTH) && p->pct_depth != 0)
        return bad(why, n, "depth set with strategy %s", sim_strategy_name(p->strategy));
    if (!(flags & SIM_SF_SEED) && p->seed != 0)
        return bad(why, n, "seed set with strategy %s", sim_strategy_name(p->strategy));
    if (p->ndecisions > SF_MAX_DECISIONS || (p->ndecisions && !(flags & SIM_SF_DECISIONS)))
        return bad(why, n, "decisions need strategy replay (and at most %u)", SF_MAX_DECISIONS);
    if (p->nsched > SF_MAX_SCHED_BYTES || (p->nsched && !(flags & SIM_SF_BYTES)))
        return bad(why, n, "schedule bytes need strategy bytes (and at most %u)",
                   SF_MAX_SCHED_BYTES);
    return SF_PROG_OK;
}

static int faults_ok(const sf_prog *p, char *why, size_t n) {
    if (p->fault_kinds & ~SIM_FAULT_ALL)
        return bad(why, n, "unknown fault kinds %#x", p->fault_kinds);
    if (p->fault_kinds && (sim_strategy_flags(p->strategy) & SIM_SF_DECISIONS))
        return bad(why, n, "'faults' needs a strategy that decides (not %s)",
                   sim_strategy_name(p->strategy));
    if (p->fault_rate > SF_MAX_FAULT_RATE || (p->fault_rate && !p->fault_kinds))
        return bad(why, n, "fault rate %u (1..%u, and only with fault kinds)", p->fault_rate,
                   SF_MAX_FAULT_RATE);
    if (p->nfails > SF_MAX_FAILS)
        return bad(why, n, "%u listed faults (max %u)", p->nfails, SF_MAX_FAILS);
    for (unsigned i = 0; i < p->nfails; i++) {
        const sim_fault *f = &p->fails[i], *prev = i ? &p->fails[i - 1] : NULL;
        if (f->kind >= SIM_NFAULT_KINDS || f->nth == 0)
            return bad(why, n, "listed fault %u: bad kind or number", i);
        if (prev && (prev->kind > f->kind || (prev->kind == f->kind && prev->nth >= f->nth)))
            return bad(why, n, "listed faults not sorted by kind and number, or repeated");
    }
    return SF_PROG_OK;
}

static int header_ok(const sf_prog *p, char *why, size_t n) {
    if (memchr(p->impl, 0, sizeof p->impl) == NULL || !sf_prog_impl_ok_(p->impl))
        return bad(why, n, "bad implementation name");
    if (p->expect_fail != 0 && p->expect_fail != 1)
        return bad(why, n, "expect_fail must be 0 or 1");
    if (memchr(p->expect_sig, 0, sizeof p->expect_sig) == NULL)
        return bad(why, n, "failure signature too long");
    if (p->expect_fail ? !sf_prog_sig_ok_(p->expect_sig) : p->expect_sig[0] != '\0')
        return bad(why, n, "bad failure signature");
    int rc = strategy_ok(p, why, n);
    return rc != SF_PROG_OK ? rc : faults_ok(p, why, n);
}

int sf_prog_validate(const sf_prog *p, char *why, size_t n) {
    int rc = header_ok(p, why, n);
    if (rc != SF_PROG_OK)
        return rc;
    if (p->nbodies < 1 || p->nbodies > SF_MAX_TASKS)
        return bad(why, n, "%u task bodies (1..%u)", p->nbodies, SF_MAX_TASKS);
    for (unsigned b = 0; b < p->nbodies; b++) {
        const sf_body *body = &p->bodies[b];
        if (body->nops > SF_MAX_OPS)
            return bad(why, n, "task %u: %u ops (max %u)", b, body->nops, SF_MAX_OPS);
        for (unsigned i = 0; i < body->nops; i++) {
            if (!op_ok(&body->ops[i], p->nbodies))
                return bad(why, n, "task %u op %u (%s): bad operand", b, i,
                           sf_op_name(body->ops[i].kind));
        }
    }
    return SF_PROG_OK;
}
