/* sched_parse_op.c - the operation lines of a .sched text. */
#include <string.h>

#include "sched_int.h"

int sched_is_op_word(const sched_tok *t) {
    if (sched_is(t, "defer"))
        return 1;
    for (unsigned k = 1; k < SF_OP_NKINDS; k++) {
        if (sched_is(t, sf_op_name(k)))
            return 1;
    }
    return 0;
}

/* 1 if the operand token `next` fits the positional operand kind `arg`. */
static int arg_fits(unsigned arg, const sched_tok *next) {
    if (next->n == 0)
        return 0;
    if (arg == SF_ARG_CHAN)
        return next->s[0] == 'c';
    if (arg == SF_ARG_SCOPE)
        return next->s[0] == 's' || sched_is(next, "parent");
    return 1;
}

/* The kind named `name`; a name shared by two kinds ("close") is decided by
 * the next token, without consuming it.  SF_OP_NONE if unknown. */
static unsigned lookup_kind(sched_parser *ps, const sched_tok *name) {
    sched_tok next = {"", 0, 0};
    size_t pos = ps->pos, last = ps->last_end;
    if (sched_next(ps, &next) != 1)
        next.n = 0;
    ps->pos = pos;
    ps->last_end = last;
    unsigned found = SF_OP_NONE;
    for (unsigned k = 1; k < SF_OP_NKINDS; k++) {
        if (!sched_is(name, sf_op_name(k)))
            continue;
        if (found != SF_OP_NONE && !arg_fits(sf_op_info_of(k)->arg, &next))
            continue;
        if (found == SF_OP_NONE || !arg_fits(sf_op_info_of(found)->arg, &next))
            found = k;
    }
    return found;
}

static int parse_case(sched_parser *ps, const sched_tok *t, sf_op *op) {
    if (op->ncases == SF_MAX_CASES)
        return sched_fail(ps, t->col, "too many select cases (max %u)", SF_MAX_CASES);
    sf_case *c = &op->cases[op->ncases];
    c->dir = sched_is(t, "send") ? SF_DIR_SEND : SF_DIR_RECV;
    sched_tok ch;
    int rc = sched_need(ps, &ch, "channel (c0..c7)");
    if (rc == SF_PROG_OK)
        rc = sched_prefixed(ps, &ch, 'c', 0, SF_MAX_CHANS - 1, "channel", &c->chan);
    op->ncases += rc == SF_PROG_OK;
    return rc;
}

/* select (send|recv c<n>)+ [default], in any order, default at most once. */
static int parse_cases(sched_parser *ps, sf_op *op) {
    sched_tok t;
    int rc;
    while ((rc = sched_next(ps, &t)) == 1) {
        if (sched_is(&t, "default")) {
            if (op->flag)
                return sched_fail(ps, t.col, "duplicate 'default'");
            op->flag = 1;
        } else if (sched_is(&t, "send") || sched_is(&t, "recv")) {
            if ((rc = parse_case(ps, &t, op)) != SF_PROG_OK)
                return rc;
        } else {
            return sched_expected(ps, &t, "'send', 'recv' or 'default'");
        }
    }
    if (rc < 0)
        return rc;
    if (op->ncases == 0)
        return sched_fail(ps, ps->last_end + 1, "select needs at least one case");
    return SF_PROG_OK;
}

/* return [ok|error|cancelled|timeout]; a bare return is return ok. */
static int parse_ret(sched_parser *ps, sf_op *op) {
    sched_tok t;
    int rc = sched_next(ps, &t);
    if (rc <= 0)
        return rc;
    for (unsigned f = 0; f < SF_NRET; f++) {
        if (sched_is(&t, sf_ret_name(f))) {
            op->flag = (uint8_t)f;
            return SF_PROG_OK;
        }
    }
    return sched_expected(ps, &t, "'ok', 'error', 'cancelled' or 'timeout'");
}

