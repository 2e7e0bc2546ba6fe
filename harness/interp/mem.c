/* Memory of the interpreter: growing arrays, token blocks.  Tokens are
 * allocated in one task and freed in another: under TSan the allocation is
 * hidden (the interpreter is uninstrumented, the library's own accesses
 * are what TSan checks). */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

#ifdef SF_TSAN
void AnnotateIgnoreWritesBegin(const char *file, int line);
void AnnotateIgnoreWritesEnd(const char *file, int line);
#define IGNORE_BEGIN() AnnotateIgnoreWritesBegin(__FILE__, __LINE__)
#define IGNORE_END()   AnnotateIgnoreWritesEnd(__FILE__, __LINE__)
#else
#define IGNORE_BEGIN() ((void)0)
#define IGNORE_END()   ((void)0)
#endif

static void oom(void) {
    fputs("scopefuzz interp: out of memory\n", stderr);
    abort();
}

void interp_grow(void **arr, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap)
        return;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    IGNORE_BEGIN();
    void *p = realloc(*arr, n * elem);
    IGNORE_END();
    if (!p)
        oom();
    *arr = p;
    *cap = n;
}

void *interp_alloc(size_t n) {
    IGNORE_BEGIN();
    void *p = malloc(n);
    IGNORE_END();
    if (!p)
        oom();
    return p;
}

void interp_free(void *p) {
    IGNORE_BEGIN();
    free(p);
    IGNORE_END();
}
