/* prog.c - the sample's program: one producer, two consumers on the queue.
 * An ordinary pthread program: built with sf_interpose() it runs on
 * scopefuzz's deterministic runtime, one schedule per `scopefuzz test` run. */
#include <pthread.h>
#include <stdio.h>

#include "queue.h"

enum { ITEMS = 2 };

static queue q;

static void *producer(void *arg) {
    (void)arg;
    for (int i = 0; i < 2 * ITEMS; i++)
        queue_push(&q, i);
    return NULL;
}

static void *consumer(void *arg) {
    long *sum = arg;
    for (int i = 0; i < ITEMS; i++)
        *sum += queue_pop(&q);
    return NULL;
}

int main(void) {
    pthread_t p, c[2];
    long sum[2] = {0, 0};
    if (queue_init(&q) != 0)
        return 1;
    pthread_create(&c[0], NULL, consumer, &sum[0]);
    pthread_create(&c[1], NULL, consumer, &sum[1]);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(p, NULL);
    pthread_join(c[0], NULL);
    pthread_join(c[1], NULL);
    queue_destroy(&q);
    printf("sum %ld\n", sum[0] + sum[1]);
    return 0;
}
