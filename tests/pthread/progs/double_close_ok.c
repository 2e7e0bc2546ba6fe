/* double_close_ok.c - two threads close one connection, exactly once.
 *
 * Twin of double_close_bad.c: conn_close() tests and sets `closed` in one
 * critical section of the connection's lock; only the thread that set it
 * frees the buffer.  Must stay clean (exit 0) under every schedule.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct conn {
    pthread_mutex_t lock;
    int closed;
    char *buf;
};

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static char log_lines[8][64];
static int log_count;

static void log_msg(const char *who, const char *what) {
    pthread_mutex_lock(&log_lock);
    snprintf(log_lines[log_count++ % 8], sizeof log_lines[0], "%s: %s", who, what);
    pthread_mutex_unlock(&log_lock);
}

static void conn_close(struct conn *c, const char *who) {
    pthread_mutex_lock(&c->lock);
    int first = !c->closed;
    c->closed = 1;
    char *buf = c->buf;
    c->buf = NULL;
    pthread_mutex_unlock(&c->lock);
    if (first) {
        log_msg(who, "closing connection");
        free(buf);
    }
}

static void *sender(void *arg) {
    struct conn *c = arg;
    log_msg("sender", "write failed: EPIPE");
    conn_close(c, "sender");
    return NULL;
}

static unsigned parse(const char *msg) {
    unsigned h = 5381;
    for (int round = 0; round < 200; round++)
        for (const char *p = msg; *p; p++)
            h = h * 33 + (unsigned char)*p;
    return h;
}

static void *receiver(void *arg) {
    struct conn *c = arg;
    static const char partial[] = "HTTP/1.0 200 OK\r\nContent-Length: 1000\r\n\r\n<html>";
    if (parse(partial) != 0) /* the reply was cut short */
        log_msg("receiver", "read: connection reset");
    conn_close(c, "receiver");
    return NULL;
}

int main(void) {
    struct conn *c = calloc(1, sizeof *c);
    if (c == NULL || (c->buf = malloc(4096)) == NULL)
        return 2;
    pthread_mutex_init(&c->lock, NULL);
    strcpy(c->buf, "GET / HTTP/1.0\r\n\r\n");
    pthread_t s, r;
    if (pthread_create(&s, NULL, sender, c) != 0 || pthread_create(&r, NULL, receiver, c) != 0)
        return 2;
    pthread_join(s, NULL);
    pthread_join(r, NULL);
    printf("%d log lines\n", log_count);
    pthread_mutex_destroy(&c->lock);
    free(c);
    return 0;
}
