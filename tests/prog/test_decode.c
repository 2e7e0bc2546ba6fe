/* test_decode.c - the binary decoder is total, deterministic, bounded and
 * local: 1M pseudo-random byte strings decode to valid programs; fixed
 * inputs decode to the documented programs; a bit flipped in an operand
 * byte changes at most one op. */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "prog.h"

static void check_totality(unsigned count) {
    uint64_t rng = 1;
    uint8_t buf[256];
    char why[128];
    size_t ops = 0, maxops = 0, versions = 0;
    for (unsigned i = 0; i < count; i++) {
        size_t n = rng_next(&rng) % (rng_next(&rng) % 4 == 0 ? sizeof buf : 48);
        rng_bytes(&rng, buf, n);
        sf_prog p;
        /* Total, but for a prefix naming a version this build cannot read. */
        int unknown = sf_prog_format_version(buf, n) > SF_PROG_READ_VERSION ||
                      (n >= 3 && buf[0] == SF_PROG_MAGIC0 && buf[1] == SF_PROG_MAGIC1 && !buf[2]);
        versions += unknown;
        CHECK(sf_prog_decode(buf, n, &p) == (unknown ? SF_PROG_EVERSION : SF_PROG_OK));
        CHECK_MSG(sf_prog_validate(&p, why, sizeof why) == SF_PROG_OK, "input %u: %s", i, why);
        size_t k = sf_prog_nops(&p);
        /* (version 2 adds the partner bodies of sf_prog_pair) */
        CHECK(sf_prog_format_version(buf, n) == 2 || k <= (n > 0 ? (n - 1) / 4 + 1 : 0));
        ops += k;
        maxops = k > maxops ? k : maxops;
        sf_prog_free(&p);
    }
    printf("totality: %u inputs (%zu of an unknown version), %zu ops, largest %zu\n", count,
           versions, ops, maxops);
}

static void check_determinism(void) {
    uint64_t rng = 7;
    uint8_t buf[300];
    for (unsigned i = 0; i < 1000; i++) {
        size_t n = rng_next(&rng) % sizeof buf;
        rng_bytes(&rng, buf, n);
        sf_prog a, b;
        int rc = sf_prog_decode(buf, n, &a);
        CHECK(rc == SF_PROG_OK || rc == SF_PROG_EVERSION);
        CHECK(sf_prog_decode(buf, n, &b) == rc);
        CHECK(sf_prog_equal(&a, &b));
        sf_prog_free(&a);
        sf_prog_free(&b);
    }
}

/* Huge inputs stay within the bounds. */
static void check_bounds(void) {
    size_t n = 1 << 20;
    uint8_t *big = malloc(n);
    CHECK(big != NULL);
    if (big == NULL)
        return;
    for (unsigned fill = 0; fill < 3; fill++) {
        uint64_t rng = fill;
        if (fill == 0)
            memset(big, 0, n); /* all `send c0`: one body, truncated */
        else if (fill == 1)
            memset(big, 0x1f, n); /* all body starts: 8 empty bodies */
        else
            rng_bytes(&rng, big, n);
        if (fill == 2)
            for (size_t i = 1; i < n; i += 4)
                big[i] &= 0x7f; /* no end marker: everything is program */
        sf_prog p;
        CHECK(sf_prog_decode(big, n, &p) == SF_PROG_OK);
        CHECK(sf_prog_validate(&p, NULL, 0) == SF_PROG_OK);
        CHECK(fill != 0 || (p.nbodies == 1 && p.bodies[0].nops == SF_MAX_OPS));
        CHECK(fill != 1 || (p.nbodies == SF_MAX_TASKS && sf_prog_nops(&p) == 0));
        CHECK(fill != 2 || (p.nbodies == SF_MAX_TASKS && p.nsched == 0));
        sf_prog_free(&p);
    }
    /* A long tail is cut at SF_MAX_SCHED_BYTES. */
    memset(big, 0, n);
    big[1] = 0xff;
    sf_prog p;
    CHECK(sf_prog_decode(big, n, &p) == SF_PROG_OK);
    CHECK(p.strategy == SIM_BYTES && p.nsched == SF_MAX_SCHED_BYTES);
    sf_prog_free(&p);
    free(big);
}

