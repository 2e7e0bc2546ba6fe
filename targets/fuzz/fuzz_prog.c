/*
 * fuzz_prog.c - the libFuzzer entry point of every program fuzz target:
 * built once per row of harness/interp/targets.h as fuzz_NAME (fuzz_scope,
 * fuzz_chan, fuzz_mixed), with SF_FUZZ_BINARY the binary's name.
 *
 * The input decodes to a program (sf_prog_decode; a SIM_BYTES schedule
 * comes from the input's tail), masked to the target's op set and run by
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
    sf_interp_fuzz_init(SF_FUZZ_BINARY);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return sf_interp_fuzz_one(data, size);
}
