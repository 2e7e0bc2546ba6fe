/* feedback.c - interleaving feedback for libFuzzer (include/scopefuzz/fuzz.h,
 * sf_fuzz_set_feedback): reads-from pairs (memory.c) and lock hand-over
 * pairs (mutex.c) hashed into 8-bit counters that libFuzzer reads as
 * coverage.  Off unless asked for; deterministic (the same run sets the same
 * counters). */
#define SF_INTERPOSE_RUNTIME 1
#include "internal.h"
#include "scopefuzz/fuzz.h"

#include <stdio.h>
#include <string.h>

enum { FB_COUNTERS = 1 << 14, FB_WRITERS = 1 << 16 };
enum { FB_RF = 1, FB_LOCK = 2 }; /* salts: the kinds hash apart */

/* libFuzzer (FuzzerExtraCounters.cpp) finds this section by the linker's
 * __start_/__stop_ symbols, clears it before each input and takes every
 * nonzero byte as a feature.  (A region given to
 * __sanitizer_cov_8bit_counters_init() instead needs a PC table of the same
 * size, or clang-14's libFuzzer stops at start: "The size of coverage PC
 * tables does not match the number of instrumented PCs".)  ASan leaves
 * globals in sections named like C identifiers alone. */
static uint8_t counters[FB_COUNTERS]
    __attribute__((section("__libfuzzer_extra_counters"), aligned(64), used));

unsigned ip_feedback_on;
static int chosen; /* by sf_fuzz_set_feedback() or the environment */

/* The last store to each address this run (direct-mapped, lossy: a
 * collision forgets the older address, deterministically). */
typedef struct writer {
    uintptr_t addr, site;
    uint32_t task, gen;
} writer;
static writer writers[FB_WRITERS];
static uint32_t gen = 1;

/* Start of the executable (GNU ld's default script): sites are offsets
 * from it, the same in every process of one binary despite ASLR. */
extern char __executable_start[];

static uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t rel(uintptr_t pc) { return pc ? pc - (uintptr_t)__executable_start : 0; }

/* One more hit of the feature (kind, a, b); counters saturate at 255. */
static void hit(unsigned kind, uintptr_t a, uintptr_t b) {
    uint64_t h = mix(mix(rel(a) * 4 + kind) ^ rel(b));
    uint8_t *c = &counters[h & (FB_COUNTERS - 1)];
    if (*c != 0xff)
        (*c)++;
}

void ip_feedback_access(uintptr_t addr, int store, uintptr_t site) {
    uint32_t me = sim_current_task();
    writer *w = &writers[mix(addr) & (FB_WRITERS - 1)];
    if (store) {
        *w = (writer){addr, site, me, gen};
        return;
    }
    if (w->gen == gen && w->addr == addr && w->task != me)
        hit(FB_RF, site, w->site);
}

void ip_feedback_lock(uintptr_t release_site, uintptr_t acquire_site) {
    hit(FB_LOCK, release_site, acquire_site);
}

/* SCOPEFUZZ_FEEDBACK: a comma-separated list of rf, locks, all, 1, none, 0.
 * Returns -1 on any other word. */
static int parse(const char *v, unsigned *out) {
    static const struct {
        const char *word;
        unsigned kinds;
    } words[] = {{"rf", SF_FEEDBACK_READS_FROM},
                 {"locks", SF_FEEDBACK_LOCKS},
                 {"all", SF_FEEDBACK_READS_FROM | SF_FEEDBACK_LOCKS},
                 {"1", SF_FEEDBACK_READS_FROM | SF_FEEDBACK_LOCKS},
                 {"none", 0},
                 {"0", 0}};
    unsigned k = 0;
    while (*v) {
        size_t n = strcspn(v, ","), i = 0;
        while (i < sizeof words / sizeof words[0] &&
               (strlen(words[i].word) != n || strncmp(v, words[i].word, n) != 0))
            i++;
        if (i == sizeof words / sizeof words[0])
            return -1;
        k |= words[i].kinds;
        v += n + (v[n] == ',');
    }
    *out = k;
    return 0;
}

void ip_feedback_start(void) {
    if (!chosen) {
        const char *v = getenv("SCOPEFUZZ_FEEDBACK");
        if (v && parse(v, &ip_feedback_on) != 0) {
            fprintf(stderr,
                    "scopefuzz: SCOPEFUZZ_FEEDBACK=%s: expected a comma-separated list of rf, "
                    "locks, all, none\n",
                    v);
            exit(2);
        }
        chosen = 1;
    }
    gen++;
    static int dirty; /* counters written since the last clear */
    if (ip_feedback_on || dirty)
        memset(counters, 0, sizeof counters);
    dirty = ip_feedback_on != 0;
}

int sf_fuzz_set_feedback(unsigned kinds) {
    if ((kinds & ~(SF_FEEDBACK_READS_FROM | SF_FEEDBACK_LOCKS)) || sim_active())
        return -1;
    ip_feedback_on = kinds;
    chosen = 1;
    return 0;
}

const uint8_t *sf_fuzz_feedback_counters(size_t *n) {
    if (n)
        *n = FB_COUNTERS;
    return counters;
}
