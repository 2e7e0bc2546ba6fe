/* Deferred cleanup oracles (docs/semantics.md S7, S8):
 * - defer:twice    each registered cleanup runs at most once;
 * - defer:order    LIFO per scope: when a cleanup runs, no cleanup of the
 *                  same scope registered after it (its defer call started
 *                  after this one's returned) and before the close began is
 *                  still pending (one registered during the close may
 *                  legitimately come after: it "runs next" from then on);
 * - defer:early    a cleanup runs only once its scope (or an ancestor) is
 *                  being closed, after every task of the scope ended;
 * - defer:missing  when a close returns, every cleanup registered in the
 *                  scope and its descendants has run;
 * - defer:failed   a cleanup whose registration failed never runs. */
#include "internal.h"

static int closing(int s) {
    if (interp->finishing)
        return 1;
    for (; s >= 0; s = interp->scopes[s].parent)
        if (interp->scopes[s].closing)
            return 1;
    return 0;
}

/* Event number at which the close that runs s's cleanups began: the first
 * close call of s or of an ancestor, or fini/shutdown. */
static uint64_t close_began(int s) {
    uint64_t t = interp->finishing ? interp->finish_start : UINT64_MAX;
    for (; s >= 0; s = interp->scopes[s].parent)
        if (interp->scopes[s].close_start && interp->scopes[s].close_start < t)
            t = interp->scopes[s].close_start;
    return t;
}

static void check_order(const interp_defer *r) {
    if (!r->end)
        return; /* its registration has not returned: order unknown */
    uint64_t began = close_began(r->scope);
    for (size_t i = 0; i < interp->ndefers; i++) {
        const interp_defer *q = interp->defers[i];
        if (q != r && q->scope == r->scope && q->registered && !q->runs && q->start > r->end &&
            q->end < began)
            interp_fail("defer:order",
                        "cleanup #%zu of scope #%d ran before #%zu, registered later",
                        (size_t)(-r->producer - 1), r->scope, i);
    }
}

static void check_tasks(const interp_defer *r) {
    for (int i = 1; i < interp->ntasks; i++) {
        const interp_task *t = &interp->tasks[i];
        if (t->scope == r->scope && t->started && !t->done)
            interp_fail("defer:early", "a cleanup of scope #%d ran while its task %d was running",
                        r->scope, t->id);
    }
}

int interp_oracle_defer_run(interp_defer *r) {
    if (++r->runs > 1) {
        interp_fail("defer:twice", "cleanup #%zu of scope #%d ran %d times",
                    (size_t)(-r->producer - 1), r->scope, r->runs);
        return 0;
    }
    if (r->end && !r->registered)
        interp_fail("defer:failed", "a cleanup of scope #%d ran although its defer failed",
                    r->scope);
    if (!closing(r->scope))
        interp_fail("defer:early", "a cleanup of scope #%d ran before the scope was closed",
                    r->scope);
    check_tasks(r);
    check_order(r);
    return 1;
}

void interp_oracle_defer_return(const interp_defer *r) {
    if (r->registered && interp->scopes[r->scope].closed && !r->runs)
        interp_fail("defer:missing",
                    "defer into scope #%d returned SF_OK after its close returned, "
                    "and the cleanup never ran",
                    r->scope);
    if (!r->registered && r->runs)
        interp_fail("defer:failed", "a cleanup of scope #%d ran although its defer failed",
                    r->scope);
}

/* s < 0: every scope. */
void interp_oracle_defers_done(int s) {
    for (size_t i = 0; i < interp->ndefers; i++) {
        const interp_defer *r = interp->defers[i];
        if (r->registered && !r->runs && (s < 0 || interp_scope_in(r->scope, s)))
            interp_fail("defer:missing", "cleanup #%zu of scope #%d never ran", i, r->scope);
    }
}
