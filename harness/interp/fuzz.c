/* libFuzzer glue shared by the fuzz_NAME binaries (targets/fuzz/fuzz_prog.c). */
#include <stdio.h>
#include <stdlib.h>

#include "interp.h"
#include "registry.h"

static const struct sf_driver *drv;
static const sf_fuzz_target *tgt;

void sf_interp_fuzz_init(const char *binary) {
    tgt = sf_fuzz_target_find(binary);
    if (tgt == NULL) {
        fprintf(stderr, "%s: not a program fuzz target (targets.h has: %s)\n", binary,
                sf_fuzz_target_names(", "));
        exit(2);
    }
    const char *name = getenv("SCOPEFUZZ_IMPL");
    if (!name || !*name)
        name = SF_IMPL_DEFAULT;
    drv = sf_driver_find(name);
    if (drv)
        return;
    fprintf(stderr, "%s: unknown implementation '%s' (SCOPEFUZZ_IMPL); built in:\n", binary, name);
    for (size_t i = 0; i < sf_driver_count(); i++)
        fprintf(stderr, "  %-24s %s\n", sf_driver_at(i)->name, sf_driver_at(i)->description);
    exit(2);
}

int sf_interp_fuzz_one(const uint8_t *data, size_t n) {
    sf_prog p;
    sf_interp_result r;
    if (!drv)
        sf_interp_fuzz_init("fuzz_mixed");
    if (sf_prog_decode(data, n, &p) != SF_PROG_OK)
        return 0; /* a format version this build does not read, or no memory */
    sf_interp_mask_kinds(&p, tgt->kinds);
    int out = sf_interp_run(&p, drv, NULL, &r);
    if (out == SF_INTERP_FAIL) {
        /* The signature line is what ci/campaign deduplicates by. */
        fprintf(stderr, "==scopefuzz== FAIL %s (impl %s, target %s)\nSCOPEFUZZ-SIGNATURE: %s\n%s",
                r.signature, drv->name, tgt->name, r.signature, r.report ? r.report : "");
        char *text = sf_sched_print_str(&p, NULL);
        if (text)
            fprintf(stderr, "program:\n%s", text);
        free(text);
        abort();
    }
    sf_interp_result_free(&r);
    sf_prog_free(&p);
    return 0;
}
