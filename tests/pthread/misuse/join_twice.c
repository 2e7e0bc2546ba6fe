/* join_twice.c - joining a thread twice.  Expected: pthread:join-twice. */
#include <pthread.h>

static void *worker(void *arg) { return arg; }

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    pthread_join(t, NULL); /* BUG */
    return 0;
}
