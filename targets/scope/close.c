/* Scope exit: wait for the tasks, join them, close the children newest
 * first, run the defers LIFO, destroy the owned channels, free the scope.
 * The subtree is walked iteratively (fiber stacks are small). */
#include "internal.h"

#include <stdlib.h>

/* Waits until something the closer of s waits for happens: its last task
 * ended, or a child closed by another caller is gone.  Not cancellable. */
static void closer_wait(struct scope *s) {
    struct waiter w;
    sci_waiter_init(&w, NULL, "close-wait", s->h, SC_NO_DEADLINE, SC_ETIMEDOUT);
    s->closer = &w;
    sci_waiter_wait(&w);
    s->closer = NULL;
}

static void finish_tasks(struct scope *s) {
    while (s->live_tasks)
        closer_wait(s);
    struct task *l = s->ended;
    s->ended = NULL;
    for (struct task *t = l; t; t = t->next)
        sci_lib.count.joined++;
    sci_unlock();
    sci_tasks_join(l);
    sci_lock();
    s->tasks_done = 1;
}

/* The newest child to close (now marked closing), or NULL when none is
 * left; children closed by other callers are waited for. */
static struct scope *next_child(struct scope *s) {
    while (s->children) {
        struct scope *c = s->children;
        if (!c->closing) {
            c->closing = 1;
            return c;
        }
        closer_wait(s);
    }
    return NULL;
}

static void destroy_chans(struct scope *s) {
    while (s->chans) {
        struct chan *ch = s->chans;
        sci_chan_detach(ch);
        sci_lib.count.chans++;
        sci_unlock();
        sci_chan_free(ch);
        sci_lock();
    }
}

static void scope_free(struct scope *s) {
    while (s->waiters)
        sci_waiter_complete(s->waiters, SC_EBADF);
    struct scope *p = s->parent;
    if (p) {
        if (s->cprev)
            s->cprev->cnext = s->cnext;
        else
            p->children = s->cnext;
        if (s->cnext)
            s->cnext->cprev = s->cprev;
        if (p->closer)
            sci_waiter_complete(p->closer, SC_OK);
    }
    sci_handle_release(s->h);
    sci_lib.count.scopes++;
    free(s);
}

/* Defers, channels (an elem_dtor may defer again), then the scope itself. */
static void finish_scope(struct scope *s) {
    while (s->defers || s->chans) {
        sci_defers_run(s);
        destroy_chans(s);
    }
    scope_free(s);
}

/* Closes `top` (already marked closing) and its subtree; returns the first
 * error of top's tasks.  Lock held on entry and exit. */
int sci_close_tree(struct scope *top) {
    struct scope *cur = top;
    int first_error = 0;
    for (;;) {
        if (!cur->tasks_done)
            finish_tasks(cur);
        struct scope *c = next_child(cur);
        if (c) {
            cur = c;
            continue;
        }
        struct scope *parent = cur->parent;
        if (cur == top)
            first_error = top->first_error;
        finish_scope(cur);
        if (cur == top)
            return first_error;
        cur = parent;
    }
}

int sc_scope_close(sc_scope s, int *first_error) {
    if (!sci_lib.inited)
        return SC_EBADF;
    sci_lock();
    struct scope *p = sci_scope_get(s);
    int rc = !p ? SC_EBADF : p == sci_lib.root ? SC_EPERM : p->closing ? SC_EALREADY : SC_OK;
    int fe = 0;
    if (rc == SC_OK) {
        p->closing = 1;
        fe = sci_close_tree(p);
    }
    sci_unlock();
    if (rc == SC_OK && first_error)
        *first_error = fe;
    return rc;
}
