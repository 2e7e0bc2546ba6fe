/* ptcase.c - pthread case files: a failing run of a scopefuzz-cc program,
 * written by `scopefuzz test`, replayed by `replay`, shrunk by `minimize`.
 *
 *   # scopefuzz pthread case
 *   program /abs/path/prog
 *   arg ARG                       (one line per argument, verbatim)
 *   strategy random|pct|pos|replay   (the strategy that made the run)
 *   seed N
 *   depth N
 *   decisions d1,d2,...          (replay exactly this schedule; it fires a
 *                                 timer early only where `strategy` could:
 *                                 random and replay, not pct or pos)
 *   faults KIND... [rate N]      (the strategy may fail those fault points:
 *                                 alloc, spawn, wake, timeout; not replayed)
 *   fail KIND #N                 (inject the N-th point of KIND; one line
 *                                 per fault, as in .sched files)
 *   allow-thread-leak            (threads may outlive main: the run had
 *                                 --allow-thread-leak)
 *   expect fail SIGNATURE
 */
#include "ptrun.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char magic[] = "# scopefuzz pthread case";

int pt_case_is(const char *text) { return strncmp(text, magic, sizeof magic - 1) == 0; }

void pt_case_free(pt_case *c) {
    for (int i = 0; i < c->argc; i++)
        free(c->argv[i]);
    free(c->argv);
    free(c->dec);
    memset(c, 0, sizeof *c);
}

static int perr(const char *path, int line, int col, const char *msg, pt_case *c) {
    fprintf(stderr, "%s:%d:%d: %s\n", path, line, col, msg);
    pt_case_free(c);
    return CLI_USAGE;
}

static int add_arg(pt_case *c, const char *s) {
    char **a = realloc(c->argv, (size_t)(c->argc + 2) * sizeof *a);
    if (!a)
        return -1;
    c->argv = a;
    if (!(a[c->argc] = strdup(s)))
        return -1;
    a[++c->argc] = NULL;
    return 0;
}

/* `faults KIND... [rate N]` */
static const char *parse_fault_kinds(const char *v, pt_case *c) {
    while (*v) {
        const char *end = strchr(v, ' ');
        size_t n = end ? (size_t)(end - v) : strlen(v);
        unsigned k;
        if (n == 4 && strncmp(v, "rate", 4) == 0) {
            char *e;
            unsigned long r = end ? strtoul(end + 1, &e, 10) : 0;
            if (!end || e == end + 1 || *e || r < 1 || r > SF_MAX_FAULT_RATE)
                return "rate must be a number in 1..65535, last";
            c->fault_rate = (uint32_t)r;
            return c->fault_kinds ? NULL : "no fault kind before rate";
        }
        if (sim_fault_parse_n(v, n, &k) != 0)
            return "unknown fault kind (alloc, spawn, wake, timeout)";
        c->fault_kinds |= 1u << k;
        v = end ? end + 1 : v + n;
    }
    return c->fault_kinds ? NULL : "expected fault kinds";
}

/* `fail KIND #N` */
static const char *parse_fail(const char *v, pt_case *c) {
    const char *sp = strchr(v, ' ');
    unsigned k;
    char *e;
    if (!sp || sim_fault_parse_n(v, (size_t)(sp - v), &k) != 0 || sp[1] != '#')
        return "expected `fail KIND #N` (alloc, spawn, wake, timeout)";
    unsigned long n = strtoul(sp + 2, &e, 10);
    if (e == sp + 2 || *e || n < 1 || n > UINT32_MAX)
        return "the fault point's number must be 1 or more";
    if (c->nfails == SF_MAX_FAILS)
        return "too many `fail` lines (max 16)";
    c->fails[c->nfails++] = (sim_fault){k, (unsigned)n};
    return NULL;
}

static int parse_decisions(const char *v, pt_case *c) {
    size_t cap = 1;
    for (const char *p = v; *p; p++)
        cap += *p == ',';
    if (!(c->dec = malloc(cap * sizeof *c->dec)))
        return -1;
    while (*v) {
        char *end;
        unsigned long x = strtoul(v, &end, 10);
        if (end == v || x > UINT32_MAX)
            return -1;
        c->dec[c->ndec++] = (uint32_t)x;
        v = *end == ',' ? end + 1 : end;
        if (*end && *end != ',')
            return -1;
    }
    return 0;
}

