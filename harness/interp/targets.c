/* targets.c - the fuzz target table (targets.h). */
#include <stdio.h>
#include <string.h>

#include "targets.h"

static const sf_fuzz_target table[SF_NTARGETS] = {
#define SF_TARGET_ROW_(name, kinds, summary) {#name, kinds, summary},
    SF_FUZZ_TARGETS(SF_TARGET_ROW_)
#undef SF_TARGET_ROW_
};

const sf_fuzz_target *sf_fuzz_target_at(unsigned i) { return i < SF_NTARGETS ? &table[i] : NULL; }

const sf_fuzz_target *sf_fuzz_target_find(const char *name) {
    if (name == NULL)
        return NULL;
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    if (strncmp(base, "fuzz_", 5) == 0)
        base += 5;
    for (unsigned i = 0; i < SF_NTARGETS; i++)
        if (strcmp(base, table[i].name) == 0)
            return &table[i];
    return NULL;
}

const char *sf_fuzz_target_names(const char *sep) {
    static char buf[256];
    size_t n = 0;
    buf[0] = '\0';
    for (unsigned i = 0; i < SF_NTARGETS && n < sizeof buf; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i ? sep : "", table[i].name);
    return buf;
}
