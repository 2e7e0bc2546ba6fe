/* queue.h - a bounded blocking queue of ints (the sample's library). */
#ifndef SAMPLE_QUEUE_H
#define SAMPLE_QUEUE_H

#include <pthread.h>

enum { QUEUE_CAP = 2 };

typedef struct queue {
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    int items[QUEUE_CAP];
    int head, n;
} queue;

/* 0, or the error of pthread_mutex_init / pthread_cond_init. */
int queue_init(queue *q);
void queue_destroy(queue *q);
/* Blocks while the queue is full. */
void queue_push(queue *q, int v);
/* Blocks while the queue is empty; returns the oldest item. */
int queue_pop(queue *q);

#endif
