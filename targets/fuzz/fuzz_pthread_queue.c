/*
 * fuzz_pthread_queue.c - a libFuzzer target for ordinary pthread code
 * (include/scopefuzz/fuzz.h): a bounded blocking queue, the usual mutex +
 * two condition variables, driven by producers and consumers whose number
 * and work come from the first bytes of the input; the rest of the input is
 * the schedule.  libFuzzer mutates both.
 *
 * Built twice: fuzz_pthread_queue (correct) must stay clean;
 * fuzz_pthread_queue_bad (-DQUEUE_BUG) waits with `if` instead of `while`,
 * so a consumer woken by a broadcast after another consumer took the only
 * item pops from an empty queue (assert), which needs two consumers and a
 * particular interleaving.
 */
#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "scopefuzz/fuzz.h"

enum { CAP = 2, MAX_THREADS = 3, MAX_ITEMS = 4 };

typedef struct queue {
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    int items[CAP];
    int head, n;
} queue;

static void push(queue *q, int v) {
    pthread_mutex_lock(&q->lock);
    while (q->n == CAP)
        pthread_cond_wait(&q->not_full, &q->lock);
    q->items[(q->head + q->n++) % CAP] = v;
    pthread_cond_broadcast(&q->not_empty);
    pthread_mutex_unlock(&q->lock);
}

static int pop(queue *q) {
    pthread_mutex_lock(&q->lock);
#ifdef QUEUE_BUG
    if (q->n == 0) /* BUG: another consumer may take the item first */
#else
    while (q->n == 0)
#endif
        pthread_cond_wait(&q->not_empty, &q->lock);
    assert(q->n > 0);
    int v = q->items[q->head];
    q->head = (q->head + 1) % CAP;
    q->n--;
    pthread_cond_signal(&q->not_full);
    pthread_mutex_unlock(&q->lock);
    return v;
}

typedef struct job {
    queue *q;
    int count; /* items to push (producer) or pop (consumer) */
} job;

static void *producer(void *p) {
    job *j = p;
    for (int i = 0; i < j->count; i++)
        push(j->q, i + 1);
    return NULL;
}

static void *consumer(void *p) {
    job *j = p;
    for (int i = 0; i < j->count; i++)
        pop(j->q);
    return NULL;
}

typedef struct plan {
    int producers, consumers, items; /* every consumer pops `items` */
} plan;

/* The first thread of the run: as many items are produced as consumed, so
 * a correct queue always finishes. */
static void body(void *arg) {
    const plan *pl = arg;
    queue q = {.lock = PTHREAD_MUTEX_INITIALIZER,
               .not_empty = PTHREAD_COND_INITIALIZER,
               .not_full = PTHREAD_COND_INITIALIZER};
    int total = pl->consumers * pl->items;
    pthread_t t[2 * MAX_THREADS];
    job jobs[2 * MAX_THREADS];
    int nt = 0;
    for (int i = 0; i < pl->producers; i++) {
        int share = total / pl->producers + (i < total % pl->producers);
        jobs[nt] = (job){&q, share};
        pthread_create(&t[nt], NULL, producer, &jobs[nt]);
        nt++;
    }
    for (int i = 0; i < pl->consumers; i++) {
        jobs[nt] = (job){&q, pl->items};
        pthread_create(&t[nt], NULL, consumer, &jobs[nt]);
        nt++;
    }
    for (int i = 0; i < nt; i++)
        pthread_join(t[i], NULL);
    pthread_mutex_destroy(&q.lock);
    pthread_cond_destroy(&q.not_empty);
    pthread_cond_destroy(&q.not_full);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2)
        return 0;
    plan pl = {1 + data[0] % MAX_THREADS, 1 + (data[0] / MAX_THREADS) % MAX_THREADS,
               1 + data[1] % MAX_ITEMS};
    sf_fuzz_run(data + 2, size - 2, body, &pl);
    return 0;
}
