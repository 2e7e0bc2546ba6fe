/* Strategies: random walk, PCT, POS, byte stream, replay; decision recording. */
#include "internal.h"

#include <stdint.h>

static uint64_t pct_k(const sim_state *S) { return S->cfg.pct_steps ? S->cfg.pct_steps : 1000; }

void sim_strategy_init(sim_state *S) {
    sim_rng_seed(&S->rng, S->cfg.seed);
    if (S->cfg.strategy == SIM_SURW)
        sim_surw_init(S);
    if (S->cfg.strategy != SIM_PCT)
        return;
    uint32_t d = S->cfg.pct_depth ? S->cfg.pct_depth : 1;
    S->pct_nchange = d - 1 > 32 ? 32 : d - 1;
    for (uint32_t i = 0; i < S->pct_nchange; i++)
        S->pct_change[i] = 1 + sim_rng_below(&S->rng, pct_k(S));
}

/* PCT: a new task gets a random priority above every change-point priority
 * (1..d-1), so its rank among the running tasks is uniform.  POS: every new
 * event gets a fresh random priority; a new task's first event is one. */
void sim_strategy_task_started(sim_state *S, struct sfp_task *t) {
    if (S->cfg.strategy == SIM_SURW)
        sim_surw_task_started(S, t);
    else if (sim_strategy_flags(S->cfg.strategy) & SIM_SF_PRIORITY)
        t->prio = 64 + (sim_rng_next(&S->rng) >> 8);
}

/* POS: a task that becomes runnable waits at a new event (its wake-up). */
void sim_strategy_woken(sim_state *S, struct sfp_task *t) {
    if (S->cfg.strategy == SIM_POS)
        t->prio = 64 + (sim_rng_next(&S->rng) >> 8);
}

/* Synchronization events conflict when they name the same object; events
 * without an object (yield, clock, task start) conflict with nothing. */
void sim_strategy_pending(sim_state *S, uint32_t kind, uint64_t object) {
    if (S->cfg.strategy != SIM_POS && S->cfg.strategy != SIM_SURW)
        return;
    int sync = kind == SIM_EV_LOCK || kind == SIM_EV_UNLOCK || kind == SIM_EV_WAIT ||
               kind == SIM_EV_SIGNAL || kind == SIM_EV_BROADCAST || kind == SIM_EV_JOIN;
    uint64_t key = sync && object ? object | 1ull << 63 : 0;
    S->cur->pend = (struct sim_pending){kind == SIM_EV_EXIT ? SIM_KEY_EXIT : key, 1};
    /* SURW: a new event to perform, except a wait, which a task blocks in
     * as part of the event it performed (a lock's, a condition wait's) */
    if (kind != SIM_EV_WAIT)
        S->cur->urw.done = 0;
}

static int conflict(struct sim_pending a, struct sim_pending b) {
    return a.key != 0 && a.key == b.key && (a.write || b.write);
}

/* POS (Yuan et al., CAV 2018): the task whose pending event has the highest
 * priority runs.  The running task has just finished the event it was
 * chosen for and waits at a new one, which gets a fresh priority; so does
 * every pending event that conflicts with the finished one (a race: their
 * order is what the next choice samples).  The other priorities stay, so a
 * task that drew a low priority stays delayed across many steps, the
 * reordering most bugs need, and unlike PCT no task is starved forever. */
static uint32_t pos_pick(sim_state *S) {
    struct sfp_task *cur = S->cur;
    for (uint32_t i = 0; i < S->nrun; i++) {
        struct sfp_task *t = S->runq[i];
        if (t != cur && conflict(t->pend, cur->ran))
            t->prio = 64 + (sim_rng_next(&S->rng) >> 8);
    }
    cur->prio = 64 + (sim_rng_next(&S->rng) >> 8);
    uint32_t best = 0;
    for (uint32_t i = 1; i < S->nrun; i++) {
        if (S->runq[i]->prio > S->runq[best]->prio)
            best = i;
    }
    return best;
}

