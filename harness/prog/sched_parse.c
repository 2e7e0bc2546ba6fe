/* sched_parse.c - .sched text -> program: lines, header lines, tasks. */
#include <stdlib.h>
#include <string.h>

#include "sched_int.h"

/* Marks a header line seen; "duplicate" error if it was already. */
static int once(sched_parser *ps, const sched_tok *t, unsigned *seen) {
    if (*seen)
        return sched_fail(ps, t->col, "duplicate '%.*s' line (first at line %u)", (int)t->n, t->s,
                          *seen);
    *seen = ps->lineno;
    return SF_PROG_OK;
}

static int parse_impl(sched_parser *ps) {
    sched_tok t;
    char q[32], name[SF_IMPL_MAX + 1];
    int rc = sched_need(ps, &t, "implementation name");
    if (rc != SF_PROG_OK)
        return rc;
    if (t.n > SF_IMPL_MAX)
        return sched_fail(ps, t.col, "implementation name too long '%s' (max %u)",
                          sched_quote(&t, q), SF_IMPL_MAX);
    memcpy(name, t.s, t.n);
    name[t.n] = '\0';
    if (sf_prog_set_impl(ps->p, name) != SF_PROG_OK)
        return sched_fail(ps, t.col, "bad implementation name '%s' (letters, digits, _ . -)",
                          sched_quote(&t, q));
    return sched_end(ps);
}

/* seed <u64> (random, pct) and depth <1..16> (pct), any order, once each. */
static int parse_strategy_opts(sched_parser *ps) {
    sched_tok t, v;
    char q[32];
    unsigned seen_seed = 0, seen_depth = 0;
    int rc;
    sf_prog *p = ps->p;
    while ((rc = sched_next(ps, &t)) == 1) {
        unsigned flags = sim_strategy_flags(p->strategy);
        int seed = sched_is(&t, "seed") && (flags & SIM_SF_SEED);
        int depth = sched_is(&t, "depth") && (flags & SIM_SF_DEPTH);
        if (!seed && !depth)
            return sched_fail(ps, t.col, "unexpected '%s'", sched_quote(&t, q));
        if ((seed ? seen_seed : seen_depth) != 0)
            return sched_fail(ps, t.col, "duplicate '%s'", seed ? "seed" : "depth");
        if (seed)
            seen_seed = 1;
        else
            seen_depth = 1;
        uint64_t n;
        if ((rc = sched_need(ps, &v, "number")) != SF_PROG_OK ||
            (rc = sched_number(ps, &v, seed ? 0 : 1, seed ? UINT64_MAX : SF_MAX_PCT_DEPTH,
                               seed ? "seed" : "depth", &n)) != SF_PROG_OK)
            return rc;
        if (seed)
            p->seed = n;
        else
            p->pct_depth = (uint32_t)n;
    }
    return rc;
}

static int parse_strategy(sched_parser *ps) {
    sched_tok t;
    char q[32], names[128], what[160];
    sim_strategy_list(0, SIM_SF_PROFILE, names, sizeof names);
    snprintf(what, sizeof what, "strategy (%s)", names);
    int rc = sched_need(ps, &t, what);
    if (rc != SF_PROG_OK)
        return rc;
    sim_strategy s;
    if (sim_strategy_parse_n(t.s, t.n, &s) == 0 && !(sim_strategy_flags(s) & SIM_SF_PROFILE)) {
        ps->p->strategy = s;
        ps->p->pct_depth = sim_strategy_flags(s) & SIM_SF_DEPTH ? SF_PCT_DEFAULT_DEPTH : 0;
        return parse_strategy_opts(ps);
    }
    return sched_fail(ps, t.col, "unknown strategy '%s' (%s)", sched_quote(&t, q), names);
}

