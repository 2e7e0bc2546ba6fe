/* The library's heap on real threads: the C allocator, no faults. */
#include "platform.h"

#include <stdlib.h>

void *sfp_malloc(size_t n) { return malloc(n); }

void *sfp_calloc(size_t count, size_t size) { return calloc(count, size); }

void *sfp_realloc(void *p, size_t n) { return realloc(p, n); }
