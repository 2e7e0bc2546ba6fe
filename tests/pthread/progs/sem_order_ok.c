/* sem_order_ok.c - bounded buffer with semaphores, waits in the right order.
 *
 * Twin of sem_order_bad.c: the producer waits for a free slot before it
 * takes the mutex, so nobody ever sleeps on a semaphore holding the lock.
 * Must stay clean (exit 0) under every schedule.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

#define SLOTS 2
#define N     4

static sem_t slots, items;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int ring[SLOTS], head, tail;
static long sent; /* written by the producer only */

static int make_item(int i) { /* a 100 us device read per item */
    struct timespec io = {0, 100000};
    nanosleep(&io, NULL);
    return i * i;
}

static void *producer(void *arg) {
    (void)arg;
    for (int i = 1; i <= N; i++) {
        int item = make_item(i);
        sent += item;
        sem_wait(&slots);
        pthread_mutex_lock(&lock);
        ring[tail] = item;
        tail = (tail + 1) % SLOTS;
        pthread_mutex_unlock(&lock);
        sem_post(&items);
    }
    return NULL;
}

static void *consumer(void *arg) {
    long *sum = arg;
    for (int i = 0; i < N; i++) {
        sem_wait(&items);
        pthread_mutex_lock(&lock);
        *sum += ring[head];
        head = (head + 1) % SLOTS;
        pthread_mutex_unlock(&lock);
        sem_post(&slots);
    }
    return NULL;
}

int main(void) {
    long sum = 0;
    if (sem_init(&slots, 0, SLOTS) != 0 || sem_init(&items, 0, 0) != 0)
        return 2;
    pthread_t c, p;
    if (pthread_create(&c, NULL, consumer, &sum) != 0 ||
        pthread_create(&p, NULL, producer, NULL) != 0)
        return 2;
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    sem_destroy(&slots);
    sem_destroy(&items);
    printf("sum %ld\n", sum);
    return sum == sent ? 0 : 1;
}
