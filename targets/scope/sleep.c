/* sc_sleep(): a waiter with no clause whose deadline is the earlier of the
 * sleep's end (result SC_OK) and the scope's deadline (SC_ETIMEDOUT). */
#include "internal.h"

static int64_t add_sat(int64_t a, int64_t b) { return a > INT64_MAX - b ? INT64_MAX : a + b; }

static int sleep_locked(struct scope *s, int64_t duration) {
    int rc = sci_scope_state(s);
    if (rc != SC_OK)
        return rc;
    int64_t end = add_sat(sfp_now(), duration);
    struct waiter w;
    if (end < s->deadline)
        sci_waiter_init(&w, s, "sleep", 0, end, SC_OK);
    else
        sci_waiter_init(&w, s, "sleep", 0, s->deadline, SC_ETIMEDOUT);
    return sci_waiter_wait(&w);
}

int sc_sleep(sc_scope scope, int64_t duration) {
    if (duration < 0)
        return SC_EINVAL;
    if (!sci_lib.inited)
        return SC_EBADF;
    sci_lock();
    struct scope *s = sci_scope_get(scope);
    int rc = s ? sleep_locked(s, duration) : SC_EBADF;
    sci_unlock();
    return rc;
}
