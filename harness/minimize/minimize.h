/*
 * minimize.h - delta debugging of failing programs (harness/prog/prog.h):
 * shrinks the tasks, the operations, their operands and the replay schedule
 * of a program while a caller-supplied predicate says "still fails the same
 * way", until no single step helps (a fixpoint), then checks 1-minimality.
 *
 * The minimizer never runs anything itself: the predicate does (the CLI
 * runs the interpreter, in-process or in a forked child; unit tests use a
 * synthetic predicate).  Candidates are always valid programs
 * (sf_prog_validate); invalid ones are skipped without calling the
 * predicate.
 *
 * Phases, repeated until a whole round changes nothing:
 *   tasks     drop whole bodies (>= 1), renumbering spawns, removing the
 *             spawns of the dropped body;
 *   ops       remove chunks of operations (halves, quarters, ... singles)
 *             over all bodies;
 *   operands  simplify one operand at a time: no defer, scopes -> s0,
 *             numbers (capacity, time, deadline) -> 0 or halved, fewer select
 *             cases, no select default, `return error` -> `return ok`;
 *   schedule  only for strategy replay: truncate the decision list, zero
 *             decisions (0 = the first runnable task: fewer preemptions),
 *             remove chunks of decisions, lower the others to 1, then to
 *             the smallest value that still fails (a replay takes v among
 *             n choices as v mod n: no value is left that no run takes);
 *   faults    remove chunks of listed faults (`fail` lines), then the
 *             strategy's fault kinds (`faults` line) if the failure does
 *             not need them.
 * 1-minimal means: removing any single operation or listed fault, or
 * zeroing any single nonzero decision, makes the predicate false.
 *
 * Error codes: SF_MIN_OK (0) or a negative SF_MIN_E*.
 */
#ifndef SF_MINIMIZE_H
#define SF_MINIMIZE_H

#include <stddef.h>

#include "prog.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
    SF_MIN_OK = 0,
    SF_MIN_EINVAL = -1,   /* invalid program or arguments */
    SF_MIN_ENOMEM = -2,   /* out of memory */
    SF_MIN_ENOTFAIL = -3, /* the input program does not satisfy the predicate */
    SF_MIN_EPRED = -4     /* the predicate reported an error (returned < 0) */
};

/* Returns 1 if `cand` still fails the same way, 0 if not, < 0 on an error
 * that must stop the minimization (its value is not interpreted). */
typedef int (*sf_min_pred)(const sf_prog *cand, void *ctx);

typedef struct sf_min_opts {
    unsigned long max_runs; /* predicate calls allowed; 0: 200000 */
    /* Called after every accepted candidate (may be NULL): phase name and
     * the new current program. */
    void (*progress)(const char *phase, const sf_prog *cur, void *ctx);
} sf_min_opts;

typedef struct sf_min_stats {
    size_t ops_before, ops_after;         /* sf_prog_nops */
    unsigned tasks_before, tasks_after;   /* nbodies */
    size_t dec_before, dec_after;         /* replay decisions */
    size_t nz_before, nz_after;           /* nonzero replay decisions */
    unsigned faults_before, faults_after; /* listed faults (`fail` lines) */
    unsigned long runs;                   /* predicate calls */
    int one_minimal;                      /* 1: verified 1-minimal */
    int budget_hit;                       /* 1: max_runs reached, result may not be minimal */
} sf_min_stats;

/* Shrinks *p in place while pred(candidate, ctx) returns 1.  opts and st
 * may be NULL.  *p must be valid and satisfy the predicate.
 * SF_MIN_OK (also when the budget ran out: st->budget_hit);
 * SF_MIN_EINVAL (p or pred NULL, p invalid); SF_MIN_ENOTFAIL;
 * SF_MIN_ENOMEM; SF_MIN_EPRED.  On error *p is unchanged. */
int sf_minimize(sf_prog *p, sf_min_pred pred, void *ctx, const sf_min_opts *opts, sf_min_stats *st);

/* Checks that removing any single op or listed fault, or zeroing any
 * single nonzero replay decision, makes pred false.  *runs (may be NULL) is increased by the
 * predicate calls made.  Returns 1 (1-minimal), 0 (a smaller failing program
 * exists), SF_MIN_ENOMEM or SF_MIN_EPRED. */
int sf_min_is_1minimal(const sf_prog *p, sf_min_pred pred, void *ctx, unsigned long *runs);

/* Number of nonzero replay decisions of p (0 unless strategy replay). */
size_t sf_min_nonzero(const sf_prog *p);

#ifdef __cplusplus
}
#endif
#endif
