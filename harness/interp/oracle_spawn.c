/* Spawn oracle (docs/semantics.md S3): on SF_OK fn runs exactly once, in
 * the scope it was spawned into, and arg_cleanup is not called; on an
 * error fn never runs and arg_cleanup was called exactly once before the
 * return.  A task that a successful spawn started into a scope whose close
 * already returned must have ended (S14); one that starts later is a zombie
 * (oracle_close.c). */
#include "internal.h"

void interp_oracle_spawn_return(const interp_task *t, int st) {
    if (st == SF_OK) {
        if (t->cleaned)
            interp_fail("spawn:cleanup", "task %d: spawn returned SF_OK but called arg_cleanup",
                        t->id);
        if (interp->scopes[t->scope].closed && t->started && !t->done)
            interp_fail("close:early",
                        "task %d was spawned into scope #%d, whose close returned "
                        "before the task ended",
                        t->id, t->scope);
        return;
    }
    if (t->cleaned != 1)
        interp_fail("spawn:cleanup", "task %d: spawn failed (%s) and called arg_cleanup %d times",
                    t->id, sf_status_name(st), t->cleaned);
    if (t->started)
        interp_fail("spawn:ran", "task %d: spawn failed (%s) but the task ran", t->id,
                    sf_status_name(st));
}

void interp_oracle_task_start(interp_task *t, sf_hscope s) {
    if (t->started)
        interp_fail("spawn:twice", "task %d started twice", t->id);
    t->started = 1;
    t->rt = sim_current_task();
    if (t->cleaned)
        interp_fail("spawn:ran", "task %d started after its arg_cleanup ran", t->id);
    if (s != interp->scopes[t->scope].h)
        interp_fail("spawn:scope", "task %d was given another scope than the one spawned into",
                    t->id);
    interp_oracle_zombie(t);
}
