/* Records of scopes and channels, and the resolution of op operands
 * (slots, s0, parent) into them. */
#include "internal.h"

int ip_scope_new(sf_hscope h, int parent, int64_t deadline) {
    ip_grow((void **)&ip.scopes, &ip.cap_scopes, ip.nscopes + 1, sizeof *ip.scopes);
    ip.scopes[ip.nscopes] = (ip_scope){.h = h, .parent = parent, .deadline = deadline};
    return (int)ip.nscopes++;
}

int ip_scope_ref(const ip_task *t, unsigned ref) {
    if (ref == 0)
        return t->scope;
    if (ref == SF_SCOPE_PARENT)
        return t->pscope;
    return ref < SF_MAX_SCOPES ? ip.scope_slot[ref] : -1;
}

int ip_scope_in(int s, int ancestor) {
    for (; s >= 0; s = ip.scopes[s].parent)
        if (s == ancestor)
            return 1;
    return 0;
}

int ip_scope_cancelled(int s) {
    for (; s >= 0; s = ip.scopes[s].parent)
        if (ip.scopes[s].cancelled)
            return 1;
    return 0;
}

/* Closing s closes its open descendants and destroys the channels they own
 * (S12 steps 4 and 6). */
void ip_scope_mark_closed(int s) {
    for (size_t i = 0; i < ip.nscopes; i++)
        if (ip_scope_in((int)i, s))
            ip.scopes[i].closed = 1;
    for (size_t i = 0; i < ip.nchans; i++)
        if (ip_scope_in(ip.chans[i].owner, s))
            ip.chans[i].destroyed = 1;
}

int ip_chan_new(sf_hchan h, int owner) {
    ip_grow((void **)&ip.chans, &ip.cap_chans, ip.nchans + 1, sizeof *ip.chans);
    ip.chans[ip.nchans] = (ip_chan){.h = h, .owner = owner};
    return (int)ip.nchans++;
}

int ip_chan_ref(unsigned slot) { return slot < SF_MAX_CHANS ? ip.chan_slot[slot] : -1; }

int64_t ip_now(void) { return ip.d->now ? ip.d->now() : 0; }
