/* Mutexes and condition variables on pthreads. */
#include "chaos.h"
#include "platform.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

_Static_assert(sizeof(pthread_mutex_t) <= sizeof(sfp_mutex), "sfp_mutex too small");
_Static_assert(sizeof(pthread_cond_t) <= sizeof(sfp_cond), "sfp_cond too small");

#define PM(m) ((pthread_mutex_t *)(void *)(m)->opaque)
#define PC(c) ((pthread_cond_t *)(void *)(c)->opaque)

static void check(int rc, const char *what) {
    if (rc != 0) {
        fprintf(stderr, "scopefuzz platform(pthread): %s failed: error %d\n", what, rc);
        abort();
    }
}

void sfp_mutex_init(sfp_mutex *m) {
    pthread_mutexattr_t a;
    check(pthread_mutexattr_init(&a), "pthread_mutexattr_init");
    check(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK), "pthread_mutexattr_settype");
    check(pthread_mutex_init(PM(m), &a), "pthread_mutex_init");
    pthread_mutexattr_destroy(&a);
}

void sfp_mutex_destroy(sfp_mutex *m) {
    check(pthread_mutex_destroy(PM(m)), "pthread_mutex_destroy");
}

void sfp_mutex_lock(sfp_mutex *m) {
    sfp_chaos_point();
    check(pthread_mutex_lock(PM(m)), "pthread_mutex_lock");
}

void sfp_mutex_unlock(sfp_mutex *m) {
    check(pthread_mutex_unlock(PM(m)), "pthread_mutex_unlock");
    sfp_chaos_point();
}

void sfp_cond_init(sfp_cond *c) {
    pthread_condattr_t a;
    check(pthread_condattr_init(&a), "pthread_condattr_init");
    check(pthread_condattr_setclock(&a, CLOCK_MONOTONIC), "pthread_condattr_setclock");
    check(pthread_cond_init(PC(c), &a), "pthread_cond_init");
    pthread_condattr_destroy(&a);
}

void sfp_cond_destroy(sfp_cond *c) { check(pthread_cond_destroy(PC(c)), "pthread_cond_destroy"); }

void sfp_cond_wait(sfp_cond *c, sfp_mutex *m) {
    sfp_chaos_point();
    check(pthread_cond_wait(PC(c), PM(m)), "pthread_cond_wait");
}

int sfp_cond_timedwait(sfp_cond *c, sfp_mutex *m, int64_t deadline) {
    if (deadline == INT64_MAX) {
        sfp_cond_wait(c, m);
        return SFP_OK;
    }
    sfp_chaos_point();
    if (deadline < 0)
        deadline = 0;
    struct timespec ts = {(time_t)(deadline / 1000000000), (long)(deadline % 1000000000)};
    int rc = pthread_cond_timedwait(PC(c), PM(m), &ts);
    if (rc == ETIMEDOUT)
        return SFP_ETIMEDOUT;
    check(rc, "pthread_cond_timedwait");
    return SFP_OK;
}

void sfp_cond_signal(sfp_cond *c) {
    sfp_chaos_point();
    check(pthread_cond_signal(PC(c)), "pthread_cond_signal");
}

void sfp_cond_broadcast(sfp_cond *c) {
    sfp_chaos_point();
    check(pthread_cond_broadcast(PC(c)), "pthread_cond_broadcast");
}
