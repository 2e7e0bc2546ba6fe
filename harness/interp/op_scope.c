/* Scope ops: open, close, cancel, shutdown. */
#include "internal.h"

int interp_exec_OPEN(interp_call *call) {
    const sf_op *op = call->op;
    int p = call->scope;
    if (p < 0)
        return -1;
    int64_t dl = SF_NO_DEADLINE;
    if (op->num)
        dl = interp_now() + (int64_t)op->num * SF_TIME_UNIT_NS;
    sf_hscope h = 0;
    int sup = op->flag && interp->d->scope_open_supervisor;
    int st = sup ? interp->d->scope_open_supervisor(interp->scopes[p].h, dl, &h)
                 : interp->d->scope_open(interp->scopes[p].h, dl, &h);
    interp->event_seq++;
    interp_oracle_status("scope_open", st,
                         INTERP_ST(SF_OK) | INTERP_ST(SF_BADF) | INTERP_ST(SF_REFUSED) |
                             INTERP_ST(SF_ERROR));
    if (st != SF_OK)
        return st;
    if (interp->scopes[p].deadline < dl)
        dl = interp->scopes[p].deadline;
    interp->scope_slot[op->slot] = interp_scope_new(h, p, dl);
    interp->scopes[interp->scope_slot[op->slot]].supervisor = (uint8_t)sup;
    return st;
}

/* A spawned task closes only scopes opened after its own (see interp.h). */
int interp_op_close(interp_task *t, int s) {
    if (s < 0 || (t && t->id != 0 && s <= t->scope))
        return -1;
    interp->scopes[s].closing = 1;
    if (!interp->scopes[s].close_start)
        interp->scopes[s].close_start = ++interp->event_seq;
    int first = SF_OK;
    int st = interp->d->scope_close(interp->scopes[s].h, &first);
    interp->event_seq++;
    interp_oracle_status("scope_close", st,
                         INTERP_ST(SF_OK) | INTERP_ST(SF_BADF) | INTERP_ST(SF_BUSY) |
                             INTERP_ST(SF_REFUSED));
    if (st == SF_OK) {
        interp_scope_mark_closed(s);
        interp_oracle_close(s);
        interp_oracle_first_error(s, first);
    }
    return st;
}

int interp_exec_CLOSE(interp_call *call) { return interp_op_close(call->t, call->scope); }

int interp_op_cancel(int s) {
    if (s < 0 || !interp->d->scope_cancel)
        return -1;
    interp->scopes[s].cancel_started = 1;
    int st = interp->d->scope_cancel(interp->scopes[s].h);
    interp->event_seq++;
    interp_oracle_status("scope_cancel", st, INTERP_ST(SF_OK) | INTERP_ST(SF_BADF));
    if (st == SF_OK)
        interp->scopes[s].cancelled = 1;
    return st;
}

int interp_exec_CANCEL(interp_call *call) { return interp_op_cancel(call->scope); }

/* Task 0 only: the process-level exit; ends body 0. */
int interp_exec_SHUTDOWN(interp_call *call) {
    if (call->t->id != 0)
        return -1;
    call->end = 1;
    if (!interp->d->shutdown)
        return -1;
    interp->finishing = 1;
    interp->finish_start = ++interp->event_seq;
    int st = interp->d->shutdown(interp_now() + SF_INTERP_WATCHDOG_NS, NULL);
    interp->event_seq++;
    interp_oracle_status("shutdown", st,
                         INTERP_ST(SF_OK) | INTERP_ST(SF_BUSY) | INTERP_ST(SF_ERROR));
    if (st == SF_OK) {
        interp->shut_down = 1;
        if (interp->nscopes)
            interp_scope_mark_closed(0);
        interp_oracle_end("shutdown:early");
    } else if (st == SF_BUSY) {
        interp_fail("leak:shutdown", "shutdown() found tasks still running at its deadline");
    }
    return st;
}
