/* Unnamed semaphores (sem_open's named ones are not intercepted). */
#include "internal.h"

#include <errno.h>
#include <semaphore.h>

int sf_sem_init(sem_t *s, int pshared, unsigned value) {
    (void)pshared;
    ip_obj *o = ip_obj_init(s, OBJ_SEM, IP_CALLER());
    o->u.sem.value = value;
    return 0;
}

int sf_sem_destroy(sem_t *s) {
    ip_obj *o = ip_obj_get(s, OBJ_SEM, "sem_destroy");
    ip_obj_destroy_unwaited(o, sim_waitq_len(&o->q), "pthread:sem-destroy-waiters", "sem_destroy",
                            "semaphore");
    return 0;
}

static int sem_take(sem_t *s, int64_t deadline, int try, const char *fn) {
    ip_obj *o = ip_obj_get(s, OBJ_SEM, fn);
    if (!try)
        ip_cancel_point();
    sim_point(SIM_EV_LOCK, o->id);
    while (o->u.sem.value == 0) {
        if (try) {
            errno = EAGAIN;
            return -1;
        }
        int r = ip_park(&o->q, deadline, fn, o, 1);
        if (r == SIM_PARK_INTERRUPTED)
            ip_cancel_point();
        if (r == SIM_PARK_TIMEDOUT && o->u.sem.value == 0) {
            errno = ETIMEDOUT;
            return -1;
        }
    }
    o->u.sem.value--;
    ip_acquire(o->addr);
    return 0;
}

int sf_sem_wait(sem_t *s) { return sem_take(s, INT64_MAX, 0, "sem_wait"); }

int sf_sem_trywait(sem_t *s) { return sem_take(s, INT64_MAX, 1, "sem_trywait"); }

int sf_sem_clockwait(sem_t *s, clockid_t clk, const struct timespec *abs) {
    if (!ip_timespec_ok(abs)) {
        errno = EINVAL;
        return -1;
    }
    return sem_take(s, ip_deadline(clk, abs), 0, "sem_clockwait");
}

int sf_sem_timedwait(sem_t *s, const struct timespec *abs) {
    return sf_sem_clockwait(s, CLOCK_REALTIME, abs);
}

int sf_sem_post(sem_t *s) {
    ip_obj *o = ip_obj_get(s, OBJ_SEM, "sem_post");
    ip_release(o->addr);
    o->u.sem.value++;
    sim_unpark_one(&o->q);
    sim_point(SIM_EV_SIGNAL, o->id);
    return 0;
}

int sf_sem_getvalue(sem_t *s, int *v) {
    *v = (int)ip_obj_get(s, OBJ_SEM, "sem_getvalue")->u.sem.value;
    return 0;
}
