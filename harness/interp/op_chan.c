/* Channel ops: make, close, destroy, send, recv, try_send, try_recv. */
#include "internal.h"

#define ST_XFER                                                                                    \
    (INTERP_ST(SF_OK) | INTERP_ST(SF_CLOSED) | INTERP_ST(SF_CANCELLED) | INTERP_ST(SF_TIMEOUT) |   \
     INTERP_ST(SF_BADF))
#define ST_TRY (INTERP_ST(SF_OK) | INTERP_ST(SF_AGAIN) | INTERP_ST(SF_CLOSED) | INTERP_ST(SF_BADF))

int interp_exec_CHAN(interp_call *call) {
    const sf_op *op = call->op;
    int owner = call->scope;
    if (owner < 0)
        return -1;
    sf_hchan h = 0;
    int st = interp->d->chan_make(interp->scopes[owner].h, op->num, interp_elem_dtor, &h);
    interp->event_seq++;
    interp_oracle_status("chan_make", st,
                         INTERP_ST(SF_OK) | INTERP_ST(SF_BADF) | INTERP_ST(SF_REFUSED) |
                             INTERP_ST(SF_ERROR));
    if (st == SF_OK) {
        interp->chan_slot[op->chan] = interp_chan_new(h, owner);
        interp->chans[interp->chan_slot[op->chan]].cap = op->num;
    }
    return st;
}

int interp_op_chclose(int c) {
    if (c < 0)
        return -1;
    interp->chans[c].close_started = 1;
    int st = interp->d->chan_close(interp->chans[c].h);
    interp->event_seq++;
    interp_oracle_status("chan_close", st,
                         INTERP_ST(SF_OK) | INTERP_ST(SF_CLOSED) | INTERP_ST(SF_BADF));
    if (st == SF_OK && !interp->chans[c].closed_at)
        interp->chans[c].closed_at = interp->event_seq;
    return st;
}

int interp_exec_CHCLOSE(interp_call *call) { return interp_op_chclose(call->chan); }

int interp_exec_DESTROY(interp_call *call) {
    int c = call->chan;
    if (c < 0 || !interp->d->chan_destroy)
        return -1;
    int st = interp->d->chan_destroy(interp->chans[c].h);
    interp->event_seq++;
    interp_oracle_status("chan_destroy", st,
                         INTERP_ST(SF_OK) | INTERP_ST(SF_BUSY) | INTERP_ST(SF_BADF));
    if (st == SF_OK)
        interp->chans[c].destroyed = 1;
    return st;
}

/* A send that succeeded although the channel's close returned before the
 * send started (C7). */
void interp_check_closed_send(int c, uint64_t start, const char *what) {
    if (interp->chans[c].closed_at && interp->chans[c].closed_at < start)
        interp_fail("close:send", "%s on channel #%d returned SF_OK after the channel was closed",
                    what, c);
}

/* After `what` (send, try_send) of token k on channel c, started at event
 * `start`, returned st: the token is the channel's now, or still ours. */
static void sent(size_t k, int c, uint64_t start, const char *what, int st) {
    if (st == SF_OK) {
        interp_token_accepted(k);
        interp_check_closed_send(c, start, what);
    } else {
        interp_token_keep(k, "conservation:dup");
    }
}

/* task -1: a deferred send (run by whoever closes the scope). */
static int send_token(int task, int producer, uint32_t seq, int scope, int c) {
    if (c < 0 || scope < 0)
        return -1;
    size_t k = interp_token_new(c, producer, seq);
    interp_pending pd = {.nchan = 1, .chans = {c}, .dirs = {SF_DIR_SEND}};
    interp_pending_push(&pd, "send", task, scope);
    int flags = interp_oracle_blocking_start(scope);
    uint64_t start = ++interp->event_seq;
    int st = interp->d->chan_send(interp->scopes[scope].h, interp->chans[c].h, interp->tokens[k].p);
    interp->event_seq++;
    interp_pending_pop(&pd);
    interp_oracle_status("chan_send", st, ST_XFER);
    interp_model_status_chan("status:send", c, st);
    interp_oracle_blocking_end(scope, flags, st, "send");
    sent(k, c, start, "send", st);
    return st;
}

/* A cleanup sends as a producer of its own, in the scope it was deferred
 * into. */
int interp_exec_SEND(interp_call *call) {
    if (call->defer != NULL)
        return send_token(-1, call->defer->producer, 0, call->defer->scope, call->chan);
    return send_token(call->t->id, call->t->id, call->t->seq++, call->t->scope, call->chan);
}

int interp_exec_RECV(interp_call *call) {
    interp_task *t = call->t;
    int c = call->chan;
    if (c < 0)
        return -1;
    void *v = NULL;
    interp_pending pd = {.nchan = 1, .chans = {c}, .dirs = {SF_DIR_RECV}};
    interp_pending_push(&pd, "recv", t->id, t->scope);
    int flags = interp_oracle_blocking_start(t->scope);
    interp_fair_recv(c, +1);
    int st = interp->d->chan_recv(interp->scopes[t->scope].h, interp->chans[c].h, &v);
    interp_fair_recv(c, -1);
    interp->event_seq++;
    interp_pending_pop(&pd);
    interp_oracle_status("chan_recv", st, ST_XFER);
    interp_model_status_chan("status:recv", c, st);
    interp_oracle_blocking_end(t->scope, flags, st, "recv");
    if (st == SF_OK)
        interp_token_received(v, c, t->id);
    return st;
}

int interp_exec_TRY_SEND(interp_call *call) {
    interp_task *t = call->t;
    int c = call->chan;
    if (c < 0 || !interp->d->chan_try_send)
        return -1;
    size_t k = interp_token_new(c, t->id, t->seq++);
    uint64_t start = ++interp->event_seq;
    int st = interp->d->chan_try_send(interp->chans[c].h, interp->tokens[k].p);
    interp->event_seq++;
    interp_oracle_status("chan_try_send", st, ST_TRY);
    interp_model_status_chan("status:try_send", c, st);
    sent(k, c, start, "try_send", st);
    return st;
}

int interp_exec_TRY_RECV(interp_call *call) {
    interp_task *t = call->t;
    int c = call->chan;
    if (c < 0 || !interp->d->chan_try_recv)
        return -1;
    void *v = NULL;
    interp_fair_recv(c, +1);
    int st = interp->d->chan_try_recv(interp->chans[c].h, &v);
    interp_fair_recv(c, -1);
    interp->event_seq++;
    interp_oracle_status("chan_try_recv", st, ST_TRY);
    interp_model_status_chan("status:try_recv", c, st);
    if (st == SF_OK)
        interp_token_received(v, c, t->id);
    return st;
}
