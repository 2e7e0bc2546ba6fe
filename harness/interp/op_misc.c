/* The sleep op (deferred ops are registered and run by task.c, which
 * executes every op). */
#include "internal.h"

int interp_op_sleep(interp_task *t, unsigned units) {
    if (!interp->d->sleep)
        return -1;
    interp_pending pd = {.nchan = 0};
    interp_pending_push(&pd, "sleep", t->id, t->scope);
    int flags = interp_oracle_blocking_start(t->scope);
    int64_t start = sim_vtime(); /* not interp_now(): no scheduling point */
    int st = interp->d->sleep(interp->scopes[t->scope].h, (int64_t)units * SF_TIME_UNIT_NS);
    interp->event_seq++;
    interp_pending_pop(&pd);
    interp_oracle_status("sleep", st,
                         INTERP_ST(SF_OK) | INTERP_ST(SF_CANCELLED) | INTERP_ST(SF_TIMEOUT) |
                             INTERP_ST(SF_BADF));
    interp_oracle_blocking_end(t->scope, flags, st, "sleep");
    interp_oracle_sleep("sleep", start, (int64_t)units * SF_TIME_UNIT_NS, st);
    return st;
}
