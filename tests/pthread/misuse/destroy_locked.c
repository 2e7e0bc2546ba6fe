/* destroy_locked.c - a mutex destroyed while another thread holds it.
 * Expected: pthread:mutex-destroy-locked on every schedule where the worker
 * holds the lock at the destroy; found within a few schedules. */
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t m;
static int ready;

static void *worker(void *arg) {
    (void)arg;
    pthread_mutex_lock(&m);
    ready = 1;
    sched_yield(); /* a window with the lock held */
    pthread_mutex_unlock(&m);
    return NULL;
}

int main(void) {
    pthread_t t;
    pthread_mutex_init(&m, NULL);
    pthread_create(&t, NULL, worker, NULL);
    sched_yield();
    pthread_mutex_destroy(&m); /* BUG: before the join */
    pthread_join(t, NULL);
    return 0;
}
