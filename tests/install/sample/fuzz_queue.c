/* fuzz_queue.c - the sample's fuzz target: the first two bytes of an input
 * choose how many consumers (1-2) and items each (1-2); the rest is the
 * schedule (scopefuzz/fuzz.h), so the fuzzer mutates both.  A failure
 * prints `SCOPEFUZZ-SIGNATURE: ...` and aborts. */
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "queue.h"
#include "scopefuzz/fuzz.h"

typedef struct plan {
    queue q;
    int consumers, items;
} plan;

static void *producer(void *arg) {
    plan *p = arg;
    for (int i = 0; i < p->consumers * p->items; i++)
        queue_push(&p->q, i);
    return NULL;
}

static void *consumer(void *arg) {
    plan *p = arg;
    for (int i = 0; i < p->items; i++)
        queue_pop(&p->q);
    return NULL;
}

/* The first thread of the run. */
static void body(void *arg) {
    plan *p = arg;
    pthread_t t[3];
    if (queue_init(&p->q) != 0)
        return;
    for (int i = 0; i < p->consumers; i++)
        pthread_create(&t[i], NULL, consumer, p);
    pthread_create(&t[p->consumers], NULL, producer, p);
    for (int i = 0; i <= p->consumers; i++)
        pthread_join(t[i], NULL);
    queue_destroy(&p->q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2)
        return 0;
    plan p = {.consumers = 1 + data[0] % 2, .items = 1 + data[1] % 2};
    sf_fuzz_run(data + 2, size - 2, body, &p);
    return 0;
}
