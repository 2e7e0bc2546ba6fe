/* Channel operations: send, recv and their non-blocking forms.  A sender
 * that finds a waiting receiver hands the value over directly (and the
 * reverse), completing the waiter's clause on its behalf. */
#include "internal.h"

static void buf_push(struct chan *ch, void *val) {
    ch->buf[(ch->head + ch->len) % ch->cap] = val;
    ch->len++;
}

static void *buf_pop(struct chan *ch) {
    void *v = ch->buf[ch->head];
    ch->head = (ch->head + 1) % ch->cap;
    ch->len--;
    return v;
}

static void complete_ok(struct clause *c) {
    c->status = SC_OK;
    sci_waiter_complete(c->w, (int)c->index);
}

/* SC_OK, SC_ECLOSED or SC_EAGAIN (would block). */
int sci_chan_send_locked(struct chan *ch, void *val) {
    if (ch->closed)
        return SC_ECLOSED;
    struct clause *r = sci_queue_first(&ch->recvq);
    if (r) {
        r->val = val;
        complete_ok(r);
        return SC_OK;
    }
    if (ch->len < ch->cap) {
        buf_push(ch, val);
        return SC_OK;
    }
    return SC_EAGAIN;
}

/* SC_OK (value in *val), SC_ECLOSED (closed and drained) or SC_EAGAIN. */
int sci_chan_recv_locked(struct chan *ch, void **val) {
    struct clause *s = sci_queue_first(&ch->sendq);
    if (ch->len) {
        *val = buf_pop(ch);
        if (s) {
            buf_push(ch, s->val);
            complete_ok(s);
        }
        return SC_OK;
    }
    if (s) {
        *val = s->val;
        complete_ok(s);
        return SC_OK;
    }
    return ch->closed ? SC_ECLOSED : SC_EAGAIN;
}

int sci_chan_send_ready(const struct chan *ch) {
    return ch->closed || ch->recvq.head || ch->len < ch->cap;
}

int sci_chan_recv_ready(const struct chan *ch) { return ch->closed || ch->len || ch->sendq.head; }

static int block_on(struct scope *s, struct chan *ch, int op, void **val) {
    struct waiter w;
    struct clause c = {.ch = ch, .op = op, .val = op == SC_SEND ? *val : NULL};
    sci_waiter_init(&w, s, op == SC_SEND ? "send" : "recv", ch->h, s->deadline, SC_ETIMEDOUT);
    sci_clause_link(&w, &c);
    int rc = sci_waiter_wait(&w);
    if (rc < 0)
        return rc;
    if (op == SC_RECV && c.status == SC_OK)
        *val = c.val;
    return c.status;
}

static int chan_op(sc_scope scope, sc_chan c, int op, void **val) {
    if (!sci_lib.inited)
        return SC_EBADF;
    sci_lock();
    struct scope *s = sci_scope_get(scope);
    struct chan *ch = sci_chan_get(c);
    int rc = !s || !ch ? SC_EBADF : sci_scope_state(s);
    if (rc == SC_OK)
        rc = op == SC_SEND ? sci_chan_send_locked(ch, *val) : sci_chan_recv_locked(ch, val);
    if (rc == SC_EAGAIN)
        rc = block_on(s, ch, op, val);
    sci_unlock();
    return rc;
}

int sc_chan_send(sc_scope scope, sc_chan c, void *value) {
    return chan_op(scope, c, SC_SEND, &value);
}

int sc_chan_recv(sc_scope scope, sc_chan c, void **value) {
    if (!value)
        return SC_EINVAL;
    return chan_op(scope, c, SC_RECV, value);
}

static int try_op(sc_chan c, int op, void **val) {
    if (!sci_lib.inited)
        return SC_EBADF;
    sci_lock();
    struct chan *ch = sci_chan_get(c);
    int rc = !ch             ? SC_EBADF
             : op == SC_SEND ? sci_chan_send_locked(ch, *val)
                             : sci_chan_recv_locked(ch, val);
    sci_unlock();
    return rc;
}

int sc_chan_try_send(sc_chan c, void *value) { return try_op(c, SC_SEND, &value); }

int sc_chan_try_recv(sc_chan c, void **value) {
    if (!value)
        return SC_EINVAL;
    return try_op(c, SC_RECV, value);
}
