/*
 * memaccess_bench.c - the program bench/memaccess_bench.py builds four ways
 * (clang, clang + the preset's sanitizers, scopefuzz-cc, scopefuzz-cc
 * --preempt-memory) to measure what one load or store costs when memory
 * accesses are scheduling points (harness/interpose/memory.c).
 *
 *   memaccess_bench MODE N
 *
 * MODE stack | global | heap: one thread (not main) runs N iterations of
 * `p[i & 7] += 1` on a volatile array on its own stack, in a global array,
 * or in a heap block only it touches (one load and one store each);
 * shared: two threads run N iterations each on one heap block both touch
 * (main writes it first).  Prints "ns-per-access accesses overlap": the
 * real (not virtual) time from the first loop's start to the last loop's
 * end (thread creation excluded), divided by the loads and stores of the
 * arrays; the number of them; for shared, the share of that time both
 * loops were running (0 when one thread ran after the other).
 *
 * MODE pair: a small correct 2-thread program for schedules/s (N ignored):
 * two threads add 1 + a global flag (0, set by main) to a global counter
 * 20 times each under a mutex; main checks the sum.  Exit 1 if wrong.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* scopefuzz-cc renames clock_gettime to the runtime's virtual clock: the
 * measurement needs the real one. */
#ifdef clock_gettime
#undef clock_gettime
int clock_gettime(clockid_t clk, struct timespec *ts);
#endif

enum { SLOTS = 8, PAIR_ITERS = 20 };

static volatile long g_arr[SLOTS];
static long g_count;
static int g_flag;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct job {
    const char *mode;
    long n;
    volatile long *shared;
    double start, end; /* real time around this thread's loop */
} job;

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void kernel(volatile long *p, long n) {
    for (long i = 0; i < n; i++)
        p[i & (SLOTS - 1)] += 1;
}

static void timed(job *j, volatile long *p) {
    j->start = now_ns();
    kernel(p, j->n);
    j->end = now_ns();
}

static void *worker(void *arg) {
    job *j = arg;
    if (strcmp(j->mode, "stack") == 0) {
        volatile long buf[SLOTS];
        for (int i = 0; i < SLOTS; i++)
            buf[i] = 0;
        timed(j, buf);
    } else if (strcmp(j->mode, "global") == 0) {
        timed(j, g_arr);
    } else if (strcmp(j->mode, "heap") == 0) {
        volatile long *p = calloc(SLOTS, sizeof *p);
        if (!p)
            abort();
        timed(j, p);
        free((void *)p);
    } else {
        timed(j, j->shared);
    }
    return NULL;
}

static void *pair_worker(void *arg) {
    (void)arg;
    for (int i = 0; i < PAIR_ITERS; i++) {
        pthread_mutex_lock(&g_lock);
        g_count += 1 + g_flag;
        pthread_mutex_unlock(&g_lock);
    }
    return NULL;
}

static int pair(void) {
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        if (pthread_create(&t[i], NULL, pair_worker, NULL) != 0)
            return 2;
    pthread_mutex_lock(&g_lock);
    g_flag = 0;
    pthread_mutex_unlock(&g_lock);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    return g_count == 2 * PAIR_ITERS ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fputs("usage: memaccess_bench stack|global|heap|shared|pair N\n", stderr);
        return 2;
    }
    const char *mode = argv[1];
    long n = strtol(argv[2], NULL, 10);
    if (strcmp(mode, "pair") == 0)
        return pair();
    int threads = strcmp(mode, "shared") == 0 ? 2 : 1;
    if (n <= 0 || (threads == 1 && strcmp(mode, "stack") != 0 && strcmp(mode, "global") != 0 &&
                   strcmp(mode, "heap") != 0)) {
        fputs("usage: memaccess_bench stack|global|heap|shared|pair N\n", stderr);
        return 2;
    }
    volatile long *shared = calloc(SLOTS, sizeof *shared);
    if (!shared)
        return 2;
    for (int i = 0; i < SLOTS; i++)
        shared[i] = 0;
    job j[2] = {{mode, n, shared, 0, 0}, {mode, n, shared, 0, 0}};
    pthread_t t[2];
    for (int i = 0; i < threads; i++)
        if (pthread_create(&t[i], NULL, worker, &j[i]) != 0)
            return 2;
    for (int i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    double start = j[0].start, end = j[0].end;
    for (int i = 1; i < threads; i++) {
        start = j[i].start < start ? j[i].start : start;
        end = j[i].end > end ? j[i].end : end;
    }
    double dt = end - start;
    double accesses = 2.0 * (double)n * threads;
    /* the share of the time both loops ran at once (real threads only) */
    double both = threads == 2 ? (j[0].end < j[1].end ? j[0].end : j[1].end) -
                                     (j[0].start > j[1].start ? j[0].start : j[1].start)
                               : 0;
    printf("%.3f %.0f %.3f\n", dt / accesses, accesses, both > 0 && dt > 0 ? both / dt : 0.0);
    free((void *)shared);
    return 0;
}
