/* spin.c - a thread spins on a plain variable that another thread would
 * set: the runtime cannot preempt a loop without scheduling points, so the
 * wall-clock watchdog must end the run as `hang` (never hang scopefuzz). */
#include <pthread.h>
#include <stdatomic.h>

static atomic_int flag; /* atomic: no data race, only a spin */

static void *setter(void *arg) {
    (void)arg;
    atomic_store_explicit(&flag, 1, memory_order_relaxed);
    return NULL;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, setter, NULL);
    while (!atomic_load_explicit(&flag, memory_order_relaxed)) {
    } /* no scheduling point: the setter never runs on one OS thread */
    pthread_join(t, NULL);
    return 0;
}
