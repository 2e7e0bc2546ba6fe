/* Blocking driver calls in progress, for the wake oracles.  Records live
 * on the callers' stacks: the list is dropped (not walked) after a failed
 * run, whose stacks the runtime discarded. */
#include "internal.h"

void ip_pending_push(ip_pending *p, const char *what, int task, int scope) {
    p->what = what;
    p->task = task;
    p->scope = scope;
    p->prev = NULL;
    p->next = ip.pending;
    if (ip.pending)
        ip.pending->prev = p;
    ip.pending = p;
}

void ip_pending_pop(ip_pending *p) {
    if (p->prev)
        p->prev->next = p->next;
    else
        ip.pending = p->next;
    if (p->next)
        p->next->prev = p->prev;
}
