/* Sleep and deferred ops (registration and execution). */
#include "internal.h"

int ip_op_sleep(ip_task *t, unsigned units) {
    if (!ip.d->sleep)
        return -1;
    ip_pending pd = {.nchan = 0};
    ip_pending_push(&pd, "sleep", t->id, t->scope);
    int flags = ip_oracle_blocking_start(t->scope);
    int st = ip.d->sleep(ip.scopes[t->scope].h, (int64_t)units * SF_TIME_UNIT_NS);
    ip.clock++;
    ip_pending_pop(&pd);
    ip_oracle_status("sleep", st,
                     IP_ST(SF_OK) | IP_ST(SF_CANCELLED) | IP_ST(SF_TIMEOUT) | IP_ST(SF_BADF));
    ip_oracle_blocking_end(t->scope, flags, st, "sleep");
    return st;
}

/* Registers op as a cleanup of its dscope; operands are resolved now. */
int ip_op_defer(ip_task *t, const sf_op *op) {
    int s = ip_scope_ref(t, op->dscope);
    if (s < 0 || !ip.d->defer)
        return -1;
    ip_defer *r = ip_defer_new();
    r->op = *op;
    r->task = t->id;
    r->producer = -(int)ip.ndefers; /* a producer of its own (FIFO) */
    r->depth = t->depth;
    r->scope = s;
    r->target =
        op->kind == SF_OP_CANCEL || op->kind == SF_OP_SPAWN ? ip_scope_ref(t, op->scope) : -1;
    r->chan = op->kind == SF_OP_CHCLOSE || op->kind == SF_OP_SEND ? ip_chan_ref(op->chan) : -1;
    r->start = ++ip.clock;
    int st = ip.d->defer(ip.scopes[s].h, ip_defer_fn, r);
    r->end = ++ip.clock;
    r->registered = st == SF_OK;
    ip_oracle_status("defer", st, IP_ST(SF_OK) | IP_ST(SF_BADF) | IP_ST(SF_ERROR));
    ip_oracle_defer_return(r);
    return st;
}

/* The cleanup itself, run by the library when the scope closes. */
void ip_defer_fn(void *arg) {
    ip_defer *r = arg;
    if (!ip_oracle_defer_run(r))
        return;
    int st = -1;
    ip.clock++;
    ip.ops++;
    sf_op plain = r->op;
    plain.deferred = 0, plain.dscope = 0;
    size_t h = ip_rec_begin(SF_INTERP_REC_CLEANUP, &ip.tasks[r->task], &plain, -1, NULL);
    switch (r->op.kind) {
        case SF_OP_CANCEL:
            st = ip_op_cancel(r->target);
            break;
        case SF_OP_SPAWN:
            st = ip_spawn(r->op.body, r->target, r->depth + 1);
            break;
        case SF_OP_CHCLOSE:
            st = ip_op_chclose(r->chan);
            break;
        case SF_OP_SEND:
            st = ip_op_send(-1, r->producer, 0, r->scope, r->chan);
            break;
        case SF_OP_FREE:
            ip_free(ip.res_slot[r->op.res]);
            ip.res_slot[r->op.res] = NULL;
            break;
        default:
            break;
    }
    ip_rec_end(h, st);
    ip_trace_op(&ip.tasks[r->task], &r->op, -1, st);
}
