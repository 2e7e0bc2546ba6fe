/* test_parse_errors.c - the .sched parser reports the first error as
 * file:line:col: message, exactly, and survives any input: a table of bad
 * texts, then 200k deterministic mutations of a valid text. */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "prog.h"

typedef struct bad_case {
    const char *text;
    size_t len; /* 0: strlen(text) */
    const char *msg;
} bad_case;

static const bad_case cases[] = {
    {"task 0:\n  sned c0\n", 0, "t.sched:2:3: unknown operation 'sned'"},
    {"task 0:\n  sleep 1x\n", 0, "t.sched:2:9: bad number '1x'"},
    {"task 0:\n  sleep 256\n", 0, "t.sched:2:9: time out of range '256' (0..255)"},
    {"strategy random seed 99999999999999999999999\ntask 0:\n", 0,
     "t.sched:1:22: seed out of range '99999999999999999999999' (0..18446744073709551615)"},
    {"impl reference\nsend c0\n", 0, "t.sched:2:1: operation outside a task (missing 'task N:')"},
    {"implementation reference\n", 0, "t.sched:1:1: unknown keyword 'implementation'"},
    {"impl bad!name\ntask 0:\n", 0,
     "t.sched:1:6: bad implementation name 'bad!name' (letters, digits, _ . -)"},
    {"task 0:\n  send", 0, "t.sched:2:7: expected channel (c0..c7)"},
    {"task 0:\n  send c0\0\n", 18, "t.sched:2:10: NUL byte"},
    {"# a\0b\ntask 0:\n", 13, "t.sched:1:4: NUL byte"},
    {"task 0:\ntask 1:\n  yield\ntask 1:\n", 0, "t.sched:4:1: duplicate task 1 (first at line 2)"},
    {"impl a\nimpl b\ntask 0:\n", 0, "t.sched:2:1: duplicate 'impl' line (first at line 1)"},
    {"task 0:\nimpl a\n", 0, "t.sched:2:1: 'impl' must come before the first task"},
    {"", 0, "t.sched:1:1: no task: a program needs 'task 0:'"},
    {"# only a comment\n", 0, "t.sched:2:1: no task: a program needs 'task 0:'"},
    {"task 0:\ntask 2:\n", 0, "t.sched:2:1: task 1 is missing (tasks are numbered 0..2)"},
    {"task 0:\n  spawn 3\n  spawn 1\ntask 1:\n", 0, "t.sched:2:9: spawn of undefined task 3"},
    {"task 0:\n  defer recv c0\n", 0,
     "t.sched:2:9: 'recv' cannot be deferred (deferrable: cancel, spawn, close c<n>, free, "
     "send)"},
    {"task 0:\n  send c8\n", 0, "t.sched:2:8: channel out of range 'c8' (c0..c7)"},
    {"task 0:\n  send x\n", 0, "t.sched:2:8: expected channel (c0..c7), got 'x'"},
    {"schedule 1 2\ntask 0:\n", 0, "t.sched:1:1: 'schedule' needs 'strategy replay' before it"},
    {"strategy bytes\nbytes 0g\ntask 0:\n", 0, "t.sched:2:7: bad byte '0g' (two hex digits)"},
    {"task 0:\n  select default\n", 0, "t.sched:2:17: select needs at least one case"},
    {"task 0:\n  select recv c0 recv c1 recv c2 recv c3 recv c4\n", 0,
     "t.sched:2:42: too many select cases (max 4)"},
    {"strategy dfs\n", 0, "t.sched:1:10: unknown strategy 'dfs' (random, pct, pos, bytes, replay)"},
    {"task 0:\n  open s0\n", 0, "t.sched:2:8: open needs s1..s7 (s0 is the task's own scope)"},
    {"task 0:\n  yield now\n", 0, "t.sched:2:9: unexpected 'now'"},
    {"task 0:\n  yield \x01\n", 0, "t.sched:2:9: invalid character 0x01"},
    {"task 0:\n  yield \xc3\xa9\n", 0, "t.sched:2:9: invalid character 0xc3"},
    {"task zero:\n", 0, "t.sched:1:6: bad number 'zero'"},
    {"task 0\n", 0, "t.sched:1:6: expected task number and ':' (task N:), got '0'"},
    {"task 8:\n", 0, "t.sched:1:6: task out of range '8' (0..7)"},
    {"task 0:\n  sned c0\n  send c9\n", 0, "t.sched:2:3: unknown operation 'sned'"},
    {"task 0:\n  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", 0,
     "t.sched:2:3: unknown operation 'aaaaaaaaaaaaaaaaaaaaaaaa...'"},
    {"expect maybe\n", 0, "t.sched:1:8: expected 'ok' or 'fail', got 'maybe'"},
    {"strategy pct depth 0\n", 0, "t.sched:1:20: depth out of range '0' (1..16)"},
    {"strategy bytes seed 1\n", 0, "t.sched:1:16: unexpected 'seed'"},
    {"task 0:\n  defer in s9 send c0\n", 0, "t.sched:2:12: scope out of range 's9' (s0..s7)"},
    {"task 0:\n  chan c0 cap 1 cap 2\n", 0, "t.sched:2:17: duplicate 'cap'"},
    {"task 0:\n  chan c0 cap 9\n", 0, "t.sched:2:15: cap out of range '9' (0..8)"},
    {"task 0:\n  close x1\n", 0, "t.sched:2:9: expected scope (s0..s7, parent), got 'x1'"},
    {"task 0:\n  return maybe\n", 0,
     "t.sched:2:10: expected 'ok', 'error', 'cancelled' or 'timeout', got 'maybe'"},
    {"expect fail\n", 0, "t.sched:1:12: expected failure signature"},
    {"faults alloc oom\n", 0,
     "t.sched:1:14: unknown fault kind 'oom' (alloc, spawn, wake, timeout)"},
    {"faults alloc alloc\n", 0, "t.sched:1:14: duplicate fault kind 'alloc'"},
    {"faults rate 3\n", 0, "t.sched:1:8: expected fault kind before 'rate', got 'rate'"},
    {"faults all rate 0\n", 0, "t.sched:1:17: fault rate out of range '0' (1..65535)"},
    {"faults all rate 2 x\n", 0, "t.sched:1:19: unexpected 'x'"},
    {"fail alloc 3\n", 0, "t.sched:1:12: expected the fault point's number '#N' (N >= 1)"},
    {"fail alloc # 3\n", 0, "t.sched:1:12: expected the fault point's number '#N' (N >= 1)"},
    {"fail alloc #0\n", 0, "t.sched:1:12: fault point number out of range '0' (1..4294967295)"},
    {"fail alloc #2\nfail alloc #2\n", 0, "t.sched:2:1: duplicate 'fail alloc #2'"},
    {"fail wake #1 x\n", 0, "t.sched:1:14: unexpected 'x'"},
    {"faults wake\nstrategy replay\ntask 0:\n", 0,
     "t.sched:1:1: 'faults' needs a strategy that decides (strategy replay replays only the "
     "'fail' lines)"},
};

