/* Mutexes (normal, recursive, errorcheck; trylock, timedlock) and
 * spinlocks.  Every lock is a scheduling point before it acquires, every
 * unlock one after it releases; an unlock makes every waiter runnable, so
 * the strategy decides who gets the mutex next. */
#include "internal.h"
#include "scopefuzz/fuzz.h"

#include <errno.h>

/* The kind a statically initialized mutex asked for: glibc keeps it in
 * __data.__kind (PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP and friends). */
static int static_kind(void *m) {
    return __atomic_load_n(&((pthread_mutex_t *)m)->__data.__kind, __ATOMIC_RELAXED) & 3;
}

static ip_obj *mutex_of(void *m, const char *fn, uintptr_t site) {
    int kind = m ? static_kind(m) : 0;
    ip_obj *o = ip_obj_get(m, OBJ_MUTEX, fn);
    if (!o->site) {
        o->site = site;
        o->u.m.kind = kind;
    }
    return o;
}

/* Interleaving feedback (feedback.c): the release a lock remembers, and
 * the hand-over pair when another thread acquires it next. */
static void note_release(ip_obj *o, const ip_thread *me, uintptr_t site) {
    o->u.m.unlock_site = site;
    o->u.m.unlock_task = me->task + 1;
}

static void note_acquire(const ip_obj *o, const ip_thread *me, uintptr_t site) {
    if ((ip_feedback_on & SF_FEEDBACK_LOCKS) && o->u.m.unlock_task &&
        o->u.m.unlock_task != me->task + 1)
        ip_feedback_lock(o->u.m.unlock_site, site);
}

void ip_mutex_init_kind(void *m, int kind, uintptr_t site) {
    ip_obj *o = ip_obj_init(m, OBJ_MUTEX, site);
    o->u.m.kind = kind;
}

int ip_mutex_lock(void *m, int64_t deadline, int try, const char *fn, uintptr_t site) {
    ip_obj *o = mutex_of(m, fn, site);
    ip_thread *me = ip_self();
    sim_point(SIM_EV_LOCK, o->id);
    ip_obj_check_live(o, fn);
    if (o->u.m.owner == me) {
        if (o->u.m.kind == PTHREAD_MUTEX_RECURSIVE) {
            o->u.m.count++;
            return 0;
        }
        if (o->u.m.kind == PTHREAD_MUTEX_ERRORCHECK)
            return EDEADLK;
        if (try)
            return EBUSY;
        ip_fail("deadlock",
                "lock cycle: thread %u locks mutex #%u, which it already holds "
                "(a non-recursive mutex: it waits for itself forever)",
                me->task, o->id);
    }
    while (o->u.m.owner) {
        if (try)
            return EBUSY;
        int r = ip_park(&o->q, deadline, fn, o, 0);
        ip_obj_check_live(o, fn);
        if (r == SIM_PARK_TIMEDOUT && o->u.m.owner)
            return ETIMEDOUT;
    }
    o->u.m.owner = me;
    o->u.m.count = 1;
    o->u.m.lock_site = site;
    note_acquire(o, me, site);
    ip_held_add(me, o);
    ip_acquire(o->addr);
    return 0;
}

/* Releases without a scheduling point (cond waits continue to park). */
static int release(ip_obj *o, ip_thread *me, const char *fn, uintptr_t site) {
    if (o->u.m.owner != me) {
        if (o->u.m.kind == PTHREAD_MUTEX_ERRORCHECK || o->u.m.kind == PTHREAD_MUTEX_RECURSIVE)
            return EPERM;
        if (o->u.m.owner)
            ip_fail("pthread:unlock-not-owner",
                    "%s: thread %u unlocks mutex #%u, which thread %u holds", fn, me->task, o->id,
                    o->u.m.owner->task);
        ip_fail("pthread:unlock-not-owner", "%s: thread %u unlocks mutex #%u, which is not locked",
                fn, me->task, o->id);
    }
    if (--o->u.m.count > 0)
        return 0;
    o->u.m.owner = NULL;
    note_release(o, me, site);
    ip_held_remove(me, o);
    ip_release(o->addr);
    sim_unpark_all(&o->q);
    return 0;
}

int ip_mutex_unlock(void *m, const char *fn, uintptr_t site) {
    ip_obj *o = mutex_of(m, fn, site);
    int r = release(o, ip_self(), fn, site);
    sim_point(SIM_EV_UNLOCK, o->id);
    return r;
}

