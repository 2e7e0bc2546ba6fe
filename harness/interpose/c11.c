/* C11 <threads.h> on top of the pthread layer: glibc's mtx_t, cnd_t and
 * once_flag have the layouts of pthread_mutex_t, pthread_cond_t and
 * pthread_once_t, and thrd_t is a pthread_t. */
#include "internal.h"

#include <errno.h>
#include <threads.h>

_Static_assert(sizeof(mtx_t) == sizeof(pthread_mutex_t), "mtx_t layout");
_Static_assert(sizeof(cnd_t) == sizeof(pthread_cond_t), "cnd_t layout");
_Static_assert(sizeof(once_flag) >= sizeof(uint32_t), "once_flag layout");

static int thrd_status(int e) {
    switch (e) {
        case 0:
            return thrd_success;
        case EBUSY:
            return thrd_busy;
        case ETIMEDOUT:
            return thrd_timedout;
        case ENOMEM:
        case EAGAIN:
            return thrd_nomem;
        default:
            return thrd_error;
    }
}

typedef struct {
    thrd_start_t fn;
    void *arg;
} c11_start;

static void *c11_trampoline(void *p) {
    c11_start s = *(c11_start *)p;
    free(p);
    return (void *)(intptr_t)s.fn(s.arg);
}

int sf_thrd_create(thrd_t *t, thrd_start_t fn, void *arg) {
    c11_start *s = malloc(sizeof *s);
    if (!s)
        return thrd_nomem;
    *s = (c11_start){fn, arg};
    pthread_t h;
    int e = ip_thread_create(&h, NULL, c11_trampoline, s, IP_CALLER());
    if (e) {
        free(s);
        return thrd_status(e);
    }
    *t = (thrd_t)h;
    return thrd_success;
}

int sf_thrd_join(thrd_t t, int *res) {
    void *r;
    int e = ip_thread_join((pthread_t)t, &r, INT64_MAX, 0);
    if (e == 0 && res)
        *res = (int)(intptr_t)r;
    return thrd_status(e);
}

int sf_thrd_detach(thrd_t t) { return thrd_status(sf_pthread_detach((pthread_t)t)); }

void sf_thrd_exit(int res) { ip_thread_exit((void *)(intptr_t)res); }

thrd_t sf_thrd_current(void) { return (thrd_t)sf_pthread_self(); }

int sf_thrd_sleep(const struct timespec *d, struct timespec *rem) {
    return sf_nanosleep(d, rem) == 0 ? 0 : -1;
}

void sf_thrd_yield(void) { sim_point(SIM_EV_YIELD, 0); }

int sf_mtx_init(mtx_t *m, int type) {
    int kind = (type & mtx_recursive) ? PTHREAD_MUTEX_RECURSIVE : PTHREAD_MUTEX_NORMAL;
    ip_mutex_init_kind(m, kind, IP_CALLER());
    return thrd_success;
}

void sf_mtx_destroy(mtx_t *m) { sf_pthread_mutex_destroy((pthread_mutex_t *)(void *)m); }

int sf_mtx_lock(mtx_t *m) {
    return thrd_status(ip_mutex_lock(m, INT64_MAX, 0, "mtx_lock", IP_CALLER()));
}

int sf_mtx_trylock(mtx_t *m) {
    return thrd_status(ip_mutex_lock(m, INT64_MAX, 1, "mtx_trylock", IP_CALLER()));
}

int sf_mtx_timedlock(mtx_t *restrict m, const struct timespec *restrict abs) {
    if (!ip_timespec_ok(abs))
        return thrd_error;
    return thrd_status(
        ip_mutex_lock(m, ip_deadline(CLOCK_REALTIME, abs), 0, "mtx_timedlock", IP_CALLER()));
}

int sf_mtx_unlock(mtx_t *m) { return thrd_status(ip_mutex_unlock(m, "mtx_unlock", IP_CALLER())); }

int sf_cnd_init(cnd_t *c) {
    return thrd_status(sf_pthread_cond_init((pthread_cond_t *)(void *)c, NULL));
}

void sf_cnd_destroy(cnd_t *c) { sf_pthread_cond_destroy((pthread_cond_t *)(void *)c); }

int sf_cnd_wait(cnd_t *c, mtx_t *m) {
    return thrd_status(ip_cond_wait(c, m, INT64_MAX, "cnd_wait"));
}

int sf_cnd_timedwait(cnd_t *restrict c, mtx_t *restrict m, const struct timespec *restrict abs) {
    if (!ip_timespec_ok(abs))
        return thrd_error;
    return thrd_status(ip_cond_wait(c, m, ip_deadline(CLOCK_REALTIME, abs), "cnd_timedwait"));
}

int sf_cnd_signal(cnd_t *c) {
    return thrd_status(sf_pthread_cond_signal((pthread_cond_t *)(void *)c));
}

int sf_cnd_broadcast(cnd_t *c) {
    return thrd_status(sf_pthread_cond_broadcast((pthread_cond_t *)(void *)c));
}

int sf_tss_create(tss_t *k, tss_dtor_t dtor) {
    pthread_key_t pk;
    if (sf_pthread_key_create(&pk, dtor) != 0)
        return thrd_error;
    *k = (tss_t)pk;
    return thrd_success;
}

void sf_tss_delete(tss_t k) { sf_pthread_key_delete((pthread_key_t)k); }

void *sf_tss_get(tss_t k) { return sf_pthread_getspecific((pthread_key_t)k); }

int sf_tss_set(tss_t k, void *v) {
    return thrd_status(sf_pthread_setspecific((pthread_key_t)k, v));
}

void sf_call_once(once_flag *f, void (*fn)(void)) { sf_pthread_once((pthread_once_t *)f, fn); }
