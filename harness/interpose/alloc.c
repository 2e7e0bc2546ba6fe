/* The program's malloc, calloc and realloc: fault points of the run
 * (faults.h, SIM_FAULT_ALLOC; not scheduling points).  An injected fault
 * returns NULL with errno ENOMEM, as the C functions do when memory runs
 * out; realloc then leaves the block as it was.  Outside a run, and in
 * runs without faults, they are the C functions. */
#include "internal.h" /* declares sf_malloc & co (the macros, then undone) */

#include <errno.h>

static int fail(void) {
    if (!sim_fault_point(SIM_FAULT_ALLOC))
        return 0;
    errno = ENOMEM;
    return 1;
}

void *sf_malloc(size_t n) { return fail() ? NULL : malloc(n); }

void *sf_calloc(size_t count, size_t size) { return fail() ? NULL : calloc(count, size); }

void *sf_realloc(void *p, size_t n) { return fail() ? NULL : realloc(p, n); }
