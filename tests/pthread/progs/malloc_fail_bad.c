/* malloc_fail_bad.c - a worker's out-of-memory path forgets its waiter.
 *
 * Bug: the worker allocates its result; when malloc returns NULL it returns
 * at once, without telling main, which waits for `done` forever.  No
 * interleaving breaks it: only a failed allocation, which only
 * `scopefuzz test --faults alloc` (or more kinds) delivers.
 * Oracle: deadlock (main blocked, the worker ended).
 * Twin: malloc_fail_ok.c reports the failure under the lock.
 */
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int done, *result;

static void *worker(void *arg) {
    (void)arg;
    int *r = malloc(sizeof *r);
    if (!r)
        return NULL;
    *r = 42;
    pthread_mutex_lock(&mu);
    result = r;
    done = 1;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
    return NULL;
}

int main(void) {
    pthread_t t;
    if (pthread_create(&t, NULL, worker, NULL) != 0)
        return 0;
    pthread_mutex_lock(&mu);
    while (!done)
        pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    pthread_join(t, NULL);
    int ok = result && *result == 42;
    free(result);
    return ok ? 0 : 3;
}
