/* cancel_cleanup_ok.c - a cancelled worker releases the queue lock.
 *
 * Twin of cancel_cleanup_bad.c: the worker brackets its wait with
 * pthread_cleanup_push(unlock_queue)/pthread_cleanup_pop(1), so a cancel
 * that lands in pthread_cond_wait (which re-acquires the mutex) releases
 * queue.lock, and the scratch buffer is freed by its own handler.  Must
 * stay clean (exit 0, no leak) under every schedule.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static struct {
    pthread_mutex_t lock;
    pthread_cond_t nonempty;
    int jobs[8], n;
    long done;
} queue = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, {0}, 0, 0};

static void process(int job, char *scratch) {
    struct timespec ms = {0, 1000000};
    snprintf(scratch, 64, "job %d", job);
    nanosleep(&ms, NULL); /* cancellation point, no lock held */
}

static void unlock_queue(void *lock) { pthread_mutex_unlock(lock); }

static void *worker(void *arg) {
    (void)arg;
    char *scratch = malloc(64);
    if (scratch == NULL)
        return NULL;
    pthread_cleanup_push(free, scratch);
    for (;;) {
        int job;
        pthread_mutex_lock(&queue.lock);
        pthread_cleanup_push(unlock_queue, &queue.lock);
        while (queue.n == 0)
            pthread_cond_wait(&queue.nonempty, &queue.lock);
        job = queue.jobs[--queue.n];
        pthread_cleanup_pop(1); /* unlocks */
        process(job, scratch);
        pthread_mutex_lock(&queue.lock);
        queue.done++;
        pthread_mutex_unlock(&queue.lock);
    }
    pthread_cleanup_pop(1);
    return NULL;
}

int main(void) {
    pthread_t w;
    if (pthread_create(&w, NULL, worker, NULL) != 0)
        return 2;
    for (int i = 1; i <= 3; i++) {
        pthread_mutex_lock(&queue.lock);
        queue.jobs[queue.n++] = i;
        pthread_cond_signal(&queue.nonempty);
        pthread_mutex_unlock(&queue.lock);
    }
    pthread_cancel(w);
    pthread_join(w, NULL);
    pthread_mutex_lock(&queue.lock);
    printf("%ld done, %d dropped\n", queue.done, queue.n);
    queue.n = 0;
    pthread_mutex_unlock(&queue.lock);
    return 0;
}
