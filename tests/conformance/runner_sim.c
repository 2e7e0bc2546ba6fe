/* runner_sim.c - runs the conformance scenarios under the deterministic
 * runtime (harness/platform/sim/sim.h) for several strategies and seeds:
 * every run must end SIM_OK with no failed check; the first seed of each
 * strategy is also checked for determinism (replayed, same trace hash).
 * Every scenario runs again for every strategy and seed with random faults
 * (one point in 8) of the kinds that return no error (spurious wakeups,
 * early timeouts: harness/platform/sim/faults.h), which the library must
 * absorb.  Scenarios labelled faults take every kind there, and also run
 * once per fault point of each kind with that point failed (until a run no
 * longer reaches the point: every out-of-memory path of the library the
 * scenario can reach).
 *
 * usage: conformance_sim [--verbose] [--seeds N] [--scale N] [scenario...]
 * Scenarios labelled nosim are skipped unless named. */
#include "scenarios.h"

#include <sim.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sim_plan {
    sim_strategy strategy;
    uint32_t depth;
    const char *name;
} sim_plan;

static const sim_plan plans[] = {
    {SIM_RANDOM, 0, "random"},
    {SIM_PCT, 2, "pct2"},
    {SIM_PCT, 3, "pct3"},
};

static int verbose;

/* Task 0 of every run.  sc_abandon() first: when a run fails, the runtime
 * discards its tasks and, with check_determinism, replays at once, before
 * run_seed() can clean the library up (no-op when not initialized). */
static void sim_main(void *arg) {
    sc_abandon();
    conf_run(((const conf_scenario *)arg)->fn);
}

/* Faults of one run: the listed one, or the strategy's (kinds != 0). */
typedef struct fault_plan {
    sim_fault fail; /* kind, nth; nth 0: none listed */
    unsigned kinds;
} fault_plan;

/* One run; returns 1 on failure (printed).  *injected (may be NULL): the
 * faults the run injected. */
static int run_seed(const conf_scenario *s, const sim_plan *p, uint64_t seed, int determinism,
                    const fault_plan *f, size_t *injected) {
    sim_config cfg = {.strategy = p->strategy,
                      .seed = seed,
                      .pct_depth = p->depth,
                      .check_determinism = determinism};
    if (f != NULL) {
        cfg.fails = &f->fail;
        cfg.nfails = f->fail.nth != 0;
        cfg.fault_kinds = f->kinds;
        cfg.fault_rate = 8;
    }
    conf_faults = f != NULL;
    sim_result res;
    if (sim_run(&cfg, sim_main, (void *)s, &res) != 0) {
        fprintf(stderr, "FAIL %s: sim_run refused the configuration\n", s->name);
        return 1;
    }
    int bad = res.outcome != SIM_OK || conf_failures() != 0;
    if (verbose)
        printf("     %s %s seed %llu: %s steps=%llu switches=%llu tasks=%u vtime=%lld\n", s->name,
               p->name, (unsigned long long)seed, sim_outcome_name(res.outcome),
               (unsigned long long)res.steps, (unsigned long long)res.switches, res.tasks,
               (long long)res.vtime);
    if (injected != NULL)
        *injected = res.nfaults;
    if (bad) {
        fprintf(stderr, "FAIL %s %s seed %llu: %s, %zu failed checks\n", s->name, p->name,
                (unsigned long long)seed, sim_outcome_name(res.outcome), conf_failures());
        for (size_t i = 0; i < res.nfaults; i++)
            fprintf(stderr, "     fault injected: fail %s #%u\n",
                    sim_fault_name(res.faults[i].kind), res.faults[i].nth);
        conf_print_failures(stderr);
        if (res.outcome != SIM_OK)
            sim_result_print(&res, stderr);
    }
    sim_outcome outcome = res.outcome;
    sim_result_free(&res);
    if (outcome != SIM_OK)
        sc_abandon(); /* the runtime discarded the scenario's tasks */
    return bad;
}

enum { MAX_POINTS = 1000 };

/* Every fault point of every kind the scenario reaches, failed one at a
 * time (random walk, seed 1, determinism checked); *points counts them. */
static int sweep_faults(const conf_scenario *s, size_t *runs, size_t *points) {
    for (unsigned k = 0; k < SIM_NFAULT_KINDS; k++) {
        for (unsigned nth = 1; nth <= MAX_POINTS; nth++, (*runs)++) {
            fault_plan f = {{k, nth}, 0};
            size_t injected = 0;
            if (run_seed(s, &plans[0], 1, 1, &f, &injected))
                return 1;
            if (injected == 0) /* the run has fewer points of this kind */
                break;
            (*points)++;
        }
    }
    return 0;
}

/* All plans and seeds for one scenario, without faults and with random
 * ones; stops at its first failure. */
static int run_scenario(const conf_scenario *s, uint64_t seeds) {
    size_t runs = 0, points = 0;
    int faults = conf_has_label(s, "faults");
    /* every scenario must bear spurious wakeups and early timeouts, which
     * return no error; the fault scenarios every kind */
    unsigned kinds = faults ? SIM_FAULT_ALL : (1u << SIM_FAULT_WAKE) | (1u << SIM_FAULT_TIMEOUT);
    fault_plan random_faults = {{0, 0}, kinds};
    for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++) {
        for (uint64_t seed = 1; seed <= seeds; seed++, runs++)
            if (run_seed(s, &plans[i], seed, seed == 1, NULL, NULL))
                return 1;
        for (uint64_t seed = 1; seed <= seeds; seed++, runs++)
            if (run_seed(s, &plans[i], seed, seed == 1, &random_faults, NULL))
                return 1;
    }
    if (faults && sweep_faults(s, &runs, &points))
        return 1;
    if (faults)
        printf("ok   %s (%zu runs, %zu fault points each failed once)\n", s->name, runs, points);
    else
        printf("ok   %s (%zu runs)\n", s->name, runs);
    return 0;
}

int main(int argc, char **argv) {
    uint64_t seeds = 50;
    size_t n;
    const conf_scenario *all = conf_table(&n);
    int i = 1, failed = 0;
    conf_scale = 1;
    for (; i < argc && strcmp(argv[i], "--verbose") == 0; i++)
        verbose = 1;
    for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (strcmp(argv[i], "--seeds") == 0)
            seeds = strtoull(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--scale") == 0)
            conf_scale = (int)strtol(argv[i + 1], NULL, 10);
        else
            break;
    }
    if (i < argc && strncmp(argv[i], "--", 2) == 0) {
        fputs("usage: conformance_sim [--verbose] [--seeds N] [--scale N] [scenario...]\n", stderr);
        return 2;
    }
    for (int k = i; k < argc; k++) {
        const conf_scenario *s = conf_find(argv[k]);
        if (!s) {
            fprintf(stderr, "unknown scenario %s\n", argv[k]);
            return 2;
        }
        failed += run_scenario(s, seeds);
    }
    for (size_t k = 0; i == argc && k < n; k++)
        if (!conf_has_label(&all[k], "nosim"))
            failed += run_scenario(&all[k], seeds);
    return failed ? 1 : 0;
}
