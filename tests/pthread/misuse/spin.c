/* spin.c - a thread spins on a plain variable that another thread would
 * set: the runtime cannot preempt a loop without scheduling points, so the
 * wall-clock watchdog must end the run as `hang` (never hang scopefuzz). */
#include <pthread.h>

static volatile int flag;

static void *setter(void *arg) {
    (void)arg;
    flag = 1;
    return NULL;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, setter, NULL);
    while (!flag) {
    } /* no scheduling point: the setter never runs on one OS thread */
    pthread_join(t, NULL);
    return 0;
}
