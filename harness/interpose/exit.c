/* exit, atexit, quick_exit, at_quick_exit, _exit, _Exit while other threads
 * run.  The handlers run in the exiting thread on the deterministic runtime,
 * so a handler that needs a lock another thread holds blocks like any other
 * lock (and a deadlock is reported as one).  Then the thread-leak oracle: a
 * thread still running or blocked when main returns or exit() is called is
 * Go's goroutine leak (off for daemons: SCOPEFUZZ_ALLOW_THREAD_LEAK=1). */
#define SF_INTERPOSE_RUNTIME 1 /* this file calls the real exit() */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* The replacements this file defines (the macros are off here). */
void sf_exit(int status);
int sf_atexit(void (*fn)(void));
void sf_quick_exit(int status);
int sf_at_quick_exit(void (*fn)(void));
void sf__exit(int status);
void sf__Exit(int status);

enum { IP_ATEXIT_MAX = 64 };

static void (*atexit_fns[IP_ATEXIT_MAX])(void);
static unsigned natexit;
static void (*quick_fns[IP_ATEXIT_MAX])(void);
static unsigned nquick;
static int exiting, exit_status, exit_called;
static int allow_thread_leak = -1;

int ip_exit_status(void) { return exit_status; }
int ip_exit_called(void) { return exit_called; }

void ip_exit_reset(void) {
    natexit = nquick = 0;
    exiting = exit_status = exit_called = 0;
}

static int leaks_allowed(void) {
    if (allow_thread_leak < 0) {
        const char *v = getenv("SCOPEFUZZ_ALLOW_THREAD_LEAK");
        allow_thread_leak = v && *v && strcmp(v, "0") != 0;
    }
    return allow_thread_leak;
}

static void check_thread_leak(const char *how) {
    if (leaks_allowed())
        return;
    ip_thread *self = ip_self();
    uint32_t n = ip_thread_count(), alive = 0, first = 0;
    for (uint32_t i = 0; i < n; i++) {
        ip_thread *t = ip_thread_by_task(i);
        if (t && t != self && t->task != 0 && !t->done) { /* main is the process itself */
            if (!alive++)
                first = i;
        }
    }
    if (alive)
        ip_fail("thread-leak",
                "%u thread(s) still running or blocked when %s (thread %u first); every thread "
                "must end before the process does (set SCOPEFUZZ_ALLOW_THREAD_LEAK=1 for "
                "daemons)",
                alive, how, first);
}

_Noreturn void ip_exit_from(int status, int run_atexit, const char *how) {
    if (!sim_active()) {
        fflush(NULL);
        _exit(status);
    }
    if (exiting)
        ip_fail("exit:reentered", "exit() called again while exiting (%s)", how);
    exiting = 1;
    exit_called = 1;
    exit_status = status;
    if (run_atexit == 1)
        while (natexit > 0)
            atexit_fns[--natexit]();
    else if (run_atexit == 2)
        while (nquick > 0)
            quick_fns[--nquick]();
    if (run_atexit)
        check_thread_leak(how);
    /* Real threads run until the process is gone: a scheduling point lets
     * them (a thread left running races with the handlers' cleanup). */
    sim_point(SIM_EV_EXIT, 0);
    sim_exit_run();
}

void sf_exit(int status) {
    if (!sim_active())
        exit(status);
    ip_exit_from(status, 1, "exit() was called");
}

void sf_quick_exit(int status) {
    if (!sim_active())
        quick_exit(status);
    ip_exit_from(status, 2, "quick_exit() was called");
}

void sf__exit(int status) {
    if (!sim_active())
        _exit(status);
    ip_exit_from(status, 0, "_exit() was called");
}

void sf__Exit(int status) { sf__exit(status); }

/* Handlers registered before main (constructors) run in main's thread at
 * exit like the others: the list lives here, not in libc. */
int sf_atexit(void (*fn)(void)) {
    if (natexit == IP_ATEXIT_MAX)
        return -1;
    atexit_fns[natexit++] = fn;
    return 0;
}

int sf_at_quick_exit(void (*fn)(void)) {
    if (nquick == IP_ATEXIT_MAX)
        return -1;
    quick_fns[nquick++] = fn;
    return 0;
}
