/* Wake oracles, checked by the watchdog when every task is blocked for
 * good (docs/semantics.md C7, C10, G5, S9, T2): no call may still be
 * blocked on a closed channel (wake:close), a destroyed one (wake:destroy),
 * with a cancelled scope or ancestor (wake:cancel), or past its scope's
 * effective deadline (wake:deadline), or in a scope a task's error surely
 * cancelled (fail-fast, S5: error:failfast, oracle_error.c).
 * And the same rules for calls that start in that state (G5): a blocking
 * call whose scope was already cancelled (or expired, or failed fast) when
 * it started must not return SF_OK (cancel:ignored, deadline:ignored,
 * error:failfast). */
#include "internal.h"

static const char *who(const interp_pending *p) { return p->task < 0 ? "a cleanup" : "task"; }

static void check(const interp_pending *p, int64_t now) {
    for (int i = 0; i < p->nchan; i++) {
        const interp_chan *c = &interp->chans[p->chans[i]];
        if (c->closed_at)
            interp_fail("wake:close", "%s %d is still blocked in %s on channel #%d, closed", who(p),
                        p->task, p->what, p->chans[i]);
        if (c->destroyed)
            interp_fail("wake:destroy", "%s %d is still blocked in %s on channel #%d, destroyed",
                        who(p), p->task, p->what, p->chans[i]);
    }
    if (interp_scope_cancelled(p->scope))
        interp_fail("wake:cancel", "%s %d is still blocked in %s although scope #%d is cancelled",
                    who(p), p->task, p->what, p->scope);
    else if (interp_error_failed_fast(p->scope))
        interp_fail("error:failfast",
                    "%s %d is still blocked in %s although task %d returned an error that "
                    "cancels its scope (fail-fast) and scope #%d with it",
                    who(p), p->task, p->what, interp_error_culprit(p->scope)->id, p->scope);
    if (interp->scopes[p->scope].deadline <= now)
        interp_fail("wake:deadline", "%s %d is still blocked in %s past the deadline of scope #%d",
                    who(p), p->task, p->what, p->scope);
}

void interp_oracle_wake(void) {
    interp_error_settle();
    int64_t now = interp_now();
    for (const interp_pending *p = interp->pending; p; p = p->next)
        check(p, now);
}

int interp_oracle_blocking_start(int scope) {
    interp_error_settle();
    int f = interp_scope_cancelled(scope) ? 1 : 0;
    if (interp->d->now && interp->scopes[scope].deadline <= interp->d->now())
        f |= 2;
    if (!f && interp_error_failed_fast(scope))
        f |= 4;
    return f;
}

void interp_oracle_blocking_end(int scope, int flags, int st, const char *what) {
    interp_model_status_blocking(scope, st, what);
    if (st != SF_OK)
        return;
    if (flags & 1)
        interp_fail("cancel:ignored",
                    "%s returned SF_OK although scope #%d was cancelled before "
                    "it started",
                    what, scope);
    else if (flags & 2)
        interp_fail("deadline:ignored",
                    "%s returned SF_OK although the deadline of scope #%d had "
                    "passed before it started",
                    what, scope);
    else if (flags & 4)
        interp_fail("error:failfast",
                    "%s returned SF_OK although a task's error had cancelled scope #%d "
                    "(fail-fast) before it started",
                    what, scope);
}
