/*
 * planted.c - small programs with planted bugs whose sanitizer and libFuzzer
 * reports make the log table of tests/sig (make_logs.sh builds and runs
 * them).  Each bug sits in its own planted_* function, which is the frame a
 * signature must name.
 *
 * Without PLANTED_FUZZ: `planted MODE` with MODE one of uaf, double-free,
 * leak, race, tsan-uaf, overflow.  With PLANTED_FUZZ (a libFuzzer target):
 * input "T" loops forever (timeout), "O" allocates without bound (OOM),
 * "A" aborts (deadly signal), anything else is accepted.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *volatile keep;
static volatile int shared_counter;
static volatile int sink;
static volatile unsigned spin;

__attribute__((noinline)) static void planted_uaf_read(void) {
    int *p = malloc(4 * sizeof *p);
    keep = p;
    free(p);
    sink = p[1];
}

__attribute__((noinline)) static void planted_double_free(void) {
    char *p = malloc(16);
    keep = p;
    free(p);
    free(keep);
}

__attribute__((noinline)) static void planted_leak_alloc(void) {
    keep = malloc(40); /* escapes, then dropped: a leak at exit */
    keep = NULL;
}

__attribute__((noinline)) static int planted_overflow(int x) { return x + 1; }

__attribute__((noinline)) static void *planted_race_writer(void *arg) {
    (void)arg;
    shared_counter++;
    return NULL;
}

__attribute__((noinline)) static void *planted_late_reader(void *arg) {
    int *p = arg;
    for (volatile int i = 0; i < 20000000; i++)
        ;
    sink = p[0];
    return NULL;
}

__attribute__((noinline)) static void planted_timeout_loop(void) {
    for (;;)
        spin++;
}

__attribute__((noinline)) static void planted_oom(void) {
    for (;;) {
        char *p = malloc(1 << 20);
        if (p == NULL)
            return;
        memset(p, 1, 1 << 20);
        keep = p;
        /* chain the blocks so that none is unreachable */
        *(void *volatile *)p = keep;
    }
}

__attribute__((noinline)) static void planted_abort(void) { abort(); }

#ifdef PLANTED_FUZZ
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 1 && data[0] == 'T')
        planted_timeout_loop();
    if (size == 1 && data[0] == 'O')
        planted_oom();
    if (size == 1 && data[0] == 'A')
        planted_abort();
    return 0;
}
#else
int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "uaf") == 0) {
        planted_uaf_read();
    } else if (strcmp(mode, "double-free") == 0) {
        planted_double_free();
    } else if (strcmp(mode, "leak") == 0) {
        planted_leak_alloc();
    } else if (strcmp(mode, "overflow") == 0) {
        sink = planted_overflow(argc > 2 ? atoi(argv[2]) : 2147483647);
    } else if (strcmp(mode, "race") == 0) {
        pthread_t a, b;
        pthread_create(&a, NULL, planted_race_writer, NULL);
        pthread_create(&b, NULL, planted_race_writer, NULL);
        pthread_join(a, NULL);
        pthread_join(b, NULL);
    } else if (strcmp(mode, "tsan-uaf") == 0) {
        pthread_t a;
        int *p = malloc(sizeof *p);
        *p = 1;
        pthread_create(&a, NULL, planted_late_reader, p);
        free(p);
        pthread_join(a, NULL);
    } else {
        (void)planted_timeout_loop;
        (void)planted_oom;
        (void)planted_abort;
        fprintf(stderr, "usage: planted uaf|double-free|leak|overflow|race|tsan-uaf\n");
        return 2;
    }
    return 0;
}
#endif
