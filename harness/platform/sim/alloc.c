/* The library's heap under the runtime: every call is a SIM_FAULT_ALLOC
 * fault point (not a scheduling point); an injected fault returns NULL. */
#include "internal.h"

#include <stdlib.h>

static int fail(void) { return sim_g && sim_fault_at(sim_g, SIM_FAULT_ALLOC); }

void *sfp_malloc(size_t n) { return fail() ? NULL : malloc(n); }

void *sfp_calloc(size_t count, size_t size) { return fail() ? NULL : calloc(count, size); }

void *sfp_realloc(void *p, size_t n) { return fail() ? NULL : realloc(p, n); }
