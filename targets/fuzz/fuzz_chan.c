/*
 * fuzz_chan.c - libFuzzer target: channels with select (chan, close c,
 * destroy, send, recv, try_send, try_recv, select; with spawn, sleep,
 * yield, return).
 *
 * The input decodes to a program (sf_prog_decode; a SIM_BYTES schedule
 * comes from the input's tail), masked to this target's op set and run by
 * the interpreter (harness/interp/interp.h) against the implementation
 * named by env SCOPEFUZZ_IMPL (default reference).  A failed oracle prints
 * its signature and report, then aborts.
 */
#include <stddef.h>
#include <stdint.h>

#include "interp.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    sf_interp_fuzz_init("fuzz_chan");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return sf_interp_fuzz_one(data, size, SF_KINDS_CHAN);
}
