/* Handles: a slot table of (generation, kind, object).  A handle holds the
 * slot index + 1 (low 32 bits) and the generation (high 32 bits); releasing
 * a slot bumps its generation, so every old handle to it becomes stale. */
#include "internal.h"

#include <stdlib.h>

static uint64_t make_handle(uint32_t idx, uint32_t gen) {
    return ((uint64_t)gen << 32) | (uint64_t)(idx + 1);
}

static int grow(void) {
    uint32_t cap = sci_lib.cap ? sci_lib.cap * 2 : 16;
    if (cap <= sci_lib.cap)
        return -1;
    struct slot *n = sfp_realloc(sci_lib.slots, (size_t)cap * sizeof *n);
    if (!n)
        return -1;
    sci_lib.slots = n;
    sci_lib.cap = cap;
    return 0;
}

static int take_slot(uint32_t *idx) {
    if (sci_lib.free_head) {
        *idx = sci_lib.free_head - 1;
        sci_lib.free_head = sci_lib.slots[*idx].next_free;
        return 0;
    }
    if (sci_lib.nslots == UINT32_MAX - 1 || (sci_lib.nslots == sci_lib.cap && grow() != 0))
        return -1;
    *idx = sci_lib.nslots++;
    sci_lib.slots[*idx].gen = 1;
    return 0;
}

uint64_t sci_handle_new(uint32_t kind, void *obj) {
    uint32_t idx;
    if (take_slot(&idx) != 0)
        return 0;
    struct slot *sl = &sci_lib.slots[idx];
    sl->kind = kind;
    sl->obj = obj;
    sl->next_free = 0;
    return make_handle(idx, sl->gen);
}

static struct slot *lookup(uint64_t h) {
    uint32_t low = (uint32_t)h;
    if (low == 0 || low > sci_lib.nslots)
        return NULL;
    struct slot *sl = &sci_lib.slots[low - 1];
    if (sl->gen != (uint32_t)(h >> 32) || sl->kind == SCI_FREE)
        return NULL;
    return sl;
}

void *sci_handle_get(uint64_t h, uint32_t kind) {
    struct slot *sl = lookup(h);
    return sl && sl->kind == kind ? sl->obj : NULL;
}

void sci_handle_release(uint64_t h) {
    struct slot *sl = lookup(h);
    if (!sl)
        return;
    sl->kind = SCI_FREE;
    sl->obj = NULL;
    if (++sl->gen == 0)
        sl->gen = 1;
    sl->next_free = sci_lib.free_head;
    sci_lib.free_head = (uint32_t)(h & 0xffffffffu);
}

void sci_handles_free(void) {
    free(sci_lib.slots);
    sci_lib.slots = NULL;
    sci_lib.nslots = sci_lib.cap = sci_lib.free_head = 0;
}
