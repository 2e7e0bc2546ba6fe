/* exit_race_bad.c - a daemon thread still running while atexit cleans up.
 *
 * A program logs through a detached flusher thread, a daemon that is never
 * joined (run with --allow-thread-leak); an atexit handler closes the log.
 * Bug: nothing stops the flusher first.  Real threads keep running while
 * exit() runs the handlers and until the process is gone, so the flusher
 * can write to the closed log.  Needs the flusher to run after the handler,
 * in the exit's last scheduling point.
 * Oracle: the flusher's assert, signature `assert:flusher`.
 * Twin: exit_race_ok.c stops and joins the flusher before closing the log.
 */
#define _POSIX_C_SOURCE 200809L
#undef NDEBUG
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int log_open = 1; /* closing needs no lock: the flusher only reads it */
static int pending, written;

static const struct timespec period = {0, 1000000}; /* 1 ms */

static void *flusher(void *arg) {
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&log_lock);
        assert(atomic_load(&log_open) && "flushed to a closed log");
        written += pending;
        pending = 0;
        pthread_mutex_unlock(&log_lock);
        nanosleep(&period, NULL);
    }
    return NULL;
}

static void close_log(void) { /* atexit handler; BUG: the flusher still runs */
    atomic_store(&log_open, 0);
}

int main(void) {
    pthread_t t;
    if (atexit(close_log) != 0 || pthread_create(&t, NULL, flusher, NULL) != 0)
        return 2;
    pthread_detach(t);
    for (int i = 0; i < 3; i++) {
        pthread_mutex_lock(&log_lock);
        pending++;
        pthread_mutex_unlock(&log_lock);
    }
    return 0;
}
