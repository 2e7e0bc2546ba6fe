/*
 * internal.h - the pthread interposition runtime: state shared by its files.
 *
 * The program's pthread objects (mutexes, conditions, ...) keep their real
 * state in a side table here: the first 4 bytes of the program's object hold
 * the entry's number (0 = never used, as every static initializer leaves
 * them), and the entry remembers its address, so a zeroed or reused object
 * is never mistaken for an old one.  Threads are sim tasks (sim.h) with a
 * record each, indexed by task id.  Everything runs on one OS thread, so
 * nothing here is locked.
 */
#ifndef SF_INTERPOSE_INTERNAL_H
#define SF_INTERPOSE_INTERNAL_H

/* With the macros on (files that need the real exit() define
 * SF_INTERPOSE_RUNTIME first), the system headers below declare every sf_*
 * replacement with the real function's exact prototype. */
#include "scopefuzz/interpose.h"
#include "sim.h"

#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/time.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

/* The runtime's own allocations are never fault points: only the
 * program's (alloc.c).  stdlib.h above has declared sf_malloc & co in
 * their place (with the macros on), so the C functions are declared here. */
#undef malloc
#undef calloc
#undef realloc
void *malloc(size_t n);
void *calloc(size_t count, size_t size);
void *realloc(void *p, size_t n);

enum { IP_KEYS_MAX = 128, IP_HELD_MAX = 16 };

typedef enum {
    OBJ_MUTEX = 1,
    OBJ_COND,
    OBJ_RWLOCK,
    OBJ_SPIN,
    OBJ_BARRIER,
    OBJ_ONCE,
    OBJ_SEM
} ip_objtype;

struct ip_thread;

typedef struct ip_obj {
    void *addr;
    uint32_t id; /* 1-based; also the cookie stored in the object */
    ip_objtype type;
    int live;
    uintptr_t site; /* where it was initialized (first used) */
    sim_waitq q;    /* waiters (readers for rwlocks) */
    sim_waitq q2;   /* rwlocks: writers */
    union {
        struct {
            struct ip_thread *owner;
            unsigned count;
            int kind;              /* PTHREAD_MUTEX_* */
            uintptr_t lock_site;   /* where the owner locked it */
            uintptr_t unlock_site; /* the last release (feedback.c) */
            uint32_t unlock_task;  /* ... by this task + 1; 0: none */
        } m;
        struct {
            clockid_t clock;
        } c;
        struct {
            unsigned readers;
            struct ip_thread *writer;
        } rw;
        struct {
            unsigned count, arrived;
            uint64_t cycle;
        } b;
        struct {
            int state; /* 0 not run, 1 running, 2 done */
        } once;
        struct {
            unsigned value;
        } sem;
    } u;
} ip_obj;

typedef struct ip_thread {
    uint32_t task; /* sim task id, also the thread's number */
    void *(*fn)(void *);
    void *arg;
    void *ret;
    int detached, joined, done, started;
    struct ip_thread *joiner;
    sim_waitq joinq;
    jmp_buf exit_jb;         /* pthread_exit() lands here */
    void *cleanup;           /* top __pthread_unwind_buf_t of the cleanup stack */
    void *keys[IP_KEYS_MAX]; /* pthread_getspecific() values */
    int cancel_pending, cancel_disabled, cancel_async, cancelled;
    uintptr_t site; /* the pthread_create() call */
    uint32_t parent;
    char name[16];
    const char *wait_what; /* what it is blocked in, for dumps */
    int wait_cancel;       /* ... and whether that is a cancellation point */
    ip_obj *wait_obj;
    ip_obj *held[IP_HELD_MAX]; /* mutexes (and write-locked rwlocks) held */
    unsigned nheld;
} ip_thread;

/* objects.c */
ip_obj *ip_obj_get(void *addr, ip_objtype type, const char *fn);  /* creates on first use */
ip_obj *ip_obj_init(void *addr, ip_objtype type, uintptr_t site); /* (re)initializes */
void ip_obj_destroy(ip_obj *o);
/* fn ("sem_destroy") destroys o, a WHAT ("semaphore"): fails with sig
 * ("FN() of WHAT #ID while N thread(s) wait on it") when waiters > 0. */
void ip_obj_destroy_unwaited(ip_obj *o, unsigned waiters, const char *sig, const char *fn,
                             const char *what);
/* Fails (pthread:use-after-destroy) unless o is live: checked again after
 * every scheduling point an operation holds o across. */
void ip_obj_check_live(const ip_obj *o, const char *fn);
void ip_objects_reset(void);
const char *ip_objtype_name(ip_objtype t);

