/* check.c - lock-free recording of failed checks (see scenarios.h). */
#include "scenarios.h"

#include <stdatomic.h>
#include <stdio.h>

#define CONF_MAX_SLOTS 32
#define CONF_SLOT_LEN  256

static atomic_size_t conf_nfail;
static char conf_slots[CONF_MAX_SLOTS][CONF_SLOT_LEN];
static atomic_int conf_slot_ready[CONF_MAX_SLOTS];

void conf_fail(const char *file, int line, const char *expr, long long a, long long b, int has_ab) {
    size_t i = atomic_fetch_add(&conf_nfail, 1);
    if (i >= CONF_MAX_SLOTS)
        return;
    if (has_ab)
        snprintf(conf_slots[i], CONF_SLOT_LEN, "%s:%d: CHECK(%s) failed: %lld vs %lld", file, line,
                 expr, a, b);
    else
        snprintf(conf_slots[i], CONF_SLOT_LEN, "%s:%d: CHECK(%s) failed", file, line, expr);
    atomic_store_explicit(&conf_slot_ready[i], 1, memory_order_release);
}

size_t conf_failures(void) { return atomic_load(&conf_nfail); }

void conf_print_failures(void *out) {
    size_t n = atomic_load(&conf_nfail);
    for (size_t i = 0; i < n && i < CONF_MAX_SLOTS; i++) {
        if (atomic_load_explicit(&conf_slot_ready[i], memory_order_acquire))
            fprintf(out, "  %s\n", conf_slots[i]);
    }
    if (n > CONF_MAX_SLOTS)
        fprintf(out, "  ... and %zu more\n", n - CONF_MAX_SLOTS);
}

void conf_clear_failures(void) {
    for (size_t i = 0; i < CONF_MAX_SLOTS; i++)
        atomic_store(&conf_slot_ready[i], 0);
    atomic_store(&conf_nfail, 0);
}