int sf_pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a) {
    int kind = PTHREAD_MUTEX_DEFAULT;
    if (a && pthread_mutexattr_gettype(a, &kind) != 0)
        return EINVAL;
    ip_mutex_init_kind(m, kind, IP_CALLER());
    return 0;
}

int sf_pthread_mutex_destroy(pthread_mutex_t *m) {
    ip_obj *o = mutex_of(m, "pthread_mutex_destroy", IP_CALLER());
    if (o->u.m.owner)
        ip_fail("pthread:mutex-destroy-locked",
                "pthread_mutex_destroy() of mutex #%u while thread %u holds it", o->id,
                o->u.m.owner->task);
    if (sim_waitq_len(&o->q))
        ip_fail("pthread:mutex-destroy-locked",
                "pthread_mutex_destroy() of mutex #%u while threads wait to lock it", o->id);
    ip_obj_destroy(o);
    return 0;
}

int sf_pthread_mutex_lock(pthread_mutex_t *m) {
    return ip_mutex_lock(m, INT64_MAX, 0, "pthread_mutex_lock", IP_CALLER());
}

int sf_pthread_mutex_trylock(pthread_mutex_t *m) {
    return ip_mutex_lock(m, INT64_MAX, 1, "pthread_mutex_trylock", IP_CALLER());
}

int sf_pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clk, const struct timespec *abs) {
    if (!ip_timespec_ok(abs))
        return EINVAL;
    return ip_mutex_lock(m, ip_deadline(clk, abs), 0, "pthread_mutex_timedlock", IP_CALLER());
}

int sf_pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abs) {
    if (!ip_timespec_ok(abs))
        return EINVAL;
    return ip_mutex_lock(m, ip_deadline(CLOCK_REALTIME, abs), 0, "pthread_mutex_timedlock",
                         IP_CALLER());
}

int sf_pthread_mutex_unlock(pthread_mutex_t *m) {
    return ip_mutex_unlock(m, "pthread_mutex_unlock", IP_CALLER());
}

/* ---- condition variables ---- */

static ip_obj *cond_of(void *c, const char *fn) { return ip_obj_get(c, OBJ_COND, fn); }

int sf_pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a) {
    clockid_t clk = CLOCK_REALTIME;
    if (a && pthread_condattr_getclock(a, &clk) != 0)
        return EINVAL;
    ip_obj *o = ip_obj_init(c, OBJ_COND, IP_CALLER());
    o->u.c.clock = clk;
    return 0;
}

int sf_pthread_cond_destroy(pthread_cond_t *c) {
    ip_obj *o = cond_of(c, "pthread_cond_destroy");
    ip_obj_destroy_unwaited(o, sim_waitq_len(&o->q), "pthread:cond-destroy-waiters",
                            "pthread_cond_destroy", "condition");
    return 0;
}

enum { NO_FAULT = -1, SPURIOUS = -2 };

/* An injected fault instead of the wait (faults.h): a timeout now (the
 * clock at the deadline: SIM_PARK_TIMEDOUT) or a spurious wakeup
 * (SPURIOUS), each after a scheduling point; NO_FAULT: wait. */
static int cond_fault(const ip_obj *co, int64_t deadline) {
    if (sim_fault_timeout(deadline)) {
        sim_point(SIM_EV_TIMEOUT, co->id);
        return SIM_PARK_TIMEDOUT;
    }
    if (sim_fault_point(SIM_FAULT_WAKE)) {
        sim_point(SIM_EV_WAKE, co->id);
        return SPURIOUS; /* woken by nobody: nothing to acquire */
    }
    return NO_FAULT;
}

/* Atomically releases m and waits on c; m is held again on return, also
 * when a cancellation acts (POSIX: before the cleanup handlers run). */
int ip_cond_wait(void *c, void *m, int64_t deadline, const char *fn) {
    ip_obj *co = cond_of(c, fn);
    ip_obj *mo = mutex_of(m, fn, IP_CALLER());
    ip_thread *me = ip_self();
    if (mo->u.m.owner != me)
        ip_fail("pthread:cond-wait-unlocked",
                "%s: thread %u waits on condition #%u with mutex #%u, which it does not hold", fn,
                me->task, co->id, mo->id);
    ip_cancel_point();
    unsigned count = mo->u.m.count;
    mo->u.m.count = 1;
    release(mo, me, fn, 0);
    int r = cond_fault(co, deadline);
    if (r == NO_FAULT)
        r = ip_park(&co->q, deadline, fn, co, 1);
    ip_obj_check_live(co, fn);
    if (r == SIM_PARK_WOKEN)
        ip_acquire(co->addr);
    ip_mutex_lock(m, INT64_MAX, 0, fn, 0);
    mo->u.m.count = count;
    if (r == SIM_PARK_INTERRUPTED)
        ip_cancel_point();
    return r == SIM_PARK_TIMEDOUT ? ETIMEDOUT : 0;
}

