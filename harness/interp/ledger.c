/* The ledger: every heap token sent on a channel (C6) and every deferred
 * op registered (S7).  Token blocks are freed when consumed or kept, the
 * rest (tokens of discarded tasks, lost ones) when the run ends. */
#include <string.h>

#include "internal.h"

size_t ip_token_new(int chan, int producer, uint32_t seq) {
    ip_grow((void **)&ip.tokens, &ip.cap_tokens, ip.ntokens + 1, sizeof *ip.tokens);
    void *p = ip_alloc(16);
    memcpy(p, &ip.ntokens, sizeof ip.ntokens);
    ip.tokens[ip.ntokens] = (ip_token){.p = p, .chan = chan, .producer = producer, .seq = seq};
    return ip.ntokens++;
}

/* Newest first: block addresses are reused once freed, and only the newest
 * token at an address can still be in flight.  Senders use indexes. */
ip_token *ip_token_find(const void *p) {
    for (size_t i = ip.ntokens; i-- > 0;)
        if (ip.tokens[i].p == p)
            return &ip.tokens[i];
    return NULL;
}

static void release(ip_token *k) {
    if (!k->freed) {
        k->freed = 1;
        ip_free(k->p);
    }
}

void ip_token_accepted(size_t i) { ip.tokens[i].accepted = 1; }

/* The send failed: the sender keeps the value and frees it.  `sig` names
 * the failure if the value was delivered all the same. */
void ip_token_keep(size_t i, const char *sig) {
    ip_token *k = &ip.tokens[i];
    if (k->consumed) {
        ip_fail(sig, "token %zu: its send failed but it was also received or destroyed", i);
        return;
    }
    k->kept = 1;
    release(k);
}

static ip_token *consume(void *p, const char *how) {
    ip_token *k = ip_token_find(p);
    if (!k || k->freed) {
        if (k && k->consumed)
            ip_fail("conservation:dup", "token %zu %s a second time", (size_t)(k - ip.tokens), how);
        else if (k)
            ip_fail("conservation:dup", "token %zu %s after its sender kept it",
                    (size_t)(k - ip.tokens), how);
        else
            ip_fail("conservation:bogus", "%s a value that no send made: %p", how, p);
        return NULL;
    }
    k->consumed++;
    release(k);
    return k;
}

void ip_token_received(void *p, int chan, int receiver) {
    ip_token *k = consume(p, "received");
    if (!k)
        return;
    if (k->chan != chan)
        ip_fail("conservation:chan", "task %d received on channel #%d token %zu sent on #%d",
                receiver, chan, (size_t)(k - ip.tokens), k->chan);
    ip_oracle_fifo(receiver, chan, k);
}

void ip_elem_dtor(void *p) { consume(p, "destroyed by elem_dtor"); }

/* End of run: with `check`, an accepted token must have been consumed
 * (C6); then every block is freed. */
void ip_tokens_end(int check) {
    for (size_t i = 0; i < ip.ntokens; i++) {
        ip_token *k = &ip.tokens[i];
        if (check && k->accepted && !k->consumed)
            ip_fail("conservation:lost",
                    "token %zu (task %d, seq %u) was sent on channel #%d and never received "
                    "nor destroyed",
                    i, k->producer, k->seq, k->chan);
        release(k);
    }
    ip.ntokens = 0;
}

ip_defer *ip_defer_new(void) {
    ip_grow((void **)&ip.defers, &ip.cap_defers, ip.ndefers + 1, sizeof *ip.defers);
    ip_defer *r = ip_alloc(sizeof *r);
    memset(r, 0, sizeof *r);
    ip.defers[ip.ndefers++] = r;
    return r;
}

void ip_defers_end(void) {
    for (size_t i = 0; i < ip.ndefers; i++)
        ip_free(ip.defers[i]);
    ip.ndefers = 0;
}
