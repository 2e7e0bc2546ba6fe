/*
 * platform.h - the one internal interface between the reference library and
 * whatever runs it.
 *
 * Every synchronization, task start and join, allocation, clock read, yield
 * and random choice the library makes goes through these functions; nothing under
 * targets/ calls pthreads, the clock or sleep directly.  Two backends
 * implement it, chosen at link time:
 *
 *   harness/platform/pthread/  real threads (optionally with chaos: random
 *                              yields and short sleeps at every call)
 *   harness/platform/sim/      the deterministic runtime: tasks are fibers on
 *                              one thread, every call below is a scheduling
 *                              point, time is virtual
 *
 * Contract for both backends:
 * - Mutexes are not recursive.  Unlocking a mutex the caller does not hold,
 *   or destroying a locked mutex, is a bug the backend may abort on.
 * - Condition variables may wake spuriously: callers loop on their predicate.
 * - Errors that the library cannot handle (resource exhaustion inside a
 *   mutex or condition init) abort with a message; they are not returned.
 */
#ifndef SF_PLATFORM_H
#define SF_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status values of this interface. */
enum {
    SFP_OK = 0,
    SFP_ETIMEDOUT = 1, /* sfp_cond_timedwait: the deadline passed */
    SFP_ENOMEM = 2,    /* sfp_task_start: no memory or task budget left (or an
                          injected SIM_FAULT_SPAWN) */
};

/* Inline storage, so that the library embeds them without allocating.  The
 * backend casts the bytes to its own type (checked by static asserts). */
typedef struct sfp_mutex {
    _Alignas(16) unsigned char opaque[64];
} sfp_mutex;

typedef struct sfp_cond {
    _Alignas(16) unsigned char opaque[64];
} sfp_cond;

/* A started task; allocated by the backend, freed by sfp_task_join(). */
typedef struct sfp_task sfp_task;

void sfp_mutex_init(sfp_mutex *m);
void sfp_mutex_destroy(sfp_mutex *m);
void sfp_mutex_lock(sfp_mutex *m);
void sfp_mutex_unlock(sfp_mutex *m);

void sfp_cond_init(sfp_cond *c);
void sfp_cond_destroy(sfp_cond *c);
/* Atomically releases m and waits; m is held again on return. */
void sfp_cond_wait(sfp_cond *c, sfp_mutex *m);
/* As sfp_cond_wait() with an absolute deadline on the sfp_now() clock.
 * Returns SFP_OK when woken (maybe spuriously: the sim backend injects
 * spurious wakeups as SIM_FAULT_WAKE faults), SFP_ETIMEDOUT when the
 * deadline passed.  A deadline of INT64_MAX never passes. */
int sfp_cond_timedwait(sfp_cond *c, sfp_mutex *m, int64_t deadline);
void sfp_cond_signal(sfp_cond *c);
void sfp_cond_broadcast(sfp_cond *c);

/* Starts fn(arg) as a new task.  `name` (a string that outlives the task,
 * e.g. the spawn site) appears in dumps and traces.  Returns SFP_OK and
 * stores the task in *out, or SFP_ENOMEM (nothing started). */
int sfp_task_start(sfp_task **out, void (*fn)(void *), void *arg, const char *name);
/* Waits until the task's fn returned, then frees the task. */
void sfp_task_join(sfp_task *t);

/* The library's heap: malloc(), calloc() and realloc() with their C
 * semantics (NULL when no memory is left; realloc then leaves p as it was),
 * released with free().  The sim backend makes each call a fault point
 * (sim.h, faults.h: an injected SIM_FAULT_ALLOC returns NULL), so that the
 * library's out-of-memory paths run under test; the pthread backend calls
 * the C functions. */
void *sfp_malloc(size_t n);
void *sfp_calloc(size_t count, size_t size);
void *sfp_realloc(void *p, size_t n);

/* Monotonic nanoseconds; virtual time under the sim backend. */
int64_t sfp_now(void);
/* Lets other tasks run. */
void sfp_yield(void);
/* A uniformly random value in [0, n), n >= 1.  Under the sim backend this is
 * a scheduler decision: recorded, replayed, and chosen by the strategy. */
uint32_t sfp_choose(uint32_t n);

/* Describes what the calling task is doing, for deadlock and leak dumps:
 * `op` a static string ("recv", "select", "close-wait", ...), `object` and
 * `scope` the handle values involved (0 when none).  op == NULL clears it.
 * Cheap; the pthread backend keeps it in a thread-local. */
void sfp_task_note(const char *op, uint64_t object, uint64_t scope);

#ifdef __cplusplus
}
#endif
#endif
