/* exit_race_ok.c - twin of exit_race_bad.c: the atexit handler stops the
 * flusher and joins it before it closes the log, so no flush can follow
 * the close.  Must stay clean under every schedule (with
 * --allow-thread-leak, as its twin runs). */
#define _POSIX_C_SOURCE 200809L
#undef NDEBUG
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int log_open = 1; /* closing needs no lock: the flusher only reads it */
static int stopping, pending, written;
static pthread_t flusher_thread;

static const struct timespec period = {0, 1000000}; /* 1 ms */

static void *flusher(void *arg) {
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&log_lock);
        assert(atomic_load(&log_open) && "flushed to a closed log");
        written += pending;
        pending = 0;
        int stop = stopping;
        pthread_mutex_unlock(&log_lock);
        if (stop)
            return NULL;
        nanosleep(&period, NULL);
    }
}

static void close_log(void) { /* atexit handler: stop the flusher first */
    pthread_mutex_lock(&log_lock);
    stopping = 1;
    pthread_mutex_unlock(&log_lock);
    pthread_join(flusher_thread, NULL);
    atomic_store(&log_open, 0);
}

int main(void) {
    if (atexit(close_log) != 0 || pthread_create(&flusher_thread, NULL, flusher, NULL) != 0)
        return 2;
    for (int i = 0; i < 3; i++) {
        pthread_mutex_lock(&log_lock);
        pending++;
        pthread_mutex_unlock(&log_lock);
    }
    return 0;
}
