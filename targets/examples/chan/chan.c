/*
 * chan.c - Go-style channels on pthreads (see chan.h).
 *
 * Buffered channels keep their values in a ring buffer; senders wait on
 * `not_full`, receivers on `not_empty`.  Unbuffered channels hand one value
 * over through `slot`: a sender waits for the slot to be free, puts its
 * value, and waits (on `not_full`) until a receiver took it.
 *
 * Two close bugs are planted (targets/examples/README.md); -DCHAN_FIXED
 * compiles the fixed code.
 */
#define _GNU_SOURCE /* usleep */

#include "chan.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

struct chan {
    pthread_mutex_t mu;
    pthread_cond_t not_empty; /* receivers wait here */
    pthread_cond_t not_full;  /* senders wait here */
    int closed;
    size_t cap;
    /* buffered */
    void **buf;
    size_t head, count;
    /* unbuffered */
    void *slot;
    int full;
    uint64_t put, taken; /* values put into / taken from the slot */
    unsigned recv_waiting;
};

chan_t *chan_init(size_t capacity) {
    chan_t *c = calloc(1, sizeof *c);
    if (!c) {
        errno = ENOMEM;
        return NULL;
    }
    if (capacity > 0) {
        c->buf = calloc(capacity, sizeof *c->buf);
        if (!c->buf) {
            free(c);
            errno = ENOMEM;
            return NULL;
        }
    }
    c->cap = capacity;
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->not_empty, NULL);
    pthread_cond_init(&c->not_full, NULL);
    return c;
}

void chan_dispose(chan_t *c) {
    if (!c)
        return;
    pthread_cond_destroy(&c->not_full);
    pthread_cond_destroy(&c->not_empty);
    pthread_mutex_destroy(&c->mu);
    free(c->buf);
    free(c);
}

int chan_close(chan_t *c) {
    pthread_mutex_lock(&c->mu);
    if (c->closed) {
        pthread_mutex_unlock(&c->mu);
        errno = EPIPE;
        return -1;
    }
    c->closed = 1;
    pthread_cond_broadcast(&c->not_empty);
#ifdef CHAN_FIXED
    pthread_cond_broadcast(&c->not_full);
#else
    /* PLANTED BUG 1: only senders of an unbuffered channel (waiting for
     * their receiver) are woken; a sender blocked on a full buffer sleeps
     * on not_full forever. */
    if (c->cap == 0)
        pthread_cond_broadcast(&c->not_full);
#endif
    pthread_mutex_unlock(&c->mu);
    return 0;
}

int chan_is_closed(chan_t *c) {
    pthread_mutex_lock(&c->mu);
    int closed = c->closed;
    pthread_mutex_unlock(&c->mu);
    return closed;
}

size_t chan_size(chan_t *c) {
    pthread_mutex_lock(&c->mu);
    size_t n = c->count;
    pthread_mutex_unlock(&c->mu);
    return n;
}

/* ---- buffered ---- */

static void push(chan_t *c, void *data) {
    c->buf[(c->head + c->count) % c->cap] = data;
    c->count++;
    pthread_cond_signal(&c->not_empty);
}

static void *pop(chan_t *c) {
    void *data = c->buf[c->head];
    c->head = (c->head + 1) % c->cap;
    c->count--;
    pthread_cond_signal(&c->not_full);
    return data;
}

static int buffered_send(chan_t *c, void *data, int block) {
    while (c->count == c->cap && !c->closed) {
        if (!block) {
            errno = EAGAIN;
            return -1;
        }
        pthread_cond_wait(&c->not_full, &c->mu);
    }
    if (c->closed) {
        errno = EPIPE;
        return -1;
    }
    push(c, data);
    return 0;
}

static int buffered_recv(chan_t *c, void **data, int block) {
    while (c->count == 0 && !c->closed) {
        if (!block) {
            errno = EAGAIN;
            return -1;
        }
        pthread_cond_wait(&c->not_empty, &c->mu);
    }
    if (c->count == 0) {
        errno = EPIPE;
        return -1;
    }
    *data = pop(c);
    return 0;
}

/* ---- unbuffered ---- */

static int unbuffered_send(chan_t *c, void *data, int block) {
    if (!block && (c->recv_waiting == 0 || c->full) && !c->closed) {
        errno = EAGAIN;
        return -1;
    }
    while (c->full && !c->closed)
        pthread_cond_wait(&c->not_full, &c->mu);
    if (c->closed) {
        errno = EPIPE;
        return -1;
    }
    c->slot = data;
    c->full = 1;
    uint64_t mine = ++c->put;
    pthread_cond_signal(&c->not_empty);
    if (!block)
        return 0; /* a receiver is waiting for it */
    while (c->taken < mine && !c->closed)
        pthread_cond_wait(&c->not_full, &c->mu);
#ifdef CHAN_FIXED
    if (c->taken < mine) { /* closed before a receiver came: take it back */
        c->full = 0;
        c->slot = NULL;
        c->put--;
        pthread_cond_broadcast(&c->not_full);
        errno = EPIPE;
        return -1;
    }
#endif
    /* PLANTED BUG 2 (without CHAN_FIXED): woken by close before any
     * receiver took the value, the send reports success; unless someone
     * receives after the close, the value is lost. */
    return 0;
}

