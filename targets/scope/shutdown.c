/* sc_shutdown(): cancel the root, wait for every task (or the deadline),
 * close the whole tree, free the library. */
#include "internal.h"

#include <string.h>

/* Waits until no task is live or the deadline passes; returns the number of
 * tasks still live. */
static size_t wait_tasks(int64_t deadline) {
    while (sci_lib.live_tasks) {
        struct waiter w;
        sci_waiter_init(&w, NULL, "shutdown-wait", 0, deadline, SC_ETIMEDOUT);
        sci_lib.shutdown_w = &w;
        int rc = sci_waiter_wait(&w);
        sci_lib.shutdown_w = NULL;
        if (rc == SC_ETIMEDOUT)
            break;
    }
    return sci_lib.live_tasks;
}

static void report_leak(size_t leaked, sc_shutdown_report *r) {
    fprintf(stderr, "scope: sc_shutdown: %zu task(s) still running at the deadline:\n", leaked);
    sci_dump_locked(stderr);
    if (r) {
        memset(r, 0, sizeof *r);
        r->tasks_leaked = leaked;
    }
}

static void fill_report(sc_shutdown_report *r, const struct sci_counts *before) {
    if (!r)
        return;
    const struct sci_counts *now = &sci_lib.count;
    r->tasks_joined = now->joined - before->joined;
    r->tasks_leaked = 0;
    r->scopes_closed = now->scopes - before->scopes - 1; /* not the root */
    r->defers_run = now->defers - before->defers;
    r->chans_destroyed = now->chans - before->chans;
}

int sc_shutdown(int64_t deadline, sc_shutdown_report *report) {
    if (!sci_lib.inited)
        return SC_EPERM;
    sci_lock();
    if (sci_lib.shutting) {
        sci_unlock();
        return SC_EALREADY;
    }
    sci_lib.shutting = 1;
    struct sci_counts before = sci_lib.count;
    sci_scope_cancel_locked(sci_lib.root, SC_ECANCELED);
    size_t leaked = wait_tasks(deadline);
    if (leaked) {
        report_leak(leaked, report);
        sci_lib.shutting = 0;
        sci_unlock();
        return SC_ELEAK;
    }
    sci_lib.root->closing = 1;
    sci_close_tree(sci_lib.root);
    fill_report(report, &before);
    sci_handles_free();
    sci_unlock();
    sfp_mutex_destroy(&sci_lib.lock);
    memset(&sci_lib, 0, sizeof sci_lib);
    return SC_OK;
}
