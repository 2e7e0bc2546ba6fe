/* spurious_wake_ok.c - the twin of spurious_wake_bad.c: the wait loops.
 *
 * Bug: main waits for `ready` with `if (!ready) wait`.  With one waiter and
 * one signal no interleaving breaks it: only a spurious wakeup, which POSIX
 * allows at any wait, returns before `ready` is set.  Found only with
 * `scopefuzz test --faults wake` (or more kinds).
 * Oracle: main exits 3 when it went on without the value: `exit:3`.
 * Twin: spurious_wake_ok.c waits in a `while` loop.
 */
#include <pthread.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready;

static void *producer(void *arg) {
    (void)arg;
    pthread_mutex_lock(&mu);
    ready = 1;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
    return NULL;
}

int main(void) {
    pthread_t t;
    if (pthread_create(&t, NULL, producer, NULL) != 0)
        return 0;
    pthread_mutex_lock(&mu);
    while (!ready)
        pthread_cond_wait(&cv, &mu);
    int got = ready;
    pthread_mutex_unlock(&mu);
    pthread_join(t, NULL);
    return got ? 0 : 3;
}
