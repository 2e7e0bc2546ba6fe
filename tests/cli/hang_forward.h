/* hang_forward.h - the part of the planted hanging drivers (hang_spin.c,
 * hang_block.c) that is the reference driver: every required call
 * forwarded to sf_driver_reference, with its capabilities (HANG_FORWARD:
 * the table's entries but init and three channel calls).  Each driver replaces one channel call
 * with code the runtime cannot preempt; tests/cli/hang.cmake checks that the wall-clock watchdog
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
static int fw_shutdown(int64_t deadline, sf_fini_report *rep) {
    return sf_driver_reference.shutdown(deadline, rep);
}
static int fw_scope_open(sf_hscope parent, int64_t deadline, sf_hscope *out) {
    return sf_driver_reference.scope_open(parent, deadline, out);
}
static int fw_scope_open_supervisor(sf_hscope parent, int64_t deadline, sf_hscope *out) {
    return sf_driver_reference.scope_open_supervisor(parent, deadline, out);
}
static int fw_scope_close(sf_hscope s, int *first_error) {
    return sf_driver_reference.scope_close(s, first_error);
}
static int fw_scope_cancel(sf_hscope s) { return sf_driver_reference.scope_cancel(s); }
static int fw_defer(sf_hscope s, sf_cleanup_fn fn, void *arg) {
    return sf_driver_reference.defer(s, fn, arg);
}
static int fw_try_send(sf_hchan c, void *value) {
    return sf_driver_reference.chan_try_send(c, value);
}
static int fw_try_recv(sf_hchan c, void **value) {
    return sf_driver_reference.chan_try_recv(c, value);
}
static int fw_chan_destroy(sf_hchan c) { return sf_driver_reference.chan_destroy(c); }
static int fw_select(sf_hscope s, sf_select_case *cases, size_t n, int has_default,
                     size_t *chosen) {
    return sf_driver_reference.select(s, cases, n, has_default, chosen);
}
static int fw_sleep(sf_hscope s, int64_t ns) { return sf_driver_reference.sleep(s, ns); }
static int64_t fw_now(void) { return sf_driver_reference.now(); }

/* The entries of a planted driver's table but .name, .description, .init,
 * .chan_send, .chan_recv and .chan_close (fw_* or its own); .caps is the
 * reference's (SF_CAP_ALL). */
#define HANG_FORWARD                                                                               \
    .caps = SF_CAP_ALL, .fini = fw_fini, .abandon = fw_abandon, .shutdown = fw_shutdown,           \
    .scope_open = fw_scope_open, .scope_open_supervisor = fw_scope_open_supervisor,                \
    .scope_close = fw_scope_close, .scope_cancel = fw_scope_cancel, .spawn = fw_spawn,             \
    .defer = fw_defer, .chan_make = fw_chan_make, .chan_try_send = fw_try_send,                    \
    .chan_try_recv = fw_try_recv, .chan_destroy = fw_chan_destroy, .select = fw_select,            \
    .sleep = fw_sleep, .yield = fw_yield, .now = fw_now

#endif
