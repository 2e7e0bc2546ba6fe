/* The ops without channels or scopes: sleep, yield, return, alloc, free
 * (deferred ops are registered and run by task.c, which executes every
 * op). */
#include "internal.h"

int interp_exec_SLEEP(interp_call *call) {
    interp_task *t = call->t;
    unsigned units = call->op->num;
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

int interp_exec_YIELD(interp_call *call) {
    (void)call;
    interp->d->yield();
    return -1;
}

/* A task's result, sf_task_fn's terms, of each `return` (SF_RET_*). */
static const uint8_t ret_status[SF_NRET] = {[SF_RET_OK] = SF_OK,
                                            [SF_RET_ERROR] = SF_ERROR,
                                            [SF_RET_CANCELLED] = SF_CANCELLED,
                                            [SF_RET_TIMEOUT] = SF_TIMEOUT};

int interp_exec_RETURN(interp_call *call) {
    call->end = 1;
    call->error = call->op->flag < SF_NRET ? ret_status[call->op->flag] : SF_ERROR;
    return -1;
}

int interp_exec_ALLOC(interp_call *call) {
    interp_free(interp->res_slot[call->op->res]);
    interp->res_slot[call->op->res] = interp_alloc(32);
    return -1;
}

int interp_exec_FREE(interp_call *call) {
    interp_free(interp->res_slot[call->op->res]);
    interp->res_slot[call->op->res] = NULL;
    return -1;
}
