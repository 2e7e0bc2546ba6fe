/* timedwait_bad.c - a request with a 1 s deadline to a backend taking 2 s.
 *
 * main asks a worker for a reply and waits for it with
 * pthread_cond_timedwait on a CLOCK_MONOTONIC condition (deadline 1 s);
 * the worker takes 2 s (nanosleep) to produce the reply.  Bug: main treats
 * ETIMEDOUT like success and uses the reply, which is still unset (NULL).
 * No interleaving needed, but virtual time: every schedule times out, and
 * under scopefuzz without waiting 1 s of real time.
 * Oracle: the assert in reply_value() -> abort, signature `assert:reply_value`.
 * Twin: timedwait_ok.c handles ETIMEDOUT (reports it, joins the worker).
 */
#define _POSIX_C_SOURCE 200809L
#undef NDEBUG
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct reply {
    int value;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t arrived;
static struct reply *reply;

static int reply_value(const struct reply *r) {
    assert(r != NULL && "reply not set");
    return r->value;
}

static void *backend(void *arg) {
    (void)arg;
    struct timespec slow = {2, 0};
    nanosleep(&slow, NULL);
    struct reply *r = malloc(sizeof *r);
    if (r == NULL)
        abort();
    r->value = 42;
    pthread_mutex_lock(&lock);
    reply = r;
    pthread_cond_signal(&arrived);
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(void) {
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&arrived, &attr);
    pthread_condattr_destroy(&attr);
    pthread_t t;
    if (pthread_create(&t, NULL, backend, NULL) != 0)
        return 2;

    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += 1;
    pthread_mutex_lock(&lock);
    int rc = 0;
    while (reply == NULL && rc == 0)
        rc = pthread_cond_timedwait(&arrived, &lock, &deadline);
    /* BUG: rc == ETIMEDOUT is treated as success */
    int v = reply_value(reply);
    pthread_mutex_unlock(&lock);
    printf("reply %d (rc %d)\n", v, rc);

    pthread_join(t, NULL);
    free(reply);
    pthread_cond_destroy(&arrived);
    return 0;
}