static void check_table(void) {
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bad_case *c = &cases[i];
        size_t len = c->len ? c->len : strlen(c->text);
        char err[256] = "";
        sf_prog p;
        int rc = sf_sched_parse(c->text, len, "t.sched", &p, err, sizeof err);
        CHECK_MSG(rc == SF_PROG_EPARSE, "case %zu: rc %d", i, rc);
        CHECK_MSG(strcmp(err, c->msg) == 0, "case %zu:\n  got  %s\n  want %s", i, err, c->msg);
        CHECK(sf_prog_validate(&p, NULL, 0) == SF_PROG_OK && sf_prog_nops(&p) == 0);
        sf_prog_free(&p);
    }
    printf("table: %zu bad inputs\n", sizeof cases / sizeof cases[0]);
}

/* 33 operations in one task, and a 10k-byte line. */
static void check_limits(void) {
    char text[16 + 40 * 10 + 10100];
    char err[256] = "";
    sf_prog p;
    size_t n = (size_t)sprintf(text, "task 0:\n");
    for (int i = 0; i < 33; i++)
        n += (size_t)sprintf(text + n, "  yield\n");
    CHECK(sf_sched_parse(text, n, "t.sched", &p, err, sizeof err) == SF_PROG_EPARSE);
    CHECK_MSG(strcmp(err, "t.sched:34:3: too many operations in task 0 (max 32)") == 0, "%s", err);
    n = (size_t)sprintf(text, "task 0:\n  yield");
    memset(text + n, ' ', 10000);
    text[n + 10000] = '\n';
    CHECK(sf_sched_parse(text, n + 10001, "t.sched", &p, err, sizeof err) == SF_PROG_EPARSE);
    CHECK_MSG(strcmp(err, "t.sched:2:1025: line too long (more than 1024 bytes)") == 0, "%s", err);
    /* Exactly 1024 bytes is fine; the default file name; a tiny buffer. */
    memset(text + 8, ' ', 1024);
    memcpy(text + 8 + 1017, "  yield", 7);
    CHECK(sf_sched_parse(text, 8 + 1024, NULL, &p, err, sizeof err) == SF_PROG_OK);
    CHECK(p.bodies[0].nops == 1);
    sf_prog_free(&p);
    CHECK(sf_sched_parse("x", 1, NULL, &p, err, sizeof err) == SF_PROG_EPARSE);
    CHECK(strcmp(err, "<input>:1:1: unknown keyword 'x'") == 0);
    CHECK(sf_sched_parse("x", 1, "t", &p, err, 5) == SF_PROG_EPARSE && strcmp(err, "t:1:") == 0);
    CHECK(sf_sched_parse("x", 1, "t", &p, NULL, 0) == SF_PROG_EPARSE);
}

