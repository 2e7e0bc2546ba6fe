/* vtime.c - virtual time: a 1 hour sleep and a 10 s timed wait on a
 * monotonic-clock condition finish at once, the clocks agree with them,
 * and the program checks its own arithmetic (exit 0 when right). */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c;

static long ms_since(const struct timespec *a) {
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

int main(void) {
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&c, &ca);
    struct timespec t0, dl;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    sleep(3600);
    long slept = ms_since(&t0);
    clock_gettime(CLOCK_MONOTONIC, &dl);
    dl.tv_sec += 10;
    pthread_mutex_lock(&m);
    int rc = pthread_cond_timedwait(&c, &m, &dl);
    pthread_mutex_unlock(&m);
    long waited = ms_since(&t0) - slept;
    printf("slept %ld ms, waited %ld ms, rc %d\n", slept, waited, rc);
    return slept == 3600000 && waited == 10000 && rc == 110 /* ETIMEDOUT */ ? 0 : 1;
}
