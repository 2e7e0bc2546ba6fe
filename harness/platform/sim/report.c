/* Reports: failure headline plus a dump of every unfinished task; printing. */
#include "internal.h"
#include "memtext.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

const char *sim_outcome_name(sim_outcome o) {
    static const char *const names[] = {
        "ok",          "deadlock",         "leak", "livelock", "time-budget",
        "task-budget", "nondeterministic", "exit"};
    return (unsigned)o < sizeof names / sizeof names[0] ? names[o] : "?";
}

static void headline(FILE *f, const sim_state *S) {
    switch (S->outcome) {
        case SIM_DEADLOCK:
            fputs("all tasks are asleep - deadlock! (no task runnable, no timer pending)\n", f);
            break;
        case SIM_LEAK:
            fprintf(f, "task leak: %" PRIu32 " task(s) still alive when main returned\n", S->alive);
            break;
        case SIM_LIVELOCK:
            fprintf(f, "step budget exceeded (max_steps %" PRIu64 "): livelock?\n",
                    S->cfg.max_steps);
            break;
        case SIM_TIME_BUDGET:
            fprintf(f, "virtual time budget exceeded (max_vtime %" PRId64 " ns)\n",
                    S->cfg.max_vtime);
            break;
        case SIM_TASK_BUDGET:
            fprintf(f, "task budget exceeded: more than max_tasks %" PRIu32 " tasks started\n",
                    S->cfg.max_tasks);
            break;
        default:
            fprintf(f, "%s\n", sim_outcome_name(S->outcome));
    }
}

static void task_ref(FILE *f, const struct sfp_task *t) {
    if (t)
        fprintf(f, "task %" PRIu32 " \"%s\"", t->id, t->name);
    else
        fputs("nobody", f);
}

static void waiting_on(FILE *f, const struct sfp_task *t) {
    switch (t->wait) {
        case WAIT_MUTEX:
            fprintf(f, "lock mutex #%" PRIu32 " (held by ", t->wmutex->id);
            task_ref(f, t->wmutex->owner);
            fputc(')', f);
            break;
        case WAIT_COND:
            fprintf(f, "wait cond #%" PRIu32 " (mutex #%" PRIu32 ")", t->wcond->id, t->wmutex->id);
            if (t->deadline != INT64_MAX)
                fprintf(f, " until %" PRId64 " ns", t->deadline);
            break;
        case WAIT_JOIN:
            fputs("join ", f);
            task_ref(f, t->wtask);
            break;
        case WAIT_PARK:
            fprintf(f, "%s #%" PRIu64, t->wwhat ? t->wwhat : "wait", t->wobj);
            if (t->deadline != INT64_MAX)
                fprintf(f, " until %" PRId64 " ns", t->deadline);
            break;
        default:
            fputs("nothing", f);
    }
}

static void dump_task(FILE *f, const sim_state *S, const struct sfp_task *t) {
    fputs("  ", f);
    task_ref(f, t);
    if (t->state == TASK_BLOCKED) {
        fputs(": blocked in ", f);
        waiting_on(f, t);
    } else {
        fputs(t->state == TASK_DONE ? ": done" : ": runnable", f);
    }
    if (t->note_op)
        fprintf(f, "; note: %s object=%#" PRIx64 " scope=%#" PRIx64, t->note_op, t->note_object,
                t->note_scope);
    fputs(t == S->cur ? " (ran last)\n" : "\n", f);
}

static void print_report(FILE *f, const void *arg) {
    const sim_state *S = arg;
    fputs("scopefuzz sim: ", f);
    headline(f, S);
    fprintf(f,
            "  strategy %s, seed %" PRIu64 ", step %" PRIu64 ", vtime %" PRId64 " ns, %" PRIu32
            " tasks started, %zu decisions\n",
            sim_strategy_name(S->cfg.strategy), S->cfg.seed, S->res->steps, S->vtime, S->ntasks,
            S->res->ndecisions);
    uint32_t ended = 0;
    for (uint32_t i = 0; i < S->ntasks; i++) {
        if (S->tasks[i]->state == TASK_DONE && S->tasks[i] != S->cur)
            ended++;
        else
            dump_task(f, S, S->tasks[i]);
    }
    if (ended)
        fprintf(f, "  (%" PRIu32 " ended tasks not shown)\n", ended);
}

char *sim_report_build(const sim_state *S) { return sf_memtext(print_report, S); }

static void print_nondeterministic(FILE *f, const void *arg) {
    const sim_result *first = ((const sim_result *const *)arg)[0];
    const sim_result *replay = ((const sim_result *const *)arg)[1];
    fprintf(f,
            "scopefuzz sim: nondeterministic: replaying %zu decisions gave trace hash %016" PRIx64
            " (%s after %" PRIu64 " steps), the run gave %016" PRIx64 " (%s after %" PRIu64
            " steps)\n",
            first->ndecisions, replay->hash, sim_outcome_name(replay->outcome), replay->steps,
            first->hash, sim_outcome_name(first->outcome), first->steps);
    if (first->report)
        fputs(first->report, f);
}

char *sim_report_nondeterministic(const sim_result *first, const sim_result *replay) {
    const sim_result *runs[2] = {first, replay};
    return sf_memtext(print_nondeterministic, runs);
}

static const char *event_name(uint32_t k) {
    static const char *const names[] = {
        "?",       "switch", "choose",    "start", "end",   "lock",  "unlock", "wait",  "wake",
        "timeout", "signal", "broadcast", "join",  "yield", "clock", "access", "fault", "exit"};
    return k < sizeof names / sizeof names[0] ? names[k] : "?";
}

void sim_result_print(const sim_result *res, FILE *out) {
    fprintf(out,
            "sim: %s: %" PRIu64 " steps, %" PRIu64 " switches, %" PRIu32 " preemptions, %" PRIu32
            " tasks, vtime %" PRId64 " ns, %zu decisions, hash %016" PRIx64 "\n",
            sim_outcome_name(res->outcome), res->steps, res->switches, res->preemptions, res->tasks,
            res->vtime, res->ndecisions, res->hash);
    if (res->report)
        fputs(res->report, out);
    for (size_t i = 0; i < res->nevents; i++) {
        const sim_event *e = &res->events[i];
        fprintf(out,
                "  #%" PRIu64 " t=%" PRId64 " task %" PRIu32 " %s object %" PRIu64 " value %" PRIu32
                "\n",
                e->step, e->vtime, e->task, event_name(e->kind), e->object, e->value);
    }
}

#ifdef SF_TSAN
/* TSan calls this after printing a report: ties it to the schedule. */
void __tsan_on_report(const void *report);
void __tsan_on_report(const void *report) {
    (void)report;
    const sim_state *S = sim_g;
    if (!S)
        return;
    fprintf(stderr,
            "scopefuzz sim: the report above comes from a deterministic run: strategy %s, seed "
            "%" PRIu64 ", step %" PRIu64 ", task %" PRIu32 " \"%s\", %zu decisions so far:",
            sim_strategy_name(S->cfg.strategy), S->cfg.seed, S->res->steps, S->cur->id,
            S->cur->name, S->res->ndecisions);
    for (size_t i = 0; i < S->res->ndecisions && i < 64; i++)
        fprintf(stderr, " %" PRIu32, S->res->decisions[i]);
    fputs(S->res->ndecisions > 64 ? " ...\n" : "\n", stderr);
}
#endif
