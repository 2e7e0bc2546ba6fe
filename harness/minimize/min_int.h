/* min_int.h - internals shared by the minimizer's phases. */
#ifndef SF_MIN_INT_H
#define SF_MIN_INT_H

#include "minimize.h"

typedef struct min_ctx {
    sf_prog cur; /* the smallest failing program so far */
    sf_min_pred pred;
    void *ctx;
    const sf_min_opts *opts;
    unsigned long runs, max_runs;
    int err; /* first SF_MIN_E* met, sticky */
} min_ctx;

/* A candidate edit of `c` (a fresh copy of the current program) at item
 * range [lo, hi): returns 1 if it changed something, 0 if not (the
 * candidate is then not run). */
typedef int (*min_edit)(sf_prog *c, size_t lo, size_t hi);
/* Number of items an edit ranges over in p. */
typedef size_t (*min_count)(const sf_prog *p);

/* Runs candidate c (already edited): validates, calls the predicate within
 * budget, and on success makes c the current program (c is then consumed;
 * otherwise it is freed).  Returns 1 accepted, 0 rejected or stopped. */
int min_try(min_ctx *m, sf_prog *c, const char *phase);

/* 1 if the minimization must stop (error or budget). */
int min_stopped(const min_ctx *m);

/* Chunked pass: for chunk sizes n/2, n/4, ..., 1, applies edit to each
 * chunk of the current program and keeps what still fails.  Returns the
 * number of accepted candidates. */
int min_chunks(min_ctx *m, min_count count, min_edit edit, const char *phase);

/* Flat op indexing over all bodies. */
size_t min_count_ops(const sf_prog *p);
/* Removes flat ops [lo, hi) from c. */
int min_remove_ops(sf_prog *c, size_t lo, size_t hi);

/* Drops body k (1 <= k < nbodies): removes every spawn of k, renumbers the
 * spawns of later bodies. */
void min_drop_body(sf_prog *c, unsigned k);

/* The phases; each returns the number of accepted candidates. */
int min_phase_tasks(min_ctx *m);
int min_phase_ops(min_ctx *m);
int min_phase_operands(min_ctx *m);
int min_phase_sched(min_ctx *m);
int min_phase_faults(min_ctx *m);

/* 1 if p without listed fault i no longer fails, 0 if it still does, < 0
 * on an error; *runs (may be NULL) counts the predicate call. */
int min_fault_needed(const sf_prog *p, size_t i, sf_min_pred pred, void *ctx, unsigned long *runs);

#endif
