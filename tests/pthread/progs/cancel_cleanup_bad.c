/* cancel_cleanup_bad.c - a cancelled worker dies holding the queue lock.
 *
 * A worker takes jobs from a queue and processes each one (a 1 ms sleep);
 * main submits jobs, then cancels the worker and tidies the queue.  Bug:
 * pthread_cond_wait is a cancellation point that re-acquires the mutex
 * before the thread is cancelled, and the worker pushes no cleanup handler
 * to release it: if the cancel lands while the worker waits for a job (not
 * while it sleeps in process()), it exits holding queue.lock, and main's
 * next lock blocks forever.  Needs the cancel to hit the wait; schedules
 * where it hits the sleep pass (the scratch buffer has its handler).
 * Oracle: lock held at thread exit, signature `pthread:lock-held-at-exit`
 * (then a deadlock on main's lock; on real threads: a hang).
 * Twin: cancel_cleanup_ok.c pushes pthread_cleanup_push(unlock) around the wait.
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

static void *worker(void *arg) {
    (void)arg;
    char *scratch = malloc(64);
    if (scratch == NULL)
        return NULL;
    pthread_cleanup_push(free, scratch);
    for (;;) {
        pthread_mutex_lock(&queue.lock);
        while (queue.n == 0) /* BUG: no cleanup handler unlocks queue.lock */
            pthread_cond_wait(&queue.nonempty, &queue.lock);
        int job = queue.jobs[--queue.n];
        pthread_mutex_unlock(&queue.lock);
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
    pthread_mutex_lock(&queue.lock); /* blocks forever if the worker died holding it */
    printf("%ld done, %d dropped\n", queue.done, queue.n);
    queue.n = 0;
    pthread_mutex_unlock(&queue.lock);
    return 0;
}