static int hex(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* One element of a `schedule` (u32 decision) or `bytes` (two hex digits)
 * line, appended to the program. */
static int parse_sched_item(sched_parser *ps, const sched_tok *t, int bytes) {
    char q[32];
    int rc;
    if (bytes) {
        if (t->n != 2 || hex(t->s[0]) < 0 || hex(t->s[1]) < 0)
            return sched_fail(ps, t->col, "bad byte '%s' (two hex digits)", sched_quote(t, q));
        uint8_t b = (uint8_t)(hex(t->s[0]) << 4 | hex(t->s[1]));
        rc = sf_prog_add_sched(ps->p, &b, 1);
    } else {
        uint64_t v;
        if ((rc = sched_number(ps, t, 0, UINT32_MAX, "decision", &v)) != SF_PROG_OK)
            return rc;
        uint32_t d = (uint32_t)v;
        rc = sf_prog_add_decisions(ps->p, &d, 1);
    }
    if (rc == SF_PROG_EINVAL)
        return sched_fail(ps, t->col, "schedule too long (max %u entries)",
                          bytes ? SF_MAX_SCHED_BYTES : SF_MAX_DECISIONS);
    return rc;
}

/* schedule <u32>+ (strategy replay) or bytes <hh>+ (strategy bytes). */
static int parse_sched(sched_parser *ps, const sched_tok *kw, int bytes) {
    sim_strategy need = bytes ? SIM_BYTES : SIM_REPLAY;
    if (!ps->seen_strategy || ps->p->strategy != need)
        return sched_fail(ps, kw->col, "'%s' needs 'strategy %s' before it",
                          bytes ? "bytes" : "schedule", bytes ? "bytes" : "replay");
    sched_tok t;
    int rc = sched_need(ps, &t, bytes ? "a byte (two hex digits)" : "a decision number");
    if (rc != SF_PROG_OK)
        return rc;
    do {
        if ((rc = parse_sched_item(ps, &t, bytes)) != SF_PROG_OK)
            return rc;
    } while ((rc = sched_next(ps, &t)) == 1);
    return rc;
}

static int parse_expect(sched_parser *ps) {
    sched_tok t;
    char q[32], sig[SF_SIG_MAX + 1];
    int rc = sched_need(ps, &t, "'ok' or 'fail <signature>'");
    if (rc != SF_PROG_OK)
        return rc;
    if (sched_is(&t, "ok"))
        return sched_end(ps);
    if (!sched_is(&t, "fail"))
        return sched_expected(ps, &t, "'ok' or 'fail'");
    if ((rc = sched_need(ps, &t, "failure signature")) != SF_PROG_OK)
        return rc;
    if (t.n > SF_SIG_MAX)
        return sched_fail(ps, t.col, "failure signature too long '%s' (max %u)", sched_quote(&t, q),
                          SF_SIG_MAX);
    memcpy(sig, t.s, t.n);
    sig[t.n] = '\0';
    sf_prog_set_expect(ps->p, sig); /* tokens are always valid signatures */
    return sched_end(ps);
}

/* task N: */
static int parse_task(sched_parser *ps, const sched_tok *kw) {
    sched_tok t;
    uint64_t n;
    int rc = sched_need(ps, &t, "task number and ':' (task N:)");
    if (rc != SF_PROG_OK)
        return rc;
    if (t.n < 2 || t.s[t.n - 1] != ':')
        return sched_expected(ps, &t, "task number and ':' (task N:)");
    sched_tok num = {t.s, t.n - 1, t.col};
    if ((rc = sched_number(ps, &num, 0, SF_MAX_TASKS - 1, "task", &n)) != SF_PROG_OK)
        return rc;
    if (ps->task_line[n])
        return sched_fail(ps, kw->col, "duplicate task %u (first at line %u)", (unsigned)n,
                          ps->task_line[n]);
    ps->task_line[n] = ps->lineno;
    ps->task_col[n] = kw->col;
    ps->cur = (int)n;
    return sched_end(ps);
}

static int parse_header(sched_parser *ps, const sched_tok *t) {
    if (ps->cur >= 0)
        return sched_fail(ps, t->col, "'%.*s' must come before the first task", (int)t->n, t->s);
    int rc;
    if (sched_is(t, "impl"))
        return (rc = once(ps, t, &ps->seen_impl)) ? rc : parse_impl(ps);
    if (sched_is(t, "strategy"))
        return (rc = once(ps, t, &ps->seen_strategy)) ? rc : parse_strategy(ps);
    if (sched_is(t, "expect"))
        return (rc = once(ps, t, &ps->seen_expect)) ? rc : parse_expect(ps);
    if (sched_is(t, "faults"))
        return (rc = once(ps, t, &ps->seen_faults)) ? rc : sched_parse_faults(ps);
    if (sched_is(t, "fail"))
        return sched_parse_fail(ps, t);
    return parse_sched(ps, t, sched_is(t, "bytes"));
}

static int is_header_word(const sched_tok *t) {
    return sched_is(t, "impl") || sched_is(t, "strategy") || sched_is(t, "expect") ||
           sched_is(t, "schedule") || sched_is(t, "bytes") || sched_is(t, "faults") ||
           sched_is(t, "fail");
}

static int parse_line(sched_parser *ps) {
    sched_tok t;
    char q[32];
    int rc = sched_next(ps, &t);
    if (rc <= 0)
        return rc;
    if (sched_is(&t, "task"))
        return parse_task(ps, &t);
    if (is_header_word(&t))
        return parse_header(ps, &t);
    if (ps->cur >= 0)
        return sched_parse_op(ps, &t);
    if (sched_is_op_word(&t))
        return sched_fail(ps, t.col, "operation outside a task (missing 'task N:')");
    return sched_fail(ps, t.col, "unknown keyword '%s'", sched_quote(&t, q));
}

/* Whole-file checks: task 0 exists, no gaps, spawns name defined tasks. */
static int finish(sched_parser *ps) {
    unsigned nb = 0;
    for (unsigned i = 0; i < SF_MAX_TASKS; i++)
        nb = ps->task_line[i] ? i + 1 : nb;
    if (nb == 0)
        return sched_fail(ps, 1, "no task: a program needs 'task 0:'");
    for (unsigned i = 0; i < nb; i++) {
        if (ps->task_line[i] != 0)
            continue;
        unsigned j = i + 1;
        while (ps->task_line[j] == 0)
            j++;
        ps->lineno = ps->task_line[j];
        return sched_fail(ps, ps->task_col[j], "task %u is missing (tasks are numbered 0..%u)", i,
                          nb - 1);
    }
    for (size_t i = 0; i < ps->nspawns; i++) {
        if (ps->spawns[i].body >= nb) {
            ps->lineno = ps->spawns[i].line;
            return sched_fail(ps, ps->spawns[i].col, "spawn of undefined task %u",
                              ps->spawns[i].body);
        }
    }
    if (ps->seen_faults && (sim_strategy_flags(ps->p->strategy) & SIM_SF_DECISIONS)) {
        ps->lineno = ps->seen_faults;
        return sched_fail(ps, 1,
                          "'faults' needs a strategy that decides (strategy %s replays "
                          "only the 'fail' lines)",
                          sim_strategy_name(ps->p->strategy));
    }
    ps->p->nbodies = (uint8_t)nb;
    return SF_PROG_OK;
}

static int parse_lines(sched_parser *ps, const char *text, size_t len) {
    size_t at = 0;
    while (at < len) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - text) : len;
        ps->line = text + at;
        ps->len = end - at;
        ps->pos = ps->last_end = 0;
        ps->lineno++;
        if (end - at > SF_SCHED_MAX_LINE)
            return sched_fail(ps, SF_SCHED_MAX_LINE + 1, "line too long (more than %u bytes)",
                              SF_SCHED_MAX_LINE);
        int rc = parse_line(ps);
        if (rc != SF_PROG_OK)
            return rc;
        at = end + 1;
    }
    ps->lineno++;
    return finish(ps);
}

