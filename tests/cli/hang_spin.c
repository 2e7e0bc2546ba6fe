/* hang_spin.c - planted driver test_hang_spin: the reference library whose
 * channel send first spins on a plain variable nobody sets (the runtime
 * never regains control: only the wall-clock watchdog ends the run). */
#include "hang_forward.h"

int planted_hang_flag; /* never set */

/* Not static: the watchdog's stack names it (scopefuzz exports symbols). */
int planted_hang_spin_send(sf_hscope s, sf_hchan c, void *value);

int planted_hang_spin_send(sf_hscope s, sf_hchan c, void *value) {
    while (!*(volatile int *)&planted_hang_flag) {
    }
    return fw_chan_send(s, c, value);
}

const struct sf_driver sf_driver_test_hang_spin = {
    .name = "test_hang_spin",
    .description = "planted for tests/cli: the reference, whose send spins forever",
    .chan_send = planted_hang_spin_send,
    .chan_recv = fw_chan_recv,
    HANG_FORWARD,
};
