/* Threads: create, join, detach, exit, self; cancellation and cleanup
 * handlers; the blocking helper every other file uses. */
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ip_thread **threads; /* by sim task id */
static uint32_t nthreads, capthreads;
static sim_waitq all_done; /* a main thread that called pthread_exit() waits here */

static void *xcalloc(size_t n) {
    void *p = calloc(1, n);
    if (!p) {
        fputs("scopefuzz: out of memory\n", stderr);
        abort();
    }
    return p;
}

static void slot(ip_thread *t, uint32_t task) {
    while (task >= capthreads) {
        uint32_t cap = capthreads ? 2 * capthreads : 64;
        threads = realloc(threads, cap * sizeof *threads);
        if (!threads) {
            fputs("scopefuzz: out of memory\n", stderr);
            abort();
        }
        memset(threads + capthreads, 0, (cap - capthreads) * sizeof *threads);
        capthreads = cap;
    }
    threads[task] = t;
    if (task >= nthreads)
        nthreads = task + 1;
    t->task = task;
}

ip_thread *ip_thread_by_task(uint32_t task) { return task < nthreads ? threads[task] : NULL; }

uint32_t ip_thread_count(void) { return nthreads; }

ip_thread *ip_self(void) {
    ip_thread *t = ip_thread_by_task(sim_current_task());
    if (!t) {
        fputs("scopefuzz: a pthread call outside a thread the runtime started\n", stderr);
        abort();
    }
    return t;
}

ip_thread *ip_thread_of(pthread_t h) {
    for (uint32_t i = 0; i < nthreads; i++)
        if (threads[i] && (pthread_t)(uintptr_t)threads[i] == h)
            return threads[i];
    return NULL;
}

ip_thread *ip_main_thread_new(void) {
    ip_thread *t = xcalloc(sizeof *t);
    snprintf(t->name, sizeof t->name, "main");
    slot(t, 0);
    t->started = 1;
    return t;
}

void ip_threads_reset(void) {
    for (uint32_t i = 0; i < nthreads; i++)
        free(threads[i]);
    free(threads);
    threads = NULL;
    nthreads = capthreads = 0;
    all_done = (sim_waitq){0};
}

void ip_held_add(ip_thread *t, ip_obj *o) {
    if (t->nheld < IP_HELD_MAX)
        t->held[t->nheld] = o;
    t->nheld++;
}

void ip_held_remove(ip_thread *t, ip_obj *o) {
    unsigned n = t->nheld < IP_HELD_MAX ? t->nheld : IP_HELD_MAX;
    for (unsigned i = 0; i < n; i++) {
        if (t->held[i] != o)
            continue;
        for (; i + 1 < n; i++)
            t->held[i] = t->held[i + 1];
        t->nheld--;
        return;
    }
    if (t->nheld > IP_HELD_MAX)
        t->nheld--;
}

void ip_cancel_point(void) {
    ip_thread *t = ip_self();
    if (t->cancel_pending && !t->cancel_disabled && !t->cancelled) {
        t->cancelled = 1;
        ip_thread_exit(PTHREAD_CANCELED);
    }
}

int ip_park(sim_waitq *q, int64_t deadline, const char *what, ip_obj *o, int cancel) {
    ip_thread *t = ip_self();
    if (cancel)
        ip_cancel_point();
    t->wait_what = what;
    t->wait_obj = o;
    t->wait_cancel = cancel;
    int r = sim_park(q, deadline, what, o ? o->id : 0);
    t->wait_cancel = 0;
    t->wait_what = NULL;
    t->wait_obj = NULL;
    return r;
}

/* ---- exit: cleanup handlers, key destructors, then the thread's end ---- */

typedef struct {
    void (*dtor)(void *);
    int used;
} ip_key;
static ip_key keys[IP_KEYS_MAX];

static void run_key_destructors(ip_thread *t) {
    for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
        int any = 0;
        for (unsigned k = 0; k < IP_KEYS_MAX; k++) {
            void *v = t->keys[k];
            if (!v || !keys[k].used || !keys[k].dtor)
                continue;
            t->keys[k] = NULL;
            keys[k].dtor(v);
            any = 1;
        }
        if (!any)
            return;
    }
}

/* Runs the next cleanup handler in its own frame (it continues through
 * __pthread_unwind_next), or, when none is left, the key destructors and the
 * end of the thread. */
static _Noreturn void unwind(ip_thread *t) {
    __pthread_unwind_buf_t *b = t->cleanup;
    if (b) {
        t->cleanup = b->__pad[0];
        /* glibc's macro saved no signal mask there (__sigsetjmp(.., 0)), so
         * longjmp() reads only the registers part of the buffer; the empty
         * asm hides the smaller object size from the compiler's checks. */
        void *jb = b->__cancel_jmp_buf;
        __asm__("" : "+r"(jb));
        longjmp(jb, 1);
    }
    longjmp(t->exit_jb, 1);
}

_Noreturn void ip_thread_exit(void *ret) {
    ip_thread *t = ip_self();
    t->ret = ret;
    unwind(t);
}

