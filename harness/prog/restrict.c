/* restrict.c - map a program onto the operations a driver supports. */
#include <string.h>

#include "prog_int.h"

/* Rewrites op as the plain, case-0 form of a select (send/recv, or try_*
 * for a select with default). */
static void select_to_plain(sf_op *op) {
    sf_case c = op->cases[0];
    int dflt = op->flag;
    memset(op, 0, sizeof *op);
    op->chan = c.chan;
    if (c.dir == SF_DIR_SEND)
        op->kind = dflt ? SF_OP_TRY_SEND : SF_OP_SEND;
    else
        op->kind = dflt ? SF_OP_TRY_RECV : SF_OP_RECV;
}

/* Rewrites try_send/try_recv as a one-case select with default. */
static void try_to_select(sf_op *op) {
    uint8_t dir = op->kind == SF_OP_TRY_SEND ? SF_DIR_SEND : SF_DIR_RECV;
    uint8_t chan = op->chan;
    memset(op, 0, sizeof *op);
    op->kind = SF_OP_SELECT;
    op->ncases = 1;
    op->flag = 1;
    op->cases[0].dir = dir;
    op->cases[0].chan = chan;
}

static void to_simple(sf_op *op, sf_op_kind kind) {
    memset(op, 0, sizeof *op);
    op->kind = (uint8_t)kind;
}

/* Rewrites op by kind; returns 0 if it must be dropped. */
static int map_kind(sf_op *op, unsigned caps) {
    switch (op->kind) {
        case SF_OP_SELECT:
            if (caps & SF_CAP_SELECT)
                return 1;
            select_to_plain(op);
            return op->kind == SF_OP_SEND || op->kind == SF_OP_RECV || (caps & SF_CAP_TRY);
        case SF_OP_TRY_SEND:
        case SF_OP_TRY_RECV:
            if (caps & SF_CAP_TRY)
                return 1;
            try_to_select(op);
            return (caps & SF_CAP_SELECT) != 0;
        case SF_OP_SLEEP:
            if (!(caps & SF_CAP_SLEEP))
                to_simple(op, SF_OP_YIELD);
            return 1;
        case SF_OP_SHUTDOWN:
            if (!(caps & SF_CAP_SHUTDOWN))
                to_simple(op, SF_OP_RETURN);
            return 1;
        default:
            return (sf_op_info_of(op->kind)->caps & ~caps) == 0;
    }
}

/* Applies the scope, deadline and defer rules; returns 0 to drop. */
static int map_operands(sf_op *op, unsigned caps) {
    if (op->deferred && !(caps & SF_CAP_DEFER))
        return 0;
    if (!(caps & SF_CAP_SCOPES)) {
        if (op->kind == SF_OP_CANCEL && op->scope != 0)
            return 0;
        if (sf_op_uses_(sf_op_info_of(op->kind)) & SF_USE_SCOPE)
            op->scope = 0;
        op->dscope = 0;
    }
    if (op->kind == SF_OP_OPEN && !(caps & SF_CAP_DEADLINE))
        op->num = 0;
    if (op->kind == SF_OP_OPEN && !(caps & SF_CAP_SUPERVISOR))
        op->flag = 0;
    return 1;
}

/* Restricts one body in place; returns the number of ops changed. */
static int restrict_body(sf_body *b, unsigned caps) {
    int changed = 0;
    unsigned out = 0;
    for (unsigned i = 0; i < b->nops; i++) {
        sf_op op = b->ops[i];
        int keep = map_operands(&op, caps) && map_kind(&op, caps);
        changed += !keep || memcmp(&op, &b->ops[i], sizeof op) != 0;
        if (keep)
            b->ops[out++] = op;
    }
    b->nops = (uint8_t)out;
    return changed;
}

int sf_prog_restrict(sf_prog *p, unsigned caps) {
    if (sf_prog_validate(p, NULL, 0) != SF_PROG_OK)
        return SF_PROG_EINVAL;
    int changed = 0;
    for (unsigned i = 0; i < p->nbodies; i++)
        changed += restrict_body(&p->bodies[i], caps);
    return changed;
}
