/* The one waiting mechanism of every blocking call (libdill/Go style).
 *
 * A waiter lives on the blocked caller's stack.  Its clauses are linked into
 * channel queues; it is registered on the caller's scope so that cancel()
 * finds it.  Whoever completes it (a peer, close, cancel, destroy, the
 * clock) sets done and result, unlinks every clause, deregisters it and
 * signals its condition, all under the library lock.  The waiter unlinks
 * itself too before returning, so no stale waiter can remain. */
#include "internal.h"

#include <string.h>

struct clause *sci_queue_first(struct cqueue *q) {
    return q->head;
}

static struct cqueue *queue_of(struct clause *c) {
    return c->op == SC_SEND ? &c->ch->sendq : &c->ch->recvq;
}

static void queue_push(struct cqueue *q, struct clause *c) {
    c->next = NULL;
    c->prev = q->tail;
    if (q->tail)
        q->tail->next = c;
    else
        q->head = c;
    q->tail = c;
}

static void queue_remove(struct cqueue *q, struct clause *c) {
    if (c->prev)
        c->prev->next = c->next;
    else
        q->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    else
        q->tail = c->prev;
    c->prev = c->next = NULL;
}

void sci_waiter_init(struct waiter *w, struct scope *s, const char *op, uint64_t object,
                     int64_t deadline, int timeout_result) {
    memset(w, 0, sizeof *w);
    sfp_cond_init(&w->cond);
    w->scope = s;
    w->op = op;
    w->object = object;
    w->deadline = deadline;
    w->timeout_result = timeout_result;
}

/* Appends c (whose op, ch, val and index are set) to its channel queue. */
void sci_clause_link(struct waiter *w, struct clause *c) {
    c->w = w;
    c->status = SC_OK;
    c->linked = 1;
    queue_push(queue_of(c), c);
    if (!w->clauses)
        w->clauses = c;
    w->nclauses++;
}

static void scope_register(struct waiter *w) {
    struct scope *s = w->scope;
    w->sprev = NULL;
    w->snext = s->waiters;
    if (s->waiters)
        s->waiters->sprev = w;
    s->waiters = w;
    w->registered = 1;
}

static void scope_deregister(struct waiter *w) {
    if (!w->registered)
        return;
    if (w->sprev)
        w->sprev->snext = w->snext;
    else
        w->scope->waiters = w->snext;
    if (w->snext)
        w->snext->sprev = w->sprev;
    w->registered = 0;
}

/* Unlinks every clause and deregisters the waiter; idempotent. */
static void detach(struct waiter *w) {
    for (size_t i = 0; i < w->nclauses; i++) {
        struct clause *c = &w->clauses[i];
        if (c->linked) {
            queue_remove(queue_of(c), c);
            c->linked = 0;
        }
    }
    scope_deregister(w);
}

void sci_waiter_complete(struct waiter *w, int result) {
    if (w->done)
        return;
    w->done = 1;
    w->result = result;
    detach(w);
    sfp_cond_signal(&w->cond);
}

/* Blocks until completed or the deadline passes; returns the result.  The
 * scope and the channels may be gone on return: callers read only the
 * waiter and its clauses afterwards. */
int sci_waiter_wait(struct waiter *w) {
    uint64_t sh = w->scope ? w->scope->h : 0;
    if (w->scope)
        scope_register(w);
    sfp_task_note(w->op, w->object, sh);
    while (!w->done) {
        if (sci_cond_wait(&w->cond, w->deadline) == SFP_ETIMEDOUT)
            sci_waiter_complete(w, w->timeout_result);
    }
    sfp_task_note(NULL, 0, 0);
    detach(w);
    sfp_cond_destroy(&w->cond);
    return w->result;
}
