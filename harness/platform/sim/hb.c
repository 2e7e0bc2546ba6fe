/*
 * hb.c - happens-before among the tasks of a run: a vector clock per task
 * and per synchronization object (Lamport; Fidge and Mattern), for SIM_SURW
 * to tell racy memory (two accesses, one a store, not ordered by
 * synchronization) from memory handed from task to task (surw.c).
 *
 * The edges are the ones TSan is told of, at the same places: a task's
 * start (its parent released on it), its end (join acquires), a mutex's
 * unlock and lock, a condition's signal and the waiter's wake-up, and what
 * a frontend reports with sim_acquire / sim_release (the pthread
 * interposition: its own mutexes, semaphores, rwlocks, barriers, threads).
 * Objects are known by address; a release joins the task's clock into the
 * object's, an acquire the object's into the task's.  An address reused
 * for another object keeps its clock: an edge too many (a race unseen in
 * that run), never one too few.
 *
 * Kept only in SIM_SURW runs (S->hb is NULL otherwise): every call below is
 * then one test.  O(tasks) per synchronization, O(1) per access check.
 */
#include "internal.h"
#include "san.h"

#include <string.h>

typedef struct vclock {
    uint32_t *c; /* c[i]: the clock of task i last seen; 0 beyond len */
    uint32_t len;
} vclock;

typedef struct hb_obj {
    const void *addr; /* NULL: empty slot */
    vclock vc;
} hb_obj;

struct sim_hb {
    vclock *task; /* by task id */
    uint32_t ntask;
    hb_obj *objs; /* open addressing */
    size_t cap, used;
};

void sim_hb_init(sim_state *S) {
    struct sim_hb *H = sim_xrealloc(NULL, sizeof *H);
    *H = (struct sim_hb){.cap = 64};
    H->objs = sim_xrealloc(NULL, H->cap * sizeof *H->objs);
    memset(H->objs, 0, H->cap * sizeof *H->objs);
    S->hb = H;
}

void sim_hb_free(sim_state *S) {
    struct sim_hb *H = S->hb;
    if (!H)
        return;
    for (uint32_t i = 0; i < H->ntask; i++)
        sim_free(H->task[i].c);
    for (size_t i = 0; i < H->cap; i++)
        sim_free(H->objs[i].vc.c);
    sim_free(H->task);
    sim_free(H->objs);
    sim_free(H);
    S->hb = NULL;
}

static void vc_grow(vclock *v, uint32_t len) {
    if (len <= v->len)
        return;
    v->c = sim_xrealloc(v->c, len * sizeof *v->c);
    memset(v->c + v->len, 0, (len - v->len) * sizeof *v->c);
    v->len = len;
}

/* into := the pointwise maximum of into and from */
static void vc_join(vclock *into, const vclock *from) {
    vc_grow(into, from->len);
    for (uint32_t i = 0; i < from->len; i++)
        if (from->c[i] > into->c[i])
            into->c[i] = from->c[i];
}

/* Task `id`'s clock, made on first use with its own component at 1. */
static vclock *task_vc(struct sim_hb *H, uint32_t id) {
    if (id >= H->ntask) {
        H->task = sim_xrealloc(H->task, (id + 1) * sizeof *H->task);
        memset(H->task + H->ntask, 0, (id + 1 - H->ntask) * sizeof *H->task);
        H->ntask = id + 1;
    }
    vclock *v = &H->task[id];
    if (v->len <= id || v->c[id] == 0) {
        vc_grow(v, id + 1);
        v->c[id] = 1;
    }
    return v;
}

static hb_obj *obj_slot(hb_obj *objs, size_t cap, const void *addr) {
    size_t i = sim_mix64((uint64_t)(uintptr_t)addr) & (cap - 1);
    while (objs[i].addr && objs[i].addr != addr)
        i = (i + 1) & (cap - 1);
    return &objs[i];
}

static vclock *obj_vc(struct sim_hb *H, const void *addr) {
    if (2 * (H->used + 1) > H->cap) {
        size_t cap = 2 * H->cap;
        hb_obj *o = sim_xrealloc(NULL, cap * sizeof *o);
        memset(o, 0, cap * sizeof *o);
        for (size_t i = 0; i < H->cap; i++)
            if (H->objs[i].addr)
                *obj_slot(o, cap, H->objs[i].addr) = H->objs[i];
        sim_free(H->objs);
        H->objs = o;
        H->cap = cap;
    }
    hb_obj *o = obj_slot(H->objs, H->cap, addr);
    if (!o->addr) {
        o->addr = addr;
        H->used++;
    }
    return &o->vc;
}

static void hb_acquire(sim_state *S, const void *obj) {
    if (S && S->hb && S->cur)
        vc_join(task_vc(S->hb, S->cur->id), obj_vc(S->hb, obj));
}

/* The task's own component moves on: what it does next is not ordered
 * before an acquire of this release. */
static void hb_release(sim_state *S, const void *obj) {
    if (!S || !S->hb || !S->cur)
        return;
    uint32_t id = S->cur->id;
    vc_join(obj_vc(S->hb, obj), task_vc(S->hb, id));
    task_vc(S->hb, id)->c[id]++;
}

void sim_sync_acquire(sim_state *S, void *obj) {
    sim_tsan_acquire(obj);
    hb_acquire(S, obj);
}

void sim_sync_release(sim_state *S, void *obj) {
    sim_tsan_release(obj);
    hb_release(S, obj);
}

void sim_acquire(const void *obj) { hb_acquire(sim_g, obj); }

void sim_release(const void *obj) { hb_release(sim_g, obj); }

uint64_t sim_hb_epoch(sim_state *S, uint32_t task) {
    return (uint64_t)task << 32 | task_vc(S->hb, task)->c[task];
}

int sim_hb_ordered(sim_state *S, uint64_t epoch, uint32_t task) {
    uint32_t u = (uint32_t)(epoch >> 32), c = (uint32_t)epoch;
    if (u == task)
        return 1;
    const vclock *v = task_vc(S->hb, task);
    return u < v->len && c <= v->c[u];
}
