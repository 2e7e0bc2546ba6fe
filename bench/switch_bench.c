/*
 * switch_bench - switches per second, side by side: the bare fiber switch
 * (hand-written, with the sanitizer hooks of the build), the deterministic
 * runtime (two tasks ping-ponging with sfp_yield, and a mutex/cond baton),
 * and real threads handing a baton over a futex.  Median of REPS runs.
 *
 * usage: switch_bench [--smoke]
 */
#include "baton.h"
#include "fiber.h"
#include "platform.h"
#include "sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REPS 7

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct pingpong {
    sim_fiber main, *f;
} pingpong;

static void pong(void *p) {
    pingpong *pp = p;
    for (;;)
        sim_fiber_switch(pp->f, &pp->main);
}

/* Bare switch: returns switches per second. */
static double bench_bare(uint64_t n) {
    pingpong pp;
    sim_fiber_self(&pp.main);
    pp.f = sim_fiber_get(pong, &pp);
    if (!pp.f)
        return 0;
    double t0 = now_s();
    for (uint64_t i = 0; i < n; i++)
        sim_fiber_switch(&pp.main, pp.f);
    double dt = now_s() - t0;
    sim_fiber_destroy(pp.f);
    return 2.0 * (double)n / dt;
}

typedef struct yield_arg {
    uint64_t n;
} yield_arg;

static void yielder(void *p) {
    yield_arg *a = p;
    for (uint64_t i = 0; i < a->n; i++)
        sfp_yield();
}

static void yield_main(void *p) {
    sfp_task *t;
    sfp_task_start(&t, yielder, p, "yielder");
    yielder(p);
    sfp_task_join(t);
}

typedef struct baton_arg {
    sfp_mutex m;
    sfp_cond c;
    int turn;
    uint64_t n;
} baton_arg;

static void baton_player(baton_arg *b, int me) {
    sfp_mutex_lock(&b->m);
    for (uint64_t i = 0; i < b->n; i++) {
        while (b->turn != me)
            sfp_cond_wait(&b->c, &b->m);
        b->turn = !me;
        sfp_cond_signal(&b->c);
    }
    sfp_mutex_unlock(&b->m);
}

static void baton_other(void *p) { baton_player(p, 1); }

static void baton_main(void *p) {
    baton_arg *b = p;
    sfp_mutex_init(&b->m);
    sfp_cond_init(&b->c);
    sfp_task *t;
    sfp_task_start(&t, baton_other, b, "baton");
    baton_player(b, 0);
    sfp_task_join(t);
}

/* A runtime run: returns context switches per second (steps per second in
 * *steps_ps). */
static double bench_sim(int baton, uint64_t n, double *steps_ps) {
    size_t nb = 2 * n + 64;
    uint8_t *bytes = malloc(nb);
    for (size_t i = 0; i < nb; i++)
        bytes[i] = (uint8_t)(!(i % 2)); /* 1,0,1,0: always the other task */
    sim_config cfg = {.strategy = baton ? SIM_RANDOM : SIM_BYTES,
                      .bytes = bytes,
                      .nbytes = nb,
                      .max_steps = 20 * n + 1000};
    yield_arg ya = {n};
    baton_arg ba = {.n = n};
    sim_result r;
    double t0 = now_s();
    int rc = sim_run(&cfg, baton ? baton_main : yield_main, baton ? (void *)&ba : (void *)&ya, &r);
    double dt = now_s() - t0;
    double sw = rc == 0 && r.outcome == SIM_OK ? (double)r.switches / dt : 0;
    *steps_ps = rc == 0 ? (double)r.steps / dt : 0;
    if (rc == 0)
        sim_result_free(&r);
    free(bytes);
    return sw;
}

static double bench_threads(uint64_t n) {
    double t0 = now_s();
    uint64_t k = baton_pingpong(n);
    return (double)k / (now_s() - t0);
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp);
    return v[n / 2];
}

int main(int argc, char **argv) {
    int smoke = argc > 1 && strcmp(argv[1], "--smoke") == 0;
    uint64_t n = smoke ? 1000 : 2000000, nt = smoke ? 100 : 50000;
    int reps = smoke ? 1 : REPS;
    double bare[REPS], yld[REPS], bat[REPS], thr[REPS], ysteps[REPS], bsteps[REPS];
    for (int i = 0; i < reps; i++) {
        bare[i] = bench_bare(n);
        yld[i] = bench_sim(0, n, &ysteps[i]);
        bat[i] = bench_sim(1, n / 4, &bsteps[i]);
        thr[i] = bench_threads(nt);
    }
    double b = median(bare, reps), y = median(yld, reps), c = median(bat, reps);
    double t = median(thr, reps), ys = median(ysteps, reps), cs = median(bsteps, reps);
    printf("switches/s, median of %d runs:\n", reps);
    printf("  bare fiber switch        %12.0f  (%.1f ns)\n", b, 1e9 / b);
    printf("  runtime, sfp_yield       %12.0f  (%.1f ns; %.0f steps/s)  bare/runtime %.2fx\n", y,
           1e9 / y, ys, b / y);
    printf("  runtime, mutex+cond      %12.0f  (%.1f ns; %.0f steps/s)  bare/runtime %.2fx\n", c,
           1e9 / c, cs, b / c);
    printf("  threads, futex baton     %12.0f  (%.1f ns)  bare/threads %.0fx\n", t, 1e9 / t, b / t);
    return b > 0 && y > 0 && c > 0 && t > 0 ? 0 : 1;
}
