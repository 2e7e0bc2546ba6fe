/* Deferred cleanups: a LIFO stack per scope, run by the closer. */
#include "internal.h"

#include <stdlib.h>

int sc_defer(sc_scope scope, sc_cleanup_fn fn, void *arg) {
    if (!fn)
        return SC_EINVAL;
    if (!sci_lib.inited)
        return SC_EBADF;
    sci_lock();
    struct scope *s = sci_scope_get(scope);
    struct defer *d = s ? sfp_malloc(sizeof *d) : NULL;
    int rc = !s ? SC_EBADF : !d ? SC_ENOMEM : SC_OK;
    if (d) {
        d->fn = fn;
        d->arg = arg;
        d->next = s->defers;
        s->defers = d;
    }
    sci_unlock();
    return rc;
}

/* Pops and runs the cleanups of s, newest first, each outside the lock: a
 * cleanup may call the library (a defer into s pushes the one run next). */
void sci_defers_run(struct scope *s) {
    while (s->defers) {
        struct defer *d = s->defers;
        s->defers = d->next;
        sci_lib.count.defers++;
        sci_unlock();
        d->fn(d->arg);
        free(d);
        sci_lock();
    }
}
