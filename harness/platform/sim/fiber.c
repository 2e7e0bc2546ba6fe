/* Fibers: mmap'd stacks with a guard page, sanitizer hooks, a pool. */
#include "fiber.h"
#include "san.h"
#include "sim.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#ifdef SF_SIM_ASAN
#define SIM_STACK_SIZE (1024 * 1024)
#else
#define SIM_STACK_SIZE (256 * 1024)
#endif
#define SIM_POOL_MAX 256

static _Thread_local sim_fiber *t_pool;
static _Thread_local unsigned t_pool_n;
static _Thread_local sim_fiber *t_switch_from; /* context that switched last */
static pthread_key_t g_pool_key;
static pthread_once_t g_pool_once = PTHREAD_ONCE_INIT;

static _Noreturn void die(const char *what) {
    fprintf(stderr, "scopefuzz sim: %s\n", what);
    abort();
}

static void after_switch(void *fake) {
#ifdef SF_SIM_ASAN
    const void *lo;
    size_t size;
    __sanitizer_finish_switch_fiber(fake, &lo, &size);
    if (t_switch_from && !t_switch_from->map) { /* learn a thread stack's bounds */
        t_switch_from->stack_lo = lo;
        t_switch_from->stack_size = size;
    }
#else
    (void)fake;
#endif
}

/* Leaves a doomed fiber for good: back to the context destroying it. */
static _Noreturn void fiber_die(sim_fiber *self) {
    sim_fiber *killer = self->doomed;
    t_switch_from = self;
#ifdef SF_SIM_ASAN
    __sanitizer_start_switch_fiber(NULL, killer->stack_lo, killer->stack_size);
#endif
#ifdef SF_TSAN
    __tsan_switch_to_fiber(killer->tsan, SIM_TSAN_NO_SYNC);
#endif
    sf_ctx_switch(&self->ctx, &killer->ctx);
    die("a destroyed fiber was resumed");
}

void sim_fiber_switch(sim_fiber *from, sim_fiber *to) {
    t_switch_from = from;
#ifdef SF_SIM_ASAN
    __sanitizer_start_switch_fiber(&from->asan_fake, to->stack_lo, to->stack_size);
#endif
#ifdef SF_TSAN
    __tsan_switch_to_fiber(to->tsan, SIM_TSAN_NO_SYNC);
#endif
    sf_ctx_switch(&from->ctx, &to->ctx);
    after_switch(from->asan_fake);
    if (from->doomed)
        fiber_die(from);
}

/* Entry of every fiber: run jobs forever; each job ends by switching away
 * (parking) and the fiber resumes there with its next job. */
static void fiber_entry(void *p) {
    sim_fiber *f = p;
    after_switch(NULL);
    if (f->doomed)
        fiber_die(f);
    for (;;)
        f->job(f->job_arg);
}

void sim_fiber_self(sim_fiber *self) {
    *self = (sim_fiber){0};
#ifdef SF_TSAN
    self->tsan = __tsan_get_current_fiber();
#endif
}

static sim_fiber *fiber_new(void) {
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t size = SIM_STACK_SIZE + page;
    void *map = mmap(NULL, size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (map == MAP_FAILED)
        return NULL;
    if (mprotect(map, page, PROT_NONE) != 0)
        die("mprotect of a stack guard page failed");
    sim_tsan_ignore_begin(); /* allocated in one fiber, maybe freed in another */
    sim_fiber *f = calloc(1, sizeof *f);
    sim_tsan_ignore_end();
    if (!f) {
        munmap(map, size);
        return NULL;
    }
    f->map = map;
    f->map_size = size;
    f->stack_lo = (char *)map + page;
    f->stack_size = SIM_STACK_SIZE;
#ifdef SF_TSAN
    f->tsan = __tsan_create_fiber(0);
#endif
    sf_ctx_init(&f->ctx, (void *)f->stack_lo, f->stack_size, fiber_entry, f);
    return f;
}

sim_fiber *sim_fiber_get(void (*job)(void *), void *arg) {
    sim_fiber *f = t_pool;
    if (f) {
        t_pool = f->next;
        t_pool_n--;
    } else if (!(f = fiber_new())) {
        return NULL;
    }
    f->next = NULL;
    f->job = job;
    f->job_arg = arg;
    return f;
}

void sim_fiber_destroy(sim_fiber *f) {
    sim_fiber self;
    sim_fiber_self(&self);
    f->doomed = &self;
    sim_fiber_switch(&self, f); /* returns from fiber_die() */
#ifdef SF_TSAN
    __tsan_destroy_fiber(f->tsan);
#endif
#ifdef SF_SIM_ASAN
    __asan_unpoison_memory_region(f->stack_lo, f->stack_size);
#endif
    munmap(f->map, f->map_size);
    sim_tsan_ignore_begin();
    free(f);
    sim_tsan_ignore_end();
}

static void pool_drain_key(void *unused) {
    (void)unused;
    sim_fiber_pool_drain();
}

static void pool_key_init(void) {
    if (pthread_key_create(&g_pool_key, pool_drain_key) != 0)
        die("pthread_key_create failed");
}

void sim_fiber_put(sim_fiber *f) {
    if (!t_pool) { /* drain at thread exit */
        pthread_once(&g_pool_once, pool_key_init);
        pthread_setspecific(g_pool_key, (void *)1);
    }
    f->job = NULL;
    f->next = t_pool;
    t_pool = f;
    t_pool_n++;
}

void sim_fiber_pool_trim(void) {
    while (t_pool_n > SIM_POOL_MAX) {
        sim_fiber *f = t_pool;
        t_pool = f->next;
        t_pool_n--;
        sim_fiber_destroy(f);
    }
}

void sim_fiber_pool_drain(void) {
    while (t_pool) {
        sim_fiber *f = t_pool;
        t_pool = f->next;
        sim_fiber_destroy(f);
    }
    t_pool_n = 0;
}