/* Fixed inputs and the programs the layout in decode.c promises. */
static void check_layout(void) {
    sf_prog p;
    CHECK(sf_prog_decode(NULL, 0, &p) == SF_PROG_OK);
    CHECK(p.strategy == SIM_BYTES && p.nbodies == 1 && p.bodies[0].nops == 0);
    CHECK(strcmp(p.impl, SF_IMPL_DEFAULT) == 0 && !p.expect_fail);
    sf_prog_free(&p);

    /* pct depth 3; chan c2 cap 5 in s1; next body; deferred send c1 into
     * parent; end; seed 0x0201. */
    const uint8_t in[] = {
        0x02 | (2 << 2), 3, 2 | 1 << 3, 5, 0, 31, 0, 0, 0, 32, 1, 0, 8, 0xff, 1, 2};
    CHECK(sf_prog_decode(in, sizeof in, &p) == SF_PROG_OK);
    CHECK(p.strategy == SIM_PCT && p.pct_depth == 3 && p.seed == 0x0201);
    CHECK(p.nbodies == 2 && p.bodies[0].nops == 1 && p.bodies[1].nops == 1);
    const sf_op *a = &p.bodies[0].ops[0], *b = &p.bodies[1].ops[0];
    CHECK(a->kind == SF_OP_CHAN && a->chan == 2 && a->scope == 1 && a->num == 5);
    CHECK(b->kind == SF_OP_SEND && b->chan == 1 && b->deferred && b->dscope == SF_SCOPE_PARENT);
    sf_prog_free(&p);

    /* replay: tail as u32 LE, a trailing partial decision is ignored. */
    const uint8_t rp[] = {3, 0xff, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 9};
    CHECK(sf_prog_decode(rp, sizeof rp, &p) == SF_PROG_OK);
    CHECK(p.strategy == SIM_REPLAY && p.ndecisions == 2);
    CHECK(p.ndecisions == 2 && p.decisions[0] == 1 && p.decisions[1] == UINT32_MAX);
    sf_prog_free(&p);
}

/* Version 5 reads a return's x & 3 and an open's z bit 1 (supervisor);
 * versions 0-4 read the same records as before (x & 1, no supervisor). */
static void check_v5(void) {
    /* return (slot 13) x = 2, x = 3; open (slot 7) slot s1 z = 2 | 1,
     * deadline 9 */
    const uint8_t recs[] = {13, 2, 0, 0, 13, 3, 0, 0, 7, 0, 9, 3};
    for (int v = 0; v <= 5; v++) {
        /* the version-1 header, then (version 4 on) an empty fault block */
        uint8_t in[5 + 4 + sizeof recs] = {SF_PROG_MAGIC0, SF_PROG_MAGIC1, (uint8_t)v, 1, 0x30};
        size_t hdr = v == 0 ? 1 : v >= 4 ? 9 : 5;
        if (v == 0)
            in[0] = 1;
        memcpy(in + hdr, recs, sizeof recs);
        sf_prog p;
        CHECK(sf_prog_decode(in, hdr + sizeof recs, &p) == SF_PROG_OK);
        const sf_op *o = p.bodies[0].ops;
        CHECK(p.bodies[0].nops == 3 && o[2].kind == SF_OP_OPEN && o[2].num == 9);
        CHECK(o[0].flag == (v >= 5 ? SF_RET_CANCELLED : SF_RET_OK));
        CHECK(o[1].flag == (v >= 5 ? SF_RET_TIMEOUT : SF_RET_ERROR));
        CHECK(o[2].flag == (v >= 5));
        uint8_t *out = NULL;
        size_t n = 0;
        CHECK(sf_prog_encode(&p, &out, &n) == SF_PROG_OK);
        CHECK(n > 3 && out[2] == (v >= 5 ? 5 : 1)); /* version 5 only when needed */
        free(out);
        sf_prog_free(&p);
    }
}

