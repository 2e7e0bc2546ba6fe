/* Oracle failures and reports: the failure's signature and message, and a
 * dump of every thread (where it was created, what it waits on, which locks
 * it holds) with the lock cycle of a deadlock named when there is one. */
#include "internal.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static char fail_sig[128];
static char *fail_msg;

const char *ip_failure_sig(void) { return fail_sig[0] ? fail_sig : NULL; }
const char *ip_failure_msg(void) { return fail_msg; }

void ip_failure_reset(void) {
    fail_sig[0] = '\0';
    free(fail_msg);
    fail_msg = NULL;
}

_Noreturn void ip_fail(const char *sig, const char *fmt, ...) {
    if (!fail_sig[0]) {
        snprintf(fail_sig, sizeof fail_sig, "%s", sig);
        va_list ap;
        va_start(ap, fmt);
        if (vasprintf(&fail_msg, fmt, ap) < 0)
            fail_msg = NULL;
        va_end(ap);
    }
    if (!sim_active()) {
        fprintf(stderr, "scopefuzz: %s: %s\n", sig, fail_msg ? fail_msg : "");
        abort();
    }
    sim_exit_run();
}

/* Symbolizes with the sanitizer runtime when there is one, else dladdr. */
void __sanitizer_symbolize_pc(void *pc, const char *fmt, char *out, size_t n) __attribute__((weak));

void ip_site_print(void *fp, uintptr_t pc) {
    FILE *f = fp;
    if (!pc) {
        fputs("?", f);
        return;
    }
    if (__sanitizer_symbolize_pc) {
        char buf[512];
        buf[0] = '\0';
        __sanitizer_symbolize_pc((void *)(pc - 1), "%f %s:%l", buf, sizeof buf);
        if (buf[0] && strstr(buf, "<null>") == NULL) {
            fputs(buf, f);
            return;
        }
    }
    /* (module+0xoffset): `scopefuzz` turns it into function file:line. */
    Dl_info di;
    if (dladdr((void *)pc, &di) && di.dli_fname)
        fprintf(f, "(%s+0x%lx)", di.dli_fname, (unsigned long)(pc - 1 - (uintptr_t)di.dli_fbase));
    else
        fprintf(f, "0x%lx", (unsigned long)pc);
}

static void dump_one(FILE *f, ip_thread *t) {
    fprintf(f, "  thread %u", t->task);
    if (t->task == 0) {
        fputs(" (main)", f);
    } else {
        fprintf(f, " created by thread %u at ", t->parent);
        ip_site_print(f, t->site);
    }
    if (t->done)
        fputs(": ended", f);
    else if (t->wait_what) {
        fprintf(f, ": blocked in %s", t->wait_what);
        ip_obj *o = t->wait_obj;
        if (o) {
            fprintf(f, " on %s #%u", ip_objtype_name(o->type), o->id);
            if ((o->type == OBJ_MUTEX || o->type == OBJ_SPIN) && o->u.m.owner)
                fprintf(f, " (held by thread %u)", o->u.m.owner->task);
        }
    } else {
        fputs(": running", f);
    }
    unsigned n = t->nheld < IP_HELD_MAX ? t->nheld : IP_HELD_MAX;
    for (unsigned i = 0; i < n; i++) {
        fprintf(f, "%s%s #%u", i ? ", " : "; holds ", ip_objtype_name(t->held[i]->type),
                t->held[i]->id);
        ip_obj *o = t->held[i];
        if ((o->type == OBJ_MUTEX || o->type == OBJ_SPIN) && o->u.m.lock_site) {
            fputs(" (locked at ", f);
            ip_site_print(f, o->u.m.lock_site);
            fputc(')', f);
        }
    }
    fputc('\n', f);
}

/* The thread holding what t waits for, or NULL. */
static ip_thread *waits_for(ip_thread *t) {
    ip_obj *o = t->wait_obj;
    if (t->done || !o)
        return NULL;
    if (o->type == OBJ_MUTEX || o->type == OBJ_SPIN)
        return o->u.m.owner;
    if (o->type == OBJ_RWLOCK)
        return o->u.rw.writer;
    return NULL;
}

/* Prints the first lock cycle (thread -> lock -> holder -> ...). */
static int print_cycle(FILE *f) {
    uint32_t n = ip_thread_count();
    for (uint32_t i = 0; i < n; i++) {
        ip_thread *start = ip_thread_by_task(i), *t = start;
        if (!t)
            continue;
        for (uint32_t steps = 0; steps <= n && t; steps++) {
            t = waits_for(t);
            if (t != start)
                continue;
            fputs("lock cycle:", f);
            ip_thread *u = start;
            do {
                fprintf(f, " thread %u waits for %s #%u held by", u->task,
                        ip_objtype_name(u->wait_obj->type), u->wait_obj->id);
                u = waits_for(u);
                fprintf(f, " thread %u%s", u->task, u == start ? "\n" : ";");
            } while (u != start);
            return 1;
        }
    }
    return 0;
}

void ip_dump_threads(char **buf, size_t *len) {
    FILE *f = open_memstream(buf, len);
    if (!f) {
        *buf = NULL;
        *len = 0;
        return;
    }
    print_cycle(f);
    fputs("threads:\n", f);
    uint32_t n = ip_thread_count();
    for (uint32_t i = 0; i < n; i++)
        if (ip_thread_by_task(i))
            dump_one(f, ip_thread_by_task(i));
    fclose(f);
}

const char *ip_run_failure(sim_outcome o) {
    if (ip_failure_sig())
        return ip_failure_sig();
    switch (o) {
        case SIM_DEADLOCK:
            return "deadlock";
        case SIM_LIVELOCK:
            return "livelock";
        case SIM_TIME_BUDGET:
            return "time-budget";
        case SIM_TASK_BUDGET:
            return "thread-budget";
        case SIM_LEAK:
            return "thread-leak";
        case SIM_NONDETERMINISTIC:
            return "nondeterministic";
        case SIM_OK:
        case SIM_EXIT:
            break;
    }
    return NULL;
}
