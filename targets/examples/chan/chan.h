/*
 * chan.h - a small Go-style channel library for C on pthreads.
 *
 * The scopefuzz worked example (targets/examples/README.md): written the way
 * such libraries usually are (one mutex and two condition variables per
 * channel, a ring buffer for buffered channels, a flag for close, select by
 * polling), with two close bugs planted.  Compiled with -DCHAN_FIXED the
 * bugs are fixed.  It knows nothing of scopefuzz.
 *
 * Errors: -1 with errno set, 0 on success.
 *   EPIPE   the channel is closed (chan_recv: closed and drained)
 *   EAGAIN  chan_try_send/chan_try_recv/chan_select(.., 0): would block
 *   ENOMEM  chan_init
 */
#ifndef EXAMPLE_CHAN_H
#define EXAMPLE_CHAN_H

#include <stddef.h>

typedef struct chan chan_t;

/* A channel of `capacity` values (0: unbuffered, a send waits for its
 * receiver).  NULL with errno ENOMEM. */
chan_t *chan_init(size_t capacity);
/* Frees the channel (no thread may use it any more); buffered values are
 * not freed: drain them first (chan_size, chan_try_recv). */
void chan_dispose(chan_t *c);

/* Closes the channel: blocked and later sends fail with EPIPE, receives
 * drain what is buffered and then fail with EPIPE.  -1/EPIPE if it was
 * already closed. */
int chan_close(chan_t *c);
int chan_is_closed(chan_t *c);

/* Blocking send and receive. */
int chan_send(chan_t *c, void *data);
int chan_recv(chan_t *c, void **data);
/* Non-blocking: -1/EAGAIN when they would block.  An unbuffered try_send
 * succeeds only when a receiver is waiting. */
int chan_try_send(chan_t *c, void *data);
int chan_try_recv(chan_t *c, void **data);

/* Values buffered (always 0 for an unbuffered channel). */
size_t chan_size(chan_t *c);

/* Waits until one of the operations can go: a receive from recv_chans[i]
 * (the value goes to *recv_out) or a send of send_msgs[j] to
 * send_chans[j].  Returns the index of the operation done, receives first
 * (i), then sends (nrecv + j); a closed channel counts as ready (its
 * operation fails with EPIPE, and that is the one returned, with errno
 * EPIPE in *err).  With block == 0, -1/EAGAIN when none is ready.
 * Implemented by polling every channel with try operations and sleeping a
 * little (backing off from 10 us up to about 100 ms) between rounds; while
 * it sleeps, a blocking select offers its value on one unbuffered send case
 * (a receiver may take it) and withdraws it on waking if nobody did. */
int chan_select(chan_t *recv_chans[], int nrecv, void **recv_out, chan_t *send_chans[], int nsend,
                void *send_msgs[], int block, int *err);

#endif
