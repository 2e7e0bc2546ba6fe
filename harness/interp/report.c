/* The human report of a run: signature, oracle message, the rule it checks
 * (rules.h), the runtime's report (task dump), the last ops executed. */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "memtext.h"

static void print_status(FILE *f, int st) {
    if (st < 0)
        fputs("no-op", f);
    else
        fputs(sf_status_name(st), f);
}

static void print_history(FILE *f) {
    size_t n = interp->nhist < INTERP_HIST_N ? interp->nhist : INTERP_HIST_N;
    fprintf(f, "last %zu of %zu ops (task body:index op -> status):\n", n, interp->nhist);
    for (size_t i = interp->nhist - n; i < interp->nhist; i++) {
        const interp_hist *e = &interp->hist[i % INTERP_HIST_N];
        fprintf(f, "  t%d %d:", e->task, e->body);
        if (e->op < 0)
            fputs("cleanup", f);
        else
            fprintf(f, "%d%s", e->op, e->deferred ? " defer" : "");
        fprintf(f, " %s -> ", sf_op_name(e->kind));
        print_status(f, e->status);
        fputc('\n', f);
    }
}

static void print_report(FILE *f, const void *arg) {
    const sf_interp_result *r = arg;
    const char *id = NULL, *rule = interp->failed ? sf_interp_rule(interp->sig, &id) : NULL;
    if (interp->failed)
        fprintf(f, "FAIL %s: %s\n", interp->sig, interp->msg);
    if (rule)
        fprintf(f, "rule: %s (docs/semantics.md %s)\n", rule, id);
    if (!interp->failed)
        fputs("PASS\n", f);
    fprintf(f, "runtime: %s, steps %llu, switches %llu, tasks %u, vtime %lld ns, hash %016llx\n",
            sim_outcome_name(r->sim.outcome), (unsigned long long)r->sim.steps,
            (unsigned long long)r->sim.switches, r->sim.tasks, (long long)r->sim.vtime,
            (unsigned long long)r->sim.hash);
    if (r->sim.report)
        fprintf(f, "%s\n", r->sim.report);
    print_history(f);
}

char *interp_report_build(const sf_interp_result *r) { return sf_memtext(print_report, r); }
