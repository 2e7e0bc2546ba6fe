/* Scope ops: open, close, cancel, shutdown. */
#include "internal.h"

int ip_op_open(ip_task *t, const sf_op *op) {
    int p = ip_scope_ref(t, op->scope);
    if (p < 0)
        return -1;
    int64_t dl = SF_NO_DEADLINE;
    if (op->num)
        dl = ip_now() + (int64_t)op->num * SF_TIME_UNIT_NS;
    sf_hscope h = 0;
    int st = ip.d->scope_open(ip.scopes[p].h, dl, &h);
    ip.clock++;
    ip_oracle_status("scope_open", st,
                     IP_ST(SF_OK) | IP_ST(SF_BADF) | IP_ST(SF_REFUSED) | IP_ST(SF_ERROR));
    if (st != SF_OK)
        return st;
    if (ip.scopes[p].deadline < dl)
        dl = ip.scopes[p].deadline;
    ip.scope_slot[op->slot] = ip_scope_new(h, p, dl);
    return st;
}

/* A spawned task closes only scopes opened after its own (see interp.h). */
int ip_op_close(ip_task *t, int s) {
    if (s < 0 || (t && t->id != 0 && s <= t->scope))
        return -1;
    ip.scopes[s].closing = 1;
    if (!ip.scopes[s].close_start)
        ip.scopes[s].close_start = ++ip.clock;
    int st = ip.d->scope_close(ip.scopes[s].h, NULL);
    ip.clock++;
    ip_oracle_status("scope_close", st,
                     IP_ST(SF_OK) | IP_ST(SF_BADF) | IP_ST(SF_BUSY) | IP_ST(SF_REFUSED));
    if (st == SF_OK) {
        ip_scope_mark_closed(s);
        ip_oracle_close(s);
    }
    return st;
}

int ip_op_cancel(int s) {
    if (s < 0 || !ip.d->scope_cancel)
        return -1;
    ip.scopes[s].cancel_started = 1;
    int st = ip.d->scope_cancel(ip.scopes[s].h);
    ip.clock++;
    ip_oracle_status("scope_cancel", st, IP_ST(SF_OK) | IP_ST(SF_BADF));
    if (st == SF_OK)
        ip.scopes[s].cancelled = 1;
    return st;
}

/* Task 0 only: the process-level exit; ends body 0. */
int ip_op_shutdown(void) {
    if (!ip.d->shutdown)
        return -1;
    ip.finishing = 1;
    ip.finish_start = ++ip.clock;
    int st = ip.d->shutdown(ip_now() + SF_INTERP_WATCHDOG_NS, NULL);
    ip.clock++;
    ip_oracle_status("shutdown", st, IP_ST(SF_OK) | IP_ST(SF_BUSY) | IP_ST(SF_ERROR));
    if (st == SF_OK) {
        ip.shut_down = 1;
        if (ip.nscopes)
            ip_scope_mark_closed(0);
        ip_oracle_end("shutdown:early");
    } else if (st == SF_BUSY) {
        ip_fail("leak:shutdown", "shutdown() found tasks still running at its deadline");
    }
    return st;
}
