/* key_dtor_ok.c - per-thread buffers in a pthread key with a destructor.
 *
 * Twin of key_dtor_bad.c: the key is created with free as its destructor,
 * so each worker's buffer is freed when the worker exits (main never uses
 * the key, so no value is left for the main thread).  Must stay clean
 * (exit 0, no leak) under every schedule.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_key_t buf_key;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static size_t total_len;

static const char *fmt_id(const char *kind, int id) {
    char *buf = pthread_getspecific(buf_key);
    if (buf == NULL) {
        buf = malloc(32);
        if (buf == NULL || pthread_setspecific(buf_key, buf) != 0)
            abort();
    }
    snprintf(buf, 32, "%s-%04d", kind, id);
    return buf;
}

static void *worker(void *arg) {
    int base = *(int *)arg;
    for (int i = 0; i < 3; i++) {
        const char *name = fmt_id("req", base + i);
        pthread_mutex_lock(&lock);
        for (const char *c = name; *c; c++)
            total_len++;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(void) {
    if (pthread_key_create(&buf_key, free) != 0)
        return 2;
    static const int base[3] = {0, 100, 200};
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        if (pthread_create(&t[i], NULL, worker, (void *)&base[i]) != 0)
            return 2;
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    pthread_key_delete(buf_key);
    printf("%zu characters\n", total_len);
    return total_len == 72 ? 0 : 1;
}
