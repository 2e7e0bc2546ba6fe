/* c11_event_bad.c - C11 <threads.h>: waiting for a signal already sent.
 *
 * main starts a worker to compute a value and waits for "done" with
 * cnd_wait.  Bug: there is no predicate, the wait is unconditional: if the
 * worker finishes and signals before main starts waiting, the signal is
 * lost and main waits forever (the worker has ended).  Needs the worker to
 * run to completion before main waits; on real threads main nearly always
 * waits first.
 * Oracle: deadlock, signature `deadlock`.
 * Twin: c11_event_ok.c waits in a loop on a `done` flag set under the mutex.
 */
#include <stdio.h>
#include <threads.h>

static mtx_t lock;
static cnd_t done_cv;
static long result;

static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static int worker(void *arg) {
    long r = fib(*(int *)arg);
    mtx_lock(&lock);
    result = r;
    cnd_signal(&done_cv);
    mtx_unlock(&lock);
    return 0;
}

int main(void) {
    int n = 20;
    if (mtx_init(&lock, mtx_plain) != thrd_success || cnd_init(&done_cv) != thrd_success)
        return 2;
    thrd_t t;
    if (thrd_create(&t, worker, &n) != thrd_success)
        return 2;
    mtx_lock(&lock);
    cnd_wait(&done_cv, &lock); /* BUG: no predicate; the signal may be gone */
    long r = result;
    mtx_unlock(&lock);
    int rc;
    thrd_join(t, &rc);
    cnd_destroy(&done_cv);
    mtx_destroy(&lock);
    printf("fib(%d) = %ld\n", n, r);
    return r == 6765 && rc == 0 ? 0 : 1;
}
