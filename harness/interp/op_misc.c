/* Sleep and deferred ops (registration and execution). */
#include "internal.h"

int interp_op_sleep(interp_task *t, unsigned units) {
    if (!interp->d->sleep)
        return -1;
    interp_pending pd = {.nchan = 0};
    interp_pending_push(&pd, "sleep", t->id, t->scope);
    int flags = interp_oracle_blocking_start(t->scope);
    int st = interp->d->sleep(interp->scopes[t->scope].h, (int64_t)units * SF_TIME_UNIT_NS);
    interp->event_seq++;
    interp_pending_pop(&pd);
    interp_oracle_status("sleep", st,
                         INTERP_ST(SF_OK) | INTERP_ST(SF_CANCELLED) | INTERP_ST(SF_TIMEOUT) |
                             INTERP_ST(SF_BADF));
    interp_oracle_blocking_end(t->scope, flags, st, "sleep");
    return st;
}

/* Registers op as a cleanup of its dscope; operands are resolved now. */
int interp_op_defer(interp_task *t, const sf_op *op) {
    int s = interp_scope_ref(t, op->dscope);
    if (s < 0 || !interp->d->defer)
        return -1;
    interp_defer *r = interp_defer_new();
    r->op = *op;
    r->task = t->id;
    r->producer = -(int)interp->ndefers; /* a producer of its own (FIFO) */
    r->depth = t->depth;
    r->scope = s;
    r->target =
        op->kind == SF_OP_CANCEL || op->kind == SF_OP_SPAWN ? interp_scope_ref(t, op->scope) : -1;
    r->chan = op->kind == SF_OP_CHCLOSE || op->kind == SF_OP_SEND ? interp_chan_ref(op->chan) : -1;
    r->start = ++interp->event_seq;
    int st = interp->d->defer(interp->scopes[s].h, interp_defer_fn, r);
    r->end = ++interp->event_seq;
    r->registered = st == SF_OK;
    interp_oracle_status("defer", st, INTERP_ST(SF_OK) | INTERP_ST(SF_BADF) | INTERP_ST(SF_ERROR));
    interp_oracle_defer_return(r);
    return st;
}

/* The cleanup itself, run by the library when the scope closes. */
void interp_defer_fn(void *arg) {
    interp_defer *r = arg;
    if (!interp_oracle_defer_run(r))
        return;
    int st = -1;
    interp->event_seq++;
    interp->ops++;
    sf_op plain = r->op;
    plain.deferred = 0, plain.dscope = 0;
    size_t h = interp_rec_begin(SF_INTERP_REC_CLEANUP, &interp->tasks[r->task], &plain, -1, NULL);
    switch (r->op.kind) {
        case SF_OP_CANCEL:
            st = interp_op_cancel(r->target);
            break;
        case SF_OP_SPAWN:
            st = interp_spawn(r->op.body, r->target, r->depth + 1);
            break;
        case SF_OP_CHCLOSE:
            st = interp_op_chclose(r->chan);
            break;
        case SF_OP_SEND:
            st = interp_op_send(-1, r->producer, 0, r->scope, r->chan);
            break;
        case SF_OP_FREE:
            interp_free(interp->res_slot[r->op.res]);
            interp->res_slot[r->op.res] = NULL;
            break;
        default:
            break;
    }
    interp_rec_end(h, st);
    interp_history_add(&interp->tasks[r->task], &r->op, -1, st);
}