static int parse_arg(sched_parser *ps, const sf_op_info *info, sf_op *op) {
    static const char *const what[] = {
        [SF_ARG_SLOT] = "scope slot (s1..s7)", [SF_ARG_SCOPE] = "scope (s0..s7, parent)",
        [SF_ARG_BODY] = "task number (0..7)",  [SF_ARG_CHAN] = "channel (c0..c7)",
        [SF_ARG_RES] = "resource (r0..r7)",    [SF_ARG_TIME] = "time (0..255)"};
    sched_tok t;
    uint64_t v;
    int rc;
    if (info->arg == SF_ARG_NONE)
        return SF_PROG_OK;
    if (info->arg == SF_ARG_RET)
        return parse_ret(ps, op);
    if (info->arg == SF_ARG_CASES)
        return parse_cases(ps, op);
    if ((rc = sched_need(ps, &t, what[info->arg])) != SF_PROG_OK)
        return rc;
    switch (info->arg) {
        case SF_ARG_SLOT:
            if (sched_is(&t, "s0"))
                return sched_fail(ps, t.col, "open needs s1..s7 (s0 is the task's own scope)");
            return sched_prefixed(ps, &t, 's', 1, SF_MAX_SCOPES - 1, "scope slot", &op->slot);
        case SF_ARG_SCOPE:
            return sched_scope_ref(ps, &t, &op->scope);
        case SF_ARG_CHAN:
            return sched_prefixed(ps, &t, 'c', 0, SF_MAX_CHANS - 1, "channel", &op->chan);
        case SF_ARG_RES:
            return sched_prefixed(ps, &t, 'r', 0, SF_MAX_RES - 1, "resource", &op->res);
        case SF_ARG_BODY:
            rc = sched_number(ps, &t, 0, SF_MAX_TASKS - 1, "task", &v);
            op->body = (uint8_t)v;
            if (rc == SF_PROG_OK && ps->nspawns < SF_MAX_TASKS * SF_MAX_OPS)
                ps->spawns[ps->nspawns++] = (sched_spawn_ref){ps->lineno, t.col, op->body};
            return rc;
        default:
            rc = sched_number(ps, &t, 0, SF_MAX_TIME, "time", &v);
            op->num = (uint16_t)v;
            return rc;
    }
}

/* One keyword operand (in, cap, deadline, supervisor) named by t. */
static int parse_kw(sched_parser *ps, const sf_op_info *info, const sched_tok *t, sf_op *op,
                    unsigned *seen) {
    static const char *const words[] = {"in", "cap", "deadline", "supervisor"};
    char q[32];
    for (unsigned i = 0; i < 4; i++) {
        unsigned bit = 1u << i;
        if (!(info->kw & bit) || !sched_is(t, words[i]))
            continue;
        if (*seen & bit)
            return sched_fail(ps, t->col, "duplicate '%s'", words[i]);
        *seen |= bit;
        if (bit == SF_KW_SUPERVISOR) {
            op->flag = 1;
            return SF_PROG_OK;
        }
        sched_tok v;
        uint64_t n = 0;
        int rc = sched_need(ps, &v, bit == SF_KW_IN ? "scope (s0..s7, parent)" : "number");
        if (rc != SF_PROG_OK)
            return rc;
        if (bit == SF_KW_IN)
            return sched_scope_ref(ps, &v, &op->scope);
        rc = sched_number(ps, &v, 0, bit == SF_KW_CAP ? SF_MAX_CAP : SF_MAX_TIME, words[i], &n);
        op->num = (uint16_t)n;
        return rc;
    }
    return sched_fail(ps, t->col, "unexpected '%s'", sched_quote(t, q));
}

static int parse_kws(sched_parser *ps, const sf_op_info *info, sf_op *op) {
    sched_tok t;
    unsigned seen = 0;
    int rc;
    while ((rc = sched_next(ps, &t)) == 1) {
        if ((rc = parse_kw(ps, info, &t, op, &seen)) != SF_PROG_OK)
            return rc;
    }
    return rc;
}

/* defer [in <scope>] <op>: fills deferred/dscope, leaves the op name in t. */
static int parse_defer(sched_parser *ps, sched_tok *t, sf_op *op) {
    int rc = sched_need(ps, t, "an operation after 'defer'");
    op->deferred = 1;
    if (rc != SF_PROG_OK || !sched_is(t, "in"))
        return rc;
    sched_tok s;
    if ((rc = sched_need(ps, &s, "scope (s0..s7, parent)")) != SF_PROG_OK ||
        (rc = sched_scope_ref(ps, &s, &op->dscope)) != SF_PROG_OK)
        return rc;
    return sched_need(ps, t, "an operation after 'defer in <scope>'");
}

int sched_parse_op(sched_parser *ps, const sched_tok *first) {
    char q[32];
    sf_body *b = &ps->p->bodies[ps->cur];
    if (b->nops == SF_MAX_OPS)
        return sched_fail(ps, first->col, "too many operations in task %d (max %u)", ps->cur,
                          SF_MAX_OPS);
    sf_op op;
    memset(&op, 0, sizeof op);
    sched_tok name = *first;
    int rc = sched_is(&name, "defer") ? parse_defer(ps, &name, &op) : SF_PROG_OK;
    if (rc != SF_PROG_OK)
        return rc;
    op.kind = (uint8_t)lookup_kind(ps, &name);
    const sf_op_info *info = sf_op_info_of(op.kind);
    if (info == NULL)
        return sched_fail(ps, name.col, "unknown operation '%s'", sched_quote(&name, q));
    if (op.deferred && !info->deferrable)
        return sched_fail(ps, name.col,
                          "'%s' cannot be deferred (deferrable: cancel, spawn, close c<n>, "
                          "free, send)",
                          info->name);
    if ((rc = parse_arg(ps, info, &op)) != SF_PROG_OK || (rc = parse_kws(ps, info, &op)) != 0)
        return rc;
    b->ops[b->nops++] = op;
    return SF_PROG_OK;
}
