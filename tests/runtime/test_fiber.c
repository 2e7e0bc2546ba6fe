/* Fibers: floating-point control state is per task (mxcsr / x87 control
 * word saved by the switch); deep stacks with switches in the middle, on
 * pooled fibers reused across many runs, give no sanitizer reports (run
 * under the asan preset with detect_stack_use_after_return=1). */
#include "../check.h"
#include "platform.h"
#include "sim.h"

#include <fenv.h>
#include <string.h>

typedef struct fp_state {
    int ok[2];
} fp_state;

static void rounding_up(void *p) {
    fp_state *s = p;
    fesetround(FE_UPWARD);
    for (int i = 0; i < 10; i++)
        sfp_yield();
    s->ok[0] = fegetround() == FE_UPWARD;
    fesetround(FE_TONEAREST); /* the fiber is reused: leave it as found */
}

static void rounding_default(void *p) {
    fp_state *s = p;
    int ok = 1;
    for (int i = 0; i < 10; i++) {
        ok &= fegetround() == FE_TONEAREST;
        sfp_yield();
    }
    s->ok[1] = ok;
}

static void fp_program(void *arg) {
    sfp_task *a, *b;
    sfp_task_start(&a, rounding_up, arg, "up");
    sfp_task_start(&b, rounding_default, arg, "default");
    sfp_task_join(a);
    sfp_task_join(b);
}

static void fp_control_per_task(void) {
    for (uint64_t seed = 0; seed < 10; seed++) {
        fp_state s = {{0, 0}};
        sim_config cfg = {.strategy = SIM_RANDOM, .seed = seed};
        sim_result r;
        CHECK(sim_run(&cfg, fp_program, &s, &r) == 0);
        CHECK(r.outcome == SIM_OK && r.switches > 5);
        CHECK(s.ok[0] && s.ok[1]);
        sim_result_free(&r);
    }
    CHECK(fegetround() == FE_TONEAREST);
}

/* Recursion with stack buffers, a scheduling point at every level. */
static __attribute__((noinline)) unsigned deep(int depth, unsigned seed) {
    volatile unsigned char buf[512];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)(seed + i);
    if (depth % 16 == 0)
        sfp_yield();
    unsigned below = depth > 0 ? deep(depth - 1, seed * 31 + 7) : 0;
    return below + buf[depth % sizeof buf];
}

typedef struct deep_arg {
    unsigned seed, result;
} deep_arg;

static void deep_task(void *p) {
    deep_arg *a = p;
    a->result = deep(150, a->seed); /* about 100 KB of stack under ASan */
}

static void deep_program(void *arg) {
    deep_arg *a = arg;
    sfp_task *t[3];
    for (int i = 0; i < 3; i++)
        sfp_task_start(&t[i], deep_task, &a[i], "deep");
    a[3].result = deep(150, a[3].seed);
    for (int i = 0; i < 3; i++)
        sfp_task_join(t[i]);
}

static void deep_stacks(void) {
    deep_arg expect[4];
    for (int i = 0; i < 4; i++)
        expect[i] = (deep_arg){(unsigned)i + 1, 0};
    for (uint64_t seed = 0; seed < 200; seed++) {
        deep_arg a[4];
        for (int i = 0; i < 4; i++)
            a[i] = (deep_arg){(unsigned)i + 1, 0};
        sim_config cfg = {.strategy = SIM_RANDOM, .seed = seed};
        sim_result r;
        CHECK(sim_run(&cfg, deep_program, a, &r) == 0);
        CHECK(r.outcome == SIM_OK);
        for (int i = 0; i < 4; i++) {
            if (seed == 0)
                expect[i].result = a[i].result;
            CHECK(a[i].result == expect[i].result && a[i].result != 0);
        }
        sim_result_free(&r);
    }
}

int main(void) {
    fp_control_per_task();
    deep_stacks();
    return check_report("test_fiber");
}
