/* sim_run(): one run from task 0 to its outcome; determinism check; results. */
#include "internal.h"
#include "san.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local uint64_t t_generation;

static sim_config with_defaults(const sim_config *c) {
    sim_config d = *c;
    if (!d.max_tasks)
        d.max_tasks = 1024;
    if (!d.max_steps)
        d.max_steps = 1000000;
    if (!d.max_vtime)
        d.max_vtime = (int64_t)3600 * 1000000000;
    return d;
}

static void run_once(const sim_config *cfg, void (*main_fn)(void *), void *arg, sim_result *res) {
    sim_state S = {.cfg = with_defaults(cfg),
                   .generation = ++t_generation,
                   .res = res,
                   .count_faults = cfg->nfails || cfg->fault_kinds};
    *res = (sim_result){.hash = sim_trace_hash_init()};
    sim_fiber_self(&S.main_ctx);
    sim_strategy_init(&S);
    sim_g = &S;
    struct sfp_task *t0 = sim_task_new(&S, main_fn, arg, "main");
    if (!t0) {
        fputs("scopefuzz sim: cannot create the main task (out of memory)\n", stderr);
        abort();
    }
    S.cur = t0;
    sim_trace(&S, SIM_EV_START, 0, 0);
    sim_sync_release(&S, t0);
    sim_fiber_switch(&S.main_ctx, t0->fiber);
    sim_g = NULL;
    res->outcome = S.outcome;
    res->vtime = S.vtime;
    res->tasks = S.ntasks;
    if (S.outcome != SIM_OK)
        res->report = sim_report_build(&S);
    sim_surw_finish(&S);
    sim_task_discard_all(&S);
}

/* Second run replaying the first one's decisions; a different hash marks
 * the first result SIM_NONDETERMINISTIC. */
static void check_replay(const sim_config *cfg, void (*main_fn)(void *), void *arg,
                         sim_result *res) {
    size_t n;
    uint8_t *enc = sim_decisions_encode(res, &n);
    if (!enc) {
        fputs("scopefuzz sim: out of memory\n", stderr);
        abort();
    }
    sim_config c2 = *cfg;
    c2.strategy = SIM_REPLAY;
    c2.bytes = enc;
    c2.nbytes = n;
    c2.record_trace = 0;
    c2.check_determinism = 0;
    c2.fault_kinds = 0;
    c2.fails = res->faults;
    c2.nfails = res->nfaults;
    sim_result r2;
    if (cfg->on_replay)
        cfg->on_replay(cfg->on_replay_ctx, SIM_REPLAY_BEFORE, NULL);
    run_once(&c2, main_fn, arg, &r2);
    int differs = cfg->on_replay && cfg->on_replay(cfg->on_replay_ctx, SIM_REPLAY_AFTER, &r2);
    if (r2.hash != res->hash || differs) {
        res->outcome = SIM_NONDETERMINISTIC;
        free(res->report);
        res->report = sim_report_nondeterministic(res, &r2);
    }
    sim_result_free(&r2);
    free(enc);
}

int sim_run(const sim_config *cfg, void (*main_fn)(void *), void *arg, sim_result *res) {
    if (!cfg || !main_fn || !res || sim_g || (unsigned)cfg->strategy >= SIM_NSTRATEGIES)
        return -1;
    if ((sim_strategy_flags(cfg->strategy) & (SIM_SF_BYTES | SIM_SF_DECISIONS)) && !cfg->bytes &&
        cfg->nbytes)
        return -1;
    if (cfg->nfails && !cfg->fails)
        return -1;
    run_once(cfg, main_fn, arg, res);
    if (cfg->check_determinism)
        check_replay(cfg, main_fn, arg, res);
    return 0;
}

void sim_result_free(sim_result *res) {
    if (!res)
        return;
    sim_free(res->decisions);
    sim_free(res->events);
    sim_free(res->faults);
    sim_profile_free(&res->profile);
    free(res->report);
    memset(res, 0, sizeof *res);
}

uint8_t *sim_decisions_encode(const sim_result *res, size_t *n) {
    uint8_t *b = malloc(res->ndecisions * 4 + 1);
    if (!b)
        return NULL;
    for (size_t i = 0; i < res->ndecisions; i++) {
        uint32_t v = res->decisions[i];
        b[4 * i] = (uint8_t)v;
        b[4 * i + 1] = (uint8_t)(v >> 8);
        b[4 * i + 2] = (uint8_t)(v >> 16);
        b[4 * i + 3] = (uint8_t)(v >> 24);
    }
    *n = res->ndecisions * 4;
    return b;
}
