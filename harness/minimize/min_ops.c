/* min_ops.c - remove operations (flat indexing over all bodies). */
#include <string.h>

#include "min_int.h"

size_t min_count_ops(const sf_prog *p) { return sf_prog_nops(p); }

/* Removes ops [lo, hi) of body b (body-local indexes). */
static void body_remove(sf_body *b, size_t lo, size_t hi) {
    memmove(&b->ops[lo], &b->ops[hi], (b->nops - hi) * sizeof b->ops[0]);
    b->nops = (uint8_t)(b->nops - (hi - lo));
    memset(&b->ops[b->nops], 0, (hi - lo) * sizeof b->ops[0]);
}

int min_remove_ops(sf_prog *c, size_t lo, size_t hi) {
    size_t base = 0;
    int changed = 0;
    for (unsigned b = 0; b < c->nbodies; b++) {
        sf_body *body = &c->bodies[b];
        size_t n = body->nops;
        size_t l = lo > base ? lo - base : 0, h = hi > base ? hi - base : 0;
        if (h > n)
            h = n;
        if (l < h) {
            body_remove(body, l, h);
            changed = 1;
        }
        base += n;
    }
    return changed;
}

int min_phase_ops(min_ctx *m) { return min_chunks(m, min_count_ops, min_remove_ops, "ops"); }
