/* Blocking driver calls in progress, for the wake oracles.  Records live
 * on the callers' stacks: the list is dropped (not walked) after a failed
 * run, whose stacks the runtime discarded. */
#include "internal.h"

void interp_pending_push(interp_pending *p, const char *what, int task, int scope) {
    p->what = what;
    p->task = task;
    p->scope = scope;
    p->prev = NULL;
    p->next = interp->pending;
    if (interp->pending)
        interp->pending->prev = p;
    interp->pending = p;
}

void interp_pending_pop(interp_pending *p) {
    if (p->prev)
        p->prev->next = p->next;
    else
        interp->pending = p->next;
    if (p->next)
        p->next->prev = p->prev;
}
