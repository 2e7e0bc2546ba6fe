/* Barriers and pthread_once. */
#include "internal.h"

#include <errno.h>

int sf_pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *a, unsigned n) {
    (void)a;
    if (n == 0)
        return EINVAL;
    ip_obj *o = ip_obj_init(b, OBJ_BARRIER, IP_CALLER());
    o->u.b.count = n;
    return 0;
}

int sf_pthread_barrier_destroy(pthread_barrier_t *b) {
    ip_obj *o = ip_obj_get(b, OBJ_BARRIER, "pthread_barrier_destroy");
    ip_obj_destroy_unwaited(o, o->u.b.arrived, "pthread:barrier-destroy-waiters",
                            "pthread_barrier_destroy", "barrier");
    return 0;
}

int sf_pthread_barrier_wait(pthread_barrier_t *b) {
    ip_obj *o = ip_obj_get(b, OBJ_BARRIER, "pthread_barrier_wait");
    if (o->u.b.count == 0)
        ip_fail("pthread:uninitialized",
                "pthread_barrier_wait() on barrier #%u, never "
                "initialized",
                o->id);
    sim_point(SIM_EV_YIELD, o->id);
    ip_release(o->addr);
    if (++o->u.b.arrived == o->u.b.count) {
        o->u.b.arrived = 0;
        o->u.b.cycle++;
        sim_unpark_all(&o->q);
        ip_acquire(o->addr);
        sim_point(SIM_EV_BROADCAST, o->id);
        return PTHREAD_BARRIER_SERIAL_THREAD;
    }
    uint64_t cycle = o->u.b.cycle;
    while (o->u.b.cycle == cycle)
        ip_park(&o->q, INT64_MAX, "pthread_barrier_wait", o, 0);
    ip_acquire(o->addr);
    return 0;
}

/* pthread_once_t is an int: the side-table entry carries the state. */
int sf_pthread_once(pthread_once_t *once, void (*fn)(void)) {
    ip_obj *o = ip_obj_get(once, OBJ_ONCE, "pthread_once");
    sim_point(SIM_EV_YIELD, o->id);
    while (o->u.once.state == 1)
        ip_park(&o->q, INT64_MAX, "pthread_once", o, 0);
    if (o->u.once.state == 0) {
        o->u.once.state = 1;
        fn();
        o->u.once.state = 2;
        ip_release(o->addr);
        sim_unpark_all(&o->q);
    }
    ip_acquire(o->addr);
    return 0;
}
