/* driver_smoke.c - the zoo's driver objects link into one binary next to the
 * reference library and each other, and a call through a table reaches that
 * table's own (patched) copy of the library.
 *
 * Each driver runs the same program under the deterministic runtime: open a
 * scope, defer cleanups 1, 2, 3, close it.  The reference and every variant
 * but defer_fifo must run them LIFO (3 2 1); zoo_defer_fifo runs them FIFO
 * (1 2 3).  If symbol localization failed, the variants' calls would reach
 * the reference's sc_* and defer_fifo would look correct.
 *
 * `zoo_driver_smoke uaf` closes a scope twice through zoo_double_close_uaf:
 * under ASan that must be reported as a heap-use-after-free, which shows the
 * sanitizer instrumentation of a localized object still works.
 *
 * usage: zoo_driver_smoke [uaf]  (exit status 0 iff every driver behaved) */
#include "driver.h"

#include <sim.h>
#include <stdio.h>
#include <string.h>

extern const struct sf_driver sf_driver_reference;
extern const struct sf_driver sf_driver_zoo_defer_fifo;
extern const struct sf_driver sf_driver_zoo_close_wakes_one;
extern const struct sf_driver sf_driver_zoo_double_close_uaf;

enum { NDEFER = 3 };

typedef struct smoke {
    const struct sf_driver *drv;
    int order[NDEFER];
    int n;
    int status; /* first failing driver call, SF_OK if none */
} smoke;

typedef struct tag {
    smoke *s;
    int value;
} tag;

static void record(void *arg) {
    tag *t = arg;
    if (t->s->n < NDEFER)
        t->s->order[t->s->n] = t->value;
    t->s->n++;
}

static void note(smoke *s, int st) {
    if (st != SF_OK && s->status == SF_OK)
        s->status = st;
}

static void smoke_main(void *arg) {
    smoke *s = arg;
    const struct sf_driver *d = s->drv;
    tag tags[NDEFER];
    sf_hscope root, sc;
    note(s, d->init(&root));
    if (s->status != SF_OK)
        return;
    note(s, d->scope_open(root, SF_NO_DEADLINE, &sc));
    for (int i = 0; s->status == SF_OK && i < NDEFER; i++) {
        tags[i] = (tag){s, i + 1};
        note(s, d->defer(sc, record, &tags[i]));
    }
    if (s->status == SF_OK)
        note(s, d->scope_close(sc, NULL));
    note(s, d->fini(d->now() + 1000000000, NULL));
}

/* Runs the program on `drv`; returns 1 if the order differs from `want`. */
static int check(const struct sf_driver *drv, const int want[NDEFER]) {
    smoke s = {.drv = drv, .status = SF_OK};
    sim_config cfg = {.strategy = SIM_RANDOM, .seed = 1};
    sim_result res;
    if (sim_run(&cfg, smoke_main, &s, &res) != 0) {
        printf("FAIL %s: sim_run refused the configuration\n", drv->name);
        return 1;
    }
    int bad = res.outcome != SIM_OK || s.status != SF_OK || s.n != NDEFER ||
              memcmp(s.order, want, sizeof s.order) != 0;
    printf("%s %s: %s, %s, cleanups ran %d %d %d (want %d %d %d)\n", bad ? "FAIL" : "ok  ",
           drv->name, sim_outcome_name(res.outcome), sf_status_name(s.status), s.order[0],
           s.order[1], s.order[2], want[0], want[1], want[2]);
    sim_result_free(&res);
    return bad;
}

/* Double close through the variant whose handles never go stale. */
static void uaf_main(void *arg) {
    const struct sf_driver *d = arg;
    sf_hscope root, sc;
    if (d->init(&root) != SF_OK || d->scope_open(root, SF_NO_DEADLINE, &sc) != SF_OK)
        return;
    d->scope_close(sc, NULL);
    printf("second close: %s\n", sf_status_name(d->scope_close(sc, NULL)));
    d->fini(d->now() + 1000000000, NULL);
}

static int run_uaf(void) {
    sim_config cfg = {.strategy = SIM_RANDOM, .seed = 1};
    sim_result res;
    if (sim_run(&cfg, uaf_main, (void *)&sf_driver_zoo_double_close_uaf, &res) != 0)
        return 1;
    sim_result_free(&res);
    return 0;
}

int main(int argc, char **argv) {
    static const int lifo[NDEFER] = {3, 2, 1}, fifo[NDEFER] = {1, 2, 3};
    if (argc > 1 && strcmp(argv[1], "uaf") == 0)
        return run_uaf();
    int failed = check(&sf_driver_reference, lifo);
    failed += check(&sf_driver_zoo_defer_fifo, fifo);
    failed += check(&sf_driver_zoo_close_wakes_one, lifo);
    failed += check(&sf_driver_reference, lifo); /* the variants left it intact */
    return failed ? 1 : 0;
}
