/* pair.c - sf_prog_pair(): give the channels of a program a partner task
 * so that the program can finish on a correct library (binary format
 * version 2 applies it after decoding; see prog.h). */
#include <string.h>

#include "prog_int.h"

/* Per channel slot: the body that makes it first (-1: none), the index of
 * its last `chan` op there, its capacity, and the blocking sends and
 * receives that can meet it: in bodies task 0 can reach by spawns, before
 * their first `return`/`shutdown`, and in the making body after the
 * `chan` op only. */
typedef struct chan_use {
    int body, last_make;
    unsigned cap, sends, recvs;
} chan_use;

static int ends_body(const sf_op *op) {
    return !op->deferred && (op->kind == SF_OP_RETURN || op->kind == SF_OP_SHUTDOWN);
}

/* The number of ops of body b that can run: 0 when reach[b] is 0 (task 0
 * cannot spawn it), else those before its first `return`/`shutdown`. */
static int live_nops(const sf_prog *p, const uint8_t *reach, int b) {
    int n = 0;
    while (reach[b] && n < p->bodies[b].nops && !ends_body(&p->bodies[b].ops[n]))
        n++;
    return n;
}

/* reach[b] = 1 for the bodies task 0 can spawn, directly or not. */
static void reachable(const sf_prog *p, uint8_t reach[SF_MAX_TASKS]) {
    memset(reach, 0, SF_MAX_TASKS);
    reach[0] = 1;
    for (int changed = 1; changed;) {
        changed = 0;
        for (int b = 0; b < p->nbodies; b++) {
            int n = live_nops(p, reach, b);
            for (int i = 0; i < n; i++) {
                const sf_op *op = &p->bodies[b].ops[i];
                if (op->kind == SF_OP_SPAWN && !reach[op->body])
                    reach[op->body] = 1, changed = 1;
            }
        }
    }
}

static void count(const sf_prog *p, chan_use u[SF_MAX_CHANS]) {
    uint8_t reach[SF_MAX_TASKS];
    reachable(p, reach);
    for (int k = 0; k < SF_MAX_CHANS; k++)
        u[k] = (chan_use){.body = -1, .last_make = -1};
    for (int b = 0; b < p->nbodies; b++) {
        int n = live_nops(p, reach, b);
        for (int i = 0; i < n; i++) {
            const sf_op *op = &p->bodies[b].ops[i];
            chan_use *c = &u[op->chan];
            if (op->kind == SF_OP_CHAN && (c->body < 0 || c->body == b)) {
                if (c->body < 0)
                    c->cap = op->num;
                c->body = b, c->last_make = i;
            }
        }
    }
    for (int b = 0; b < p->nbodies; b++) {
        int n = live_nops(p, reach, b);
        for (int i = 0; i < n; i++) {
            const sf_op *op = &p->bodies[b].ops[i];
            chan_use *c = &u[op->chan];
            if (c->body < 0 || (c->body == b && i < c->last_make))
                continue;
            if (op->kind == SF_OP_SEND)
                c->sends++;
            else if (op->kind == SF_OP_RECV)
                c->recvs++;
        }
    }
}

static void add_op(sf_body *h, sf_op_kind kind, unsigned chan) {
    sf_op *op = &h->ops[h->nops++];
    memset(op, 0, sizeof *op);
    op->kind = (uint8_t)kind;
    op->chan = (uint8_t)chan;
}

/* The partner of the channels body b makes: the sends their receivers
 * miss, or the receives that sends beyond the receives and the capacity
 * need, then a close of each (the closes first in the op budget).
 * Returns its op count. */
static int partner(const chan_use u[SF_MAX_CHANS], int b, sf_body *h) {
    unsigned nclose = 0;
    for (int k = 0; k < SF_MAX_CHANS; k++)
        nclose += u[k].body == b;
    h->nops = 0;
    for (int k = 0; k < SF_MAX_CHANS; k++) {
        if (u[k].body != b)
            continue;
        /* sends beyond the receives fill the buffer first */
        unsigned over = u[k].sends > u[k].recvs + u[k].cap ? u[k].sends - u[k].recvs - u[k].cap : 0;
        unsigned miss = u[k].recvs > u[k].sends ? u[k].recvs - u[k].sends : over;
        sf_op_kind kind = u[k].recvs > u[k].sends ? SF_OP_SEND : SF_OP_RECV;
        for (unsigned j = 0; j < miss && h->nops + nclose < SF_MAX_OPS; j++)
            add_op(h, kind, (unsigned)k);
        add_op(h, SF_OP_CHCLOSE, (unsigned)k);
        nclose--;
    }
    return h->nops;
}

int sf_prog_pair(sf_prog *p) {
    if (sf_prog_validate(p, NULL, 0) != SF_PROG_OK)
        return SF_PROG_EINVAL;
    chan_use u[SF_MAX_CHANS];
    count(p, u);
    int added = 0;
    unsigned nb = p->nbodies; /* the bodies of the program, not the partners */
    for (unsigned b = 0; b < nb && p->nbodies < SF_MAX_TASKS; b++) {
        int at = -1; /* after the last `chan` op of body b that a partner covers */
        for (int k = 0; k < SF_MAX_CHANS; k++)
            if (u[k].body == (int)b && u[k].last_make > at)
                at = u[k].last_make;
        sf_body *body = &p->bodies[b];
        if (at < 0 || body->nops >= SF_MAX_OPS)
            continue;
        sf_body *h = &p->bodies[p->nbodies];
        partner(u, (int)b, h);
        memmove(&body->ops[at + 2], &body->ops[at + 1],
                (size_t)(body->nops - at - 1) * sizeof body->ops[0]);
        memset(&body->ops[at + 1], 0, sizeof body->ops[0]);
        body->ops[at + 1].kind = SF_OP_SPAWN;
        body->ops[at + 1].body = p->nbodies;
        body->nops++;
        p->nbodies++;
        added++;
    }
    return added;
}
