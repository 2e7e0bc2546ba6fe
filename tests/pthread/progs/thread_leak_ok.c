/* thread_leak_ok.c - main stops and joins its worker before returning.
 *
 * Twin of thread_leak_bad.c: after setting `stop`, main joins the worker, so
 * no thread is alive when main returns.  Must stay clean (exit 0) under
 * every schedule.
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
    pthread_join(w, NULL);
    printf("sum of squares %ld\n", done_sum);
    return done_sum == 14 ? 0 : 1;
}
