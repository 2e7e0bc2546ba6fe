/*
 * memory.c - memory accesses as scheduling points (scopefuzz-cc
 * --preempt-memory): the program is compiled with
 * -fsanitize-coverage=edge,trace-loads,trace-stores, so every load and
 * store calls __sanitizer_cov_{load,store}{1,2,4,8,16}(addr) first.
 *
 * Only accesses that can race are scheduling points: not the running
 * thread's own stack, and not a heap address (8-byte granule) that only one
 * thread has touched so far in this run.  The program's global variables
 * (the executable's data and bss) are always points: the very first write
 * to a global can be the half of a pair another thread must see (SCTBench
 * reorder_*: `a = 1; b = -1;` read by a checker in between).  The first access by a second
 * thread makes the granule shared, and from then on every access to it is a
 * scheduling point before the access (a preemption between a check and
 * its act, inside a critical section, between two plain writes).  The
 * granule table is direct-mapped and lossy: a collision forgets the older
 * granule, which then has to be seen shared again (deterministic, as the
 * addresses are).  PCT counts these points as steps like any other.
 * With SF_FEEDBACK_READS_FROM on (feedback.c), every access off the
 * thread's own stack is also recorded after its point: stores as the
 * address's last writer, loads as reads-from pairs.
 */
#define SF_INTERPOSE_RUNTIME 1
#include "internal.h"
#include "scopefuzz/fuzz.h"

enum { MEM_CELLS = 1 << 16 };

typedef struct mem_cell {
    uintptr_t granule;
    uint32_t task;
    uint32_t gen; /* run the cell belongs to; others are empty */
    int shared;
} mem_cell;

static mem_cell cells[MEM_CELLS];
static uint32_t gen = 1;
static uint64_t points; /* scheduling points taken here, this run */

void ip_memory_reset(void) {
    gen++;
    points = 0;
}

uint64_t ip_memory_points(void) { return points; }

/* The executable's data and bss, from the linker's symbols. */
extern char __data_start[], _end[];

static unsigned cell_of(uintptr_t g) {
    return (unsigned)((g * 0x9E3779B97F4A7C15ull) >> 48) & (MEM_CELLS - 1);
}

/* A scheduling point before the access; then the access happens (the
 * instruction after the callback), which the feedback records. */
static void point(uintptr_t a, int store, uintptr_t site) {
    points++;
    sim_point_access(a, store);
    if (ip_feedback_on & SF_FEEDBACK_READS_FROM)
        ip_feedback_access(a, store, site);
}

/* site: the instrumented code's address (the callback's return address). */
static void access_at(uintptr_t a, int store, uintptr_t site) {
    if (!sim_active())
        return;
    const void *lo;
    size_t size;
    if (sim_current_stack(&lo, &size) == 0 && a - (uintptr_t)lo < size)
        return;
    if (a >= (uintptr_t)__data_start && a < (uintptr_t)_end) {
        point(a, store, site);
        return;
    }
    uint32_t me = sim_current_task();
    uintptr_t g = a >> 3;
    mem_cell *c = &cells[cell_of(g)];
    if (c->gen != gen || c->granule != g) {
        *c = (mem_cell){g, me, gen, 0};
    } else if (c->shared || c->task != me) {
        c->shared = 1;
        point(a, store, site);
        return;
    }
    /* not (yet) shared: no point, but a store another thread may read */
    if (ip_feedback_on & SF_FEEDBACK_READS_FROM)
        ip_feedback_access(a, store, site);
}

/* The ten callbacks (clang-14 needs every one defined; clang-19 has weak
 * defaults that these replace). */
#define SF_MEM_CALLBACKS(X) X(1) X(2) X(4) X(8) X(16)
#define SF_MEM_DEFINE(n)                                                                           \
    void __sanitizer_cov_load##n(void *addr);                                                      \
    void __sanitizer_cov_store##n(void *addr);                                                     \
    void __sanitizer_cov_load##n(void *addr) { access_at((uintptr_t)addr, 0, IP_CALLER()); }       \
    void __sanitizer_cov_store##n(void *addr) { access_at((uintptr_t)addr, 1, IP_CALLER()); }
SF_MEM_CALLBACKS(SF_MEM_DEFINE)
