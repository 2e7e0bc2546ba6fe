/* Scope exit oracles (docs/semantics.md S12, S14, L3):
 * - close:early  when a close returns SF_OK, no task of the scope or of its
 *                descendants is still running, and every cleanup
 *                registered there has run (else defer:missing);
 * - scope:zombie no task of a scope starts or runs an op after the scope's
 *                close returned;
 * - at the end of the run (fini or shutdown): every task that was spawned
 *   has ended, every registered cleanup has run. */
#include "internal.h"

void interp_oracle_close(int s) {
    for (int i = 1; i < interp->ntasks; i++) {
        const interp_task *t = &interp->tasks[i];
        if (interp_scope_in(t->scope, s) && t->started && !t->done)
            interp_fail("close:early",
                        "close of scope #%d returned while task %d (body %d) of it "
                        "had not ended",
                        s, t->id, t->body);
    }
    interp_oracle_defers_done(s);
}

void interp_oracle_zombie(const interp_task *t) {
    if (t->id != 0 && interp->scopes[t->scope].closed)
        interp_fail("scope:zombie", "task %d (body %d) runs after its scope #%d was closed", t->id,
                    t->body, t->scope);
}

void interp_oracle_end(const char *task_sig) {
    for (int i = 1; i < interp->ntasks; i++) {
        const interp_task *t = &interp->tasks[i];
        if (t->spawn_ok && !t->done)
            interp_fail(task_sig, "task %d (body %d) was spawned but has not ended", t->id,
                        t->body);
        if (t->spawn_ok && t->cleaned)
            interp_fail("spawn:cleanup", "task %d: arg_cleanup called after a successful spawn",
                        t->id);
    }
    interp_oracle_defers_done(-1);
}