int sf_pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) {
    return ip_cond_wait(c, m, INT64_MAX, "pthread_cond_wait");
}

int sf_pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abs) {
    if (!ip_timespec_ok(abs))
        return EINVAL;
    ip_obj *co = cond_of(c, "pthread_cond_timedwait");
    return ip_cond_wait(c, m, ip_deadline(co->u.c.clock, abs), "pthread_cond_timedwait");
}

int sf_pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clk,
                              const struct timespec *abs) {
    if (!ip_timespec_ok(abs))
        return EINVAL;
    return ip_cond_wait(c, m, ip_deadline(clk, abs), "pthread_cond_clockwait");
}

int sf_pthread_cond_signal(pthread_cond_t *c) {
    ip_obj *o = cond_of(c, "pthread_cond_signal");
    ip_release(o->addr);
    sim_unpark_one(&o->q);
    sim_point(SIM_EV_SIGNAL, o->id);
    return 0;
}

int sf_pthread_cond_broadcast(pthread_cond_t *c) {
    ip_obj *o = cond_of(c, "pthread_cond_broadcast");
    ip_release(o->addr);
    sim_unpark_all(&o->q);
    sim_point(SIM_EV_BROADCAST, o->id);
    return 0;
}

/* ---- spinlocks: mutexes whose waiters park instead of spinning ---- */

int sf_pthread_spin_init(pthread_spinlock_t *s, int pshared) {
    (void)pshared;
    ip_obj_init((void *)s, OBJ_SPIN, IP_CALLER());
    return 0;
}

int sf_pthread_spin_destroy(pthread_spinlock_t *s) {
    ip_obj *o = ip_obj_get((void *)s, OBJ_SPIN, "pthread_spin_destroy");
    if (o->u.m.owner)
        ip_fail("pthread:mutex-destroy-locked",
                "pthread_spin_destroy() of spinlock #%u while thread %u holds it", o->id,
                o->u.m.owner->task);
    ip_obj_destroy(o);
    return 0;
}

static int spin_lock(pthread_spinlock_t *s, int try, const char *fn, uintptr_t site) {
    ip_obj *o = ip_obj_get((void *)s, OBJ_SPIN, fn);
    ip_thread *me = ip_self();
    sim_point(SIM_EV_LOCK, o->id);
    if (o->u.m.owner == me) {
        if (try)
            return EBUSY;
        ip_fail("deadlock", "lock cycle: thread %u locks spinlock #%u, which it already holds",
                me->task, o->id);
    }
    while (o->u.m.owner) {
        if (try)
            return EBUSY;
        ip_park(&o->q, INT64_MAX, fn, o, 0);
    }
    o->u.m.owner = me;
    o->u.m.lock_site = site;
    note_acquire(o, me, site);
    ip_held_add(me, o);
    ip_acquire(o->addr);
    return 0;
}

int sf_pthread_spin_lock(pthread_spinlock_t *s) {
    return spin_lock(s, 0, "pthread_spin_lock", IP_CALLER());
}

int sf_pthread_spin_trylock(pthread_spinlock_t *s) {
    return spin_lock(s, 1, "pthread_spin_trylock", IP_CALLER());
}

int sf_pthread_spin_unlock(pthread_spinlock_t *s) {
    ip_obj *o = ip_obj_get((void *)s, OBJ_SPIN, "pthread_spin_unlock");
    ip_thread *me = ip_self();
    if (o->u.m.owner != me)
        ip_fail("pthread:unlock-not-owner",
                "pthread_spin_unlock: thread %u unlocks spinlock #%u, which it does not hold",
                me->task, o->id);
    o->u.m.owner = NULL;
    note_release(o, me, IP_CALLER());
    ip_held_remove(me, o);
    ip_release(o->addr);
    sim_unpark_all(&o->q);
    sim_point(SIM_EV_UNLOCK, o->id);
    return 0;
}