int pt_case_parse(const char *path, const char *text, pt_case *c) {
    memset(c, 0, sizeof *c);
    snprintf(c->strategy, sizeof c->strategy, "random");
    c->depth = 3;
    int lineno = 0, have_prog = 0;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *line = strndup(p, len);
        if (!line)
            return perr(path, lineno, 1, "out of memory", c);
        p = nl ? nl + 1 : p + len;
        lineno++;
        char *sp = strchr(line, ' ');
        const char *val = sp ? sp + 1 : "";
        if (sp)
            *sp = '\0';
        int bad = 0;
        const char *msg = NULL;
        if (line[0] == '#' || line[0] == '\0') {
        } else if (strcmp(line, "program") == 0) {
            if (have_prog++ || !*val)
                msg = "one `program PATH` line expected";
            else if (c->argc == 0)
                bad = add_arg(c, val);
            else
                msg = "`program` must come before `arg`";
        } else if (strcmp(line, "arg") == 0) {
            if (!have_prog)
                msg = "`arg` before `program`";
            else
                bad = add_arg(c, val);
        } else if (strcmp(line, "strategy") == 0) {
            if (sim_strategy_parse_if(val, SIM_SF_SEED | SIM_SF_DECISIONS, NULL) != 0)
                msg = "unknown strategy (a seeded strategy or replay)";
            else
                snprintf(c->strategy, sizeof c->strategy, "%s", val);
        } else if (strcmp(line, "seed") == 0) {
            char *end;
            c->seed = strtoull(val, &end, 10);
            if (end == val || *end)
                msg = "seed must be a number";
        } else if (strcmp(line, "depth") == 0) {
            char *end;
            c->depth = (unsigned)strtoul(val, &end, 10);
            if (end == val || *end)
                msg = "depth must be a number";
        } else if (strcmp(line, "decisions") == 0) {
            if (parse_decisions(val, c))
                msg = "decisions must be comma-separated numbers";
        } else if (strcmp(line, "faults") == 0) {
            msg = parse_fault_kinds(val, c);
        } else if (strcmp(line, "fail") == 0) {
            msg = parse_fail(val, c);
        } else if (strcmp(line, "allow-thread-leak") == 0) {
            if (sp)
                msg = "`allow-thread-leak` takes no value";
            c->allow_leak = 1;
        } else if (strcmp(line, "expect") == 0) {
            if (strncmp(val, "fail ", 5) != 0 || !val[5])
                msg = "expected `expect fail SIGNATURE`";
            else
                snprintf(c->expect, sizeof c->expect, "%s", val + 5);
        } else {
            msg = "unknown line (program, arg, strategy, seed, depth, decisions, faults, fail, "
                  "allow-thread-leak, expect)";
        }
        int col = sp && msg && strcmp(line, "program") ? (int)(sp - line) + 2 : 1;
        free(line);
        if (bad)
            return perr(path, lineno, 1, "out of memory", c);
        if (msg)
            return perr(path, lineno, col, msg, c);
    }
    if (!have_prog)
        return perr(path, lineno, 1, "no `program PATH` line", c);
    return 0;
}

pt_req pt_case_request(const pt_case *c, int trace) {
    return (pt_req){.strategy = c->dec ? "replay" : c->strategy,
                    .replay_of = c->strategy,
                    .seed = c->seed,
                    .depth = c->depth,
                    .hang_ms = 10000,
                    .trace = trace,
                    .dec = c->dec,
                    .ndec = c->ndec,
                    .fault_kinds = c->dec ? 0 : c->fault_kinds,
                    .fault_rate = c->dec ? 0 : c->fault_rate,
                    .fails = c->fails,
                    .nfails = c->nfails};
}

char *pt_case_text(const pt_case *c) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    fprintf(f, "%s: replay with `scopefuzz replay FILE`, shrink with `scopefuzz minimize`\n",
            magic);
    fprintf(f, "program %s\n", c->argv[0]);
    for (int i = 1; i < c->argc; i++)
        fprintf(f, "arg %s\n", c->argv[i]);
    fprintf(f, "strategy %s\nseed %" PRIu64 "\ndepth %u\n", c->strategy, c->seed, c->depth);
    if (c->dec) {
        fputs("decisions ", f);
        for (size_t i = 0; i < c->ndec; i++)
            fprintf(f, "%s%" PRIu32, i ? "," : "", c->dec[i]);
        fputc('\n', f);
    }
    sf_faults_print(f, c->fault_kinds, c->fault_rate, c->fails, c->nfails);
    if (c->allow_leak)
        fputs("allow-thread-leak\n", f);
    if (c->expect[0])
        fprintf(f, "expect fail %s\n", c->expect);
    fclose(f);
    return buf;
}