static int unbuffered_recv(chan_t *c, void **data, int block) {
    c->recv_waiting++;
    while (!c->full && !c->closed) {
        if (!block) {
            c->recv_waiting--;
            errno = EAGAIN;
            return -1;
        }
        pthread_cond_wait(&c->not_empty, &c->mu);
    }
    c->recv_waiting--;
    if (!c->full) {
        errno = EPIPE;
        return -1;
    }
    *data = c->slot;
    c->slot = NULL;
    c->full = 0;
    c->taken++;
    pthread_cond_broadcast(&c->not_full);
    return 0;
}

static int send_locked(chan_t *c, void *data, int block) {
    return c->cap ? buffered_send(c, data, block) : unbuffered_send(c, data, block);
}

static int recv_locked(chan_t *c, void **data, int block) {
    return c->cap ? buffered_recv(c, data, block) : unbuffered_recv(c, data, block);
}

int chan_send(chan_t *c, void *data) {
    pthread_mutex_lock(&c->mu);
    int r = send_locked(c, data, 1);
    int e = errno;
    pthread_mutex_unlock(&c->mu);
    errno = e;
    return r;
}

int chan_recv(chan_t *c, void **data) {
    pthread_mutex_lock(&c->mu);
    int r = recv_locked(c, data, 1);
    int e = errno;
    pthread_mutex_unlock(&c->mu);
    errno = e;
    return r;
}

int chan_try_send(chan_t *c, void *data) {
    pthread_mutex_lock(&c->mu);
    int r = send_locked(c, data, 0);
    int e = errno;
    pthread_mutex_unlock(&c->mu);
    errno = e;
    return r;
}

int chan_try_recv(chan_t *c, void **data) {
    pthread_mutex_lock(&c->mu);
    int r = recv_locked(c, data, 0);
    int e = errno;
    pthread_mutex_unlock(&c->mu);
    errno = e;
    return r;
}

/* ---- select: poll every channel, sleep, poll again ---- */

/* Two selects polling the same unbuffered channel from both ends would
 * never meet (an unbuffered try_send needs a receiver blocked in
 * chan_recv), so while it sleeps a select offers its value on one
 * unbuffered send case: the value sits in the slot, where any receiver may
 * take it; on waking the select sees whether it was taken, else withdraws
 * it.  One offer at a time, so at most one case completes. */
static uint64_t offer(chan_t *c, void *data) {
    uint64_t mine = 0;
    pthread_mutex_lock(&c->mu);
    if (!c->full && !c->closed) {
        c->slot = data;
        c->full = 1;
        mine = ++c->put;
        pthread_cond_signal(&c->not_empty);
    }
    pthread_mutex_unlock(&c->mu);
    return mine;
}

/* 1: the offer was taken; 0: it is withdrawn. */
static int withdraw(chan_t *c, uint64_t mine) {
    pthread_mutex_lock(&c->mu);
    int taken = c->taken >= mine;
    if (!taken) {
        c->slot = NULL;
        c->full = 0;
        c->put--;
        pthread_cond_broadcast(&c->not_full);
    }
    pthread_mutex_unlock(&c->mu);
    return taken;
}

int chan_select(chan_t *recv_chans[], int nrecv, void **recv_out, chan_t *send_chans[], int nsend,
                void *send_msgs[], int block, int *err) {
    if (nrecv < 0 || nsend < 0 || nrecv + nsend == 0) {
        errno = EINVAL;
        return -1;
    }
    useconds_t nap = 10;
    for (unsigned round = 0;; round++) {
        for (int i = 0; i < nrecv; i++) {
            int r = chan_try_recv(recv_chans[i], recv_out);
            if (r == 0 || errno == EPIPE) {
                *err = r == 0 ? 0 : EPIPE;
                return i;
            }
        }
        for (int j = 0; j < nsend; j++) {
            int r = chan_try_send(send_chans[j], send_msgs[j]);
            if (r == 0 || errno == EPIPE) {
                *err = r == 0 ? 0 : EPIPE;
                return nrecv + j;
            }
        }
        if (!block) {
            errno = EAGAIN;
            return -1;
        }
        /* A select that also receives on that channel offers every other
         * round only: a plain sender must find the slot free at times. */
        int j = nsend > 0 ? (int)(round % (unsigned)nsend) : -1;
        int also_recv = 0;
        for (int i = 0; j >= 0 && i < nrecv; i++)
            also_recv |= recv_chans[i] == send_chans[j];
        uint64_t mine =
            j >= 0 && send_chans[j]->cap == 0 && (!also_recv || (round / (unsigned)nsend) % 2)
                ? offer(send_chans[j], send_msgs[j])
                : 0;
        usleep(nap);
        if (nap < 100000)
            nap *= 2;
        if (mine && withdraw(send_chans[j], mine)) {
            *err = 0;
            return nrecv + j;
        }
    }
}
