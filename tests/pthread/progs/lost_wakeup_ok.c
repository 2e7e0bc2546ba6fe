/* lost_wakeup_ok.c - a one-shot "result ready" event, correct.
 *
 * Twin of lost_wakeup_bad.c: the consumer checks `ready` and waits under one
 * hold of the lock, in a `while` loop, so a signal sent before the wait is
 * never needed (the flag is seen) and a spurious wakeup waits again.  Must
 * stay clean (exit 0) under every schedule.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int ready;
static long value;

static void *consumer(void *arg) {
    long *out = arg;
    pthread_mutex_lock(&lock);
    while (!ready)
        pthread_cond_wait(&changed, &lock);
    *out = value;
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void *producer(void *arg) {
    (void)arg;
    long v = 0;
    for (int i = 1; i <= 100; i++)
        v += i;
    pthread_mutex_lock(&lock);
    value = v;
    ready = 1;
    pthread_cond_signal(&changed);
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(void) {
    long got = 0;
    pthread_t c, p;
    if (pthread_create(&c, NULL, consumer, &got) != 0 ||
        pthread_create(&p, NULL, producer, NULL) != 0)
        return 2;
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    printf("got %ld\n", got);
    return got == 5050 ? 0 : 1;
}
