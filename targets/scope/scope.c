/* Scopes: open, cancel, status, cause, deadline. */
#include "internal.h"

#include <stdlib.h>

struct scope *sci_scope_get(sc_scope s) {
    return sci_handle_get(s.h, SCI_SCOPE);
}

static const struct scope *cancelled_at(const struct scope *s) {
    for (; s; s = s->parent)
        if (s->cancelled)
            return s;
    return NULL;
}

/* SC_OK, SC_ECANCELED (self or an ancestor cancelled) or SC_ETIMEDOUT. */
int sci_scope_state(const struct scope *s) {
    if (cancelled_at(s))
        return SC_ECANCELED;
    if (s->deadline != SC_NO_DEADLINE && sfp_now() >= s->deadline)
        return SC_ETIMEDOUT;
    return SC_OK;
}

static void wake_waiters(struct scope *s) {
    while (s->waiters)
        sci_waiter_complete(s->waiters, SC_ECANCELED);
}

/* Preorder walk of the subtree of `top`, waking every registered waiter. */
static void wake_subtree(struct scope *top) {
    struct scope *cur = top;
    for (;;) {
        wake_waiters(cur);
        if (cur->children) {
            cur = cur->children;
            continue;
        }
        while (cur != top && !cur->cnext)
            cur = cur->parent;
        if (cur == top)
            return;
        cur = cur->cnext;
    }
}

void sci_scope_cancel_locked(struct scope *s, int reason) {
    if (cancelled_at(s))
        return;
    s->cancelled = 1;
    s->reason = reason ? reason : SC_ECANCELED;
    wake_subtree(s);
}

static struct scope *scope_new(struct scope *parent, const sc_scope_opts *o) {
    struct scope *s = sfp_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->h = sci_handle_new(SCI_SCOPE, s);
    if (!s->h) {
        free(s);
        return NULL;
    }
    s->parent = parent;
    s->deadline = parent->deadline;
    if (o && o->deadline < s->deadline)
        s->deadline = o->deadline;
    s->flags = o ? o->flags : 0;
    s->name = o ? o->name : NULL;
    s->cnext = parent->children;
    if (parent->children)
        parent->children->cprev = s;
    parent->children = s;
    return s;
}

int sc_scope_open(sc_scope parent, const sc_scope_opts *opts, sc_scope *out) {
    if (!out || (opts && (opts->flags & ~SC_SUPERVISOR)))
        return SC_EINVAL;
    if (!sci_lib.inited)
        return SC_EBADF;
    sci_lock();
    struct scope *p = sci_scope_get(parent);
    int rc = !p ? SC_EBADF : p->closing ? SC_ESCOPE : SC_OK;
    struct scope *s = rc == SC_OK ? scope_new(p, opts) : NULL;
    if (rc == SC_OK && !s)
        rc = SC_ENOMEM;
    if (s)
        out->h = s->h;
    sci_unlock();
    return rc;
}

int sc_scope_cancel(sc_scope s, int reason) {
    if (!sci_lib.inited)
        return SC_EBADF;
    sci_lock();
    struct scope *p = sci_scope_get(s);
    if (p)
        sci_scope_cancel_locked(p, reason);
    sci_unlock();
    return p ? SC_OK : SC_EBADF;
}

int sc_scope_status(sc_scope s) {
    if (!sci_lib.inited)
        return SC_EBADF;
    sci_lock();
    struct scope *p = sci_scope_get(s);
    int rc = p ? sci_scope_state(p) : SC_EBADF;
    sci_unlock();
    return rc;
}

int sc_scope_cause(sc_scope s, int *reason) {
    if (!reason)
        return SC_EINVAL;
    if (!sci_lib.inited)
        return SC_EBADF;
    sci_lock();
    struct scope *p = sci_scope_get(s);
    const struct scope *c = p ? cancelled_at(p) : NULL;
    int rc = !p ? SC_EBADF : !c ? SC_EAGAIN : SC_OK;
    if (rc == SC_OK)
        *reason = c->reason;
    sci_unlock();
    return rc;
}

int64_t sc_scope_deadline(sc_scope s) {
    if (!sci_lib.inited)
        return SC_NO_DEADLINE;
    sci_lock();
    struct scope *p = sci_scope_get(s);
    int64_t d = p ? p->deadline : SC_NO_DEADLINE;
    sci_unlock();
    return d;
}
