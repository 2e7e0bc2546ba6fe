#include "chaos.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static _Atomic int g_loaded;
static _Atomic unsigned g_permille;
static _Atomic int64_t g_max_sleep = 20000;
static _Atomic uint64_t g_seed;
static _Atomic uint64_t g_threads;
static _Atomic uint64_t g_injected;

static _Thread_local uint64_t t_state;

static uint64_t splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

int sfp_chaos_configure(uint64_t seed, unsigned permille, int64_t max_sleep_ns) {
    if (permille > 1000 || max_sleep_ns < 0)
        return -1;
    g_seed = seed;
    g_max_sleep = max_sleep_ns;
    g_permille = permille;
    g_loaded = 1;
    return 0;
}

uint64_t sfp_chaos_injected(void) { return g_injected; }

static void load_env(void) {
    g_loaded = 1;
    const char *e = getenv("SF_CHAOS");
    if (!e || !*e)
        return;
    unsigned long long seed = 0;
    unsigned permille = 0;
    long long max_sleep = 20000;
    if (sscanf(e, "%llu:%u:%lld", &seed, &permille, &max_sleep) < 2 ||
        sfp_chaos_configure(seed, permille, max_sleep) != 0)
        fprintf(stderr, "SF_CHAOS=%s: expected seed:permille[:max_sleep_ns], ignored\n", e);
}

void sfp_chaos_point(void) {
    if (!g_loaded)
        load_env();
    unsigned p = g_permille;
    if (p == 0)
        return;
    if (t_state == 0)
        t_state = g_seed * 0x100000001b3ull + ++g_threads;
    uint64_t r = splitmix(&t_state);
    if (r % 1000 >= p)
        return;
    g_injected++;
    if ((r >> 32) & 1) {
        sched_yield();
        return;
    }
    int64_t max = g_max_sleep;
    struct timespec ts = {0, max > 0 ? (long)((r >> 33) % (uint64_t)max) : 0};
    nanosleep(&ts, NULL);
}
