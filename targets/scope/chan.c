/* Channels: make, close, destroy, len. */
#include "internal.h"

#include <stdlib.h>

struct chan *sci_chan_get(sc_chan c) {
    return sci_handle_get(c.h, SCI_CHAN);
}

static struct chan *chan_new(struct scope *owner, size_t cap, sc_dtor_fn dtor) {
    struct chan *ch = sfp_calloc(1, sizeof *ch);
    if (!ch)
        return NULL;
    ch->buf = cap ? sfp_malloc(cap * sizeof *ch->buf) : NULL;
    ch->h = cap && !ch->buf ? 0 : sci_handle_new(SCI_CHAN, ch);
    if (!ch->h) {
        free(ch->buf);
        free(ch);
        return NULL;
    }
    ch->cap = cap;
    ch->dtor = dtor;
    ch->owner = owner;
    ch->onext = owner->chans;
    if (owner->chans)
        owner->chans->oprev = ch;
    owner->chans = ch;
    return ch;
}

int sc_chan_make(sc_scope owner, size_t cap, sc_dtor_fn elem_dtor, sc_chan *out) {
    if (!out || cap > SC_CHAN_MAX_CAP)
        return SC_EINVAL;
    if (!sci_lib.inited)
        return SC_EBADF;
    sci_lock();
    struct scope *s = sci_scope_get(owner);
    int rc = !s ? SC_EBADF : s->closing ? SC_ESCOPE : SC_OK;
    struct chan *ch = rc == SC_OK ? chan_new(s, cap, elem_dtor) : NULL;
    if (rc == SC_OK && !ch)
        rc = SC_ENOMEM;
    if (ch)
        out->h = ch->h;
    sci_unlock();
    return rc;
}

static void complete_queue(struct cqueue *q, int closed_status) {
    struct clause *c;
    while ((c = sci_queue_first(q))) {
        c->status = closed_status;
        sci_waiter_complete(c->w, (int)c->index);
    }
}

int sc_chan_close(sc_chan c) {
    if (!sci_lib.inited)
        return SC_EBADF;
    sci_lock();
    struct chan *ch = sci_chan_get(c);
    int rc = !ch ? SC_EBADF : ch->closed ? SC_EALREADY : SC_OK;
    if (rc == SC_OK) {
        ch->closed = 1;
        complete_queue(&ch->recvq, SC_ECLOSED);
        complete_queue(&ch->sendq, SC_ECLOSED);
    }
    sci_unlock();
    return rc;
}

static void fail_queue(struct cqueue *q) {
    struct clause *c;
    while ((c = sci_queue_first(q)))
        sci_waiter_complete(c->w, SC_EBADF);
}

/* Makes the handle stale, fails every blocked caller with SC_EBADF and
 * unlinks the channel from its owner.  sci_chan_free() finishes it. */
void sci_chan_detach(struct chan *ch) {
    sci_handle_release(ch->h);
    fail_queue(&ch->recvq);
    fail_queue(&ch->sendq);
    if (ch->oprev)
        ch->oprev->onext = ch->onext;
    else
        ch->owner->chans = ch->onext;
    if (ch->onext)
        ch->onext->oprev = ch->oprev;
    ch->owner = NULL;
}

/* Destroys the buffered values and frees a detached channel.  Runs user
 * code (elem_dtor): called without the lock. */
void sci_chan_free(struct chan *ch) {
    for (size_t i = 0; ch->dtor && i < ch->len; i++)
        ch->dtor(ch->buf[(ch->head + i) % ch->cap]);
    free(ch->buf);
    free(ch);
}

int sc_chan_destroy(sc_chan c) {
    if (!sci_lib.inited)
        return SC_EBADF;
    sci_lock();
    struct chan *ch = sci_chan_get(c);
    int rc = !ch ? SC_EBADF : ch->sendq.head || ch->recvq.head ? SC_EBUSY : SC_OK;
    if (rc == SC_OK)
        sci_chan_detach(ch);
    sci_unlock();
    if (rc == SC_OK)
        sci_chan_free(ch);
    return rc;
}

int sc_chan_len(sc_chan c) {
    if (!sci_lib.inited)
        return SC_EBADF;
    sci_lock();
    struct chan *ch = sci_chan_get(c);
    int rc = ch ? (int)ch->len : SC_EBADF;
    sci_unlock();
    return rc;
}
