/*
 * late_checker_bad.c - a torn pair read by a thread started last (the shape
 * of SCTBench's reorder_N, written afresh): nine writers each store
 * `first = 1; second = 2;` with no synchronization, then one checker reads
 * both and asserts that it saw no half-done pair.  The checker fails only if
 * it runs between some writer's two stores before any writer's second
 * store, while it is created after all nine writers.
 *
 * Only memory-access scheduling points (scopefuzz-cc --preempt-memory) can
 * preempt between the stores.  A random walk almost never gets there: by
 * the time the checker exists the writers are done.  The selectively
 * uniform walk (--strategy surw) weighs each thread by the shared accesses
 * it and the threads it will start still have (counted in earlier runs),
 * so the checker's reads land anywhere among the writers' stores.
 */
#undef NDEBUG /* the assert is the oracle, in release builds too */
#include <assert.h>
#include <pthread.h>

enum { WRITERS = 9 };

static int first, second;

static void *writer(void *arg) {
    (void)arg;
    first = 1;
    second = 2;
    return NULL;
}

static void *checker(void *arg) {
    (void)arg;
    int f = first, s = second;
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
