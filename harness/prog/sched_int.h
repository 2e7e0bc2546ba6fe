/* sched_int.h - the .sched parser's shared state (private to harness/prog). */
#ifndef SF_SCHED_INT_H
#define SF_SCHED_INT_H

#include "prog_int.h"

/* A token: a run of printable bytes other than space and '#'. */
typedef struct sched_tok {
    const char *s;
    size_t n;
    size_t col; /* 1-based byte column */
} sched_tok;

typedef struct sched_spawn_ref {
    unsigned line;
    size_t col;
    uint8_t body;
} sched_spawn_ref;

typedef struct sched_parser {
    const char *file;
    char *err;
    size_t errlen;
    const char *line; /* the current line, without its newline */
    size_t len, pos;  /* its length, the lexer's offset in it */
    size_t last_end;  /* offset just past the last token read */
    unsigned lineno;
    sf_prog *p;
    int cur;                                        /* body being filled, -1 before any */
    unsigned seen_impl, seen_strategy, seen_expect; /* line numbers, 0: not seen */
    unsigned seen_faults;
    unsigned task_line[SF_MAX_TASKS]; /* 0: not declared */
    size_t task_col[SF_MAX_TASKS];
    sched_spawn_ref spawns[SF_MAX_TASKS * SF_MAX_OPS];
    size_t nspawns;
} sched_parser;

/* Formats "file:line:col: message" into ps->err; returns SF_PROG_EPARSE. */
int sched_fail(sched_parser *ps, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Copies a token for a message (at most 24 bytes, then "..."). */
const char *sched_quote(const sched_tok *t, char buf[32]);

/* 1 if the token is exactly `word`. */
int sched_is(const sched_tok *t, const char *word);

/* Next token of the current line: 1 and *t; 0 at end of line (or comment);
 * SF_PROG_EPARSE on a NUL byte or a non-printable byte. */
int sched_next(sched_parser *ps, sched_tok *t);

/* Like sched_next, but end of line is an error "expected <what>". */
int sched_need(sched_parser *ps, sched_tok *t, const char *what);

/* Error "expected <what>, got '<t>'" at t. */
int sched_expected(sched_parser *ps, const sched_tok *t, const char *what);

/* Decimal number in [min, max] ("bad number", "<what> out of range"). */
int sched_number(sched_parser *ps, const sched_tok *t, uint64_t min, uint64_t max, const char *what,
                 uint64_t *out);

/* `prefix` followed by a number in [min, max], e.g. c0..c7. */
int sched_prefixed(sched_parser *ps, const sched_tok *t, char prefix, unsigned min, unsigned max,
                   const char *what, uint8_t *out);

/* Scope reference: s0..s7 or `parent`. */
int sched_scope_ref(sched_parser *ps, const sched_tok *t, uint8_t *out);

/* Fails with "unexpected '<t>'" if the line has another token. */
int sched_end(sched_parser *ps);

/* Parses an operation line whose first token is `first` (in a task). */
int sched_parse_op(sched_parser *ps, const sched_tok *first);

/* The header lines `faults KIND... [rate N]` and `fail KIND #N` (after
 * their keyword kw); sched_parse_fault.c. */
int sched_parse_faults(sched_parser *ps);
int sched_parse_fail(sched_parser *ps, const sched_tok *kw);

/* 1 if the word starts an operation (an op keyword or `defer`). */
int sched_is_op_word(const sched_tok *t);

#endif
