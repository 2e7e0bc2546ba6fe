/* Library state, the lock, sc_init() and the trivial calls. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct sci_lib sci_lib;

void sci_lock(void) { sfp_mutex_lock(&sci_lib.lock); }

void sci_unlock(void) { sfp_mutex_unlock(&sci_lib.lock); }

/* Waits on c with the lock; returns SFP_OK or SFP_ETIMEDOUT. */
int sci_cond_wait(sfp_cond *c, int64_t deadline) {
    return sfp_cond_timedwait(c, &sci_lib.lock, deadline);
}

static struct scope *root_new(void) {
    struct scope *s = sfp_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->deadline = SC_NO_DEADLINE;
    s->name = "root";
    s->h = sci_handle_new(SCI_SCOPE, s);
    if (!s->h) {
        free(s);
        return NULL;
    }
    return s;
}

int sc_init(void) {
    if (sci_lib.inited)
        return SC_EPERM;
    memset(&sci_lib, 0, sizeof sci_lib);
    sfp_mutex_init(&sci_lib.lock);
    sci_lock();
    sci_lib.root = root_new();
    sci_unlock();
    if (!sci_lib.root) {
        sci_handles_free();
        sfp_mutex_destroy(&sci_lib.lock);
        return SC_ENOMEM;
    }
    sci_lib.inited = 1;
    return SC_OK;
}

sc_scope sc_root(void) {
    sc_scope s = {0};
    if (!sci_lib.inited)
        return s;
    sci_lock();
    s.h = sci_lib.root->h;
    sci_unlock();
    return s;
}

int64_t sc_now(void) { return sfp_now(); }

void sc_yield(void) { sfp_yield(); }
