/* gen.c - the random programs of `explore`: program i of a seed is always
 * the same (splitmix64 over seed and i, decoded with sf_prog_decode, shaped
 * with cli_shape (shape.c), then mostly paired with sf_prog_pair). */
#include <stdlib.h>

#include "gen.h"

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void cli_gen_pick(const cli_gen_opts *g, uint64_t i, cli_target *target, sim_strategy *strategy,
                  uint32_t *depth) {
    /* mixed (every op) in every other program, the narrower op sets in the
     * others; within each, POS, the random walk, POS, PCT in turn, PCT at
     * depth 2, 3, 5 in turn (PCT-1 has no change point) */
    static const uint32_t pct_depths[] = {2, 3, 5};
    static const sim_strategy turn[] = {SIM_POS, SIM_RANDOM, SIM_POS, SIM_PCT};
    *target = g->target;
    *strategy = g->strategy;
    *depth = g->depth;
    uint64_t k = i;
    if (g->portfolio_target) {
        *target = k % 2 == 0 ? 0 : (cli_target)(1 + (k / 2) % (SF_NTARGETS - 1));
        k /= 2;
    }
    /* PCT and POS run a runnable task whenever one can run and move
     * virtual time only when none can: a library that polls (no scopes,
     * cancel or sleep of its own: the interpreter's watchdog then polls it
     * every virtual second) ends in `livelock` under them although it is
     * correct (seen under PCT on example_chan_fixed).  Such drivers get the
     * random walk only. */
    const unsigned full = SF_CAP_SCOPES | SF_CAP_CANCEL | SF_CAP_SLEEP;
    if (g->portfolio_strategy && (g->caps & full) == full) {
        *strategy = turn[k % 4];
        *depth = pct_depths[(k / 4) % 3];
    } else if (g->portfolio_strategy) {
        *strategy = SIM_RANDOM;
    }
}

int cli_gen(const cli_gen_opts *g, uint64_t i, sf_prog *p) {
    cli_target target;
    sim_strategy strategy;
    uint32_t depth;
    cli_gen_pick(g, i, &target, &strategy, &depth);
    uint64_t x = g->seed * 0x100000001b3ull ^ (i + 1) * 0x9e3779b97f4a7c15ull;
    size_t n = 1 + splitmix64(&x) % g->size;
    uint8_t *buf = malloc(n);
    if (buf == NULL)
        return -1;
    for (size_t k = 0; k < n; k++)
        buf[k] = (uint8_t)splitmix64(&x);
    if (sf_prog_format_version(buf, n) != 0)
        buf[0] ^= 1; /* an unprefixed (version 0) program, never a version error */
    int rc = sf_prog_decode(buf, n, p);
    if (rc == SF_PROG_EVERSION) { /* a prefix with a version byte no build reads */
        buf[0] ^= 1;
        rc = sf_prog_decode(buf, n, p);
    }
    /* Paired as binary format version 2 pairs (sf_prog_pair: partner tasks,
     * so that the program can finish), unless bits 6-7 of the header byte
     * (unused by version 0) are both set: a quarter stays odd. */
    int pair = (buf[0] & 0xc0) != 0xc0;
    free(buf);
    if (rc != SF_PROG_OK)
        return -1;
    uint64_t y = x ^ 0x7368617065ull; /* the shapes' own stream: the seed stays */
    cli_shape(p, &y);
    if (pair)
        sf_prog_pair(p);
    sf_interp_mask_kinds(p, cli_target_kinds(target));
    sf_prog_restrict(p, g->caps);
    free(p->decisions);
    free(p->sched);
    sf_prog q;
    sf_prog_init(&q);
    q.nbodies = p->nbodies;
    for (unsigned b = 0; b < p->nbodies; b++)
        q.bodies[b] = p->bodies[b];
    q.strategy = strategy;
    q.seed = splitmix64(&x);
    q.pct_depth = sim_strategy_flags(strategy) & SIM_SF_DEPTH ? depth : 0;
    /* drawn after the seed: the programs without faults stay as they were */
    static const uint32_t rates[] = {4, 16, 64};
    uint64_t f = splitmix64(&x);
    if (g->faults == CLI_FAULTS_ALL || (g->faults == CLI_FAULTS_SOME && f % 4 == 0)) {
        q.fault_kinds = g->fault_kinds;
        q.fault_rate = rates[(f >> 8) % 3];
    }
    *p = q;
    return 0;
}
