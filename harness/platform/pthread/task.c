/* Tasks as threads; clock, yield, random choice and task notes. */
#include "chaos.h"
#include "platform.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

struct sfp_task {
    pthread_t thread;
    void (*fn)(void *);
    void *arg;
    const char *name;
};

/* What the thread is doing, for debuggers (the pthread backend prints no
 * dumps of its own; the library's sc_dump_tasks() does). */
static _Thread_local struct {
    const char *op;
    uint64_t object, scope;
} t_note;

static void *trampoline(void *p) {
    struct sfp_task *t = p;
    t->fn(t->arg);
    return NULL;
}

int sfp_task_start(sfp_task **out, void (*fn)(void *), void *arg, const char *name) {
    sfp_chaos_point();
    struct sfp_task *t = malloc(sizeof *t);
    if (!t)
        return SFP_ENOMEM;
    t->fn = fn;
    t->arg = arg;
    t->name = name;
    if (pthread_create(&t->thread, NULL, trampoline, t) != 0) {
        free(t);
        return SFP_ENOMEM;
    }
    *out = t;
    return SFP_OK;
}

void sfp_task_join(sfp_task *t) {
    sfp_chaos_point();
    pthread_join(t->thread, NULL);
    free(t);
}

int64_t sfp_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void sfp_yield(void) {
    sfp_chaos_point();
    sched_yield();
}

static _Atomic uint64_t g_choose_seed = 0x853c49e6748fea9bull;
static _Thread_local uint64_t t_rng;

uint32_t sfp_choose(uint32_t n) {
    if (n <= 1)
        return 0;
    if (t_rng == 0)
        t_rng = atomic_fetch_add(&g_choose_seed, 0x9e3779b97f4a7c15ull) | 1;
    /* xorshift64*, then an unbiased bounded draw (Lemire). */
    for (;;) {
        t_rng ^= t_rng >> 12;
        t_rng ^= t_rng << 25;
        t_rng ^= t_rng >> 27;
        uint32_t r = (uint32_t)((t_rng * 0x2545f4914f6cdd1dull) >> 32);
        uint64_t m = (uint64_t)r * n;
        uint32_t low = (uint32_t)m;
        if (low >= n || low >= (uint32_t)(-n) % n)
            return (uint32_t)(m >> 32);
    }
}

void sfp_task_note(const char *op, uint64_t object, uint64_t scope) {
    t_note.op = op;
    t_note.object = object;
    t_note.scope = scope;
}
