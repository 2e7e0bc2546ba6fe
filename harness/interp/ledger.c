/* The ledger: every heap token sent on a channel (C6) and every deferred
 * op registered (S7).  Token blocks are freed when consumed or kept, the
 * rest (tokens of discarded tasks, lost ones) when the run ends. */
#include <string.h>

#include "internal.h"

size_t interp_token_new(int chan, int producer, uint32_t seq) {
    interp_grow((void **)&interp->tokens, &interp->cap_tokens, interp->ntokens + 1,
                sizeof *interp->tokens);
    void *p = interp_alloc(16);
    memcpy(p, &interp->ntokens, sizeof interp->ntokens);
    interp->tokens[interp->ntokens] =
        (interp_token){.p = p, .chan = chan, .producer = producer, .seq = seq};
    return interp->ntokens++;
}

/* Newest first: block addresses are reused once freed, and only the newest
 * token at an address can still be in flight.  Senders use indexes. */
interp_token *interp_token_find(const void *p) {
    for (size_t i = interp->ntokens; i-- > 0;)
        if (interp->tokens[i].p == p)
            return &interp->tokens[i];
    return NULL;
}

static void release(interp_token *k) {
    if (!k->freed) {
        k->freed = 1;
        interp_free(k->p);
    }
}

void interp_token_accepted(size_t i) { interp->tokens[i].accepted = 1; }

/* The send failed: the sender keeps the value and frees it.  `sig` names
 * the failure if the value was delivered all the same. */
void interp_token_keep(size_t i, const char *sig) {
    interp_token *k = &interp->tokens[i];
    if (k->consumed) {
        interp_fail(sig, "token %zu: its send failed but it was also received or destroyed", i);
        return;
    }
    k->kept = 1;
    release(k);
}

static interp_token *consume(void *p, const char *how) {
    interp_token *k = interp_token_find(p);
    if (!k || k->freed) {
        if (k && k->consumed)
            interp_fail("conservation:dup", "token %zu %s a second time",
                        (size_t)(k - interp->tokens), how);
        else if (k)
            interp_fail("conservation:dup", "token %zu %s after its sender kept it",
                        (size_t)(k - interp->tokens), how);
        else
            interp_fail("conservation:bogus", "%s a value that no send made: %p", how, p);
        return NULL;
    }
    k->consumed++;
    release(k);
    return k;
}

void interp_token_received(void *p, int chan, int receiver) {
    interp_token *k = consume(p, "received");
    if (!k)
        return;
    if (k->chan != chan)
        interp_fail("conservation:chan", "task %d received on channel #%d token %zu sent on #%d",
                    receiver, chan, (size_t)(k - interp->tokens), k->chan);
    interp_oracle_fifo(receiver, chan, k);
}

void interp_elem_dtor(void *p) { consume(p, "destroyed by elem_dtor"); }

/* End of run: with `check`, an accepted token must have been consumed
 * (C6); then every block is freed. */
void interp_tokens_end(int check) {
    for (size_t i = 0; i < interp->ntokens; i++) {
        interp_token *k = &interp->tokens[i];
        if (check && k->accepted && !k->consumed)
            interp_fail("conservation:lost",
                        "token %zu (task %d, seq %u) was sent on channel #%d and never received "
                        "nor destroyed",
                        i, k->producer, k->seq, k->chan);
        release(k);
    }
    interp->ntokens = 0;
}

interp_defer *interp_defer_new(void) {
    interp_grow((void **)&interp->defers, &interp->cap_defers, interp->ndefers + 1,
                sizeof *interp->defers);
    interp_defer *r = interp_alloc(sizeof *r);
    memset(r, 0, sizeof *r);
    interp->defers[interp->ndefers++] = r;
    return r;
}

void interp_defers_end(void) {
    for (size_t i = 0; i < interp->ndefers; i++)
        interp_free(interp->defers[i]);
    interp->ndefers = 0;
}
