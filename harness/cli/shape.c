/* shape.c - shapes real cleanup code has and random records rarely make,
 * given to the random programs of `explore` (gen.c) before pairing:
 * - results: a `return error` passes on a cancellation or a timeout
 *   instead, half the time (a task returning the status a call gave it);
 * - supervisor: an `open` is a supervisor scope, a quarter of the time;
 * - resources: operands name the channels and scopes the program makes
 *   (as syzkaller's calls take resources earlier calls produced), in half
 *   the programs: a channel or scope slot no `chan` / `open` fills is
 *   renamed to one that is filled;
 * - loop: one send, receive or select is repeated (a producer's or a
 *   consumer's loop), in a quarter of the programs;
 * - pool: one spawn is repeated up to three times (workers running the
 *   same body), in a quarter;
 * - deadline: one spawn runs its task in a new child scope with a
 *   deadline (a worker bounded by a timeout), in a quarter.
 * Every choice comes from *rng, so program i of a seed stays the same. */
#include <string.h>

#include "gen.h"

static uint64_t next(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int chance(uint64_t *rng, unsigned one_in) { return next(rng) % one_in == 0; }

static int is_xfer(const sf_op *op) {
    return !op->deferred &&
           (op->kind == SF_OP_SEND || op->kind == SF_OP_RECV || op->kind == SF_OP_TRY_SEND ||
            op->kind == SF_OP_TRY_RECV || op->kind == SF_OP_SELECT);
}

static int is_spawn(const sf_op *op) { return !op->deferred && op->kind == SF_OP_SPAWN; }

/* A random op of p for which pick() holds: its body and index, or 0. */
static int choose(const sf_prog *p, int (*pick)(const sf_op *), uint64_t *rng, int *b, int *i) {
    unsigned n = 0;
    for (int k = 0; k < p->nbodies; k++)
        for (int j = 0; j < p->bodies[k].nops; j++)
            n += (unsigned)pick(&p->bodies[k].ops[j]);
    if (n == 0)
        return 0;
    unsigned want = (unsigned)(next(rng) % n);
    for (int k = 0; k < p->nbodies; k++)
        for (int j = 0; j < p->bodies[k].nops; j++)
            if (pick(&p->bodies[k].ops[j]) && want-- == 0)
                return *b = k, *i = j, 1;
    return 0;
}

/* Inserts op before index i of body b (room checked by the caller). */
static void insert(sf_body *body, int i, const sf_op *op) {
    memmove(&body->ops[i + 1], &body->ops[i], (size_t)(body->nops - i) * sizeof body->ops[0]);
    body->ops[i] = *op;
    body->nops++;
}

static void results_and_supervisors(sf_prog *p, uint64_t *rng) {
    for (int b = 0; b < p->nbodies; b++) {
        for (int i = 0; i < p->bodies[b].nops; i++) {
            sf_op *op = &p->bodies[b].ops[i];
            if (op->kind == SF_OP_RETURN && op->flag == SF_RET_ERROR && chance(rng, 2))
                op->flag = chance(rng, 2) ? SF_RET_CANCELLED : SF_RET_TIMEOUT;
            else if (op->kind == SF_OP_OPEN && chance(rng, 4))
                op->flag = 1;
        }
    }
}

/* Renames slot *v (0..max-1, bit k of `made`: slot k is filled) to a
 * filled one if it is not. */
static void name_made(uint8_t *v, unsigned made, unsigned max) {
    if (made == 0 || (made >> *v) & 1u)
        return;
    unsigned n = 0, slots[16];
    for (unsigned k = 0; k < max; k++)
        if ((made >> k) & 1u)
            slots[n++] = k;
    *v = (uint8_t)slots[*v % n];
}

static void resources(sf_prog *p) {
    unsigned chans = 0, scopes = 1u; /* s0 is always there */
    for (int b = 0; b < p->nbodies; b++)
        for (int i = 0; i < p->bodies[b].nops; i++) {
            const sf_op *op = &p->bodies[b].ops[i];
            if (op->kind == SF_OP_CHAN)
                chans |= 1u << op->chan;
            else if (op->kind == SF_OP_OPEN)
                scopes |= 1u << op->slot;
        }
    scopes |= 1u << SF_SCOPE_PARENT;
    for (int b = 0; b < p->nbodies; b++)
        for (int i = 0; i < p->bodies[b].nops; i++) {
            sf_op *op = &p->bodies[b].ops[i];
            const sf_op_info *info = sf_op_info_of(op->kind);
            if (info->arg == SF_ARG_CHAN && op->kind != SF_OP_CHAN)
                name_made(&op->chan, chans, SF_MAX_CHANS);
            for (unsigned c = 0; c < op->ncases; c++)
                name_made(&op->cases[c].chan, chans, SF_MAX_CHANS);
            if (info->arg == SF_ARG_SCOPE || (info->kw & SF_KW_IN))
                name_made(&op->scope, scopes, SF_NSCOPE_REFS);
            if (op->deferred)
                name_made(&op->dscope, scopes, SF_NSCOPE_REFS);
        }
}

static void loop(sf_prog *p, uint64_t *rng) {
    int b, i;
    if (!choose(p, is_xfer, rng, &b, &i))
        return;
    sf_body *body = &p->bodies[b];
    unsigned room = SF_MAX_OPS - body->nops;
    for (unsigned n = room ? 1 + (unsigned)(next(rng) % room) : 0; n > 0; n--)
        insert(body, i, &body->ops[i]);
}

static void pool(sf_prog *p, uint64_t *rng) {
    int b, i;
    if (!choose(p, is_spawn, rng, &b, &i))
        return;
    sf_body *body = &p->bodies[b];
    for (unsigned n = 1 + (unsigned)(next(rng) % 3); n > 0 && body->nops < SF_MAX_OPS; n--)
        insert(body, i, &body->ops[i]);
}

static void deadline(sf_prog *p, uint64_t *rng) {
    int b, i;
    if (!choose(p, is_spawn, rng, &b, &i) || p->bodies[b].nops >= SF_MAX_OPS)
        return;
    sf_op open;
    memset(&open, 0, sizeof open);
    open.kind = SF_OP_OPEN;
    open.slot = (uint8_t)(1 + next(rng) % (SF_MAX_SCOPES - 1));
    open.scope = p->bodies[b].ops[i].scope; /* a child of where it ran */
    open.num = (uint16_t)(1 + next(rng) % SF_MAX_TIME);
    p->bodies[b].ops[i].scope = open.slot;
    insert(&p->bodies[b], i, &open);
}

void cli_shape(sf_prog *p, uint64_t *rng) {
    results_and_supervisors(p, rng);
    if (chance(rng, 2))
        resources(p);
    if (chance(rng, 4))
        loop(p, rng);
    if (chance(rng, 4))
        pool(p, rng);
    if (chance(rng, 4))
        deadline(p, rng);
}
