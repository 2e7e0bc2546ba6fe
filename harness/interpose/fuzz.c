/* fuzz.c - sf_fuzz_run(): one in-process deterministic run per fuzz input,
 * its schedule read from the input's bytes (include/scopefuzz/fuzz.h). */
#define SF_INTERPOSE_RUNTIME 1
#include "scopefuzz/fuzz.h"
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Eager timers' horizon, as for `scopefuzz test` (runner.c). */
#define IP_FUZZ_EAGER_HORIZON ((int64_t)1000000000)

static void (*g_body)(void *);
static void *g_arg;

static int call_body(void *p) {
    (void)p;
    g_body(g_arg);
    return 0;
}

static void fuzz_main(void *p) { ip_main_run(call_body, p, "the fuzz body returned"); }

static void reset_all(void) {
    ip_objects_reset();
    ip_threads_reset();
    ip_exit_reset();
    ip_failure_reset();
    ip_keys_reset();
    ip_memory_reset();
}

int sf_fuzz_run(const uint8_t *sched, size_t n, void (*body)(void *), void *arg) {
    if (!body || sim_active())
        return -1;
    reset_all();
    ip_feedback_start();
    g_body = body;
    g_arg = arg;
    sim_config cfg = {.strategy = SIM_BYTES,
                      .bytes = sched,
                      .nbytes = n,
                      .max_steps = 200000,
                      .relative_picks = 1,
                      .eager_timers = 1,
                      .eager_horizon = IP_FUZZ_EAGER_HORIZON};
    sim_result res;
    if (sim_run(&cfg, fuzz_main, NULL, &res) != 0)
        return -1;
    const char *sig = ip_run_failure(res.outcome);
    if (sig) {
        fprintf(stderr, "scopefuzz: %s\n", sig);
        const char *msg = ip_failure_msg();
        if (msg)
            fprintf(stderr, "%s\n", msg);
        else if (res.report)
            fputs(res.report, stderr);
        char *dump;
        size_t len;
        ip_dump_threads(&dump, &len);
        if (dump)
            fwrite(dump, 1, len, stderr);
        free(dump);
        fprintf(stderr, "SCOPEFUZZ-SIGNATURE: %s\n", sig);
        fflush(stderr);
        abort();
    }
    sim_result_free(&res);
    reset_all(); /* the runtime's tables go before libFuzzer counts leaks */
    return 0;
}
