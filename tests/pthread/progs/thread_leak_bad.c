/* thread_leak_bad.c - main returns while its worker may still be running.
 *
 * A worker serves jobs from a queue until told to stop.  Bug: main sets
 * `stop` and wakes the worker, but returns without joining it: unless the
 * worker happens to finish first, it is still alive (blocked on the lock
 * or the condition, or about to return) when main returns.  On real threads
 * nothing notices (the process just ends).  Needs main to win the race,
 * which is the common case; schedules where the worker ends first pass.
 * Oracle: thread leak at return from main, signature `thread-leak`.
 * Twin: thread_leak_ok.c joins the worker before returning.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static int queue[8], queued, stop;
static long done_sum;

static void *worker(void *arg) {
    (void)arg;
    pthread_mutex_lock(&lock);
    for (;;) {
        while (queued == 0 && !stop)
            pthread_cond_wait(&wake, &lock);
        if (queued == 0)
            break;
        int job = queue[--queued];
        pthread_mutex_unlock(&lock);
        long r = (long)job * job;
        pthread_mutex_lock(&lock);
        done_sum += r;
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(void) {
    pthread_t w;
    if (pthread_create(&w, NULL, worker, NULL) != 0)
        return 2;
    for (int i = 1; i <= 3; i++) {
        pthread_mutex_lock(&lock);
        queue[queued++] = i;
        pthread_cond_signal(&wake);
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
    stop = 1;
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&lock);
    printf("submitted 3 jobs\n");
    return 0; /* BUG: the worker is never joined */
}
