/* sc_abandon(): free every library object without running anything, after
 * the runtime discarded every task.  It makes no platform call at all: the
 * sim backend accepts none outside sim_run() and frees its own task records
 * itself, so tasks are not joined; waiters (on discarded stacks) are never
 * touched; the lock, possibly left held by a discarded task, is not
 * destroyed (sc_init() initializes it afresh). */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static void free_tasks(struct task *t) {
    while (t) {
        struct task *next = t->next;
        free(t);
        t = next;
    }
}

static void free_scope(struct scope *s) {
    free_tasks(s->ended);
    while (s->defers) {
        struct defer *d = s->defers;
        s->defers = d->next;
        free(d);
    }
    free(s);
}

static void free_slot(struct slot *sl) {
    if (sl->kind == SCI_SCOPE)
        free_scope(sl->obj);
    else if (sl->kind == SCI_CHAN)
        sci_chan_free(sl->obj);
}

void sc_abandon(void) {
    if (!sci_lib.inited)
        return;
    free_tasks(sci_lib.live);
    for (uint32_t i = 0; i < sci_lib.nslots; i++)
        free_slot(&sci_lib.slots[i]);
    sci_handles_free();
    memset(&sci_lib, 0, sizeof sci_lib);
}
