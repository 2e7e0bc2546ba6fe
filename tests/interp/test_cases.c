/* test_cases.c - runs .sched files (tests/interp/cases/) on the driver named
 * by their `impl` line and checks the outcome against their `expect` line;
 * each is also run twice in process (same trace hash: determinism) and with
 * the runtime's replay check.
 *
 * usage: interp_cases [-v] FILE.sched...   (-v prints every report) */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "interp.h"
#include "registry.h"

static int verbose;

static void run_file(const char *path) {
    sf_prog p;
    char err[256];
    if (sf_sched_parse_file(path, &p, err, sizeof err) != SF_PROG_OK) {
        CHECK_MSG(0, "%s", err);
        return;
    }
    const struct sf_driver *d = sf_driver_find(p.impl);
    CHECK_MSG(d != NULL, "%s: unknown impl %s", path, p.impl);
    if (d) {
        sf_interp_opts o = {.check_determinism = 1, .always_report = verbose};
        sf_interp_result r1, r2;
        sf_interp_run(&p, d, &o, &r1);
        sf_interp_run(&p, d, NULL, &r2);
        const char *want = p.expect_fail ? p.expect_sig : "";
        CHECK_MSG(strcmp(r1.signature, want) == 0, "%s: signature '%s', expected '%s'\n%s", path,
                  r1.signature, want, r1.report ? r1.report : "");
        CHECK_MSG(r1.sim.hash == r2.sim.hash && strcmp(r1.signature, r2.signature) == 0,
                  "%s: two runs differ (hash %llx vs %llx)", path, (unsigned long long)r1.sim.hash,
                  (unsigned long long)r2.sim.hash);
        CHECK_MSG(r1.ops > 0, "%s: no op ran", path);
        if (verbose)
            printf("== %s (%zu ops)\n%s", path, r1.ops, r1.report ? r1.report : "");
        sf_interp_result_free(&r1);
        sf_interp_result_free(&r2);
    }
    sf_prog_free(&p);
}

int main(int argc, char **argv) {
    int i = 1;
    if (i < argc && strcmp(argv[i], "-v") == 0)
        verbose = 1, i++;
    if (i == argc) {
        fputs("usage: interp_cases [-v] FILE.sched...\n", stderr);
        return 2;
    }
    for (; i < argc; i++)
        run_file(argv[i]);
    return check_report("interp_cases");
}
