/* min_operands.c - simplify one operand of one operation at a time. */
#include <string.h>

#include "min_int.h"

enum { NVARIANTS = 8 + SF_MAX_CASES };

/* Applies simplification v to op; 1 if it changed something. */
static int simplify(sf_op *op, unsigned v) {
    sf_op old = *op;
    if (v == 0 && op->deferred) {
        op->deferred = 0;
        op->dscope = 0;
    } else if (v == 1) {
        op->dscope = 0;
    } else if (v == 2) {
        op->scope = 0;
    } else if (v == 3) {
        op->num = 0;
    } else if (v == 4) {
        op->num /= 2;
    } else if (v == 5 && op->kind == SF_OP_SELECT) {
        op->flag = 0; /* no default */
    } else if (v == 6 && op->kind == SF_OP_RETURN) {
        op->flag = 0; /* return ok */
    } else if (v == 7 && op->kind == SF_OP_SELECT && op->ncases == 1 && !op->flag) {
        sf_case c = op->cases[0];
        memset(op, 0, sizeof *op);
        op->kind = c.dir == SF_DIR_SEND ? SF_OP_SEND : SF_OP_RECV;
        op->chan = c.chan;
    } else if (v >= 8 && op->kind == SF_OP_SELECT && v - 8 < op->ncases && op->ncases > 1) {
        unsigned i = v - 8;
        memmove(&op->cases[i], &op->cases[i + 1], (op->ncases - i - 1) * sizeof op->cases[0]);
        op->ncases--;
        memset(&op->cases[op->ncases], 0, sizeof op->cases[0]);
    }
    return memcmp(&old, op, sizeof old) != 0;
}

/* Items: (flat op index) * NVARIANTS + variant; edits one item only. */
static size_t count_items(const sf_prog *p) { return sf_prog_nops(p) * NVARIANTS; }

static sf_op *flat_op(sf_prog *c, size_t idx) {
    for (unsigned b = 0; b < c->nbodies; b++) {
        if (idx < c->bodies[b].nops)
            return &c->bodies[b].ops[idx];
        idx -= c->bodies[b].nops;
    }
    return NULL;
}

static int edit_item(sf_prog *c, size_t lo, size_t hi) {
    if (hi != lo + 1)
        return 0;
    sf_op *op = flat_op(c, lo / NVARIANTS);
    return op != NULL && simplify(op, (unsigned)(lo % NVARIANTS));
}

int min_phase_operands(min_ctx *m) {
    int accepted = 0;
    for (size_t i = 0; i < count_items(&m->cur) && !min_stopped(m); i++) {
        sf_prog c;
        if (sf_prog_copy(&c, &m->cur) != SF_PROG_OK) {
            m->err = SF_MIN_ENOMEM;
            break;
        }
        if (!edit_item(&c, i, i + 1)) {
            sf_prog_free(&c);
            continue;
        }
        if (min_try(m, &c, "operands"))
            accepted++, i--; /* the same item may simplify again (halving) */
    }
    return accepted;
}
