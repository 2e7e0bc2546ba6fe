/* table.c - the runtime events of a run as a table (`repro --events`,
 * `run --trace`): one row per runtime event, one column per runtime task,
 * a line at each context switch. */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

enum { MAX_COLS = 24 };

static const char *kind_name(uint32_t k) {
    static const char *const names[] = {
        "?",       "switch", "choose",  "start", "end",   "lock",  "unlock", "wait",  "woken",
        "timeout", "signal", "signal*", "join",  "yield", "clock", "access", "fault", "exit"};
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
        case SIM_EV_FAULT: /* the `fail` line that replays it */
            snprintf(buf, n, "fail %s #%" PRIu32, sim_fault_name((unsigned)e->object), e->value);
            break;
        case SIM_EV_LOCK + 100: /* a lock immediately released: one row */
            snprintf(buf, n, "lock+unlock #%" PRIu64, e->object);
            break;
        case SIM_EV_END:
        case SIM_EV_YIELD:
        case SIM_EV_EXIT:
            snprintf(buf, n, "%s", kind_name(e->kind));
            break;
        default:
            snprintf(buf, n, "%s #%" PRIu64, kind_name(e->kind), e->object);
    }
}

void cli_event_text(const sim_event *e, char *buf, size_t n) { cell(e, buf, n); }

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
        fprintf(out, "| %-*s ", w, name);
    }
    fputc('\n', out);
}

static void row(const sim_event *e, size_t cols, int w, FILE *out) {
    char buf[64];
    cell(e, buf, sizeof buf);
    fprintf(out, "%6" PRIu64 " %7" PRId64 " ", e->step, e->vtime / 1000000);
    size_t col = e->task < cols ? e->task : cols - 1;
    for (size_t c = 0; c < cols; c++)
        fprintf(out, "| %-*s ", w, c == col ? buf : "");
    fputc('\n', out);
}

/* 1 if events i and i+1 are a lock and its unlock by the same task. */
static int lock_pair(const cli_run *r, size_t i) {
    const sim_event *a = &r->events[i], *b = &r->events[i + 1];
    return i + 1 < r->nevents && a->kind == SIM_EV_LOCK && b->kind == SIM_EV_UNLOCK &&
           a->task == b->task && a->object == b->object;
}

/* The widest cell (at least 12). */
static int width(const cli_run *r) {
    int w = 12;
    char buf[64];
    for (size_t i = 0; i < r->nevents; i++) {
        sim_event e = r->events[i];
        if (lock_pair(r, i))
            e.kind = SIM_EV_LOCK + 100;
        cell(&e, buf, sizeof buf);
        if ((int)strlen(buf) > w)
            w = (int)strlen(buf);
    }
    return w;
}

uint32_t cli_switch_before(const sim_event *ev, size_t i, int64_t *decision) {
    *decision = -1;
    if (i == 0 || ev[i].task == ev[i - 1].task)
        return SIM_SW_NONE;
    *decision = ev[i].decision;
    /* every switch stamps the next event; a run cut short may lack it */
    return ev[i].why != SIM_SW_NONE ? ev[i].why : SIM_SW_BLOCKED;
}

const char *cli_switch_name(uint32_t why) {
    static const char *const names[] = {"", "preempted", "yielded", "blocked", "ended"};
    return why < sizeof names / sizeof names[0] ? names[why] : "?";
}

static void switch_line(const cli_run *r, const sim_event *a, const sim_event *b, uint32_t why,
                        int64_t dec, FILE *out) {
    fprintf(out, "%15s --- switch t%" PRIu32 " -> t%" PRIu32 " (%s", "", a->task, b->task,
            cli_switch_name(why));
    if (dec >= 0)
        fprintf(out, ", decision #%" PRId64 " = %" PRIu32, dec,
                (size_t)dec < r->ndecisions ? r->decisions[dec] : 0);
    fputs(") ---\n", out);
}

void cli_print_table(const cli_run *r, FILE *out, size_t max_rows) {
    size_t cols = ncols(r), shown = 0;
    int w = width(r);
    fprintf(out,
            "runtime events (%zu; columns are runtime tasks: t0 runs task 0, the others in\n"
            "start order (the interpreter's watchdog, spawned bodies, the library's own); `#n`:\n"
            "mutex/cond ids; vtime in ms; preempted: switched away from a task that could go\n"
            "on; decision #n = v: the choice v taken at entry n (from 0) of the `schedule`\n"
            "line, 0 past its end):\n",
            r->nevents);
    header(cols, w, out);
    for (size_t i = 0; i < r->nevents; i++) {
        sim_event e = r->events[i];
        int64_t dec;
        uint32_t why = cli_switch_before(r->events, i, &dec);
        if (why != SIM_SW_NONE)
            switch_line(r, &r->events[i - 1], &e, why, dec, out);
        if (e.kind == SIM_EV_SWITCH)
            continue;
        if (max_rows && shown >= max_rows) {
            fprintf(out, "... %zu more events (--max-rows 0 shows all)\n", r->nevents - i);
            break;
        }
        if (lock_pair(r, i)) {
            i++;
            e.kind = SIM_EV_LOCK + 100;
        }
        row(&e, cols, w, out);
        shown++;
    }
}
