/* Tasks: sc_spawn_at() and the task entry, which applies the error policy
 * (fail-fast or supervisor) and wakes the closer. */
#include "internal.h"

#include <stdlib.h>

static void live_remove(struct task *t) {
    if (t->prev)
        t->prev->next = t->next;
    else
        sci_lib.live = t->next;
    if (t->next)
        t->next->prev = t->prev;
    else
        sci_lib.live_tail = t->prev;
}

static void live_append(struct task *t) {
    t->next = NULL;
    t->prev = sci_lib.live_tail;
    if (sci_lib.live_tail)
        sci_lib.live_tail->next = t;
    else
        sci_lib.live = t;
    sci_lib.live_tail = t;
}

static void record_error(struct scope *s, int rc) {
    int excused = (rc == SC_ECANCELED || rc == SC_ETIMEDOUT) && sci_scope_state(s) != SC_OK;
    if (rc == SC_OK || excused)
        return;
    if (!s->first_error)
        s->first_error = rc;
    if (!(s->flags & SC_SUPERVISOR))
        sci_scope_cancel_locked(s, rc);
}

static void task_finish(struct task *t, int rc) {
    struct scope *s = t->scope;
    record_error(s, rc);
    live_remove(t);
    sci_lib.live_tasks--;
    s->live_tasks--;
    t->next = s->ended;
    s->ended = t;
    if (s->live_tasks == 0 && s->closer)
        sci_waiter_complete(s->closer, SC_OK);
    if (sci_lib.live_tasks == 0 && sci_lib.shutdown_w)
        sci_waiter_complete(sci_lib.shutdown_w, SC_OK);
}

static void task_entry(void *p) {
    struct task *t = p;
    sc_scope s = {t->scope_h};
    int rc = t->fn(s, t->arg);
    sci_lock();
    task_finish(t, rc);
    sci_unlock();
}

/* Joins and frees a list of ended tasks; called without the lock. */
void sci_tasks_join(struct task *list) {
    while (list) {
        struct task *t = list;
        list = t->next;
        sfp_task_join(t->t);
        free(t);
    }
}

static int task_start(struct scope *s, sc_task_fn fn, void *arg, const char *site) {
    struct task *t = sfp_calloc(1, sizeof *t);
    if (!t)
        return SC_ENOMEM;
    *t = (struct task){.scope = s, .scope_h = s->h, .fn = fn, .arg = arg, .site = site};
    t->id = ++sci_lib.next_task_id;
    if (sfp_task_start(&t->t, task_entry, t, site) != SFP_OK) {
        free(t);
        return SC_ENOMEM;
    }
    live_append(t);
    sci_lib.live_tasks++;
    s->live_tasks++;
    return SC_OK;
}

static int spawn_check(const struct scope *s) {
    if (!s)
        return SC_EBADF;
    if (s->closing)
        return SC_ESCOPE;
    return sci_scope_state(s) == SC_OK ? SC_OK : SC_ECANCELED;
}

/* Detaches the ended tasks of s, to be joined after the lock is released
 * (keeps memory bounded in long-lived scopes). */
static struct task *reap(struct scope *s) {
    struct task *l = s->ended;
    s->ended = NULL;
    for (struct task *t = l; t; t = t->next)
        sci_lib.count.joined++;
    return l;
}

int sc_spawn_at(sc_scope scope, sc_task_fn fn, void *arg, sc_cleanup_fn arg_cleanup,
                const char *site) {
    int rc = !fn ? SC_EINVAL : !sci_lib.inited ? SC_EBADF : SC_OK;
    struct task *reaped = NULL;
    if (rc == SC_OK) {
        sci_lock();
        struct scope *s = sci_scope_get(scope);
        rc = spawn_check(s);
        if (rc == SC_OK)
            rc = task_start(s, fn, arg, site ? site : "?");
        if (rc == SC_OK)
            reaped = reap(s);
        sci_unlock();
    }
    sci_tasks_join(reaped);
    if (rc != SC_OK && arg_cleanup)
        arg_cleanup(arg);
    return rc;
}
