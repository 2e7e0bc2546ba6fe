/* hang_spin.c - planted driver test_hang_spin: the reference library whose
 * channel send spins on a plain variable nobody sets when the channel is
 * open (the runtime never regains control: only the wall-clock watchdog
 * ends the run).  A second, ordinary bug: a send on a closed channel
 * returns SF_OK and drops the value (conservation:lost, an oracle failure
 * in-process), so that minimizing such a case tries candidates that hang
 * (tests/cli/hang_case.sh, case minimize_inprocess). */
#include "hang_forward.h"

int planted_hang_flag; /* never set */

enum { MAX_CLOSED = 64 };
static sf_hchan closed[MAX_CLOSED]; /* channels closed in this run */
static int nclosed;

static int is_closed(sf_hchan c) {
    for (int i = 0; i < nclosed; i++)
        if (closed[i] == c)
            return 1;
    return 0;
}

static int spin_init(sf_hscope *root) {
    nclosed = 0;
    return fw_init(root);
}

static int spin_close(sf_hchan c) {
    int st = fw_chan_close(c);
    if (st == SF_OK && nclosed < MAX_CLOSED)
        closed[nclosed++] = c;
    return st;
}

/* Not static: the watchdog's stack names it (scopefuzz exports symbols). */
int planted_hang_spin_send(sf_hscope s, sf_hchan c, void *value);

int planted_hang_spin_send(sf_hscope s, sf_hchan c, void *value) {
    if (is_closed(c))
        return SF_OK; /* the planted bug: the value is lost */
    while (!*(volatile int *)&planted_hang_flag) {
    }
    return fw_chan_send(s, c, value);
}

const struct sf_driver sf_driver_test_hang_spin = {
    .name = "test_hang_spin",
    .description = "planted for tests/cli: the reference, whose send on an open channel spins "
                   "forever",
    .chan_send = planted_hang_spin_send,
    .chan_recv = fw_chan_recv,
    .init = spin_init,
    .chan_close = spin_close,
    HANG_FORWARD,
};
