/*
 * scopefuzz/interpose.h - puts an unmodified pthread / C11-threads program on
 * scopefuzz's deterministic runtime.
 *
 * Not included by hand: `scopefuzz-cc` and the CMake function
 * `sf_interpose(TARGET)` force-include it (-include) before anything else in
 * every translation unit of the program.  It includes no header itself: it
 * only defines function-like macros, so that the system headers included
 * later declare the sf_* replacements with the real prototypes (the macro
 * renames the name in the prototype too), and every call in the program's
 * source lands on the runtime (harness/interpose/).  Feature-test macros the
 * program defines (_GNU_SOURCE, _POSIX_C_SOURCE) keep working because no
 * system header was seen before them.
 *
 * What is intercepted (docs/pthread.md has the full list and the limits):
 * threads, mutexes (normal, recursive, errorcheck; trylock, timedlock),
 * condition variables (timedwait, monotonic clock), rwlocks, spinlocks,
 * barriers, pthread_once, keys with destructors, cancellation with
 * cleanup handlers, semaphores, C11 thrd_/mtx_/cnd_/tss_/call_once,
 * sched_yield, sleeps and clocks (virtual time), exit/atexit/quick_exit/_exit,
 * malloc/calloc/realloc (fault points: an injected fault returns NULL).
 *
 * Limits, each diagnosed rather than left to hang: `__thread` variables are
 * shared by all threads (scopefuzz-cc refuses objects that define them unless
 * --allow-tls); a raw futex through syscall() aborts with a message; a
 * function named here but called through a pointer taken by address bypasses
 * the runtime.
 */
#ifndef SCOPEFUZZ_INTERPOSE_H
#define SCOPEFUZZ_INTERPOSE_H

/* Zero-parameter functions take `...`: their prototypes read `f (void)`. */
#ifndef SF_INTERPOSE_RUNTIME /* the runtime itself calls the real functions */
#define pthread_create(a, b, c, d)         sf_pthread_create(a, b, c, d)
#define pthread_join(a, b)                 sf_pthread_join(a, b)
#define pthread_tryjoin_np(a, b)           sf_pthread_tryjoin_np(a, b)
#define pthread_timedjoin_np(a, b, c)      sf_pthread_timedjoin_np(a, b, c)
#define pthread_detach(a)                  sf_pthread_detach(a)
#define pthread_exit(a)                    sf_pthread_exit(a)
#define pthread_self(...)                  sf_pthread_self(__VA_ARGS__)
#define pthread_equal(a, b)                sf_pthread_equal(a, b)
#define pthread_kill(a, b)                 sf_pthread_kill(a, b)
#define pthread_setname_np(a, b)           sf_pthread_setname_np(a, b)
#define pthread_getname_np(a, b, c)        sf_pthread_getname_np(a, b, c)
#define pthread_mutex_init(a, b)           sf_pthread_mutex_init(a, b)
#define pthread_mutex_destroy(a)           sf_pthread_mutex_destroy(a)
#define pthread_mutex_lock(a)              sf_pthread_mutex_lock(a)
#define pthread_mutex_trylock(a)           sf_pthread_mutex_trylock(a)
#define pthread_mutex_timedlock(a, b)      sf_pthread_mutex_timedlock(a, b)
#define pthread_mutex_clocklock(a, b, c)   sf_pthread_mutex_clocklock(a, b, c)
#define pthread_mutex_unlock(a)            sf_pthread_mutex_unlock(a)
#define pthread_cond_init(a, b)            sf_pthread_cond_init(a, b)
#define pthread_cond_destroy(a)            sf_pthread_cond_destroy(a)
#define pthread_cond_wait(a, b)            sf_pthread_cond_wait(a, b)
#define pthread_cond_timedwait(a, b, c)    sf_pthread_cond_timedwait(a, b, c)
#define pthread_cond_clockwait(a, b, c, d) sf_pthread_cond_clockwait(a, b, c, d)
#define pthread_cond_signal(a)             sf_pthread_cond_signal(a)
#define pthread_cond_broadcast(a)          sf_pthread_cond_broadcast(a)
#define pthread_rwlock_init(a, b)          sf_pthread_rwlock_init(a, b)
#define pthread_rwlock_destroy(a)          sf_pthread_rwlock_destroy(a)
#define pthread_rwlock_rdlock(a)           sf_pthread_rwlock_rdlock(a)
#define pthread_rwlock_tryrdlock(a)        sf_pthread_rwlock_tryrdlock(a)
#define pthread_rwlock_timedrdlock(a, b)   sf_pthread_rwlock_timedrdlock(a, b)
#define pthread_rwlock_wrlock(a)           sf_pthread_rwlock_wrlock(a)
#define pthread_rwlock_trywrlock(a)        sf_pthread_rwlock_trywrlock(a)
#define pthread_rwlock_timedwrlock(a, b)   sf_pthread_rwlock_timedwrlock(a, b)
#define pthread_rwlock_unlock(a)           sf_pthread_rwlock_unlock(a)
#define pthread_spin_init(a, b)            sf_pthread_spin_init(a, b)
#define pthread_spin_destroy(a)            sf_pthread_spin_destroy(a)
#define pthread_spin_lock(a)               sf_pthread_spin_lock(a)
#define pthread_spin_trylock(a)            sf_pthread_spin_trylock(a)
#define pthread_spin_unlock(a)             sf_pthread_spin_unlock(a)
#define pthread_barrier_init(a, b, c)      sf_pthread_barrier_init(a, b, c)
#define pthread_barrier_destroy(a)         sf_pthread_barrier_destroy(a)
#define pthread_barrier_wait(a)            sf_pthread_barrier_wait(a)
#define pthread_once(a, b)                 sf_pthread_once(a, b)
#define pthread_key_create(a, b)           sf_pthread_key_create(a, b)
#define pthread_key_delete(a)              sf_pthread_key_delete(a)
#define pthread_getspecific(a)             sf_pthread_getspecific(a)
#define pthread_setspecific(a, b)          sf_pthread_setspecific(a, b)
#define pthread_cancel(a)                  sf_pthread_cancel(a)
#define pthread_setcancelstate(a, b)       sf_pthread_setcancelstate(a, b)
#define pthread_setcanceltype(a, b)        sf_pthread_setcanceltype(a, b)
#define pthread_testcancel(...)            sf_pthread_testcancel(__VA_ARGS__)
/* glibc's pthread_cleanup_push/pop macros expand to these three: cleanup
 * handlers then run in their own frames, as in glibc. */
