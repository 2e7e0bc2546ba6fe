/* The channel model (docs/semantics.md C2, C3, C4, C7, X1, X2, X5): which
 * blocked states are justified, which statuses an op may return.
 *
 * Blocked states are judged when every task is blocked (the watchdog woke:
 * no task can run, no timer of the program is pending; for drivers without
 * scopes, cancel or sleep: no op started or returned for two seconds of
 * virtual time, so that a library whose calls poll counts as blocked), so
 * that no call is between its completion by a peer and its return.  In that state a
 * channel's buffer holds exactly the values of the sends that returned
 * SF_OK and were neither received nor destroyed, and a call is justified
 * only when the rules let it wait:
 * - a send (or select send case) on an open channel: its buffer is full and
 *   no call of another task waits to receive on it (C2);
 * - a receive (or recv case): its buffer is empty and no call of another
 *   task waits to send on it (C3);
 *   (a send and a recv case of the same select never match: X7);
 * - a select with default never blocks (X5).
 * Closed, destroyed, cancelled and expired cases are the wake oracles'
 * (oracle_wake.c).  A failure names the rule: wake:rendezvous (a sender and
 * a receiver of one channel both wait), wake:space (a send waits although
 * the buffer has room), wake:value (a receive waits although a value is
 * buffered), wake:default.
 *
 * Statuses (status:<op>): SF_CLOSED only on a channel whose close was
 * called (C2, C3, C4, X4); SF_TIMEOUT only in a scope with a deadline (G5,
 * T2); SF_CANCELLED only when something may have cancelled the scope (G5,
 * S5, S9, L3); no SF_ERROR from a valid select (X1, op_select.c). */
#include <string.h>

#include "internal.h"

unsigned interp_model_buffered(int c) {
    unsigned n = 0;
    for (size_t i = 0; i < interp->ntokens; i++) {
        const interp_token *k = &interp->tokens[i];
        n += k->chan == c && k->accepted && !k->consumed;
    }
    return n;
}

/* Another blocked call than p waits on channel c in direction dir. */
static const interp_pending *peer(const interp_pending *p, int c, int dir) {
    for (const interp_pending *q = interp->pending; q; q = q->next) {
        if (q == p || q->nonblocking)
            continue;
        for (int i = 0; i < q->nchan; i++)
            if (q->chans[i] == c && q->dirs[i] == dir)
                return q;
    }
    return NULL;
}

static const char *who(const interp_pending *p) { return p->task < 0 ? "a cleanup" : "task"; }

/* 1 if p's block is justified, else records the failure and returns 0. */
static int judge(const interp_pending *p) {
    if (p->nonblocking) {
        interp_fail("wake:default", "%s %d is blocked in a select with default", who(p), p->task);
        return 0;
    }
    for (int i = 0; i < p->nchan; i++) {
        int c = p->chans[i];
        const interp_chan *ch = &interp->chans[c];
        if (ch->closed_at || ch->close_started || ch->destroyed)
            continue; /* oracle_wake.c, or a close still in progress */
        unsigned buf = interp_model_buffered(c);
        int send = p->dirs[i] == SF_DIR_SEND;
        const interp_pending *q = peer(p, c, send ? SF_DIR_RECV : SF_DIR_SEND);
        if (q) {
            interp_fail("wake:rendezvous",
                        "%s %d is blocked in %s (%s on channel #%d) while %s %d waits to %s on it",
                        who(p), p->task, p->what, send ? "send" : "recv", c, who(q), q->task,
                        send ? "receive" : "send");
            return 0;
        }
        if (send && buf < ch->cap) {
            interp_fail("wake:space",
                        "%s %d is blocked in %s (send on channel #%d) with %u of %u buffer places "
                        "taken",
                        who(p), p->task, p->what, c, buf, ch->cap);
            return 0;
        }
        if (!send && buf > 0) {
            interp_fail("wake:value",
                        "%s %d is blocked in %s (recv on channel #%d) with %u value(s) buffered",
                        who(p), p->task, p->what, c, buf);
            return 0;
        }
    }
    return 1;
}

int interp_model_blocked(void) {
    int ok = 1;
    for (const interp_pending *p = interp->pending; p && ok; p = p->next)
        ok = judge(p);
    return ok && !interp->failed;
}

/* Something may have cancelled scope s: a cancel of it or of an ancestor
 * was called, a task of a fail-fast one returned an error (S5; not of a
 * supervisor: S6), or the run is ending (fini, shutdown: L3). */
static int may_be_cancelled(int s) {
    if (interp->finishing)
        return 1;
    for (; s >= 0; s = interp->scopes[s].parent)
        if (interp->scopes[s].cancel_started ||
            (interp->scopes[s].errored && !interp->scopes[s].supervisor))
            return 1;
    return 0;
}

void interp_model_status_blocking(int scope, int st, const char *what) {
    static const char *const sigs[][2] = {{"send", "status:send"},
                                          {"recv", "status:recv"},
                                          {"select", "status:select"},
                                          {"sleep", "status:sleep"}};
    const char *sig = NULL;
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        if (strcmp(sigs[i][0], what) == 0)
            sig = sigs[i][1];
    if (sig == NULL)
        return;
    if (st == SF_TIMEOUT && interp->scopes[scope].deadline == SF_NO_DEADLINE)
        interp_fail(sig, "%s returned SF_TIMEOUT although scope #%d has no deadline", what, scope);
    if (st == SF_CANCELLED && !may_be_cancelled(scope) && interp_error_supervised(scope))
        interp_fail("error:supervisor",
                    "%s returned SF_CANCELLED in scope #%d, which only a task error in a "
                    "supervisor scope could have cancelled",
                    what, scope);
    else if (st == SF_CANCELLED && !may_be_cancelled(scope))
        interp_fail(sig, "%s returned SF_CANCELLED although nothing cancelled scope #%d", what,
                    scope);
}

void interp_model_status_chan(const char *sig, int c, int st) {
    if (st == SF_CLOSED && !interp->chans[c].close_started)
        interp_fail(sig, "%s on channel #%d returned SF_CLOSED although nobody closed it", sig + 7,
                    c);
}

/* T2: a sleep that returns SF_OK has slept its whole duration (a spurious
 * wakeup taken for the end, a timer set too short).  Virtual time, read
 * without a scheduling point (sfp_now() is one: it would shift every
 * stored schedule). */
void interp_oracle_sleep(const char *who, int64_t start, int64_t ns, int st) {
    int64_t now = sim_vtime();
    if (st == SF_OK && now - start < ns)
        interp_fail("sleep:early", "%s of %lld ns returned SF_OK after %lld ns", who, (long long)ns,
                    (long long)(now - start));
}
