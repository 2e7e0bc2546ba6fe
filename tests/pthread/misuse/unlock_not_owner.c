/* unlock_not_owner.c - a thread unlocks a mutex another thread holds (the
 * "hand the lock over" anti-pattern).  Expected: pthread:unlock-not-owner. */
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *releaser(void *arg) {
    (void)arg;
    pthread_mutex_unlock(&m); /* BUG: main locked it */
    return NULL;
}

int main(void) {
    pthread_t t;
    pthread_mutex_lock(&m);
    pthread_create(&t, NULL, releaser, NULL);
    pthread_join(t, NULL);
    return 0;
}
