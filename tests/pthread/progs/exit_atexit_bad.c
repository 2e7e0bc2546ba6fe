/* exit_atexit_bad.c - exit() from a thread that holds a lock atexit needs.
 *
 * A server logs through a background flusher; an atexit handler stops the
 * flusher (under log_lock) and joins it.  The flusher stamps each batch
 * with the request count, taking stats_lock while it holds log_lock.
 * Bug: the request handler calls exit(0) on the "quit" request from inside
 * its stats_lock critical section.  If the flusher holds log_lock and waits
 * for stats_lock at that moment, the atexit handler waits for log_lock
 * forever: exit never finishes.  Needs the flusher to be between its two
 * lock calls when the handler quits; most schedules pass.
 * Oracle: deadlock, signature `deadlock`; `lock cycle:` stats_lock (held by
 * the exiting thread) -> log_lock (held by the flusher).
 * Twin: exit_atexit_ok.c releases stats_lock before calling exit.
 * Note: at exit, main is still blocked in pthread_join on the handler (as in
 * any program that exits from a thread); the flusher is joined by atexit.
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
        if (reqs[i][0] == 'q')
            exit(0); /* BUG: exits holding stats_lock: atexit -> log_lock */
        pthread_mutex_unlock(&stats_lock);
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
