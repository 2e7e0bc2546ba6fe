/*
 * pthread_adapter.h - for adapters (driver.h) of libraries built with
 * sf_interpose(): the library's pthread calls land on the deterministic
 * runtime's thread records (harness/interpose/), which know only threads
 * the runtime started.  The interpreter starts task 0 itself, so an adapter
 * adopts it in init() and drops the run's records in fini()/abandon():
 *
 *     static int my_init(sf_hscope *root) { sf_adapter_threads_begin(); ... }
 *     static int my_fini(...)   { ...join, drain, dispose...; sf_adapter_threads_end(); }
 *     static void my_abandon(void) { sf_adapter_threads_end(); ...dispose...;
 * sf_adapter_threads_end(); }
 *
 * Tasks are then started with pthread_create() (interposed) from any task
 * of the run; fini() joins them with pthread_join().  sf_add_driver(...
 * INTERPOSE) compiles the adapter with the interposition and links this.
 *
 * The interpreter's own watchdog (a runtime task, not a thread) calls
 * chan_close() when every task is blocked: wrap the library calls of
 * chan_close (at least) in sf_adapter_call(), which runs them on a service
 * thread (started by sf_adapter_threads_begin()) when the caller is not a
 * thread.
 */
#ifndef SF_PTHREAD_ADAPTER_H
#define SF_PTHREAD_ADAPTER_H

#ifdef __cplusplus
extern "C" {
#endif

/* Inside a run (init(), task 0): forgets the previous run's threads and
 * pthread objects and makes the calling task the library's main thread. */
void sf_adapter_threads_begin(void);
/* Runs fn(arg): at once from a thread (or outside a run), else on the
 * service thread while the caller waits. */
void sf_adapter_call(void (*fn)(void *), void *arg);
/* 1 when the calling task is a thread of the runtime. */
int sf_adapter_is_thread(void);
/* At the end of fini(): stops the service thread; then, as in abandon()
 * (outside the run), forgets this run's threads and pthread objects (every object the library
 * uses afterwards is new to the runtime: call it in abandon() before
 * disposing of objects that tasks discarded mid-run may have held). */
void sf_adapter_threads_end(void);

#ifdef __cplusplus
}
#endif
#endif