/* thread.c */
ip_thread *ip_self(void);
ip_thread *ip_thread_of(pthread_t t); /* NULL if not a thread of this run */
ip_thread *ip_thread_by_task(uint32_t task);
uint32_t ip_thread_count(void);
void ip_threads_reset(void);
ip_thread *ip_main_thread_new(void);
void ip_held_add(ip_thread *t, ip_obj *o);
void ip_held_remove(ip_thread *t, ip_obj *o);
/* Blocks the calling thread on q, recording what for dumps; a cancellation
 * point when `cancel` is 1 (acts on a pending cancel before and after). */
int ip_park(sim_waitq *q, int64_t deadline, const char *what, ip_obj *o, int cancel);
void ip_cancel_point(void); /* acts on a pending, enabled cancellation */
_Noreturn void ip_thread_exit(void *ret);
int ip_thread_create(pthread_t *out, const pthread_attr_t *attr, void *(*fn)(void *), void *arg,
                     uintptr_t site);
int ip_thread_join(pthread_t h, void **ret, int64_t deadline, int try);
void ip_keys_reset(void);
jmp_buf *ip_main_exit_jb(void);
_Noreturn void ip_main_pthread_exited(void);
/* Task 0 of a run: the main thread's record, fn(arg) as the program's main
 * (its return value: the exit status, `how` says what ended it). */
void ip_main_run(int (*fn)(void *), void *arg, const char *how);

/* mutex.c: also used by cond.c and the C11 layer */
int ip_mutex_lock(void *m, int64_t deadline, int try, const char *fn, uintptr_t site);
int ip_mutex_unlock(void *m, const char *fn, uintptr_t site);
void ip_mutex_init_kind(void *m, int kind, uintptr_t site);
int ip_cond_wait(void *c, void *m, int64_t deadline, const char *fn);

/* time.c */
int64_t ip_deadline(clockid_t clock, const struct timespec *abs); /* virtual ns */
int ip_timespec_ok(const struct timespec *ts);

/* report.c: oracle failures end the run with a signature and a message. */
_Noreturn void ip_fail(const char *sig, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ip_dump_threads(char **buf, size_t *len);
const char *ip_failure_sig(void);
/* The run's failure signature: the oracle's (ip_fail), else the runtime
 * outcome's (deadlock, livelock, ...); NULL when the run passed. */
const char *ip_run_failure(sim_outcome o);
const char *ip_failure_msg(void);
void ip_failure_reset(void);
void ip_site_print(void *f, uintptr_t pc); /* FILE *f: "function file:line" or the address */

/* exit.c */
int ip_exit_status(void);
int ip_exit_called(void);
void ip_exit_reset(void);
_Noreturn void ip_exit_from(int status, int run_atexit, const char *how);

/* memory.c: shared memory accesses as scheduling points (--preempt-memory).
 * reset: before each run; points: how many this run took. */
void ip_memory_reset(void);
uint64_t ip_memory_points(void);

/* feedback.c: interleaving feedback (sf_fuzz_set_feedback).  on: the
 * SF_FEEDBACK_* kinds of this run; start: before each sf_fuzz_run() run
 * (reads SCOPEFUZZ_FEEDBACK the first time, clears the counters); access:
 * after the scheduling point of a load or store at addr by code at site;
 * lock: a mutex released at one site was acquired at another by another
 * thread. */
extern unsigned ip_feedback_on;
void ip_feedback_start(void);
void ip_feedback_access(uintptr_t addr, int store, uintptr_t site);
void ip_feedback_lock(uintptr_t release_site, uintptr_t acquire_site);

/* leakcheck.c: LeakSanitizer only for runs that may have leaked.  start:
 * 1 when tracking (then needed() says whether the run must be checked), 0
 * when every run must be (full, or no sanitizer hooks).  run: the check, 1
 * when it found a leak (reported on stderr). */
int ip_leakcheck_start(int full);
int ip_leakcheck_needed(void);
int ip_leakcheck_run(void);

/* The program's synchronization as acquire/release on the object, for the
 * runtime's happens-before (sim_acquire: SURW's racy memory) and for TSan
 * (the runtime is not instrumented: it sees only these). */
#ifdef SF_TSAN
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
#define ip_acquire(p) (__tsan_acquire((void *)(p)), sim_acquire((const void *)(p)))
#define ip_release(p) (__tsan_release((void *)(p)), sim_release((const void *)(p)))
#else
#define ip_acquire(p) sim_acquire((const void *)(p))
#define ip_release(p) sim_release((const void *)(p))
#endif

#define IP_CALLER() ((uintptr_t)__builtin_return_address(0))

#endif
