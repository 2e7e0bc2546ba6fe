/* sched_parse_fault.c - the fault lines of a .sched header:
 *   faults KIND... [rate N]   the kinds the strategy may fail (or `all`)
 *   fail KIND #N              inject the N-th fault point of KIND
 * In a `fail` line, `#` right before a digit is the point's number, not a
 * comment (a comment's `#` is followed by a space or ends the line). */
#include <string.h>

#include "sched_int.h"

static int fault_kind(sched_parser *ps, const sched_tok *t, unsigned *kind) {
    char q[32];
    if (sim_fault_parse_n(t->s, t->n, kind) == 0)
        return SF_PROG_OK;
    return sched_fail(ps, t->col, "unknown fault kind '%s' (alloc, spawn, wake, timeout)",
                      sched_quote(t, q));
}

/* faults KIND... [rate N] */
int sched_parse_faults(sched_parser *ps) {
    sched_tok t;
    int rc = sched_need(ps, &t, "fault kind (alloc, spawn, wake, timeout, all)");
    unsigned kinds = 0, kind;
    if (rc != SF_PROG_OK)
        return rc;
    do {
        if (sched_is(&t, "rate")) {
            uint64_t n;
            if (!kinds)
                return sched_expected(ps, &t, "fault kind before 'rate'");
            if ((rc = sched_need(ps, &t, "number")) != SF_PROG_OK ||
                (rc = sched_number(ps, &t, 1, SF_MAX_FAULT_RATE, "fault rate", &n)) != SF_PROG_OK)
                return rc;
            ps->p->fault_rate = (uint32_t)n;
            rc = sched_end(ps);
            break;
        }
        if (sched_is(&t, "all")) {
            kinds |= SIM_FAULT_ALL;
            continue;
        }
        if ((rc = fault_kind(ps, &t, &kind)) != SF_PROG_OK)
            return rc;
        if (kinds & (1u << kind))
            return sched_fail(ps, t.col, "duplicate fault kind '%s'", sim_fault_name(kind));
        kinds |= 1u << kind;
    } while ((rc = sched_next(ps, &t)) == 1);
    ps->p->fault_kinds = kinds;
    return rc < 0 ? rc : SF_PROG_OK;
}

/* The `#N` after the kind, read from the raw line (the lexer would take it
 * for a comment). */
static int fault_number(sched_parser *ps, uint32_t *nth) {
    while (ps->pos < ps->len && (ps->line[ps->pos] == ' ' || ps->line[ps->pos] == '\t'))
        ps->pos++;
    size_t col = ps->pos + 1;
    if (ps->pos + 1 >= ps->len || ps->line[ps->pos] != '#' || ps->line[ps->pos + 1] < '0' ||
        ps->line[ps->pos + 1] > '9')
        return sched_fail(ps, col, "expected the fault point's number '#N' (N >= 1)");
    ps->pos++;
    sched_tok t;
    int rc = sched_next(ps, &t);
    uint64_t n;
    if (rc < 0)
        return rc;
    t.col = col; /* errors point at the '#' */
    if ((rc = sched_number(ps, &t, 1, UINT32_MAX, "fault point number", &n)) != SF_PROG_OK)
        return rc;
    *nth = (uint32_t)n;
    return SF_PROG_OK;
}

/* fail KIND #N */
int sched_parse_fail(sched_parser *ps, const sched_tok *kw) {
    sched_tok t;
    unsigned kind;
    uint32_t nth;
    int rc = sched_need(ps, &t, "fault kind (alloc, spawn, wake, timeout)");
    if (rc != SF_PROG_OK || (rc = fault_kind(ps, &t, &kind)) != SF_PROG_OK ||
        (rc = fault_number(ps, &nth)) != SF_PROG_OK)
        return rc;
    for (unsigned i = 0; i < ps->p->nfails; i++)
        if (ps->p->fails[i].kind == kind && ps->p->fails[i].nth == nth)
            return sched_fail(ps, kw->col, "duplicate 'fail %s #%u'", sim_fault_name(kind), nth);
    if (sf_prog_add_fail(ps->p, kind, nth) != SF_PROG_OK)
        return sched_fail(ps, kw->col, "too many 'fail' lines (max %u)", SF_MAX_FAILS);
    return sched_end(ps);
}
