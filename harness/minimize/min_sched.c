/* min_sched.c - shrink a replay schedule: truncate, zero, remove, lower
 * (to 1, then to the smallest value that still fails). */
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

/* Each decision above 1 that lower_dec could not set to 1: the smallest
 * value that still fails.  A replay takes a value v among n choices as v
 * mod n, and removing decisions shifts later ones to places with fewer
 * choices, so a minimized schedule could hold values no run takes (10
 * where the runtime chooses among 2); the same run's own value v mod n is
 * smaller than v, so after this pass every value is one the run takes. */
static int lowest_pass(min_ctx *m) {
    int accepted = 0;
    for (size_t i = 0; i < m->cur.ndecisions && !min_stopped(m); i++) {
        uint32_t v = m->cur.decisions[i];
        for (uint32_t w = 1; w < v && !min_stopped(m); w++) {
            sf_prog c;
            if (sf_prog_copy(&c, &m->cur) != SF_PROG_OK) {
                m->err = SF_MIN_ENOMEM;
                return accepted;
            }
            c.decisions[i] = w;
            if (min_try(m, &c, "schedule")) {
                accepted++;
                break;
            }
        }
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
    accepted += lowest_pass(m);
    return accepted;
}
