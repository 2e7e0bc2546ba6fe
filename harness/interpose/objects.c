/* The side table of the program's synchronization objects: an entry per
 * object, found through the number stored in the object's first 4 bytes. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

static ip_obj **objs;
static uint32_t nobjs, capobjs;

const char *ip_objtype_name(ip_objtype t) {
    static const char *const names[] = {"?",        "mutex",   "cond", "rwlock",
                                        "spinlock", "barrier", "once", "semaphore"};
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

/* Plain (relaxed atomic) accesses, not memcpy(): TSan intercepts memcpy()
 * even from this uninstrumented code and would see the cookie as a race. */
static uint32_t cookie_get(void *addr) {
    return __atomic_load_n((uint32_t *)addr, __ATOMIC_RELAXED);
}

static void cookie_set(void *addr, uint32_t v) {
    __atomic_store_n((uint32_t *)addr, v, __ATOMIC_RELAXED);
}

/* The entry whose number the object holds, live or destroyed, or NULL. */
static ip_obj *lookup(void *addr) {
    uint32_t id = cookie_get(addr);
    if (id == 0 || id > nobjs)
        return NULL;
    ip_obj *o = objs[id - 1];
    return o->addr == addr ? o : NULL;
}

static ip_obj *fresh(void *addr, ip_objtype type) {
    if (nobjs == capobjs) {
        capobjs = capobjs ? 2 * capobjs : 64;
        objs = realloc(objs, capobjs * sizeof *objs);
        if (!objs) {
            fputs("scopefuzz: out of memory\n", stderr);
            abort();
        }
    }
    ip_obj *o = calloc(1, sizeof *o);
    if (!o) {
        fputs("scopefuzz: out of memory\n", stderr);
        abort();
    }
    o->addr = addr;
    o->id = ++nobjs;
    o->type = type;
    o->live = 1;
    objs[o->id - 1] = o;
    cookie_set(addr, o->id);
    return o;
}

ip_obj *ip_obj_init(void *addr, ip_objtype type, uintptr_t site) {
    ip_obj *o = lookup(addr);
    if (o)
        o->live = 0; /* re-initialized: a new object from now on */
    o = fresh(addr, type);
    o->site = site;
    return o;
}

void ip_obj_destroy_unwaited(ip_obj *o, unsigned waiters, const char *sig, const char *fn,
                             const char *what) {
    if (waiters)
        ip_fail(sig, "%s() of %s #%u while %u thread(s) wait on it", fn, what, o->id, waiters);
    ip_obj_destroy(o);
}

void ip_obj_check_live(const ip_obj *o, const char *fn) {
    if (!o->live)
        ip_fail("pthread:use-after-destroy", "%s() on %s #%u, which was destroyed", fn,
                ip_objtype_name(o->type), o->id);
}

ip_obj *ip_obj_get(void *addr, ip_objtype type, const char *fn) {
    if (!addr)
        ip_fail("pthread:null", "%s() called with a null object", fn);
    ip_obj *o = lookup(addr);
    if (!o)
        return fresh(addr, type);
    ip_obj_check_live(o, fn);
    if (o->type != type)
        ip_fail("pthread:type", "%s() on a %s: the object was initialized as a %s", fn,
                ip_objtype_name(type), ip_objtype_name(o->type));
    return o;
}

/* The object keeps its number: a later use (other than an init) is a
 * use after destroy. */
void ip_obj_destroy(ip_obj *o) { o->live = 0; }

void ip_objects_reset(void) {
    for (uint32_t i = 0; i < nobjs; i++)
        free(objs[i]);
    free(objs);
    objs = NULL;
    nobjs = capobjs = 0;
}
