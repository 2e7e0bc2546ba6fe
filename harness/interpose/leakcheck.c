/* leakcheck.c - LeakSanitizer only when a run can have leaked.
 *
 * A full LeakSanitizer check stops the world and scans memory: about 5 ms,
 * several times the cost of the rest of a run.  The sanitizer's malloc and
 * free hooks tell, exactly, when no check is needed: every block allocated
 * during the run was freed, and no block allocated before it (by
 * constructors, or the server) was freed, so the heap holds exactly what it
 * held when the run began, which was not a leak (the first run of every
 * server is checked in full anyway).  Any other run gets the full check.
 * The set of the run's live blocks is a fixed open-addressing table (the
 * hooks run inside the allocator and must not allocate); when it fills up,
 * the full check runs. */
#define SF_INTERPOSE_RUNTIME 1
#include "internal.h"

#include <stdint.h>

enum { LIVE_CAP = 1 << 15 }; /* power of two */

/* 0 empty, 1 deleted, else ~block: stored inverted, or LeakSanitizer would
 * find every block through this table and call none of them leaked */
static uintptr_t live[LIVE_CAP];
static unsigned nlive, nused;
static int overflow, freed_old, tracking;

int __sanitizer_install_malloc_and_free_hooks(void (*m)(const volatile void *, size_t),
                                              void (*f)(const volatile void *))
    __attribute__((weak));
int __lsan_do_recoverable_leak_check(void) __attribute__((weak));

static unsigned slot_of(uintptr_t p) { return (unsigned)((p >> 4) * 0x9E3779B97F4A7C15ull >> 49); }

static void on_malloc(const volatile void *ptr, size_t size) {
    (void)size;
    uintptr_t p = (uintptr_t)ptr;
    if (!tracking || p < 2)
        return;
    if (nused >= LIVE_CAP / 2) {
        overflow = 1;
        return;
    }
    unsigned i = slot_of(p) & (LIVE_CAP - 1);
    while (live[i] > 1)
        i = (i + 1) & (LIVE_CAP - 1);
    if (live[i] == 0)
        nused++;
    live[i] = ~p;
    nlive++;
}

static void on_free(const volatile void *ptr) {
    uintptr_t p = (uintptr_t)ptr;
    if (!tracking || p < 2)
        return;
    for (unsigned i = slot_of(p) & (LIVE_CAP - 1); live[i] != 0; i = (i + 1) & (LIVE_CAP - 1)) {
        if (live[i] == ~p) {
            live[i] = 1;
            nlive--;
            return;
        }
    }
    freed_old = 1; /* a block from before the run: it may have left a leak */
}

int ip_leakcheck_start(int full) {
    if (full || !__sanitizer_install_malloc_and_free_hooks || !__lsan_do_recoverable_leak_check)
        return 0;
    if (__sanitizer_install_malloc_and_free_hooks(on_malloc, on_free) == 0)
        return 0;
    tracking = 1;
    return 1;
}

int ip_leakcheck_needed(void) {
    tracking = 0;
    return overflow || freed_old || nlive > 0;
}

int ip_leakcheck_run(void) {
    return __lsan_do_recoverable_leak_check ? __lsan_do_recoverable_leak_check() : 0;
}
