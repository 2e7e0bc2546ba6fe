/* sc_dump_tasks(): one line per live task, then one line per blocked call.
 * Without thread identity in platform.h the library cannot tell which task
 * made which blocked call; both carry the scope handle. */
#include "internal.h"

static void dump_scope_waiters(FILE *out, const struct scope *s) {
    for (const struct waiter *w = s->waiters; w; w = w->snext)
        fprintf(out, "  blocked %s object=0x%llx scope=0x%llx\n", w->op,
                (unsigned long long)w->object, (unsigned long long)s->h);
    if (s->closer)
        fprintf(out, "  blocked close-wait object=0x%llx\n", (unsigned long long)s->h);
}

static void dump_blocked(FILE *out) {
    for (uint32_t i = 0; i < sci_lib.nslots; i++)
        if (sci_lib.slots[i].kind == SCI_SCOPE)
            dump_scope_waiters(out, sci_lib.slots[i].obj);
    if (sci_lib.shutdown_w)
        fprintf(out, "  blocked shutdown-wait\n");
}

static const char *scope_name(const struct scope *s) { return s->name ? s->name : "-"; }

size_t sci_dump_locked(FILE *out) {
    size_t n = 0;
    for (const struct task *t = sci_lib.live; t; t = t->next, n++)
        fprintf(out, "task %llu site=%s scope=0x%llx(%s)\n", (unsigned long long)t->id, t->site,
                (unsigned long long)t->scope_h, scope_name(t->scope));
    dump_blocked(out);
    return n;
}

size_t sc_dump_tasks(void *out) {
    if (!sci_lib.inited || !out)
        return 0;
    sci_lock();
    size_t n = sci_dump_locked(out);
    sci_unlock();
    return n;
}