/* PCT: at change point i (1-based) the running task drops to priority i. */
void sim_strategy_step(sim_state *S) {
    for (uint32_t i = 0; i < S->pct_nchange; i++) {
        if (S->pct_change[i] == S->res->steps)
            S->cur->prio = i + 1;
    }
}

static uint32_t bytes_next(sim_state *S, uint32_t n) {
    size_t need = n <= 0x100 ? 1 : n <= 0x10000 ? 2 : 4;
    if (S->byte_pos + need > S->cfg.nbytes) {
        S->byte_pos = S->cfg.nbytes;
        return 0;
    }
    uint32_t v = 0;
    for (size_t i = 0; i < need; i++)
        v |= (uint32_t)S->cfg.bytes[S->byte_pos + i] << (8 * i);
    S->byte_pos += need;
    return v % n;
}

static uint32_t replay_next(sim_state *S, uint32_t n) {
    if (S->byte_pos + 4 > S->cfg.nbytes)
        return 0;
    const uint8_t *b = S->cfg.bytes + S->byte_pos;
    uint32_t v = b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    S->byte_pos += 4;
    return v < n ? v : v % n;
}

static uint32_t raw_decide(sim_state *S, uint32_t n) {
    switch (S->cfg.strategy) {
        case SIM_BYTES:
            return bytes_next(S, n);
        case SIM_REPLAY:
            return replay_next(S, n);
        default:
            return sim_rng_below(&S->rng, n);
    }
}

void sim_decision_record(sim_state *S, uint32_t v) {
    sim_result *r = S->res;
    if (r->ndecisions == S->cap_decisions) {
        S->cap_decisions = S->cap_decisions ? 2 * S->cap_decisions : 64;
        r->decisions = sim_xrealloc(r->decisions, S->cap_decisions * sizeof *r->decisions);
    }
    r->decisions[r->ndecisions++] = v;
    if (S->cfg.on_decision)
        S->cfg.on_decision(S->cfg.on_decision_ctx, v);
}

static uint32_t pct_pick(const sim_state *S) {
    uint32_t best = 0;
    for (uint32_t i = 1; i < S->nrun; i++) {
        if (S->runq[i]->prio > S->runq[best]->prio)
            best = i;
    }
    return best;
}

/* cfg.relative_picks: where decision 0 points in the run queue: the
 * current task if it can go on, else the next task after it by id. */
static uint32_t rel_base(const sim_state *S) {
    for (uint32_t i = 0; i < S->nrun; i++)
        if (S->runq[i]->id >= S->cur->id)
            return i;
    return 0;
}

uint32_t sim_strategy_pick(sim_state *S, uint32_t extra) {
    uint32_t base = S->cfg.relative_picks ? rel_base(S) : 0, idx, v;
    if (sim_strategy_flags(S->cfg.strategy) & SIM_SF_PRIORITY) {
        idx = S->cfg.strategy == SIM_POS    ? pos_pick(S)
              : S->cfg.strategy == SIM_SURW ? sim_surw_pick(S)
                                            : pct_pick(S);
        v = (idx + S->nrun - base) % S->nrun;
    } else {
        v = raw_decide(S, S->nrun + extra);
        idx = v < S->nrun ? (base + v) % S->nrun : S->nrun;
    }
    sim_decision_record(S, v);
    return idx;
}

/* Task t was picked to run (by a decision or as the only runnable task): it
 * performs its pending event. */
void sim_strategy_chosen(sim_state *S, struct sfp_task *t) {
    t->ran = t->pend; /* POS */
    if (S->surw)
        sim_surw_ran(S, t);
}

/* One point in fault_rate fails: the last value of a choice among
 * fault_rate, so that an exhausted byte stream (0) injects nothing. */
int sim_strategy_fault(sim_state *S) {
    if (S->cfg.strategy == SIM_REPLAY)
        return 0;
    uint32_t rate = S->cfg.fault_rate ? S->cfg.fault_rate : 16;
    return rate <= 1 || raw_decide(S, rate) == rate - 1;
}

uint32_t sim_decide(sim_state *S, uint32_t n) {
    uint32_t v = raw_decide(S, n);
    sim_decision_record(S, v);
    return v;
}
