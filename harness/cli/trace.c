/* trace.c - reading the runtime's event list: where the running task
 * changed, why, and which scheduler decision picked the next task.
 *
 * How the sim backend traces (harness/platform/sim): a scheduling point
 * increments the step and then, if several tasks can run, traces a
 * SIM_EV_SWITCH (a decision) by the running task; a task that blocks or
 * ends picks the next task at the same step (a SWITCH too when several can
 * run).  So a SWITCH that is the first event of its step was taken at a
 * scheduling point, with the old task still runnable: a preemption.
 * Decisions are the SWITCH events, the CHOOSE events with n > 1 and the
 * signals of a condition with several waiters. */
#include <stdlib.h>

#include "cli.h"

int cli_trace_walk_init(cli_trace_walk *w, const sim_event *ev, size_t n) {
    *w = (cli_trace_walk){.ev = ev, .n = n, .last_switch = -1};
    for (size_t i = 0; i < n; i++) {
        if (ev[i].task + 1 > w->ntasks)
            w->ntasks = ev[i].task + 1;
        if ((ev[i].kind == SIM_EV_WAKE || ev[i].kind == SIM_EV_TIMEOUT) &&
            ev[i].value + 1 > w->ntasks)
            w->ntasks = ev[i].value + 1;
        if (ev[i].kind >= SIM_EV_WAIT && ev[i].kind <= SIM_EV_BROADCAST &&
            ev[i].object + 1 > w->ncv)
            w->ncv = (size_t)ev[i].object + 1;
    }
    w->cv_waiters = calloc(w->ncv + 1, sizeof *w->cv_waiters);
    w->waits_on = calloc(w->ntasks + 1, sizeof *w->waits_on);
    if (w->cv_waiters == NULL || w->waits_on == NULL) {
        cli_trace_walk_free(w);
        return -1;
    }
    return 0;
}

void cli_trace_walk_free(cli_trace_walk *w) {
    free(w->cv_waiters);
    free(w->waits_on);
    w->cv_waiters = w->waits_on = NULL;
}

/* 1 if the wait at event i returned at once (deadline passed): then the
 * unlock that follows it is followed by a scheduling point, not a block. */
static int wait_at_once(const cli_trace_walk *w, size_t i) {
    return i + 2 < w->n && w->ev[i + 2].step > w->ev[i + 1].step;
}

/* Updates waiters and decisions with event i. */
static void count(cli_trace_walk *w, size_t i) {
    const sim_event *e = &w->ev[i];
    switch (e->kind) {
        case SIM_EV_SWITCH:
            w->last_switch = (int64_t)w->ndecisions++;
            break;
        case SIM_EV_CHOOSE:
            w->ndecisions += e->object > 1;
            break;
        case SIM_EV_SIGNAL:
            w->ndecisions += w->cv_waiters[e->object] > 1;
            break;
        case SIM_EV_WAIT:
            if (!wait_at_once(w, i)) {
                w->cv_waiters[e->object]++;
                w->waits_on[e->task] = (uint32_t)e->object + 1;
            }
            break;
        case SIM_EV_WAKE:
        case SIM_EV_TIMEOUT:
            if (w->waits_on[e->value] != 0) {
                w->cv_waiters[w->waits_on[e->value] - 1]--;
                w->waits_on[e->value] = 0;
            }
            break;
        default:
            break;
    }
}

/* The last event of the old task before the switch ending at event j that
 * says what it did (the runtime's own SWITCH, CLOCK, TIMEOUT skipped). */
static uint32_t last_kind(const cli_trace_walk *w, size_t j) {
    for (size_t k = j + 1; k-- > 0;) {
        uint32_t kind = w->ev[k].kind;
        if (w->ev[k].task != w->ev[j].task)
            break;
        if (kind != SIM_EV_SWITCH && kind != SIM_EV_CLOCK && kind != SIM_EV_TIMEOUT)
            return kind;
    }
    return 0;
}

static cli_switch_why why_switched(const cli_trace_walk *w, size_t j, int64_t *decision) {
    const sim_event *e = &w->ev[j];
    if (e->kind == SIM_EV_SWITCH) {
        *decision = w->last_switch;
        if (j == 0 || w->ev[j - 1].step < e->step)
            return j > 0 && w->ev[j - 1].kind == SIM_EV_YIELD ? CLI_SW_YIELDED : CLI_SW_PREEMPTED;
    }
    return last_kind(w, j) == SIM_EV_END ? CLI_SW_ENDED : CLI_SW_BLOCKED;
}

cli_switch_why cli_trace_step(cli_trace_walk *w, size_t i, int64_t *decision) {
    cli_switch_why why = CLI_SW_NONE;
    *decision = -1;
    if (i > 0 && w->ev[i].task != w->ev[i - 1].task)
        why = why_switched(w, i - 1, decision);
    count(w, i);
    return why;
}

const char *cli_switch_name(cli_switch_why why) {
    static const char *const names[] = {"", "preempted", "yielded", "blocked", "ended"};
    return (unsigned)why < sizeof names / sizeof names[0] ? names[why] : "?";
}
