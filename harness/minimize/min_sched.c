/* min_sched.c - shrink a replay schedule: truncate, zero, remove, lower. */
#include <string.h>

#include "min_int.h"

size_t sf_min_nonzero(const sf_prog *p) {
    size_t nz = 0;
    if (p == NULL || p->strategy != SIM_REPLAY)
        return 0;
    for (size_t i = 0; i < p->ndecisions; i++)
        nz += p->decisions[i] != 0;
    return nz;
}

static size_t count_dec(const sf_prog *p) { return p->ndecisions; }

static int zero_dec(sf_prog *c, size_t lo, size_t hi) {
    int changed = 0;
    for (size_t i = lo; i < hi; i++) {
        changed |= c->decisions[i] != 0;
        c->decisions[i] = 0;
    }
    return changed;
}

static int remove_dec(sf_prog *c, size_t lo, size_t hi) {
    memmove(&c->decisions[lo], &c->decisions[hi], (c->ndecisions - hi) * sizeof c->decisions[0]);
    c->ndecisions -= hi - lo;
    return hi > lo;
}

static int lower_dec(sf_prog *c, size_t lo, size_t hi) {
    int changed = 0;
    for (size_t i = lo; i < hi; i++) {
        if (c->decisions[i] > 1) {
            c->decisions[i] = 1;
            changed = 1;
        }
    }
    return changed;
}

/* Cuts the tail: tries the shortest prefixes first, halving the cut. */
static int truncate_pass(min_ctx *m) {
    int accepted = 0;
    for (size_t cut = m->cur.ndecisions; cut >= 1 && !min_stopped(m);) {
        sf_prog c;
        if (sf_prog_copy(&c, &m->cur) != SF_PROG_OK) {
            m->err = SF_MIN_ENOMEM;
            break;
        }
        c.ndecisions -= cut;
        if (min_try(m, &c, "schedule"))
            accepted++;
        else
            cut /= 2;
        if (cut > m->cur.ndecisions)
            cut = m->cur.ndecisions;
    }
    return accepted;
}

int min_phase_sched(min_ctx *m) {
    if (m->cur.strategy != SIM_REPLAY)
        return 0;
    int accepted = truncate_pass(m);
    accepted += min_chunks(m, count_dec, zero_dec, "schedule");
    accepted += min_chunks(m, count_dec, remove_dec, "schedule");
    accepted += min_chunks(m, count_dec, lower_dec, "schedule");
    return accepted;
}
