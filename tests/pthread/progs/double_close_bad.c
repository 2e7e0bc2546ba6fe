/* double_close_bad.c - two threads close one connection: check-then-act.
 *
 * Bug: conn_close() tests `closed`, logs, frees the buffer, and only then
 * sets `closed`, with no lock.  The sender and the receiver both hit an
 * error and close the connection; if both test `closed` before either has
 * set it, and both load `c->buf` before either stores NULL there, the
 * buffer is freed twice.  That last window (free's argument load to the
 * NULL store) holds no pthread call: a switch only at pthread calls (the
 * log call) gives the second thread free(NULL), a no-op.  It needs a
 * preemption between two plain memory accesses (scopefuzz-cc
 * --preempt-memory, sf_interpose(T PREEMPT_MEMORY)); on real threads ~1-2%.
 * Oracle: ASan, signature `asan:double-free:conn_close` (TSan builds: the
 * data race on `closed`, `tsan:data-race:conn_close`).
 * Twin: double_close_ok.c tests and sets `closed` under the connection lock.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct conn {
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
    if (!c->closed) { /* BUG: check ... */
        log_msg(who, "closing connection");
        free(c->buf);
        c->buf = NULL;
        c->closed = 1; /* ... then act, with nothing in between held */
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
    strcpy(c->buf, "GET / HTTP/1.0\r\n\r\n");
    pthread_t s, r;
    if (pthread_create(&s, NULL, sender, c) != 0 || pthread_create(&r, NULL, receiver, c) != 0)
        return 2;
    pthread_join(s, NULL);
    pthread_join(r, NULL);
    printf("%d log lines\n", log_count);
    free(c);
    return 0;
}
