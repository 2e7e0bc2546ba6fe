/* hang_forward.h - the part of the planted hanging drivers (hang_spin.c,
 * hang_block.c) that is the reference driver: every required call
 * forwarded to sf_driver_reference, caps 0 (no scopes, cancel, select,
 * sleep...).  Each driver replaces one channel call with code the runtime
 * cannot preempt; tests/cli/hang.cmake checks that the wall-clock watchdog
 * (harness/cli/watchdog.h) ends such runs as `hang` failures. */
#ifndef SF_TEST_HANG_FORWARD_H
#define SF_TEST_HANG_FORWARD_H

#include "driver.h"

extern const struct sf_driver sf_driver_reference;

static int fw_init(sf_hscope *root) { return sf_driver_reference.init(root); }
static int fw_fini(int64_t deadline, sf_fini_report *rep) {
    return sf_driver_reference.fini(deadline, rep);
}
static void fw_abandon(void) { sf_driver_reference.abandon(); }
static int fw_spawn(sf_hscope s, sf_task_fn fn, void *arg, sf_cleanup_fn arg_cleanup) {
    return sf_driver_reference.spawn(s, fn, arg, arg_cleanup);
}
static int fw_chan_make(sf_hscope owner, size_t cap, sf_cleanup_fn elem_dtor, sf_hchan *out) {
    return sf_driver_reference.chan_make(owner, cap, elem_dtor, out);
}
static int fw_chan_send(sf_hscope s, sf_hchan c, void *value) {
    return sf_driver_reference.chan_send(s, c, value);
}
static int fw_chan_recv(sf_hscope s, sf_hchan c, void **value) {
    return sf_driver_reference.chan_recv(s, c, value);
}
static int fw_chan_close(sf_hchan c) { return sf_driver_reference.chan_close(c); }
static void fw_yield(void) { sf_driver_reference.yield(); }

#endif
