/* exit_atexit_ok.c - exit() from a thread, with atexit stopping the flusher.
 *
 * Twin of exit_atexit_bad.c: the request handler releases stats_lock before
 * it calls exit(0), so the flusher can always finish its batch and release
 * log_lock, and the atexit handler can stop and join it.  Must stay clean
 * (exit 0) under every schedule.  At exit, main is still blocked in
 * pthread_join on the handler (as in any program that exits from a thread).
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t log_cv = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static int pending, flushed, stopping;
static long requests, last_stamp;
static pthread_t flusher_thread;

static void *flusher(void *arg) {
    (void)arg;
    pthread_mutex_lock(&log_lock);
    for (;;) {
        while (!pending && !stopping)
            pthread_cond_wait(&log_cv, &log_lock);
        if (stopping)
            break;
        pthread_mutex_lock(&stats_lock); /* log_lock -> stats_lock */
        last_stamp = requests;
        pthread_mutex_unlock(&stats_lock);
        flushed += pending;
        pending = 0;
    }
    pthread_mutex_unlock(&log_lock);
    return NULL;
}

static void log_line(void) {
    pthread_mutex_lock(&log_lock);
    pending++;
    pthread_cond_signal(&log_cv);
    pthread_mutex_unlock(&log_lock);
}

static void stop_logging(void) { /* atexit handler */
    pthread_mutex_lock(&log_lock);
    stopping = 1;
    pthread_cond_signal(&log_cv);
    pthread_mutex_unlock(&log_lock);
    pthread_join(flusher_thread, NULL);
    printf("flushed %d, dropped %d log lines\n", flushed, pending);
}

static void *handler(void *arg) {
    static const char *const reqs[] = {"get", "put", "get", "quit", "get"};
    (void)arg;
    for (int i = 0; i < 5; i++) {
        pthread_mutex_lock(&stats_lock);
        requests++;
        int quit = reqs[i][0] == 'q';
        pthread_mutex_unlock(&stats_lock);
        if (quit)
            exit(0);
        log_line();
    }
    return NULL;
}

int main(void) {
    if (pthread_create(&flusher_thread, NULL, flusher, NULL) != 0)
        return 2;
    atexit(stop_logging);
    pthread_t h;
    if (pthread_create(&h, NULL, handler, NULL) != 0)
        return 2;
    pthread_join(h, NULL); /* never returns: the handler exits */
    return 0;
}
