/* if_wait_bad.c - a bounded queue whose consumers wait with `if`, not `while`.
 *
 * Bug: take() waits for "not empty" with `if (count == 0) wait`.  When a
 * producer signals, the woken consumer must re-acquire the lock; if the
 * other consumer takes the lock first, it takes the only item, and the
 * woken consumer proceeds on an empty queue.  Needs that interleaving (a
 * waiting consumer overtaken between signal and wake-up); most schedules
 * pass.
 * Oracle: assert in take() -> abort, signature `assert:take`.
 * Twin: if_wait_ok.c re-checks in a `while` loop.
 */
#define _POSIX_C_SOURCE 200809L
#undef NDEBUG
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define CAP   4
#define ITEMS 3 /* per producer and per consumer */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t nonempty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t nonfull = PTHREAD_COND_INITIALIZER;
static int items[CAP], count;

static void put(int v) {
    pthread_mutex_lock(&lock);
    while (count == CAP)
        pthread_cond_wait(&nonfull, &lock);
    items[count++] = v;
    pthread_cond_signal(&nonempty);
    pthread_mutex_unlock(&lock);
}

static int take(void) {
    pthread_mutex_lock(&lock);
    if (count == 0) /* BUG: another consumer may empty the queue before we run */
        pthread_cond_wait(&nonempty, &lock);
    assert(count > 0 && "take from an empty queue");
    int v = items[--count];
    pthread_cond_signal(&nonfull);
    pthread_mutex_unlock(&lock);
    return v;
}

static void *producer(void *arg) {
    int base = *(int *)arg;
    for (int i = 1; i <= ITEMS; i++)
        put(base + i);
    return NULL;
}

static void *consumer(void *arg) {
    long *sum = arg;
    for (int i = 0; i < ITEMS; i++) {
        struct timespec handle = {0, 100000}; /* 100 us to handle an item */
        *sum += take();
        nanosleep(&handle, NULL);
    }
    return NULL;
}

int main(void) {
    static const int base[2] = {0, 100};
    long sum[2] = {0, 0};
    pthread_t c[2], p[2];
    for (int i = 0; i < 2; i++)
        if (pthread_create(&c[i], NULL, consumer, &sum[i]) != 0)
            return 2;
    for (int i = 0; i < 2; i++)
        if (pthread_create(&p[i], NULL, producer, (void *)&base[i]) != 0)
            return 2;
    for (int i = 0; i < 2; i++) {
        pthread_join(p[i], NULL);
        pthread_join(c[i], NULL);
    }
    printf("sum %ld\n", sum[0] + sum[1]);
    return sum[0] + sum[1] == 312 ? 0 : 1;
}