#define __pthread_register_cancel(a)   sf___pthread_register_cancel(a)
#define __pthread_unregister_cancel(a) sf___pthread_unregister_cancel(a)
#define __pthread_unwind_next(a)       sf___pthread_unwind_next(a)
#define sem_init(a, b, c)              sf_sem_init(a, b, c)
#define sem_destroy(a)                 sf_sem_destroy(a)
#define sem_wait(a)                    sf_sem_wait(a)
#define sem_trywait(a)                 sf_sem_trywait(a)
#define sem_timedwait(a, b)            sf_sem_timedwait(a, b)
#define sem_clockwait(a, b, c)         sf_sem_clockwait(a, b, c)
#define sem_post(a)                    sf_sem_post(a)
#define sem_getvalue(a, b)             sf_sem_getvalue(a, b)
#define thrd_create(a, b, c)           sf_thrd_create(a, b, c)
#define thrd_join(a, b)                sf_thrd_join(a, b)
#define thrd_detach(a)                 sf_thrd_detach(a)
#define thrd_exit(a)                   sf_thrd_exit(a)
#define thrd_current(...)              sf_thrd_current(__VA_ARGS__)
#define thrd_equal(a, b)               sf_thrd_equal(a, b)
#define thrd_sleep(a, b)               sf_thrd_sleep(a, b)
#define thrd_yield(...)                sf_thrd_yield(__VA_ARGS__)
#define mtx_init(a, b)                 sf_mtx_init(a, b)
#define mtx_destroy(a)                 sf_mtx_destroy(a)
#define mtx_lock(a)                    sf_mtx_lock(a)
#define mtx_trylock(a)                 sf_mtx_trylock(a)
#define mtx_timedlock(a, b)            sf_mtx_timedlock(a, b)
#define mtx_unlock(a)                  sf_mtx_unlock(a)
#define cnd_init(a)                    sf_cnd_init(a)
#define cnd_destroy(a)                 sf_cnd_destroy(a)
#define cnd_wait(a, b)                 sf_cnd_wait(a, b)
#define cnd_timedwait(a, b, c)         sf_cnd_timedwait(a, b, c)
#define cnd_signal(a)                  sf_cnd_signal(a)
#define cnd_broadcast(a)               sf_cnd_broadcast(a)
#define tss_create(a, b)               sf_tss_create(a, b)
#define tss_delete(a)                  sf_tss_delete(a)
#define tss_get(a)                     sf_tss_get(a)
#define tss_set(a, b)                  sf_tss_set(a, b)
#define call_once(a, b)                sf_call_once(a, b)
#define sched_yield(...)               sf_sched_yield(__VA_ARGS__)
#define sleep(a)                       sf_sleep(a)
#define usleep(a)                      sf_usleep(a)
#define nanosleep(a, b)                sf_nanosleep(a, b)
#define clock_nanosleep(a, b, c, d)    sf_clock_nanosleep(a, b, c, d)
#define clock_gettime(a, b)            sf_clock_gettime(a, b)
#define time(a)                        sf_time(a)
#define gettimeofday(a, b)             sf_gettimeofday(a, b)
#define exit(a)                        sf_exit(a)
#define atexit(a)                      sf_atexit(a)
#define quick_exit(a)                  sf_quick_exit(a)
#define at_quick_exit(a)               sf_at_quick_exit(a)
#define _exit(a)                       sf__exit(a)
#define _Exit(a)                       sf__Exit(a)
/* Allocations are fault points (faults.h: `--faults` of scopefuzz test);
 * without faults they are the C functions. */
#define malloc(a)     sf_malloc(a)
#define calloc(a, b)  sf_calloc(a, b)
#define realloc(a, b) sf_realloc(a, b)
/* Raw futexes cannot be scheduled: syscall(SYS_futex, ...) aborts with a
 * message instead of hanging; other system calls pass through. */
#define syscall(...) sf_syscall(__VA_ARGS__)
#endif

#endif
