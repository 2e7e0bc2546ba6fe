/* test_restrict.c - sf_prog_restrict keeps only supported operations, keeps
 * programs valid, is idempotent, changes nothing under SF_CAP_ALL, and maps
 * the documented cases. */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "prog.h"

static int ops_allowed(const sf_prog *p, unsigned caps) {
    for (unsigned b = 0; b < p->nbodies; b++) {
        for (unsigned i = 0; i < p->bodies[b].nops; i++) {
            if (sf_op_caps(&p->bodies[b].ops[i]) & ~caps)
                return 0;
        }
    }
    return 1;
}

static void check_random(unsigned count) {
    uint64_t rng = 3;
    uint8_t buf[200];
    long changed = 0;
    for (unsigned i = 0; i < count; i++) {
        size_t n = rng_next(&rng) % sizeof buf;
        rng_bytes(&rng, buf, n);
        unsigned caps = (unsigned)rng_next(&rng) & SF_CAP_ALL;
        sf_prog p, q;
        sf_prog_decode(buf, n, &p);
        CHECK(sf_prog_copy(&q, &p) == SF_PROG_OK);
        CHECK(sf_prog_restrict(&q, SF_CAP_ALL) == 0 && sf_prog_equal(&p, &q));
        int rc = sf_prog_restrict(&p, caps);
        CHECK(rc >= 0);
        changed += rc;
        CHECK(sf_prog_validate(&p, NULL, 0) == SF_PROG_OK);
        CHECK_MSG(ops_allowed(&p, caps), "input %u caps %#x", i, caps);
        sf_prog_free(&q);
        CHECK(sf_prog_copy(&q, &p) == SF_PROG_OK);
        CHECK(sf_prog_restrict(&q, caps) == 0 && sf_prog_equal(&p, &q));
        sf_prog_free(&p);
        sf_prog_free(&q);
    }
    CHECK(changed > 0);
    printf("random: %u programs, %ld ops rewritten or dropped\n", count, changed);
}

/* The text of `src` restricted to caps must be the text `want`. */
static void check_map(const char *src, unsigned caps, const char *want) {
    sf_prog p, w;
    char err[256] = "";
    CHECK_MSG(sf_sched_parse(src, strlen(src), "src", &p, err, sizeof err) == 0, "%s", err);
    CHECK_MSG(sf_sched_parse(want, strlen(want), "want", &w, err, sizeof err) == 0, "%s", err);
    CHECK(sf_prog_restrict(&p, caps) > 0);
    char *got = sf_sched_print_str(&p, NULL);
    CHECK_MSG(sf_prog_equal(&p, &w), "caps %#x gave\n%s", caps, got ? got : "(null)");
    free(got);
    sf_prog_free(&p);
    sf_prog_free(&w);
}

static void check_cases(void) {
    const char *src = "task 0:\n"
                      "  open s1 deadline 5\n"
                      "  chan c0 in s1\n"
                      "  spawn 1 in parent\n"
                      "  select send c1 recv c0\n"
                      "  select recv c2 default\n"
                      "  try_send c3\n"
                      "  sleep 3\n"
                      "  cancel s1\n"
                      "  cancel s0\n"
                      "  defer close c0\n"
                      "  destroy c0\n"
                      "  close s1\n"
                      "  shutdown\n"
                      "task 1:\n";
    check_map(src, 0, "task 0:\n  chan c0\n  spawn 1\n  send c1\n  yield\n  return ok\ntask 1:\n");
    check_map(src, SF_CAP_ALL & ~SF_CAP_DEADLINE & ~SF_CAP_TRY & ~SF_CAP_DESTROY,
              "task 0:\n  open s1\n  chan c0 in s1\n  spawn 1 in parent\n"
              "  select send c1 recv c0\n  select recv c2 default\n  select send c3 default\n"
              "  sleep 3\n  cancel s1\n  cancel s0\n  defer close c0\n  close s1\n  shutdown\n"
              "task 1:\n");
    check_map(src, SF_CAP_TRY | SF_CAP_CANCEL,
              "task 0:\n  chan c0\n  spawn 1\n  send c1\n  try_recv c2\n  try_send c3\n"
              "  yield\n  cancel s0\n  return ok\ntask 1:\n");
}

int main(void) {
    check_cases();
    check_random(100000);
    return check_report("test_restrict");
}