static const char base[] = "impl reference\n"
                           "strategy pct depth 2 seed 9\n"
                           "expect fail deadlock\n"
                           "task 0:\n"
                           "  open s1 in parent deadline 4\n"
                           "  chan c0 cap 2 in s1\n"
                           "  spawn 1 in s1\n"
                           "  defer in s1 close c0\n"
                           "  select send c0 recv c0 default\n"
                           "  close s1\n"
                           "task 1:\n"
                           "  recv c0   # comment\n"
                           "  return error\n";

/* Deterministic mutations of `base`: any result parses to a valid program
 * that round-trips, or gives a well-formed message. */
static void check_mutations(unsigned count) {
    static const char alphabet[] = " \n\t#:0123456789cspr\0\xff";
    uint64_t rng = 5;
    char buf[sizeof base + 64], err[256];
    unsigned ok = 0;
    for (unsigned i = 0; i < count; i++) {
        size_t n = sizeof base - 1;
        memcpy(buf, base, n);
        for (unsigned m = 1 + rng_next(&rng) % 4; m > 0; m--) {
            size_t at = rng_next(&rng) % n;
            char c = alphabet[rng_next(&rng) % (sizeof alphabet - 1)];
            if (rng_next(&rng) % 2 && n < sizeof buf) {
                memmove(buf + at + 1, buf + at, n - at);
                n++;
            }
            buf[at] = c;
        }
        sf_prog p;
        int rc = sf_sched_parse(buf, n, "m", &p, err, sizeof err);
        unsigned line = 0, col = 0;
        CHECK(rc == SF_PROG_OK || (sscanf(err, "m:%u:%u: ", &line, &col) == 2 && line && col));
        CHECK(sf_prog_validate(&p, NULL, 0) == SF_PROG_OK);
        char *text = rc == SF_PROG_OK ? sf_sched_print_str(&p, NULL) : NULL;
        sf_prog q;
        CHECK(text == NULL || sf_sched_parse(text, strlen(text), "m", &q, err, sizeof err) == 0);
        CHECK(text == NULL || sf_prog_equal(&p, &q));
        ok += rc == SF_PROG_OK;
        if (text != NULL)
            sf_prog_free(&q);
        free(text);
        sf_prog_free(&p);
    }
    CHECK(ok > count / 50 && ok < count); /* some parse, most do not */
    printf("mutations: %u inputs, %u parsed\n", count, ok);
}

int main(void) {
    check_table();
    check_limits();
    check_mutations(200000);
    return check_report("test_parse_errors");
}
