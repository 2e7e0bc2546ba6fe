/* Records of scopes and channels, and the resolution of op operands
 * (slots, s0, parent) into them. */
#include "internal.h"

int interp_scope_new(sf_hscope h, int parent, int64_t deadline) {
    interp_grow((void **)&interp->scopes, &interp->cap_scopes, interp->nscopes + 1,
                sizeof *interp->scopes);
    interp->scopes[interp->nscopes] =
        (interp_scope){.h = h, .parent = parent, .deadline = deadline};
    return (int)interp->nscopes++;
}

int interp_scope_ref(const interp_task *t, unsigned ref) {
    if (ref == 0)
        return t->scope;
    if (ref == SF_SCOPE_PARENT)
        return t->pscope;
    return ref < SF_MAX_SCOPES ? interp->scope_slot[ref] : -1;
}

int interp_scope_in(int s, int ancestor) {
    for (; s >= 0; s = interp->scopes[s].parent)
        if (s == ancestor)
            return 1;
    return 0;
}

int interp_scope_cancelled(int s) {
    for (; s >= 0; s = interp->scopes[s].parent)
        if (interp->scopes[s].cancelled)
            return 1;
    return 0;
}

/* Closing s closes its open descendants and destroys the channels they own
 * (S12 steps 4 and 6). */
void interp_scope_mark_closed(int s) {
    for (size_t i = 0; i < interp->nscopes; i++)
        if (interp_scope_in((int)i, s))
            interp->scopes[i].closed = 1;
    for (size_t i = 0; i < interp->nchans; i++)
        if (interp_scope_in(interp->chans[i].owner, s))
            interp->chans[i].destroyed = 1;
}

int interp_chan_new(sf_hchan h, int owner) {
    interp_grow((void **)&interp->chans, &interp->cap_chans, interp->nchans + 1,
                sizeof *interp->chans);
    interp->chans[interp->nchans] = (interp_chan){.h = h, .owner = owner};
    return (int)interp->nchans++;
}

int interp_chan_ref(unsigned slot) { return slot < SF_MAX_CHANS ? interp->chan_slot[slot] : -1; }

int64_t interp_now(void) { return interp->d->now ? interp->d->now() : 0; }
