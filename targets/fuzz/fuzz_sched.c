/*
 * fuzz_sched.c - libFuzzer target for the .sched parser.
 *
 * Oracles (abort on violation): a rejected text gets a message of the form
 * "fuzz:line:col: message"; an accepted text gives a valid program whose
 * canonical print parses back to an equal program and is a fixed point of
 * print(parse(.)); encode/decode gives the program back.  ASan/UBSan catch
 * memory errors; libFuzzer's -timeout/-rss_limit catch hangs and blowups.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prog.h"

static void fail(const char *what, const char *text) {
    fprintf(stderr, "fuzz_sched: %s\n%s\n", what, text ? text : "");
    abort();
}

static void check_message(const char *err) {
    unsigned line = 0, col = 0;
    if (sscanf(err, "fuzz:%u:%u: ", &line, &col) != 2 || line == 0 || col == 0)
        fail("malformed error message", err);
}

static void check_binary(const sf_prog *p) {
    uint8_t *bytes = NULL;
    size_t n = 0;
    sf_prog q;
    if (sf_prog_encode(p, &bytes, &n) != SF_PROG_OK)
        return; /* out of memory */
    if (sf_prog_decode(bytes, n, &q) == SF_PROG_OK) {
        strcpy(q.impl, p->impl);
        sf_prog_set_expect(&q, p->expect_fail ? p->expect_sig : NULL);
        if (!sf_prog_equal(p, &q))
            fail("decode(encode(p)) != p", NULL);
        sf_prog_free(&q);
    }
    free(bytes);
}

static void check_text(const sf_prog *p) {
    char err[256];
    size_t len = 0;
    char *text = sf_sched_print_str(p, &len);
    sf_prog q;
    if (text == NULL)
        return; /* out of memory */
    if (sf_sched_parse(text, len, "printed", &q, err, sizeof err) != SF_PROG_OK)
        fail(err, text);
    if (!sf_prog_equal(p, &q))
        fail("parse(print(p)) != p", text);
    char *again = sf_sched_print_str(&q, NULL);
    if (again != NULL && strcmp(again, text) != 0)
        fail("print is not canonical", text);
    free(again);
    free(text);
    sf_prog_free(&q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char err[256];
    sf_prog p;
    int rc = sf_sched_parse((const char *)data, size, "fuzz", &p, err, sizeof err);
    if (rc == SF_PROG_EPARSE)
        check_message(err);
    if (rc != SF_PROG_OK)
        return 0;
    if (sf_prog_validate(&p, err, sizeof err) != SF_PROG_OK)
        fail("parsed program is invalid", err);
    check_text(&p);
    check_binary(&p);
    sf_prog_free(&p);
    return 0;
}
