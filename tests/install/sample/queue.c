/* queue.c - the sample's library: a bounded blocking queue.
 *
 * The bug (unless QUEUE_FIXED): queue_pop waits with `if` instead of
 * `while`.  With two consumers, a consumer woken by the broadcast can find
 * the queue empty again (the other consumer took the item first) and pops
 * from an empty queue: the assert fails (signature assert:queue_pop).  It
 * needs one particular interleaving; most runs pass. */
#include "queue.h"

#include <assert.h>

int queue_init(queue *q) {
    int rc = pthread_mutex_init(&q->lock, NULL);
    if (rc == 0)
        rc = pthread_cond_init(&q->not_empty, NULL);
    if (rc == 0)
        rc = pthread_cond_init(&q->not_full, NULL);
    q->head = q->n = 0;
    return rc;
}

void queue_destroy(queue *q) {
    pthread_cond_destroy(&q->not_full);
    pthread_cond_destroy(&q->not_empty);
    pthread_mutex_destroy(&q->lock);
}

void queue_push(queue *q, int v) {
    pthread_mutex_lock(&q->lock);
    while (q->n == QUEUE_CAP)
        pthread_cond_wait(&q->not_full, &q->lock);
    q->items[(q->head + q->n++) % QUEUE_CAP] = v;
    pthread_cond_broadcast(&q->not_empty);
    pthread_mutex_unlock(&q->lock);
}

int queue_pop(queue *q) {
    pthread_mutex_lock(&q->lock);
#ifdef QUEUE_FIXED
    while (q->n == 0)
#else
    if (q->n == 0) /* BUG: another consumer may take the item first */
#endif
        pthread_cond_wait(&q->not_empty, &q->lock);
    assert(q->n > 0);
    int v = q->items[q->head];
    q->head = (q->head + 1) % QUEUE_CAP;
    q->n--;
    pthread_cond_signal(&q->not_full);
    pthread_mutex_unlock(&q->lock);
    return v;
}
