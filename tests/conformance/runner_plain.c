/* runner_plain.c - runs the conformance scenarios on real threads without
 * Criterion (Criterion cannot start under TSan, Criterion#274).
 *
 * usage: conformance_plain [--repeat N] [--chaos SEED:PERMILLE[:MAXNS]]
 *                          [--scale N] [--list] [scenario...]
 * Runs the named scenarios (all when none), N times each; exit status 1 if
 * a check failed. */
#include "scenarios.h"

#include <chaos.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct plain_opts {
    long repeat;
    int chaos;
    uint64_t seed;
    unsigned permille;
    int64_t max_sleep;
} plain_opts;

static int parse_chaos(const char *s, plain_opts *o) {
    char *end;
    o->seed = strtoull(s, &end, 10);
    if (*end != ':')
        return -1;
    o->permille = (unsigned)strtoul(end + 1, &end, 10);
    o->max_sleep = 100000;
    if (*end == ':')
        o->max_sleep = strtoll(end + 1, &end, 10);
    o->chaos = 1;
    return *end ? -1 : 0;
}

/* Runs one scenario `repeat` times; returns the number of failed runs. */
static int run_one(const conf_scenario *s, long repeat) {
    int failed = 0;
    for (long i = 0; i < repeat; i++) {
        conf_run(s->fn);
        if (conf_failures()) {
            fprintf(stderr, "FAIL %s (run %ld): %zu failed checks\n", s->name, i + 1,
                    conf_failures());
            conf_print_failures(stderr);
            failed++;
            break;
        }
    }
    if (!failed)
        printf("ok   %s (x%ld)\n", s->name, repeat);
    return failed;
}

static int usage(void) {
    fputs("usage: conformance_plain [--repeat N] [--chaos SEED:PERMILLE[:MAXNS]] [--scale N]"
          " [--list] [scenario...]\n",
          stderr);
    return 2;
}

int main(int argc, char **argv) {
    plain_opts o = {.repeat = 1};
    size_t n;
    const conf_scenario *all = conf_table(&n);
    int first = 1, failed = 0, named = 0;
    for (; first < argc && strncmp(argv[first], "--", 2) == 0; first++) {
        const char *a = argv[first], *v = first + 1 < argc ? argv[first + 1] : NULL;
        if (strcmp(a, "--list") == 0) {
            for (size_t i = 0; i < n; i++)
                printf("%s %s\n", all[i].name, all[i].labels);
            return 0;
        }
        if (!v)
            return usage();
        first++;
        if (strcmp(a, "--repeat") == 0)
            o.repeat = strtol(v, NULL, 10);
        else if (strcmp(a, "--scale") == 0)
            conf_scale = (int)strtol(v, NULL, 10);
        else if (strcmp(a, "--chaos") != 0 || parse_chaos(v, &o) != 0)
            return usage();
    }
    if (o.repeat < 1 || conf_scale < 1)
        return usage();
    if (o.chaos && sfp_chaos_configure(o.seed, o.permille, o.max_sleep) != 0)
        return usage();
    for (int i = first; i < argc; i++, named++) {
        const conf_scenario *s = conf_find(argv[i]);
        if (!s) {
            fprintf(stderr, "unknown scenario %s\n", argv[i]);
            return 2;
        }
        failed += run_one(s, o.repeat);
    }
    for (size_t i = 0; !named && i < n; i++)
        failed += run_one(&all[i], o.repeat);
    if (o.chaos)
        printf("chaos: %" PRIu64 " injected yields/sleeps\n", sfp_chaos_injected());
    return failed ? 1 : 0;
}
