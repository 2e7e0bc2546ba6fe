/* sched_lex.c - tokens, numbers, operands and errors of the .sched parser. */
#include <stdarg.h>
#include <string.h>

#include "sched_int.h"

int sched_fail(sched_parser *ps, size_t col, const char *fmt, ...) {
    if (ps->err == NULL || ps->errlen == 0)
        return SF_PROG_EPARSE;
    int k = snprintf(ps->err, ps->errlen, "%s:%u:%zu: ", ps->file ? ps->file : "<input>",
                     ps->lineno, col);
    if (k >= 0 && (size_t)k < ps->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ps->err + k, ps->errlen - (size_t)k, fmt, ap);
        va_end(ap);
    }
    return SF_PROG_EPARSE;
}

const char *sched_quote(const sched_tok *t, char buf[32]) {
    size_t n = t->n > 24 ? 24 : t->n;
    memcpy(buf, t->s, n);
    strcpy(buf + n, t->n > 24 ? "..." : "");
    return buf;
}

int sched_is(const sched_tok *t, const char *word) {
    return strlen(word) == t->n && memcmp(t->s, word, t->n) == 0;
}

static int tok_char(unsigned char c) { return c > ' ' && c < 127 && c != '#'; }

/* Skips a comment to the end of the line; NUL bytes are errors there too. */
static int skip_comment(sched_parser *ps) {
    const char *nul = memchr(ps->line + ps->pos, '\0', ps->len - ps->pos);
    if (nul != NULL)
        return sched_fail(ps, (size_t)(nul - ps->line) + 1, "NUL byte");
    ps->pos = ps->len;
    return 0;
}

int sched_next(sched_parser *ps, sched_tok *t) {
    while (ps->pos < ps->len &&
           (ps->line[ps->pos] == ' ' || ps->line[ps->pos] == '\t' || ps->line[ps->pos] == '\r'))
        ps->pos++;
    if (ps->pos == ps->len)
        return 0;
    unsigned char c = (unsigned char)ps->line[ps->pos];
    if (c == '#')
        return skip_comment(ps);
    if (c == '\0')
        return sched_fail(ps, ps->pos + 1, "NUL byte");
    if (!tok_char(c))
        return sched_fail(ps, ps->pos + 1, "invalid character 0x%02x", c);
    size_t start = ps->pos;
    while (ps->pos < ps->len && tok_char((unsigned char)ps->line[ps->pos]))
        ps->pos++;
    *t = (sched_tok){ps->line + start, ps->pos - start, start + 1};
    ps->last_end = ps->pos;
    return 1;
}

int sched_need(sched_parser *ps, sched_tok *t, const char *what) {
    int rc = sched_next(ps, t);
    if (rc == 0)
        return sched_fail(ps, ps->last_end + 1, "expected %s", what);
    return rc < 0 ? rc : SF_PROG_OK;
}

int sched_expected(sched_parser *ps, const sched_tok *t, const char *what) {
    char q[32];
    return sched_fail(ps, t->col, "expected %s, got '%s'", what, sched_quote(t, q));
}

int sched_number(sched_parser *ps, const sched_tok *t, uint64_t min, uint64_t max, const char *what,
                 uint64_t *out) {
    char q[32];
    uint64_t v = 0;
    int over = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (t->s[i] < '0' || t->s[i] > '9')
            return sched_fail(ps, t->col, "bad number '%s'", sched_quote(t, q));
        unsigned d = (unsigned)(t->s[i] - '0');
        over |= v > (UINT64_MAX - d) / 10;
        v = over ? v : v * 10 + d;
    }
    if (over || v < min || v > max)
        return sched_fail(ps, t->col, "%s out of range '%s' (%llu..%llu)", what, sched_quote(t, q),
                          (unsigned long long)min, (unsigned long long)max);
    *out = v;
    return SF_PROG_OK;
}

int sched_prefixed(sched_parser *ps, const sched_tok *t, char prefix, unsigned min, unsigned max,
                   const char *what, uint8_t *out) {
    char q[32], expect[48];
    snprintf(expect, sizeof expect, "%s (%c%u..%c%u)", what, prefix, min, prefix, max);
    if (t->n < 2 || t->s[0] != prefix)
        return sched_expected(ps, t, expect);
    for (size_t i = 1; i < t->n; i++) {
        if (t->s[i] < '0' || t->s[i] > '9')
            return sched_expected(ps, t, expect);
    }
    sched_tok digits = {t->s + 1, t->n - 1, t->col + 1};
    uint64_t v;
    if (digits.n > 3 || sched_number(ps, &digits, 0, 999, what, &v) != SF_PROG_OK || v < min ||
        v > max)
        return sched_fail(ps, t->col, "%s out of range '%s' (%c%u..%c%u)", what, sched_quote(t, q),
                          prefix, min, prefix, max);
    *out = (uint8_t)v;
    return SF_PROG_OK;
}

int sched_scope_ref(sched_parser *ps, const sched_tok *t, uint8_t *out) {
    if (sched_is(t, "parent")) {
        *out = SF_SCOPE_PARENT;
        return SF_PROG_OK;
    }
    if (t->n < 1 || t->s[0] != 's')
        return sched_expected(ps, t, "scope (s0..s7, parent)");
    return sched_prefixed(ps, t, 's', 0, SF_MAX_SCOPES - 1, "scope", out);
}

int sched_end(sched_parser *ps) {
    sched_tok t;
    int rc = sched_next(ps, &t);
    if (rc <= 0)
        return rc;
    char q[32];
    return sched_fail(ps, t.col, "unexpected '%s'", sched_quote(&t, q));
}
