/* gen.h - random programs for `scopefuzz explore`. */
#ifndef SF_CLI_GEN_H
#define SF_CLI_GEN_H

#include "cli.h"

typedef struct cli_gen_opts {
    uint64_t seed;         /* --seed */
    size_t size;           /* max random bytes per program, >= 1 */
    cli_target target;     /* op set */
    unsigned caps;         /* the driver's capabilities */
    sim_strategy strategy; /* SIM_RANDOM or SIM_PCT */
    uint32_t depth;        /* PCT depth */
    /* The portfolio (explore without --strategy / --target): program i
     * takes its op set and strategy from cli_gen_pick(), not from above. */
    int portfolio_strategy, portfolio_target;
    /* --faults: CLI_FAULTS_* (cli.h: which programs the strategy may inject
     * faults into: every fault kind, one point in 4, 16 or 64). */
    int faults;
    unsigned fault_kinds; /* the kinds (bits 1u << SIM_FAULT_*) */
} cli_gen_opts;

/* The portfolio's choice for program i: the full op set (mixed, the first
 * row of harness/interp/targets.h) in every other program, the other rows
 * in turn in the rest; within each, POS, the random walk, POS, PCT in turn,
 * PCT at depth 2, 3, 5 in turn (only the random walk for drivers without
 * scopes, cancel and sleep, which PCT and POS drive into livelock).
 * Deterministic in i; the case a failure writes records the strategy, seed
 * and depth, and its ops. */
void cli_gen_pick(const cli_gen_opts *g, uint64_t i, cli_target *target, sim_strategy *strategy,
                  uint32_t *depth);

/* Makes *p (overwritten) program number i of g: deterministic in (g, i),
 * valid, shaped (cli_shape), three in four paired (sf_prog_pair: partner
 * tasks so that it can finish), restricted to g->caps, with strategy
 * g->strategy and a seed of its own, and fault kinds and rate as g->faults
 * says.  0, or -1 out of memory. */
int cli_gen(const cli_gen_opts *g, uint64_t i, sf_prog *p);

/* Gives the valid program *p, in place, shapes that cleanup bugs need and
 * random records seldom make (shape.c: passed-on cancellations and
 * timeouts, supervisor scopes, operands that name made objects, a loop, a
 * pool of workers, a worker under a deadline), each by chances drawn from
 * *rng (splitmix64 state).  p stays valid.  Never fails. */
void cli_shape(sf_prog *p, uint64_t *rng);

#endif
