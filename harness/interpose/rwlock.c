/* Read-write locks: many readers or one writer; writers are preferred once
 * they wait (glibc's default prefers readers; preferring writers keeps a
 * writer from starving forever under a fair schedule, and both are allowed
 * by POSIX). */
#include "internal.h"

#include <errno.h>

static ip_obj *rw_of(void *l, const char *fn) { return ip_obj_get(l, OBJ_RWLOCK, fn); }

int sf_pthread_rwlock_init(pthread_rwlock_t *l, const pthread_rwlockattr_t *a) {
    (void)a;
    ip_obj_init(l, OBJ_RWLOCK, IP_CALLER());
    return 0;
}

int sf_pthread_rwlock_destroy(pthread_rwlock_t *l) {
    ip_obj *o = rw_of(l, "pthread_rwlock_destroy");
    if (o->u.rw.readers || o->u.rw.writer)
        ip_fail("pthread:mutex-destroy-locked",
                "pthread_rwlock_destroy() of rwlock #%u while it "
                "is locked",
                o->id);
    ip_obj_destroy(o);
    return 0;
}

static int rdlock(void *l, int64_t deadline, int try, const char *fn) {
    ip_obj *o = rw_of(l, fn);
    ip_thread *me = ip_self();
    sim_point(SIM_EV_LOCK, o->id);
    if (o->u.rw.writer == me)
        return EDEADLK;
    while (o->u.rw.writer || sim_waitq_len(&o->q2)) {
        if (try)
            return EBUSY;
        if (ip_park(&o->q, deadline, fn, o, 0) == SIM_PARK_TIMEDOUT &&
            (o->u.rw.writer || sim_waitq_len(&o->q2)))
            return ETIMEDOUT;
    }
    o->u.rw.readers++;
    ip_acquire(o->addr);
    return 0;
}

static int wrlock(void *l, int64_t deadline, int try, const char *fn) {
    ip_obj *o = rw_of(l, fn);
    ip_thread *me = ip_self();
    sim_point(SIM_EV_LOCK, o->id);
    if (o->u.rw.writer == me)
        return EDEADLK;
    while (o->u.rw.writer || o->u.rw.readers) {
        if (try)
            return EBUSY;
        if (ip_park(&o->q2, deadline, fn, o, 0) == SIM_PARK_TIMEDOUT &&
            (o->u.rw.writer || o->u.rw.readers)) {
            sim_unpark_all(&o->q); /* readers held back for this writer may go */
            return ETIMEDOUT;
        }
    }
    o->u.rw.writer = me;
    ip_held_add(me, o);
    ip_acquire(o->addr);
    return 0;
}

int sf_pthread_rwlock_rdlock(pthread_rwlock_t *l) {
    return rdlock(l, INT64_MAX, 0, "pthread_rwlock_rdlock");
}

int sf_pthread_rwlock_tryrdlock(pthread_rwlock_t *l) {
    return rdlock(l, INT64_MAX, 1, "pthread_rwlock_tryrdlock");
}

int sf_pthread_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *abs) {
    if (!ip_timespec_ok(abs))
        return EINVAL;
    return rdlock(l, ip_deadline(CLOCK_REALTIME, abs), 0, "pthread_rwlock_timedrdlock");
}

int sf_pthread_rwlock_wrlock(pthread_rwlock_t *l) {
    return wrlock(l, INT64_MAX, 0, "pthread_rwlock_wrlock");
}

int sf_pthread_rwlock_trywrlock(pthread_rwlock_t *l) {
    return wrlock(l, INT64_MAX, 1, "pthread_rwlock_trywrlock");
}

int sf_pthread_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *abs) {
    if (!ip_timespec_ok(abs))
        return EINVAL;
    return wrlock(l, ip_deadline(CLOCK_REALTIME, abs), 0, "pthread_rwlock_timedwrlock");
}

int sf_pthread_rwlock_unlock(pthread_rwlock_t *l) {
    ip_obj *o = rw_of(l, "pthread_rwlock_unlock");
    ip_thread *me = ip_self();
    ip_release(o->addr);
    if (o->u.rw.writer == me) {
        o->u.rw.writer = NULL;
        ip_held_remove(me, o);
    } else if (o->u.rw.readers > 0 && !o->u.rw.writer) {
        o->u.rw.readers--;
    } else {
        ip_fail("pthread:unlock-not-owner",
                "pthread_rwlock_unlock: thread %u unlocks rwlock #%u, which it does not hold",
                me->task, o->id);
    }
    sim_unpark_all(&o->q2);
    sim_unpark_all(&o->q);
    sim_point(SIM_EV_UNLOCK, o->id);
    return 0;
}
