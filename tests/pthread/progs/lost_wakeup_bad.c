/* lost_wakeup_bad.c - a one-shot "result ready" event whose signal can be lost.
 *
 * Bug: the consumer checks `ready` under the lock, releases the lock, and
 * only then locks again to wait, with `if` instead of a `while` loop around
 * pthread_cond_wait.  If the producer publishes the value and signals in the
 * gap between the check and the wait, nobody is waiting yet, the signal is
 * lost, and the consumer waits forever (main waits forever in join).  Needs
 * the producer to run exactly in that gap; most schedules pass.
 * Oracle: deadlock, signature `deadlock` (no lock cycle: a condition wait).
 * Twin: lost_wakeup_ok.c checks and waits under one lock hold, in a loop.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int ready;
static long value;

static int is_ready(void) {
    pthread_mutex_lock(&lock);
    int r = ready;
    pthread_mutex_unlock(&lock);
    return r;
}

static void *consumer(void *arg) {
    long *out = arg;
    if (!is_ready()) { /* BUG: the producer may signal between here ... */
        pthread_mutex_lock(&lock);
        pthread_cond_wait(&changed, &lock); /* ... and here */
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
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
