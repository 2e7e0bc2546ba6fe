/* tls.c - a __thread variable: every thread would share one copy under
 * scopefuzz, so scopefuzz-cc refuses to link it (without --allow-tls). */
#include <pthread.h>
#include <stdio.h>

static __thread int counter;

static void *worker(void *arg) {
    counter += *(int *)arg;
    return NULL;
}

int main(void) {
    int one = 1;
    pthread_t t;
    pthread_create(&t, NULL, worker, &one);
    pthread_join(t, NULL);
    printf("%d\n", counter);
    return 0;
}
