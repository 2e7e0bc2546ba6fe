/* The run in progress on this thread, its accessors, and the runtime's
 * allocation helpers: the leaf every other file of the runtime uses. */
#include "internal.h"
#include "san.h"

#include <stdio.h>
#include <stdlib.h>

_Thread_local sim_state *sim_g;

sim_state *sim_state_get(const char *fn) {
    if (!sim_g) {
        fprintf(stderr,
                "scopefuzz sim: %s() called outside sim_run(): the sim platform backend only "
                "runs inside sim_run() (link sf_platform_pthread to run on threads)\n",
                fn);
        abort();
    }
    return sim_g;
}

/* Runtime allocations may be freed in another fiber: hidden from TSan. */
void *sim_xrealloc(void *p, size_t n) {
    sim_tsan_ignore_begin();
    void *q = realloc(p, n);
    sim_tsan_ignore_end();
    if (!q) {
        fputs("scopefuzz sim: out of memory\n", stderr);
        abort();
    }
    return q;
}

void sim_free(void *p) {
    sim_tsan_ignore_begin();
    free(p);
    sim_tsan_ignore_end();
}

int sim_active(void) { return sim_g != NULL; }

uint32_t sim_current_task(void) { return sim_g && sim_g->cur ? sim_g->cur->id : 0; }

uint64_t sim_current_step(void) { return sim_g ? sim_g->res->steps : 0; }

uint64_t sim_current_event(void) { return sim_g ? sim_g->res->nevents : 0; }

uint64_t sim_current_hash(void) { return sim_g ? sim_g->res->hash : 0; }
