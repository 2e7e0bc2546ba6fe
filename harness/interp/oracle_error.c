/* Error propagation oracle (docs/semantics.md S4, S5, S6): a task's result
 * that is an error of its scope must not be lost, the scope's first error
 * is the one close gives, a fail-fast scope is cancelled by it, a
 * supervisor scope is not.
 *
 * A result (the task's `return`: SF_OK, SF_ERROR, SF_CANCELLED,
 * SF_TIMEOUT) is an error unless it is SF_OK, or SF_CANCELLED/SF_TIMEOUT
 * while the scope is cancelled or expired (S4, the excuse).  The library
 * judges it after the task function returned, at a moment the interpreter
 * does not see, but surely before the task's runtime task ends and before
 * the close joining it returns.  So a result is
 * - surely excused: cancelled/timeout while the scope was already surely
 *   cancelled (a cancel of it or an ancestor returned SF_OK, or a fail-fast
 *   below) or expired when the task returned;
 * - surely an error: SF_ERROR; or cancelled/timeout while, up to a moment
 *   after the judging (the task's runtime task ended, or its scope's close
 *   returned), nothing may have cancelled the scope (no cancel of it or an
 *   ancestor started, no other possible error in a fail-fast scope on its
 *   path, the run not ending) and its deadline had not passed;
 * - else possibly an error (both answers are right).
 * Checks:
 *   error:lost      close of S returned SF_OK with no first error although
 *                   a task of S surely failed (S4);
 *   error:first     close's first error is no possible error of a task of
 *                   S, or only of tasks that returned after another sure
 *                   error of S had been judged (S4: the first is kept);
 *   error:failfast  a call blocked in (or started after) a fail-fast scope
 *                   that a sure error cancelled was not woken with
 *                   SF_CANCELLED (S5; oracle_wake.c asks
 *                   interp_error_failed_fast()); drivers with scopes and
 *                   cancel only;
 *   error:supervisor a call returned SF_CANCELLED where only a task error
 *                   of a supervisor scope could explain it (S6;
 *                   oracle_model.c asks interp_error_supervised()).
 * A driver without scopes has no task results (driver.h: nothing receives
 * them): only the statuses' leniency (errored) applies to it. */
#include "internal.h"

static int possible_error(const interp_task *t) {
    return t->done && t->ret != SF_OK && !t->ret_excused;
}

/* The runtime's clock, which the library's deadlines are on (sim_vtime():
 * no scheduling point, so that judging changes no interleaving). */
static int expired(int s) { return interp->scopes[s].deadline <= sim_vtime(); }

/* Something other than task `self`'s own result may have cancelled s (or
 * an ancestor) by now. */
static int may_cancel(int s, const interp_task *self) {
    if (interp->finishing)
        return 1;
    for (int a = s; a >= 0; a = interp->scopes[a].parent) {
        const interp_scope *sc = &interp->scopes[a];
        int own = self->scope == a && possible_error(self);
        if (sc->cancel_started || (!sc->supervisor && sc->errored > own))
            return 1;
    }
    return 0;
}

/* t's result is surely an error, judged at the latest now. */
static int sure_error(const interp_task *t) {
    if (!t->done || t->ret == SF_OK || t->ret_excused)
        return 0;
    if (t->ret != SF_CANCELLED && t->ret != SF_TIMEOUT)
        return 1;
    return !may_cancel(t->scope, t) && !expired(t->scope);
}

void interp_error_settle(void) {
    if (interp->unjudged == 0)
        return;
    for (int i = 1; i < interp->ntasks; i++) {
        interp_task *t = &interp->tasks[i];
        if (!possible_error(t) || t->judged || !sim_task_ended(t->rt))
            continue;
        t->judged = 1;
        interp->unjudged--;
        t->sure = (uint8_t)sure_error(t);
        if (t->sure && !interp->scopes[t->scope].supervisor && (interp->d->caps & SF_CAP_CANCEL))
            interp->scopes[t->scope].failed_fast = 1;
    }
}

void interp_oracle_task_return(interp_task *t, int rc) {
    interp_scope *s = &interp->scopes[t->scope];
    interp_error_settle();
    t->ret = rc;
    t->ret_excused = (rc == SF_CANCELLED || rc == SF_TIMEOUT) &&
                     (interp_scope_cancelled(t->scope) || interp_error_failed_fast(t->scope) ||
                      expired(t->scope));
    t->done = 1;
    if (!possible_error(t))
        return;
    s->errored++; /* a fail-fast library cancels s when the task returns */
    if (!(interp->d->caps & SF_CAP_SCOPES))
        return; /* no scopes: nothing receives a task's result (driver.h) */
    interp->unjudged++;
    for (int i = 1; i < interp->ntasks; i++)
        if (interp->tasks[i].scope == t->scope && interp->tasks[i].sure)
            t->late = 1;
}

static const char *ret_name(int st) {
    return st == SF_OK          ? "0"
           : st == SF_ERROR     ? "SF_ERROR"
           : st == SF_CANCELLED ? "SF_CANCELLED"
           : st == SF_TIMEOUT   ? "SF_TIMEOUT"
                                : "an unknown value";
}

void interp_oracle_first_error(int s, int first) {
    const interp_task *lost = NULL;
    int candidate = 0, possible = 0;
    interp_error_settle();
    for (int i = 1; i < interp->ntasks; i++) {
        const interp_task *t = &interp->tasks[i];
        if (t->scope != s || !t->started || !possible_error(t))
            continue;
        if (!lost && (t->sure || (!t->judged && sure_error(t))))
            lost = t;
        possible |= t->ret == first;
        candidate |= t->ret == first && !t->late;
    }
    if (first == SF_OK && lost)
        interp_fail("error:lost",
                    "close of scope #%d gave no first error although task %d (body %d) of it "
                    "returned %s while the scope was live",
                    s, lost->id, lost->body, ret_name(lost->ret));
    else if (first != SF_OK && !candidate)
        interp_fail("error:first", "close of scope #%d gave first error %s (%d), %s", s,
                    ret_name(first), first,
                    possible ? "but every task that returned it did so after another task's "
                               "error had been recorded"
                             : "which no task of it returned as an error");
}

int interp_error_failed_fast(int s) {
    for (; s >= 0; s = interp->scopes[s].parent)
        if (interp->scopes[s].failed_fast)
            return 1;
    return 0;
}

int interp_error_supervised(int s) {
    for (; s >= 0; s = interp->scopes[s].parent)
        if (interp->scopes[s].supervisor && interp->scopes[s].errored)
            return 1;
    return 0;
}

const interp_task *interp_error_culprit(int s) {
    for (; s >= 0; s = interp->scopes[s].parent) {
        if (!interp->scopes[s].failed_fast)
            continue;
        for (int i = 1; i < interp->ntasks; i++)
            if (interp->tasks[i].scope == s && interp->tasks[i].sure)
                return &interp->tasks[i];
    }
    return NULL;
}