void sf___pthread_register_cancel(__pthread_unwind_buf_t *b) {
    ip_thread *t = ip_self();
    b->__pad[0] = t->cleanup;
    t->cleanup = b;
}

void sf___pthread_unregister_cancel(__pthread_unwind_buf_t *b) { ip_self()->cleanup = b->__pad[0]; }

void sf___pthread_unwind_next(__pthread_unwind_buf_t *b) {
    (void)b;
    unwind(ip_self());
}

static uint32_t alive_others(void) {
    uint32_t n = 0;
    for (uint32_t i = 1; i < nthreads; i++)
        if (threads[i] && !threads[i]->done)
            n++;
    return n;
}

static void thread_end(ip_thread *t) {
    run_key_destructors(t);
    /* values without a destructor are dropped with the thread (LeakSanitizer
     * must not find them through this record) */
    memset(t->keys, 0, sizeof t->keys);
    if (t->nheld > 0 && t->held[0])
        ip_fail("pthread:lock-held-at-exit",
                "thread %u ended while holding %s #%u: no other thread can ever take it", t->task,
                ip_objtype_name(t->held[0]->type), t->held[0]->id);
    t->done = 1;
    ip_release(t);
    sim_unpark_all(&t->joinq);
    if (alive_others() == 0)
        sim_unpark_all(&all_done);
}

static void thread_main(void *p) {
    ip_thread *t = p;
    slot(t, sim_current_task());
    ip_acquire(t);
    t->started = 1;
    if (setjmp(t->exit_jb) == 0)
        t->ret = t->fn(t->arg);
    thread_end(t);
}

/* The main thread called pthread_exit(): the process lives on until the
 * last thread ends, then exits with status 0. */
_Noreturn void ip_main_pthread_exited(void) {
    ip_thread *t = threads[0];
    run_key_destructors(t);
    t->done = 1;
    while (alive_others() > 0)
        ip_park(&all_done, INT64_MAX, "main: pthread_exit, waiting for the last thread", NULL, 0);
    ip_exit_from(0, 1, "the last thread ended after main called pthread_exit");
}

jmp_buf *ip_main_exit_jb(void) { return &threads[0]->exit_jb; }

int ip_thread_create(pthread_t *out, const pthread_attr_t *attr, void *(*fn)(void *), void *arg,
                     uintptr_t site) {
    if (!out || !fn)
        return EINVAL;
    int detach = PTHREAD_CREATE_JOINABLE;
    if (attr && pthread_attr_getdetachstate(attr, &detach) != 0)
        return EINVAL;
    if (sim_fault_point(SIM_FAULT_SPAWN)) /* an injected fault (faults.h) */
        return EAGAIN;
    ip_thread *self = ip_self();
    ip_thread *t = xcalloc(sizeof *t);
    t->fn = fn;
    t->arg = arg;
    t->detached = detach == PTHREAD_CREATE_DETACHED;
    t->site = site;
    t->parent = self->task;
    *out = (pthread_t)(uintptr_t)t;
    ip_release(t);
    uint32_t id;
    if (sim_spawn(thread_main, t, "thread", &id) != 0) {
        free(t);
        return EAGAIN;
    }
    slot(t, id);
    return 0;
}

int sf_pthread_create(pthread_t *out, const pthread_attr_t *attr, void *(*fn)(void *), void *arg) {
    return ip_thread_create(out, attr, fn, arg, IP_CALLER());
}

int ip_thread_join(pthread_t h, void **ret, int64_t deadline, int try) {
    ip_thread *self = ip_self(), *t = ip_thread_of(h);
    if (!t)
        return ESRCH;
    if (t == self)
        return EDEADLK;
    if (t->detached)
        ip_fail("pthread:join-detached", "thread %u joins thread %u, which is detached", self->task,
                t->task);
    if (t->joined || (t->joiner && t->joiner != self))
        ip_fail("pthread:join-twice", "thread %u joins thread %u, which was already joined",
                self->task, t->task);
    if (!try)
        ip_cancel_point();
    sim_point(SIM_EV_JOIN, t->task);
    t->joiner = self;
    while (!t->done) {
        if (try) {
            t->joiner = NULL;
            return EBUSY;
        }
        int r = ip_park(&t->joinq, deadline, "pthread_join", NULL, 1);
        if (r == SIM_PARK_INTERRUPTED) {
            t->joiner = NULL;
            ip_cancel_point();
        }
        if (r == SIM_PARK_TIMEDOUT && !t->done) {
            t->joiner = NULL;
            return ETIMEDOUT;
        }
    }
    ip_acquire(t);
    t->joined = 1;
    if (ret)
        *ret = t->ret;
    return 0;
}

int sf_pthread_join(pthread_t h, void **ret) { return ip_thread_join(h, ret, INT64_MAX, 0); }

int sf_pthread_tryjoin_np(pthread_t h, void **ret) { return ip_thread_join(h, ret, INT64_MAX, 1); }

int sf_pthread_timedjoin_np(pthread_t h, void **ret, const struct timespec *abs) {
    if (abs && !ip_timespec_ok(abs))
        return EINVAL;
    return ip_thread_join(h, ret, abs ? ip_deadline(CLOCK_REALTIME, abs) : INT64_MAX, 0);
}

