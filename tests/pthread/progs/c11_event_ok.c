/* c11_event_ok.c - C11 <threads.h>: waiting for "done" with a predicate.
 *
 * Twin of c11_event_bad.c: the worker sets `done` under the mutex before it
 * signals, and main waits while `!done`, so a signal sent before the wait
 * is not needed.  Must stay clean (exit 0) under every schedule.
 */
#include <stdio.h>
#include <threads.h>

static mtx_t lock;
static cnd_t done_cv;
static long result;
static int done;

static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static int worker(void *arg) {
    long r = fib(*(int *)arg);
    mtx_lock(&lock);
    result = r;
    done = 1;
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
    while (!done)
        cnd_wait(&done_cv, &lock);
    long r = result;
    mtx_unlock(&lock);
    int rc;
    thrd_join(t, &rc);
    cnd_destroy(&done_cv);
    mtx_destroy(&lock);
    printf("fib(%d) = %ld\n", n, r);
    return r == 6765 && rc == 0 ? 0 : 1;
}
