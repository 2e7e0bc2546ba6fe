/* Channel ops: make, close, destroy, send, recv, try_send, try_recv. */
#include "internal.h"

#define ST_XFER                                                                                    \
    (IP_ST(SF_OK) | IP_ST(SF_CLOSED) | IP_ST(SF_CANCELLED) | IP_ST(SF_TIMEOUT) | IP_ST(SF_BADF))
#define ST_TRY (IP_ST(SF_OK) | IP_ST(SF_AGAIN) | IP_ST(SF_CLOSED) | IP_ST(SF_BADF))

int ip_op_chan(ip_task *t, const sf_op *op) {
    int owner = ip_scope_ref(t, op->scope);
    if (owner < 0)
        return -1;
    sf_hchan h = 0;
    int st = ip.d->chan_make(ip.scopes[owner].h, op->num, ip_elem_dtor, &h);
    ip.clock++;
    ip_oracle_status("chan_make", st,
                     IP_ST(SF_OK) | IP_ST(SF_BADF) | IP_ST(SF_REFUSED) | IP_ST(SF_ERROR));
    if (st == SF_OK) {
        ip.chan_slot[op->chan] = ip_chan_new(h, owner);
        ip.chans[ip.chan_slot[op->chan]].cap = op->num;
    }
    return st;
}

int ip_op_chclose(int c) {
    if (c < 0)
        return -1;
    ip.chans[c].close_started = 1;
    int st = ip.d->chan_close(ip.chans[c].h);
    ip.clock++;
    ip_oracle_status("chan_close", st, IP_ST(SF_OK) | IP_ST(SF_CLOSED) | IP_ST(SF_BADF));
    if (st == SF_OK && !ip.chans[c].closed_at)
        ip.chans[c].closed_at = ip.clock;
    return st;
}

int ip_op_destroy(int c) {
    if (c < 0 || !ip.d->chan_destroy)
        return -1;
    int st = ip.d->chan_destroy(ip.chans[c].h);
    ip.clock++;
    ip_oracle_status("chan_destroy", st, IP_ST(SF_OK) | IP_ST(SF_BUSY) | IP_ST(SF_BADF));
    if (st == SF_OK)
        ip.chans[c].destroyed = 1;
    return st;
}

/* A send that succeeded although the channel's close returned before the
 * send started (C7). */
void ip_check_closed_send(int c, uint64_t start, const char *what) {
    if (ip.chans[c].closed_at && ip.chans[c].closed_at < start)
        ip_fail("close:send", "%s on channel #%d returned SF_OK after the channel was closed", what,
                c);
}

/* task -1: a deferred send (run by whoever closes the scope). */
int ip_op_send(int task, int producer, uint32_t seq, int scope, int c) {
    if (c < 0 || scope < 0)
        return -1;
    size_t k = ip_token_new(c, producer, seq);
    ip_pending pd = {.nchan = 1, .chans = {c}, .dirs = {SF_DIR_SEND}};
    ip_pending_push(&pd, "send", task, scope);
    int flags = ip_oracle_blocking_start(scope);
    uint64_t start = ++ip.clock;
    int st = ip.d->chan_send(ip.scopes[scope].h, ip.chans[c].h, ip.tokens[k].p);
    ip.clock++;
    ip_pending_pop(&pd);
    ip_oracle_status("chan_send", st, ST_XFER);
    ip_model_status_chan("status:send", c, st);
    ip_oracle_blocking_end(scope, flags, st, "send");
    if (st == SF_OK) {
        ip_token_accepted(k);
        ip_check_closed_send(c, start, "send");
    } else {
        ip_token_keep(k, "conservation:dup");
    }
    return st;
}

int ip_op_recv(ip_task *t, int c) {
    if (c < 0)
        return -1;
    void *v = NULL;
    ip_pending pd = {.nchan = 1, .chans = {c}, .dirs = {SF_DIR_RECV}};
    ip_pending_push(&pd, "recv", t->id, t->scope);
    int flags = ip_oracle_blocking_start(t->scope);
    int st = ip.d->chan_recv(ip.scopes[t->scope].h, ip.chans[c].h, &v);
    ip.clock++;
    ip_pending_pop(&pd);
    ip_oracle_status("chan_recv", st, ST_XFER);
    ip_model_status_chan("status:recv", c, st);
    ip_oracle_blocking_end(t->scope, flags, st, "recv");
    if (st == SF_OK)
        ip_token_received(v, c, t->id);
    return st;
}

int ip_op_try_send(ip_task *t, int c) {
    if (c < 0 || !ip.d->chan_try_send)
        return -1;
    size_t k = ip_token_new(c, t->id, t->seq++);
    uint64_t start = ++ip.clock;
    int st = ip.d->chan_try_send(ip.chans[c].h, ip.tokens[k].p);
    ip.clock++;
    ip_oracle_status("chan_try_send", st, ST_TRY);
    ip_model_status_chan("status:try_send", c, st);
    if (st == SF_OK) {
        ip_token_accepted(k);
        ip_check_closed_send(c, start, "try_send");
    } else {
        ip_token_keep(k, "conservation:dup");
    }
    return st;
}

int ip_op_try_recv(ip_task *t, int c) {
    if (c < 0 || !ip.d->chan_try_recv)
        return -1;
    void *v = NULL;
    int st = ip.d->chan_try_recv(ip.chans[c].h, &v);
    ip.clock++;
    ip_oracle_status("chan_try_recv", st, ST_TRY);
    ip_model_status_chan("status:try_recv", c, st);
    if (st == SF_OK)
        ip_token_received(v, c, t->id);
    return st;
}
