/* Fault points: the run fails the listed (kind, n) points and lets the
 * strategy fail points of the enabled kinds; every injection is recorded
 * (sim_result.faults) and traced, so that a replay injects the same. */
#include "internal.h"

#include <stdint.h>

static int listed(const sim_state *S, unsigned kind, uint32_t nth) {
    for (size_t i = 0; i < S->cfg.nfails; i++)
        if (S->cfg.fails[i].kind == kind && S->cfg.fails[i].nth == nth)
            return 1;
    return 0;
}

static void record(sim_state *S, unsigned kind, uint32_t nth) {
    sim_result *r = S->res;
    if (r->nfaults == S->cap_faults) {
        S->cap_faults = S->cap_faults ? 2 * S->cap_faults : 8;
        r->faults = sim_xrealloc(r->faults, S->cap_faults * sizeof *r->faults);
    }
    r->faults[r->nfaults++] = (sim_fault){kind, nth};
    S->cur->nfaults[kind]++;
    sim_trace(S, SIM_EV_FAULT, kind, nth);
    if (S->cfg.on_fault)
        S->cfg.on_fault(S->cfg.on_decision_ctx, (sim_fault){kind, nth});
}

/* A wait right after a spurious wakeup of the same task is no wake point:
 * spurious wakeups in a row without end would let no wait ever block (a
 * livelock no real system produces). */
int sim_fault_at(sim_state *S, unsigned kind) {
    if (kind >= SIM_NFAULT_KINDS || !S->count_faults)
        return 0; /* a run without faults: no count either, nothing to replay */
    if (kind == SIM_FAULT_WAKE && S->cur->woke_spuriously) {
        S->cur->woke_spuriously = 0;
        return 0;
    }
    uint32_t nth = ++S->fault_points[kind];
    int inject = listed(S, kind, nth);
    if (!inject && (S->cfg.fault_kinds & (1u << kind)))
        inject = sim_strategy_fault(S);
    if (inject)
        record(S, kind, nth);
    if (kind == SIM_FAULT_WAKE)
        S->cur->woke_spuriously = inject;
    return inject;
}

/* Only a wait whose deadline would fire next anyway may time out early:
 * the clock then jumps as if the running tasks were slow, and no other
 * timer is left behind it.  Slow by at most SIM_FAULT_TIMEOUT_HORIZON: a
 * task is late by milliseconds, not by the minutes a frontend gives a
 * shutdown or its watchdog (those assume the other tasks do run). */
int sim_fault_timeout_at(sim_state *S, int64_t deadline) {
    if (!S->count_faults || deadline == INT64_MAX || deadline <= S->vtime ||
        deadline > S->cfg.max_vtime || deadline - S->vtime > SIM_FAULT_TIMEOUT_HORIZON)
        return 0;
    const struct sfp_task *t = sim_earliest_timer(S);
    if (t && t->deadline < deadline)
        return 0;
    if (!sim_fault_at(S, SIM_FAULT_TIMEOUT))
        return 0;
    S->vtime = deadline;
    sim_trace(S, SIM_EV_CLOCK, 0, 0);
    return 1;
}

void sim_set_fault_kinds(unsigned kinds) {
    if (sim_g)
        sim_g->cfg.fault_kinds = kinds & SIM_FAULT_ALL;
}

int sim_fault_point(unsigned kind) { return sim_g ? sim_fault_at(sim_g, kind) : 0; }

int sim_fault_timeout(int64_t deadline) {
    return sim_g ? sim_fault_timeout_at(sim_g, deadline) : 0;
}

uint32_t sim_current_task_faults(unsigned kinds) {
    uint32_t n = 0;
    for (unsigned k = 0; k < SIM_NFAULT_KINDS && sim_g && sim_g->cur; k++)
        if (kinds & (1u << k))
            n += sim_g->cur->nfaults[k];
    return n;
}

size_t sim_current_faults(void) { return sim_g ? sim_g->res->nfaults : 0; }
