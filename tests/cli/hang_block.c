/* hang_block.c - planted driver test_hang_block: the reference library
 * whose channel receive first waits on a real pthread condition nobody
 * signals, as a pthread-based library would: the one OS thread every task
 * runs on blocks in the kernel (only the wall-clock watchdog ends it). */
#include <pthread.h>

#include "hang_forward.h"

static pthread_mutex_t planted_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t planted_cv = PTHREAD_COND_INITIALIZER;
static int planted_ready; /* never set */

/* Not static: the watchdog's stack names it (scopefuzz exports symbols). */
int planted_hang_block_recv(sf_hscope s, sf_hchan c, void **value);

int planted_hang_block_recv(sf_hscope s, sf_hchan c, void **value) {
    pthread_mutex_lock(&planted_mu);
    while (!planted_ready)
        pthread_cond_wait(&planted_cv, &planted_mu);
    pthread_mutex_unlock(&planted_mu);
    return fw_chan_recv(s, c, value);
}

const struct sf_driver sf_driver_test_hang_block = {
    .name = "test_hang_block",
    .description = "planted for tests/cli: the reference, whose recv blocks in pthread_cond_wait",
    .chan_send = fw_chan_send,
    .chan_recv = planted_hang_block_recv,
    .init = fw_init,
    .chan_close = fw_chan_close,
    HANG_FORWARD,
};
