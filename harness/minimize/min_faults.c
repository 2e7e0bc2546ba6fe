/* min_faults.c - drop the faults the failure does not need: the listed
 * faults (`fail` lines) in chunks, then the strategy's fault kinds
 * (`faults` line) of a program that is not a replay. */
#include <string.h>

#include "min_int.h"

static size_t count_fails(const sf_prog *p) { return p->nfails; }

static int remove_fails(sf_prog *c, size_t lo, size_t hi) {
    if (hi <= lo)
        return 0;
    memmove(&c->fails[lo], &c->fails[hi], (c->nfails - hi) * sizeof c->fails[0]);
    c->nfails = (uint8_t)(c->nfails - (hi - lo));
    return 1;
}

/* The whole `faults` line at once: a failure that needs the strategy's
 * faults keeps it (its seed decides which points fail). */
static int drop_kinds(min_ctx *m) {
    if (m->cur.fault_kinds == 0 || min_stopped(m))
        return 0;
    sf_prog c;
    if (sf_prog_copy(&c, &m->cur) != SF_PROG_OK) {
        m->err = SF_MIN_ENOMEM;
        return 0;
    }
    c.fault_kinds = 0;
    c.fault_rate = 0;
    return min_try(m, &c, "faults");
}

int min_phase_faults(min_ctx *m) {
    return min_chunks(m, count_fails, remove_fails, "faults") + drop_kinds(m);
}

int min_fault_needed(const sf_prog *p, size_t i, sf_min_pred pred, void *ctx, unsigned long *runs) {
    sf_prog c;
    if (sf_prog_copy(&c, p) != SF_PROG_OK)
        return SF_MIN_ENOMEM;
    remove_fails(&c, i, i + 1);
    int r = sf_prog_validate(&c, NULL, 0) == SF_PROG_OK ? pred(&c, ctx) : 0;
    if (runs != NULL)
        (*runs)++;
    sf_prog_free(&c);
    return r < 0 ? SF_MIN_EPRED : r == 0;
}
