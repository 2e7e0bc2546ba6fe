/* pthread_adapter.c - see pthread_adapter.h.  Uses the interposition
 * runtime's own reset functions (harness/interpose/internal.h), the same
 * the pthread runner (runner.c) calls around each run.
 *
 * Calls from tasks the runtime did not start as threads (the interpreter's
 * watchdog, a sim_spawn() task) cannot make pthread calls: the runtime
 * aborts ("a pthread call outside a thread the runtime started").  They go
 * through a service thread started by sf_adapter_threads_begin(): the
 * caller parks until the service thread ran the call for it. */
#include "pthread_adapter.h"

#include "internal.h" /* with the macros: pthread_create is the runtime's */

#include <string.h>

/* The service thread and its callers hand the call over through sim_park()
 * and sim_unpark_all(), which TSan does not see. */
#ifdef SF_TSAN
#define HANDOVER_RELEASE() __tsan_release(&svc)
#define HANDOVER_ACQUIRE() __tsan_acquire(&svc)
#else
#define HANDOVER_RELEASE() ((void)0)
#define HANDOVER_ACQUIRE() ((void)0)
#endif

static struct {
    void (*fn)(void *);
    void *arg;
    int busy, done, stop, running;
    pthread_t th;
    sim_waitq todo, finished;
} svc;

static void *service(void *p) {
    (void)p;
    for (;;) {
        while (!svc.busy || svc.done) {
            if (svc.stop)
                return NULL;
            sim_park(&svc.todo, INT64_MAX, "adapter service: waiting for a call", 0);
        }
        HANDOVER_ACQUIRE();
        svc.fn(svc.arg);
        svc.done = 1;
        HANDOVER_RELEASE();
        sim_unpark_all(&svc.finished);
    }
}

int sf_adapter_is_thread(void) {
    return sim_active() && ip_thread_by_task(sim_current_task()) != NULL;
}

void sf_adapter_call(void (*fn)(void *), void *arg) {
    if (!sim_active() || sf_adapter_is_thread() || !svc.running) {
        fn(arg);
        return;
    }
    while (svc.busy)
        sim_park(&svc.finished, INT64_MAX, "adapter call: service busy", 0);
    svc.fn = fn;
    svc.arg = arg;
    svc.busy = 1;
    svc.done = 0;
    HANDOVER_RELEASE();
    sim_unpark_all(&svc.todo);
    while (!svc.done)
        sim_park(&svc.finished, INT64_MAX, "adapter call: waiting for the service thread", 0);
    HANDOVER_ACQUIRE();
    svc.busy = 0;
    sim_unpark_all(&svc.finished);
}

static void reset(void) {
    ip_objects_reset();
    ip_threads_reset();
    ip_keys_reset();
    ip_failure_reset();
}

void sf_adapter_threads_end(void) {
    if (svc.running && sf_adapter_is_thread()) {
        svc.stop = 1;
        sim_unpark_all(&svc.todo);
        pthread_join(svc.th, NULL);
    }
    memset(&svc, 0, sizeof svc);
    reset();
}

void sf_adapter_threads_begin(void) {
    memset(&svc, 0, sizeof svc);
    reset();
    ip_main_thread_new();
    if (pthread_create(&svc.th, NULL, service, NULL) == 0)
        svc.running = 1;
}
