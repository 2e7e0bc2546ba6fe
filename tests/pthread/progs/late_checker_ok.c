/*
 * late_checker_ok.c - late_checker_bad.c with the pair written and read
 * under one mutex: the checker never sees half a pair.
 */
#undef NDEBUG /* the assert is the oracle, in release builds too */
#include <assert.h>
#include <pthread.h>

enum { WRITERS = 9 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int first, second;

static void *writer(void *arg) {
    (void)arg;
    pthread_mutex_lock(&lock);
    first = 1;
    second = 2;
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void *checker(void *arg) {
    (void)arg;
    pthread_mutex_lock(&lock);
    int f = first, s = second;
    pthread_mutex_unlock(&lock);
    assert(!(f == 1 && s == 0));
    return NULL;
}

int main(void) {
    pthread_t w[WRITERS], c;
    for (int i = 0; i < WRITERS; i++)
        pthread_create(&w[i], NULL, writer, NULL);
    pthread_create(&c, NULL, checker, NULL);
    for (int i = 0; i < WRITERS; i++)
        pthread_join(w[i], NULL);
    pthread_join(c, NULL);
    return 0;
}
