/* test_roundtrip.c - parse(print(p)) == p and decode(encode(p)) == p, for
 * every seed file of corpus/sched and 100k programs decoded from
 * pseudo-random bytes; the seed files cover every op and header form. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "prog.h"

/* print -> parse gives p back, and the printed text is a fixed point. */
static void check_text(const sf_prog *p, const char *what) {
    size_t len;
    char err[256] = "";
    char *text = sf_sched_print_str(p, &len);
    CHECK_MSG(text != NULL, "%s: print failed", what);
    if (text == NULL)
        return;
    sf_prog q;
    int rc = sf_sched_parse(text, len, "printed", &q, err, sizeof err);
    CHECK_MSG(rc == SF_PROG_OK, "%s: %s\n%s", what, err, text);
    CHECK_MSG(rc != SF_PROG_OK || sf_prog_equal(p, &q), "%s: reparse differs\n%s", what, text);
    char *again = rc == SF_PROG_OK ? sf_sched_print_str(&q, NULL) : NULL;
    CHECK_MSG(again != NULL && strcmp(again, text) == 0, "%s: printing is not canonical", what);
    free(again);
    free(text);
    sf_prog_free(&q);
}

/* encode -> decode gives p back (impl and expectation are not encoded). */
static void check_binary(const sf_prog *p, const char *what) {
    uint8_t *bytes = NULL;
    size_t n = 0;
    int rc = sf_prog_encode(p, &bytes, &n);
    CHECK_MSG(rc == SF_PROG_OK, "%s: encode failed %d", what, rc);
    if (rc != SF_PROG_OK)
        return;
    sf_prog q;
    CHECK(sf_prog_decode(bytes, n, &q) == SF_PROG_OK);
    strcpy(q.impl, p->impl);
    sf_prog_set_expect(&q, p->expect_fail ? p->expect_sig : NULL);
    CHECK_MSG(sf_prog_equal(p, &q), "%s: decode(encode(p)) differs", what);
    free(bytes);
    sf_prog_free(&q);
}

typedef struct coverage {
    unsigned kinds[SF_OP_NKINDS], deferred[SF_OP_NKINDS], strategies[SIM_NSTRATEGIES];
    unsigned fail, refs_parent, select_default, open_deadline, open_supervisor;
    unsigned rets[SF_NRET];
} coverage;

static void cover(coverage *c, const sf_prog *p) {
    c->strategies[p->strategy]++;
    c->fail += p->expect_fail;
    for (unsigned b = 0; b < p->nbodies; b++) {
        for (unsigned i = 0; i < p->bodies[b].nops; i++) {
            const sf_op *op = &p->bodies[b].ops[i];
            c->kinds[op->kind]++;
            c->deferred[op->kind] += op->deferred;
            c->refs_parent += op->scope == SF_SCOPE_PARENT || op->dscope == SF_SCOPE_PARENT;
            c->select_default += op->kind == SF_OP_SELECT && op->flag;
            c->open_deadline += op->kind == SF_OP_OPEN && op->num;
            c->open_supervisor += op->kind == SF_OP_OPEN && op->flag;
            if (op->kind == SF_OP_RETURN)
                c->rets[op->flag]++;
        }
    }
}

static void check_coverage(const coverage *c) {
    for (unsigned k = 1; k < SF_OP_NKINDS; k++) {
        CHECK_MSG(c->kinds[k] > 0, "no seed uses '%s'", sf_op_name(k));
        CHECK_MSG(!sf_op_info_of(k)->deferrable || c->deferred[k] > 0, "no seed defers '%s'",
                  sf_op_name(k));
    }
    for (unsigned s = 0; s < SIM_NSTRATEGIES; s++)
        CHECK_MSG(c->strategies[s] > 0 || (sim_strategy_flags((sim_strategy)s) & SIM_SF_PROFILE),
                  "no seed uses strategy %s", sim_strategy_name((sim_strategy)s));
    CHECK(c->fail > 0 && c->refs_parent > 0 && c->select_default > 0 && c->open_deadline > 0);
    CHECK(c->open_supervisor > 0);
    for (unsigned f = 0; f < SF_NRET; f++)
        CHECK_MSG(c->rets[f] > 0, "no seed has `return %s`", sf_ret_name(f));
}

static int is_sched(const char *name) {
    size_t n = strlen(name);
    return n > 6 && strcmp(name + n - 6, ".sched") == 0;
}

static void check_seeds(const char *dir) {
    coverage cov = {0};
    unsigned files = 0;
    DIR *d = opendir(dir);
    CHECK_MSG(d != NULL, "cannot open %s", dir);
    for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;) {
        if (!is_sched(e->d_name))
            continue;
        char path[4096], err[256] = "";
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        sf_prog p;
        int rc = sf_sched_parse_file(path, &p, err, sizeof err);
        CHECK_MSG(rc == SF_PROG_OK, "%s", err);
        CHECK_MSG(sf_prog_validate(&p, err, sizeof err) == SF_PROG_OK, "%s: %s", path, err);
        check_text(&p, path);
        check_binary(&p, path);
        cover(&cov, &p);
        sf_prog_free(&p);
        files++;
    }
    if (d != NULL)
        closedir(d);
    CHECK_MSG(files >= 5, "only %u seed files in %s", files, dir);
    check_coverage(&cov);
    printf("seeds: %u files\n", files);
}

/* Decoded programs with a random implementation name and expectation. */
static void check_random(unsigned count) {
    static const char *const impls[] = {"reference", "zoo.double_close", "third-party-1"};
    static const char *const sigs[] = {NULL, "deadlock", "leak:scope-close", "asan:heap-uaf"};
    uint64_t rng = 42;
    uint8_t buf[320];
    size_t ops = 0, kinds = 0, fails = 0;
    for (unsigned i = 0; i < count; i++) {
        size_t n = rng_next(&rng) % sizeof buf;
        rng_bytes(&rng, buf, n);
        if (i % 4 == 0 && n >= 3) /* version 4: faults */
            memcpy(buf, (const uint8_t[]){SF_PROG_MAGIC0, SF_PROG_MAGIC1, 4}, 3);
        sf_prog p;
        if (sf_prog_decode(buf, n, &p) == SF_PROG_EVERSION) {
            CHECK(sf_prog_format_version(buf, n) != 1); /* a prefix of an unknown version */
            continue;
        }
        CHECK(sf_prog_set_impl(&p, impls[rng_next(&rng) % 3]) == SF_PROG_OK);
        CHECK(sf_prog_set_expect(&p, sigs[rng_next(&rng) % 4]) == SF_PROG_OK);
        char what[64];
        snprintf(what, sizeof what, "random program %u", i);
        check_text(&p, what);
        check_binary(&p, what);
        ops += sf_prog_nops(&p);
        kinds += p.fault_kinds != 0;
        fails += p.nfails;
        sf_prog_free(&p);
    }
    CHECK_MSG(kinds > count / 8 && fails > count / 4, "%zu with fault kinds, %zu listed", kinds,
              fails);
    printf("random: %u programs, %zu ops, %zu with fault kinds, %zu listed faults\n", count, ops,
           kinds, fails);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s corpus/sched\n", argv[0]);
        return 2;
    }
    check_seeds(argv[1]);
    check_random(100000);
    return check_report("test_roundtrip");
}