static unsigned op_diff(const sf_prog *a, const sf_prog *b) {
    unsigned d = 0;
    for (unsigned i = 0; i < a->nbodies; i++) {
        for (unsigned j = 0; j < a->bodies[i].nops; j++) {
            sf_prog one;
            sf_prog_init(&one);
            one.bodies[0].nops = 1;
            one.bodies[0].ops[0] = a->bodies[i].ops[j];
            sf_prog two = one;
            two.bodies[0].ops[0] = b->bodies[i].ops[j];
            d += !sf_prog_equal(&one, &two);
        }
    }
    return d;
}

/* Flipping one bit of an operand byte (x, y, z) of a record before the end
 * marker changes at most one op and nothing else. */
static void check_locality(void) {
    uint64_t rng = 99;
    uint8_t buf[128];
    unsigned changed = 0;
    for (unsigned i = 0; i < 20000; i++) {
        size_t n = 5 + rng_next(&rng) % (sizeof buf - 5);
        rng_bytes(&rng, buf, n);
        for (size_t r = 1; r < n; r += 4)
            buf[r] &= 0x7f; /* no end marker */
        size_t rec = rng_next(&rng) % ((n - 1) / 4);
        size_t at = 1 + rec * 4 + 1 + rng_next(&rng) % 3;
        if (at >= n)
            continue;
        sf_prog a, b;
        sf_prog_decode(buf, n, &a);
        buf[at] ^= (uint8_t)(1u << (rng_next(&rng) % 8));
        sf_prog_decode(buf, n, &b);
        int same_shape = a.nbodies == b.nbodies;
        for (unsigned k = 0; same_shape && k < a.nbodies; k++)
            same_shape = a.bodies[k].nops == b.bodies[k].nops;
        CHECK(same_shape);
        unsigned d = same_shape ? op_diff(&a, &b) : 99;
        CHECK_MSG(d <= 1, "input %u: %u ops changed", i, d);
        changed += d;
        sf_prog_free(&a);
        sf_prog_free(&b);
    }
    CHECK(changed > 4000); /* a flip in a used operand bit changes the op */
    printf("locality: %u of 20000 flips changed one op\n", changed);
}

/* sf_prog_pair: a partner per channel-making body, spawned after its last
 * `chan`; it sends what receives miss (receives what sends leave over
 * beyond the capacity: none for c1), then closes; a full program is left
 * alone. */
static void check_pair(void) {
    static const char *const in = "task 0:\n chan c0\n chan c1 cap 2\n spawn 1\n recv c0\n"
                                  " recv c0\n send c1\n"
                                  "task 1:\n recv c0\n chan c2\n send c2\n";
    static const char *const want = "task 0:\n chan c0\n chan c1 cap 2\n spawn 2\n spawn 1\n"
                                    " recv c0\n recv c0\n send c1\n"
                                    "task 1:\n recv c0\n chan c2\n spawn 3\n send c2\n"
                                    "task 2:\n send c0\n send c0\n send c0\n close c0\n"
                                    " close c1\n"
                                    "task 3:\n recv c2\n close c2\n";
    sf_prog p, q;
    char err[200];
    CHECK(sf_sched_parse(in, strlen(in), NULL, &p, err, sizeof err) == SF_PROG_OK);
    CHECK(sf_sched_parse(want, strlen(want), NULL, &q, err, sizeof err) == SF_PROG_OK);
    CHECK(sf_prog_pair(&p) == 2);
    char *got = sf_sched_print_str(&p, NULL);
    CHECK_MSG(sf_prog_equal(&p, &q), "paired:\n%s", got ? got : "?");
    free(got);
    /* No channel, or no free body: unchanged. */
    sf_prog_free(&q);
    sf_prog_init(&q);
    q.nbodies = SF_MAX_TASKS;
    q.bodies[3].nops = 1;
    q.bodies[3].ops[0].kind = SF_OP_CHAN;
    CHECK(sf_prog_pair(&q) == 0 && q.nbodies == SF_MAX_TASKS && q.bodies[3].nops == 1);
    sf_prog_free(&p);
    sf_prog_init(&p);
    CHECK(sf_prog_pair(&p) == 0 && p.nbodies == 1);
    sf_prog_free(&p);
    sf_prog_free(&q);
}

int main(void) {
    check_pair();
    check_layout();
    check_v5();
    check_determinism();
    check_bounds();
    check_locality();
    check_totality(1000000);
    return check_report("test_decode");
}
