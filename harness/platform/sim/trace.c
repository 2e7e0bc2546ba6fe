/* Trace: every event goes into the run's hash, and into the list when
 * record_trace.  The hash is FNV-1a over 64-bit words of event fields that
 * hold ids and counters only, never addresses. */
#include "internal.h"

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME  0x100000001b3ull

uint64_t sim_trace_hash_init(void) { return FNV_OFFSET; }

static uint64_t mix(uint64_t h, uint64_t w) { return (h ^ w) * FNV_PRIME; }

static void append(sim_state *S, const sim_event *e) {
    sim_result *r = S->res;
    if (r->nevents == S->cap_events) {
        S->cap_events = S->cap_events ? 2 * S->cap_events : 256;
        r->events = sim_xrealloc(r->events, S->cap_events * sizeof *r->events);
    }
    r->events[r->nevents++] = *e;
}

void sim_trace(sim_state *S, uint32_t kind, uint64_t object, uint32_t value) {
    sim_event e = {S->res->steps, S->vtime, S->cur->id, kind, object, value, SIM_SW_NONE, -1};
    if (S->stamp_why) { /* the first event since the switch to this task */
        e.why = S->stamp_why;
        e.decision = S->stamp_decision;
        S->stamp_why = 0;
    }
    /* what the task did, not the runtime's own events: a switch is traced
     * while the task switched away from is still current, and must not
     * replace the event it waits at */
    int own = kind != SIM_EV_SWITCH && kind != SIM_EV_CLOCK && kind != SIM_EV_TIMEOUT;
    if (own)
        S->cur->last_kind = kind;
    uint64_t h = S->res->hash;
    h = mix(h, e.step);
    h = mix(h, (uint64_t)e.vtime);
    h = mix(h, (uint64_t)e.task << 32 | e.kind);
    h = mix(h, e.object);
    S->res->hash = mix(h, e.value);
    if (S->cfg.record_trace)
        append(S, &e);
    if (own && kind != SIM_EV_FAULT)
        sim_strategy_pending(S, kind, object);
}
