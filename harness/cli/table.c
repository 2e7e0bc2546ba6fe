/* table.c - the interleaving of a run as a table: one row per runtime
 * event, one column per task, a line at each context switch. */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

enum { MAX_COLS = 24 };

size_t cli_table_max_rows = 400;

static const char *kind_name(uint32_t k) {
    static const char *const names[] = {"?",      "switch",  "choose", "start", "end",
                                        "lock",   "unlock",  "wait",   "woken", "timeout",
                                        "signal", "signal*", "join",   "yield", "clock"};
    return k < sizeof names / sizeof names[0] ? names[k] : "?";
}

/* The cell text of event e. */
static void cell(const sim_event *e, char *buf, size_t n) {
    switch (e->kind) {
        case SIM_EV_START:
            if (e->object == e->task)
                snprintf(buf, n, "begin");
            else
                snprintf(buf, n, "start t%" PRIu64, e->object);
            break;
        case SIM_EV_JOIN:
            snprintf(buf, n, "join t%" PRIu64, e->object);
            break;
        case SIM_EV_CHOOSE:
            snprintf(buf, n, "choose %" PRIu32 "/%" PRIu64, e->value, e->object);
            break;
        case SIM_EV_WAKE:
        case SIM_EV_TIMEOUT:
            snprintf(buf, n, "%s t%" PRIu32 " #%" PRIu64,
                     e->kind == SIM_EV_WAKE ? "wake" : "timeout", e->value, e->object);
            break;
        case SIM_EV_LOCK + 100: /* a lock immediately released: one row */
            snprintf(buf, n, "lock+unlock #%" PRIu64, e->object);
            break;
        case SIM_EV_END:
        case SIM_EV_YIELD:
            snprintf(buf, n, "%s", kind_name(e->kind));
            break;
        default:
            snprintf(buf, n, "%s #%" PRIu64, kind_name(e->kind), e->object);
    }
}

static size_t ncols(const cli_run *r) {
    size_t n = 1;
    for (size_t i = 0; i < r->nevents; i++)
        if (r->events[i].task + 1 > n)
            n = r->events[i].task + 1;
    return n > MAX_COLS ? MAX_COLS : n;
}

static void header(size_t cols, int w, FILE *out) {
    fprintf(out, "%6s %7s ", "step", "vtime");
    for (size_t c = 0; c < cols; c++) {
        char name[32];
        snprintf(name, sizeof name, "t%zu%s", c, c == 0 ? " (main)" : "");
        fprintf(out, "| %-*s", w, name);
    }
    fputc('\n', out);
}

static void row(const sim_event *e, size_t cols, int w, FILE *out) {
    char buf[64];
    cell(e, buf, sizeof buf);
    fprintf(out, "%6" PRIu64 " %7" PRId64 " ", e->step, e->vtime / 1000000);
    size_t col = e->task < cols ? e->task : cols - 1;
    for (size_t c = 0; c < cols; c++)
        fprintf(out, "| %-*.*s", w, w, c == col ? buf : "");
    fputc('\n', out);
}

/* What each task is doing, for the reason of a switch. */
typedef struct tstate {
    uint8_t blocked[MAX_COLS], ended[MAX_COLS], yielded[MAX_COLS];
} tstate;

static uint32_t col_of(uint64_t t) { return t < MAX_COLS ? (uint32_t)t : MAX_COLS - 1; }

static void track(tstate *s, const sim_event *e) {
    uint32_t t = col_of(e->task);
    s->yielded[t] = e->kind == SIM_EV_YIELD;
    if (e->kind == SIM_EV_WAIT || e->kind == SIM_EV_JOIN)
        s->blocked[t] = 1;
    else if (e->kind == SIM_EV_WAKE || e->kind == SIM_EV_TIMEOUT)
        s->blocked[col_of(e->value)] = 0;
    else if (e->kind == SIM_EV_END)
        s->ended[t] = 1;
    else if (e->kind != SIM_EV_UNLOCK && e->kind != SIM_EV_CLOCK)
        s->blocked[t] = 0; /* it runs again (a join returned, a lock taken) */
}

/* Why task t stopped running. */
static const char *reason(const tstate *s, uint32_t t) {
    t = col_of(t);
    return s->ended[t] ? "ended" : s->blocked[t] ? "blocked" : s->yielded[t] ? "yield" : "PREEMPT";
}

/* 1 if events i and i+1 are a lock and its unlock by the same task. */
static int lock_pair(const cli_run *r, size_t i) {
    const sim_event *a = &r->events[i], *b = &r->events[i + 1];
    return i + 1 < r->nevents && a->kind == SIM_EV_LOCK && b->kind == SIM_EV_UNLOCK &&
           a->task == b->task && a->object == b->object;
}

void cli_print_table(const cli_run *r, FILE *out) {
    size_t cols = ncols(r), shown = 0;
    int w = cols <= 4 ? 18 : cols <= 8 ? 12 : 9;
    uint32_t cur = UINT32_MAX;
    tstate st;
    int decided = 0;
    memset(&st, 0, sizeof st);
    fprintf(out,
            "interleaving (%zu runtime events; columns are runtime tasks: t0 runs task 0,\n"
            "the others in start order (the interpreter's watchdog, spawned bodies); `#n`:\n"
            "mutex/cond ids; vtime in ms; PREEMPT: switched away from a runnable task):\n",
            r->nevents);
    header(cols, w, out);
    for (size_t i = 0; i < r->nevents; i++) {
        sim_event e = r->events[i];
        if (e.kind == SIM_EV_SWITCH) {
            decided = e.value != e.task;
            continue;
        }
        if (cli_table_max_rows && shown >= cli_table_max_rows) {
            fprintf(out, "... %zu more events (--max-rows 0 shows all)\n", r->nevents - i);
            return;
        }
        if (e.task != cur && cur != UINT32_MAX)
            fprintf(out, "%15s --- switch t%" PRIu32 " -> t%" PRIu32 " (%s%s) ---\n", "", cur,
                    e.task, reason(&st, cur),
                    decided ? ", scheduler decision" : ", only runnable task");
        if (e.task != cur)
            decided = 0;
        cur = e.task;
        track(&st, &e);
        if (lock_pair(r, i)) {
            i++;
            e.kind = SIM_EV_LOCK + 100;
        }
        row(&e, cols, w, out);
        shown++;
    }
}
