/* PCT: planted ordering bugs of depth 2 and 3, written against platform.h.
 * Over R fixed seeds, PCT must hit each at least R / (n * k^(d-1)) times
 * (the PCT guarantee, Burckhardt et al. ASPLOS 2010); the random walk is
 * measured on the same seeds for comparison. */
#include "../check.h"
#include "platform.h"
#include "sim.h"

#include <inttypes.h>

#define PAD 3 /* scheduling points between the interesting steps */

typedef struct bug {
    int depth;
    int flag[3]; /* set by task A, in order */
    int seen[3]; /* task B's observations */
    int hit;
} bug;

static int get(const int *p) { return __atomic_load_n(p, __ATOMIC_RELAXED); }
static void set(int *p) { __atomic_store_n(p, 1, __ATOMIC_RELAXED); }

static void pad(void) {
    for (int i = 0; i < PAD; i++)
        sfp_yield();
}

/* A: a1 (flag0) ... a2 (flag1) ... a3 (flag2), each step a scheduling point
 * apart. */
static void task_a(void *p) {
    bug *b = p;
    for (int i = 0; i < b->depth; i++) {
        pad();
        set(&b->flag[i]);
    }
}

/* B fails when a1 < b1, b2 < a2 (and for depth 3: a3 < b3): exactly d
 * orderings between the tasks must hold. */
static void task_b(void *p) {
    bug *b = p;
    pad();
    int s1 = get(&b->flag[0]);
    sfp_yield();
    int s2 = s1 && !get(&b->flag[1]);
    if (b->depth == 2) {
        b->hit = s2;
        return;
    }
    pad();
    b->hit = s2 && get(&b->flag[2]);
}

static void program(void *arg) {
    sfp_task *a, *b;
    sfp_task_start(&a, task_a, arg, "A");
    sfp_task_start(&b, task_b, arg, "B");
    sfp_task_join(a);
    sfp_task_join(b);
}

/* Hits over `runs` seeds; *kmax gets the longest run in steps. */
static int count_hits(sim_strategy s, int depth, uint64_t k, int runs, uint64_t *kmax) {
    int hits = 0;
    for (int seed = 0; seed < runs; seed++) {
        bug b = {.depth = depth};
        sim_config cfg = {
            .strategy = s, .seed = (uint64_t)seed, .pct_depth = (uint32_t)depth, .pct_steps = k};
        sim_result r;
        CHECK(sim_run(&cfg, program, &b, &r) == 0);
        CHECK(r.outcome == SIM_OK);
        if (kmax && r.steps > *kmax)
            *kmax = r.steps;
        hits += b.hit;
        sim_result_free(&r);
    }
    return hits;
}

static void pct_finds(int depth, int runs) {
    uint64_t k = 0;
    count_hits(SIM_RANDOM, depth, 0, 50, &k); /* measure the run length k */
    uint64_t kmax = 0;
    int pct = count_hits(SIM_PCT, depth, k, runs, &kmax);
    int rnd = count_hits(SIM_RANDOM, depth, 0, runs, NULL);
    double bound = 1.0 / 3.0; /* n = 3 tasks: main, A, B */
    for (int i = 1; i < depth; i++)
        bound /= (double)k;
    printf("depth %d, k = %" PRIu64 " steps, %d seeds: PCT %d hits (%.4f), random walk %d hits "
           "(%.4f), PCT bound 1/(n k^(d-1)) = %.5f\n",
           depth, k, runs, pct, (double)pct / runs, rnd, (double)rnd / runs, bound);
    CHECK(kmax <= k); /* the bound holds for runs of at most k steps */
    CHECK((double)pct / runs >= bound);
    CHECK(pct > 0);
}

int main(void) {
    pct_finds(2, 2000);
    pct_finds(3, 20000);
    return check_report("test_pct");
}
