/* min_tasks.c - drop whole task bodies, renumbering spawns. */
#include <string.h>

#include "min_int.h"

/* Rewrites the spawns of body b after dropping body k. */
static void fix_spawns(sf_body *b, unsigned k) {
    uint8_t n = 0;
    for (unsigned i = 0; i < b->nops; i++) {
        sf_op op = b->ops[i];
        if (op.kind == SF_OP_SPAWN && op.body == k)
            continue;
        if (op.kind == SF_OP_SPAWN && op.body > k)
            op.body--;
        b->ops[n++] = op;
    }
    memset(&b->ops[n], 0, (b->nops - n) * sizeof b->ops[0]);
    b->nops = n;
}

void min_drop_body(sf_prog *c, unsigned k) {
    memmove(&c->bodies[k], &c->bodies[k + 1], (c->nbodies - k - 1) * sizeof c->bodies[0]);
    c->nbodies--;
    memset(&c->bodies[c->nbodies], 0, sizeof c->bodies[0]);
    for (unsigned b = 0; b < c->nbodies; b++)
        fix_spawns(&c->bodies[b], k);
}

/* Items are bodies 1..nbodies-1 (body 0 is main and stays). */
static size_t count_tasks(const sf_prog *p) { return p->nbodies - 1u; }

static int drop_tasks(sf_prog *c, size_t lo, size_t hi) {
    for (size_t k = hi; k > lo; k--)
        min_drop_body(c, (unsigned)k); /* item k-1 is body k */
    return hi > lo;
}

int min_phase_tasks(min_ctx *m) { return min_chunks(m, count_tasks, drop_tasks, "tasks"); }
