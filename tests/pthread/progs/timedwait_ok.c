/* timedwait_ok.c - a request with a 1 s deadline to a backend taking 2 s.
 *
 * Twin of timedwait_bad.c: main checks for ETIMEDOUT and reports the
 * timeout instead of using the unset reply; it still joins the backend
 * (which ends 2 s in) and frees its late reply.  Must stay clean (exit 0)
 * under every schedule; under scopefuzz its 2 s are virtual.
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
    int timed_out = reply == NULL; /* rc == ETIMEDOUT */
    int v = timed_out ? -1 : reply_value(reply);
    pthread_mutex_unlock(&lock);
    if (timed_out)
        printf("backend timed out after 1 s\n");
    else
        printf("reply %d\n", v);

    pthread_join(t, NULL);
    free(reply);
    pthread_cond_destroy(&arrived);
    return 0;
}