int sf_pthread_detach(pthread_t h) {
    ip_thread *t = ip_thread_of(h);
    if (!t)
        return ESRCH;
    if (t->detached)
        return EINVAL;
    if (t->joiner || t->joined)
        ip_fail("pthread:detach-joined", "pthread_detach() of thread %u, which is being joined",
                t->task);
    t->detached = 1;
    return 0;
}

void sf_pthread_exit(void *ret) { ip_thread_exit(ret); }

pthread_t sf_pthread_self(void) { return (pthread_t)(uintptr_t)ip_self(); }

int sf_pthread_kill(pthread_t h, int sig) {
    ip_thread *t = ip_thread_of(h);
    if (!t)
        return ESRCH;
    if (sig == 0)
        return t->done ? ESRCH : 0;
    ip_fail("unsupported:pthread_kill",
            "pthread_kill(thread %u, signal %d): signals to threads "
            "are not supported under scopefuzz (docs/pthread.md)",
            t->task, sig);
}

int sf_pthread_setname_np(pthread_t h, const char *name) {
    ip_thread *t = ip_thread_of(h);
    if (!t)
        return ESRCH;
    if (strlen(name) >= sizeof t->name)
        return ERANGE;
    snprintf(t->name, sizeof t->name, "%s", name);
    return 0;
}

int sf_pthread_getname_np(pthread_t h, char *buf, size_t n) {
    ip_thread *t = ip_thread_of(h);
    if (!t)
        return ESRCH;
    if (strlen(t->name) >= n)
        return ERANGE;
    snprintf(buf, n, "%s", t->name);
    return 0;
}

/* ---- cancellation ---- */

int sf_pthread_cancel(pthread_t h) {
    ip_thread *t = ip_thread_of(h);
    if (!t)
        return ESRCH;
    if (!t->done && !t->cancel_pending) {
        t->cancel_pending = 1;
        if (!t->cancel_disabled && t->wait_cancel)
            sim_interrupt(t->task); /* blocked in a cancellation point */
    }
    sim_point(SIM_EV_SIGNAL, t->task);
    return 0;
}

int sf_pthread_setcancelstate(int state, int *old) {
    if (state != PTHREAD_CANCEL_ENABLE && state != PTHREAD_CANCEL_DISABLE)
        return EINVAL;
    ip_thread *t = ip_self();
    if (old)
        *old = t->cancel_disabled ? PTHREAD_CANCEL_DISABLE : PTHREAD_CANCEL_ENABLE;
    t->cancel_disabled = state == PTHREAD_CANCEL_DISABLE;
    return 0;
}

/* Asynchronous cancellation acts at the next cancellation point, as
 * deferred does: a fiber cannot be stopped between two instructions. */
int sf_pthread_setcanceltype(int type, int *old) {
    if (type != PTHREAD_CANCEL_DEFERRED && type != PTHREAD_CANCEL_ASYNCHRONOUS)
        return EINVAL;
    ip_thread *t = ip_self();
    if (old)
        *old = t->cancel_async ? PTHREAD_CANCEL_ASYNCHRONOUS : PTHREAD_CANCEL_DEFERRED;
    t->cancel_async = type == PTHREAD_CANCEL_ASYNCHRONOUS;
    return 0;
}

void sf_pthread_testcancel(void) {
    ip_cancel_point();
    sim_point(SIM_EV_YIELD, 0);
    ip_cancel_point();
}

/* ---- keys ---- */

int sf_pthread_key_create(pthread_key_t *k, void (*dtor)(void *)) {
    for (unsigned i = 0; i < IP_KEYS_MAX; i++) {
        if (keys[i].used)
            continue;
        keys[i] = (ip_key){dtor, 1};
        for (uint32_t j = 0; j < nthreads; j++)
            if (threads[j])
                threads[j]->keys[i] = NULL;
        *k = i;
        return 0;
    }
    return EAGAIN;
}

int sf_pthread_key_delete(pthread_key_t k) {
    if (k >= IP_KEYS_MAX || !keys[k].used)
        return EINVAL;
    keys[k].used = 0;
    return 0;
}

void *sf_pthread_getspecific(pthread_key_t k) {
    return k < IP_KEYS_MAX && keys[k].used ? ip_self()->keys[k] : NULL;
}

int sf_pthread_setspecific(pthread_key_t k, const void *v) {
    if (k >= IP_KEYS_MAX || !keys[k].used)
        return EINVAL;
    ip_self()->keys[k] = (void *)v;
    return 0;
}

void ip_keys_reset(void) { memset(keys, 0, sizeof keys); }

/* Task 0 of a run: the main thread's record, then fn(arg) as the program's
 * main; its return is exit(status) (handlers, the thread-leak check), and a
 * pthread_exit() from it lets the process live until the last thread. */
void ip_main_run(int (*fn)(void *), void *arg, const char *how) {
    ip_main_thread_new();
    if (setjmp(*ip_main_exit_jb()) == 0)
        ip_exit_from(fn(arg), 1, how);
    ip_main_pthread_exited();
}