int sf_sched_parse(const char *text, size_t len, const char *file, sf_prog *out, char *err,
                   size_t errlen) {
    sched_parser *ps = calloc(1, sizeof *ps);
    sf_prog_init(out);
    if (ps == NULL)
        return SF_PROG_ENOMEM;
    ps->file = file;
    ps->err = err;
    ps->errlen = errlen;
    ps->p = out;
    ps->cur = -1;
    int rc = len > 0 ? parse_lines(ps, text, len) : (ps->lineno++, finish(ps));
    free(ps);
    if (rc != SF_PROG_OK)
        sf_prog_free(out);
    if (rc == SF_PROG_ENOMEM && err != NULL && errlen > 0)
        snprintf(err, errlen, "%s: out of memory", file ? file : "<input>");
    return rc;
}

/* Reads a whole file (at most 16 MiB) into a malloc'd buffer. */
static int read_file(const char *path, char **buf, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return SF_PROG_EIO;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    while (b != NULL) {
        n += fread(b + n, 1, cap - n, f);
        if (n < cap || cap >= (16u << 20))
            break;
        char *nb = realloc(b, cap * 2);
        if (nb == NULL)
            free(b);
        b = nb;
        cap *= 2;
    }
    int bad = ferror(f) || (b != NULL && n == cap);
    fclose(f);
    if (b == NULL)
        return SF_PROG_ENOMEM;
    if (bad) {
        free(b);
        return SF_PROG_EIO;
    }
    *buf = b;
    *len = n;
    return SF_PROG_OK;
}

int sf_sched_parse_file(const char *path, sf_prog *out, char *err, size_t errlen) {
    char *text = NULL;
    size_t len = 0;
    int rc = read_file(path, &text, &len);
    if (rc != SF_PROG_OK) {
        sf_prog_init(out);
        if (err != NULL && errlen > 0)
            snprintf(err, errlen, "%s: %s", path,
                     rc == SF_PROG_EIO ? "cannot read (or larger than 16 MiB)" : "out of memory");
        return rc;
    }
    rc = sf_sched_parse(text, len, path, out, err, errlen);
    free(text);
    return rc;
}
