/*
 * fiber.h - fibers with sanitizer-annotated switches and a per-thread pool
 * (internal to the runtime; the benchmark uses it for the bare switch).
 *
 * A fiber runs jobs: its entry function loops { run job; park }, so a fiber
 * is reused across tasks and runs and every job returns through the entry
 * loop (balanced for TSan's shadow stack).  "Park" is whatever switch the
 * job's last code makes; the fiber resumes there when given its next job.
 */
#ifndef SF_SIM_FIBER_H
#define SF_SIM_FIBER_H

#include "switch.h"

#include <stddef.h>

typedef struct sim_fiber {
    sf_ctx ctx;
    void *map; /* mmap'd region (guard page first); NULL: a thread's own stack */
    size_t map_size;
    const void *stack_lo; /* usable stack, for ASan (learned for the main context) */
    size_t stack_size;
    void *asan_fake;     /* ASan fake stack saved while switched out */
    void *tsan;          /* TSan fiber (or the thread's own) */
    void (*job)(void *); /* the next job to run */
    void *job_arg;
    struct sim_fiber *next;   /* pool link */
    struct sim_fiber *doomed; /* set by sim_fiber_destroy(): switch back there, for good */
} sim_fiber;

/* Makes *self describe the calling context (a thread's own stack), so that
 * fibers can switch back to it. */
void sim_fiber_self(sim_fiber *self);

/* A parked fiber from the pool, or a new one, that will run job(arg) when
 * next switched to.  NULL when out of memory. */
sim_fiber *sim_fiber_get(void (*job)(void *), void *arg);

/* Returns a parked fiber (its job returned, or never started) to the pool.
 * May be called by the fiber itself just before it switches away. */
void sim_fiber_put(sim_fiber *f);

/* Frees pooled fibers beyond the pool's cap; not from a pooled fiber. */
void sim_fiber_pool_trim(void);

/* Frees a fiber that will never run again, whatever its state (parked,
 * blocked inside a job, or never started); not the running one.  The fiber
 * is resumed once to leave for good, so that ASan frees its fake stack. */
void sim_fiber_destroy(sim_fiber *f);

/* Switches from the running context `from` to `to`; returns when some
 * context switches back to `from`. */
void sim_fiber_switch(sim_fiber *from, sim_fiber *to);

#endif
