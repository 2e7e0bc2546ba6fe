/* interleaving.c - the interleaving of a run at the level of program ops
 * (the default table of `scopefuzz repro`): one column per program task
 * that ran ops, rows in step order, `---` lines for context switches,
 * virtual-time jumps and the watchdog.
 *
 * Op records carry the number of runtime events recorded before their start
 * and their return (sf_interp_oprec.start_event, sim_current_event): their
 * places in the event list, as the runtime saw them. */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* TABLE_W: no line wider (step and vtime take PREFIX_W); a table that
 * would be wider folds: the busiest tasks keep their columns, cut to
 * CAP_W, and the others share one last column (at least SHARED_W wide)
 * whose cells start "tN: ". */
enum {
    MIN_W = 20,
    CELL = SF_INTERP_OP_TEXT + 48,
    TABLE_W = 100,
    PREFIX_W = 17,
    CAP_W = 28,
    SHARED_W = 24
};

typedef cli_op_mark mark; /* a start or a return of an op record (cli.h) */

typedef struct column {
    int task;    /* program task, or -1: a runtime task without one */
    uint32_t rt; /* runtime task when task is -1 */
    int body;
    int w;
    char head[40];
    char tag[16]; /* "t3", "rt5": the prefix of its cells once folded */
} column;

typedef struct grid {
    const cli_run *r;
    FILE *out;
    mark *marks;
    size_t nmarks;
    uint8_t *split;  /* by record: start and return on separate rows */
    uint8_t *nested; /* by record: other rows of its column between them */
    int *col;        /* by record: column, -1 none (watchdog) */
    column *cols;
    int ncols;
    int *ocol;        /* by record: its own column before folding */
    column *ocols;    /* the columns before folding (NULL: not folded) */
    int other;        /* the shared column once folded, else -1 */
    int nother;       /* the columns folded into it */
    int32_t *rt_task; /* by runtime task: program task, -1 none, -2 several */
    size_t nrt;
    int64_t watchdog_rt; /* -1 unknown */
    size_t lines;        /* lines printed under the header */
    size_t max_rows;     /* at most this many (0: all) */
    int64_t vtime;
    int stopped; /* the --max-rows limit was reached */
    int marked;  /* the sanitizer's report is marked */
} grid;

/* ------------------------------------------------------------ placement */

/* The index of the first event after an op record's start or return: the
 * events the runtime had recorded then (cut to the events this run kept). */
static size_t position(const cli_run *r, uint64_t event) {
    return event < r->nevents ? (size_t)event : r->nevents;
}

static int by_seq(const void *a, const void *b) {
    const mark *x = a, *y = b;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

cli_op_mark *cli_op_marks(const cli_run *r, size_t *n) {
    mark *marks = malloc((2 * r->noprecs + 1) * sizeof *marks);
    *n = 0;
    if (marks == NULL)
        return NULL;
    for (size_t i = 0; i < r->noprecs; i++) {
        const sf_interp_oprec *e = &r->oprecs[i];
        marks[(*n)++] = (mark){position(r, e->start_event), e->start_seq, (uint32_t)i, 0};
        if (e->done)
            marks[(*n)++] = (mark){position(r, e->end_event), e->end_seq, (uint32_t)i, 1};
    }
    qsort(marks, *n, sizeof *marks, by_seq); /* by seq, so by position too */
    return marks;
}

/* The marks of every record, in the order they happened. */
static int place(grid *t) {
    t->marks = cli_op_marks(t->r, &t->nmarks);
    return t->marks == NULL ? -1 : 0;
}

/* 1 if events [a, b) show another task running or the clock moving. */
static int others_ran(const cli_run *r, uint32_t rt, size_t a, size_t b) {
    for (size_t i = a; i < b && i < r->nevents; i++)
        if (r->events[i].task != rt || r->events[i].kind == SIM_EV_CLOCK)
            return 1;
    return 0;
}

/* An op is split when it did not return, or anything happened in between:
 * other ops, other tasks, a clock jump. */
static void find_splits(grid *t) {
    size_t *start = malloc((t->r->noprecs + 1) * sizeof *start);
    for (size_t i = 0; i < t->r->noprecs; i++)
        t->split[i] = !t->r->oprecs[i].done;
    if (start == NULL) {
        memset(t->split, 1, t->r->noprecs);
        return;
    }
    for (size_t m = 0; m < t->nmarks; m++) {
        const mark *k = &t->marks[m];
        if (!k->end) {
            start[k->rec] = m;
            continue;
        }
        const mark *s = &t->marks[start[k->rec]];
        t->split[k->rec] =
            m > start[k->rec] + 1 || others_ran(t->r, t->r->oprecs[k->rec].rt_task, s->pos, k->pos);
    }
    free(start);
}

/* -------------------------------------------------------------- columns */

static void map_runtime_tasks(grid *t) {
    for (size_t i = 0; i < t->nrt; i++)
        t->rt_task[i] = -1;
    for (size_t i = 0; i < t->r->noprecs; i++) {
        const sf_interp_oprec *e = &t->r->oprecs[i];
        if (e->kind == SF_INTERP_REC_WATCHDOG)
            t->watchdog_rt = e->rt_task;
        if (e->kind != SF_INTERP_REC_OP && e->kind != SF_INTERP_REC_FINISH)
            continue;
        int32_t *m = &t->rt_task[e->rt_task];
        *m = *m == -1 || *m == e->task ? e->task : -2;
    }
}

static int column_of(grid *t, int task, uint32_t rt, int body) {
    for (int c = 0; c < t->ncols; c++)
        if (t->cols[c].task == task && (task >= 0 || t->cols[c].rt == rt))
            return c;
    column *c = &t->cols[t->ncols];
    *c = (column){.task = task, .rt = rt, .body = body, .w = MIN_W};
    if (task >= 0) {
        snprintf(c->head, sizeof c->head, "t%d (body %d)", task, body);
        snprintf(c->tag, sizeof c->tag, "t%d", task);
    } else {
        snprintf(c->head, sizeof c->head, "rt%" PRIu32 " (runtime)", rt);
        snprintf(c->tag, sizeof c->tag, "rt%" PRIu32, rt);
    }
    return t->ncols++;
}

/* Columns in task order: program tasks first, then runtime tasks. */
static int by_task(const void *a, const void *b) {
    const column *x = a, *y = b;
    if ((x->task < 0) != (y->task < 0))
        return x->task < 0 ? 1 : -1;
    if (x->task != y->task)
        return x->task < y->task ? -1 : 1;
    return x->rt < y->rt ? -1 : x->rt > y->rt;
}

static int body_of(const grid *t, int task) {
    for (size_t i = 0; i < t->r->noprecs; i++)
        if (t->r->oprecs[i].task == task && t->r->oprecs[i].kind != SF_INTERP_REC_CLEANUP)
            return t->r->oprecs[i].body;
    return -1;
}

static int record_column(grid *t, const sf_interp_oprec *e) {
    if (e->kind == SF_INTERP_REC_WATCHDOG)
        return -1;
    if (e->kind == SF_INTERP_REC_CLEANUP) {
        int32_t owner = t->rt_task[e->rt_task];
        if (owner >= 0)
            return column_of(t, owner, 0, body_of(t, owner));
        return column_of(t, -1, e->rt_task, -1);
    }
    return column_of(t, e->task, 0, e->body);
}

static void assign_columns(grid *t) {
    for (size_t i = 0; i < t->r->noprecs; i++)
        record_column(t, &t->r->oprecs[i]);
    qsort(t->cols, (size_t)t->ncols, sizeof *t->cols, by_task);
    for (size_t i = 0; i < t->r->noprecs; i++)
        t->col[i] = record_column(t, &t->r->oprecs[i]);
}

/* ---------------------------------------------------------------- cells */

/* Ops that have no status to show. */
static int statusless(const sf_interp_oprec *e) {
    return e->op == SF_OP_YIELD || e->op == SF_OP_RETURN || e->op == SF_OP_ALLOC ||
           e->op == SF_OP_FREE;
}

static const char *status_text(const sf_interp_oprec *e) {
    if (e->status >= 0)
        return sf_status_name(e->status);
    return statusless(e) ? (e->op == SF_OP_YIELD ? "resumed" : "done") : "no-op";
}

/* The op itself: its text, a deferred op's origin, the interpreter's own
 * actions in brackets. */
static void op_text(const grid *t, size_t rec, char *buf, size_t n) {
    const sf_interp_oprec *e = &t->r->oprecs[rec];
    int col = t->col[rec];
    if (e->kind == SF_INTERP_REC_FINISH)
        snprintf(buf, n, "[%s]", e->text);
    else if (e->kind == SF_INTERP_REC_CLEANUP && col >= 0 && t->cols[col].task != e->task)
        snprintf(buf, n, "deferred %s (of t%d)", e->text, (int)e->task);
    else if (e->kind == SF_INTERP_REC_CLEANUP)
        snprintf(buf, n, "deferred %s", e->text);
    else
        snprintf(buf, n, "%s", e->text);
}

static void cell(const grid *t, const mark *k, char *buf, size_t n) {
    const sf_interp_oprec *e = &t->r->oprecs[k->rec];
    char op[CELL], tag[20] = "";
    op_text(t, k->rec, op, sizeof op);
    if (t->ocols != NULL && t->col[k->rec] == t->other)
        snprintf(tag, sizeof tag, "%s: ", t->ocols[t->ocol[k->rec]].tag);
    if (k->end && t->nested[k->rec])
        snprintf(buf, n, "%s-> %s (%s)", tag, status_text(e), e->text);
    else if (k->end)
        snprintf(buf, n, "%s-> %s", tag, status_text(e));
    else if (t->split[k->rec] || (statusless(e) && e->status < 0))
        snprintf(buf, n, "%s%s", tag, op);
    else
        snprintf(buf, n, "%s%s -> %s", tag, op, status_text(e));
    size_t w = t->ocols != NULL ? (size_t)t->cols[t->col[k->rec]].w : n;
    if (w >= 3 && w < n && strlen(buf) > w)
        memcpy(buf + w - 2, "..", 3); /* cut to the folded column */
}

/* Visible marks: every start, the returns of split ops, no watchdog. */
static int shown(const grid *t, const mark *k) {
    return t->col[k->rec] >= 0 && (!k->end || t->split[k->rec]);
}

/* A return row names its op when other rows of the column came between. */
static void find_nested(grid *t) {
    size_t *last = malloc(((size_t)t->ncols + 1) * sizeof *last);
    size_t *start = malloc((t->r->noprecs + 1) * sizeof *start);
    memset(t->nested, last == NULL || start == NULL, t->r->noprecs);
    for (int c = 0; last != NULL && c < t->ncols; c++)
        last[c] = SIZE_MAX;
    for (size_t m = 0; last != NULL && start != NULL && m < t->nmarks; m++) {
        const mark *k = &t->marks[m];
        if (!shown(t, k))
            continue;
        int c = t->col[k->rec];
        if (k->end)
            t->nested[k->rec] = last[c] != start[k->rec];
        else
            start[k->rec] = m;
        last[c] = m;
    }
    free(last);
    free(start);
}

static void widths(grid *t) {
    char buf[CELL];
    for (int c = 0; c < t->ncols; c++)
        if ((int)strlen(t->cols[c].head) > t->cols[c].w)
            t->cols[c].w = (int)strlen(t->cols[c].head);
    for (size_t m = 0; m < t->nmarks; m++) {
        if (!shown(t, &t->marks[m]))
            continue;
        cell(t, &t->marks[m], buf, sizeof buf);
        column *c = &t->cols[t->col[t->marks[m].rec]];
        if ((int)strlen(buf) > c->w)
            c->w = (int)strlen(buf);
    }
}

/* Width of the widest line the columns give. */
static int table_width(const grid *t) {
    int w = PREFIX_W - 1;
    for (int c = 0; c < t->ncols; c++)
        w += t->cols[c].w + 3;
    return w;
}

static int capped(const column *c) { return c->w < CAP_W ? c->w : CAP_W; }

/* Folds a table wider than TABLE_W (see the top of the file): keeps the K
 * columns with the most rows (K as large as fits, in task order) and moves
 * the others into one shared column. */
static int fold(grid *t) {
    if (table_width(t) <= TABLE_W || t->ncols < 2)
        return 0;
    int n = t->ncols, keep = 0;
    size_t *rows = calloc((size_t)n, sizeof *rows);
    int *order = malloc((size_t)n * sizeof *order), *newcol = malloc((size_t)n * sizeof *newcol);
    t->ocols = malloc((size_t)n * sizeof *t->ocols);
    t->ocol = malloc((t->r->noprecs + 1) * sizeof *t->ocol);
    if (rows == NULL || order == NULL || newcol == NULL || t->ocols == NULL || t->ocol == NULL) {
        free(rows), free(order), free(newcol);
        return -1;
    }
    for (size_t m = 0; m < t->nmarks; m++)
        if (shown(t, &t->marks[m]))
            rows[t->col[t->marks[m].rec]]++;
    for (int c = 0; c < n; c++)
        order[c] = c;
    for (int i = 1; i < n; i++) /* by rows, busiest first; stable */
        for (int j = i; j > 0 && rows[order[j]] > rows[order[j - 1]]; j--) {
            int x = order[j];
            order[j] = order[j - 1], order[j - 1] = x;
        }
    int width = PREFIX_W - 1 + SHARED_W + 3; /* the shared column, at least */
    while (keep < n - 1 && width + capped(&t->cols[order[keep]]) + 3 <= TABLE_W)
        width += capped(&t->cols[order[keep++]]) + 3;
    memcpy(t->ocols, t->cols, (size_t)n * sizeof *t->cols);
    for (int c = 0; c < n; c++)
        newcol[c] = -1;
    for (int i = 0; i < keep; i++)
        newcol[order[i]] = 0;
    int next = 0;
    for (int c = 0; c < n; c++) /* kept columns stay in task order */
        if (newcol[c] == 0) {
            newcol[c] = next;
            t->cols[next] = t->ocols[c];
            t->cols[next++].w = capped(&t->ocols[c]);
        }
    t->other = next;
    t->cols[next] = (column){.task = -3, .w = TABLE_W - width + SHARED_W}; /* what is left */
    t->nother = n - keep;
    snprintf(t->cols[next].head, sizeof t->cols[next].head, "%d other tasks", n - keep);
    t->ncols = next + 1;
    for (size_t i = 0; i < t->r->noprecs; i++) {
        t->ocol[i] = t->col[i];
        if (t->col[i] >= 0)
            t->col[i] = newcol[t->col[i]] >= 0 ? newcol[t->col[i]] : t->other;
    }
    free(rows), free(order), free(newcol);
    return 0;
}

/* --------------------------------------------------------------- output */

/* The name of runtime task rt in `---` lines: its program task, else. */
static void rt_name(const grid *t, uint32_t rt, char *buf, size_t n) {
    if (rt < t->nrt && t->rt_task[rt] >= 0)
        snprintf(buf, n, "t%d", (int)t->rt_task[rt]);
    else if ((int64_t)rt == t->watchdog_rt)
        snprintf(buf, n, "watchdog");
    else
        snprintf(buf, n, "rt%" PRIu32, rt);
}

/* 1 if the line budget allows one more line; else prints the cut once. */
static int budget(grid *t) {
    if (t->stopped)
        return 0;
    if (t->max_rows && t->lines >= t->max_rows) {
        fputs("... (more rows: --max-rows 0 shows all)\n", t->out);
        t->stopped = 1;
        return 0;
    }
    t->lines++;
    return 1;
}

static void line(grid *t, const char *text) {
    if (budget(t))
        fprintf(t->out, "%16s --- %s ---\n", "", text);
}

static void row(grid *t, const mark *k) {
    const sf_interp_oprec *e = &t->r->oprecs[k->rec];
    char buf[CELL];
    if (!budget(t))
        return;
    cell(t, k, buf, sizeof buf);
    fprintf(t->out, "%6" PRIu64 " %9" PRId64 " ", k->end ? e->end_step : e->start_step,
            t->vtime / 1000000);
    int last = t->col[k->rec];
    for (int c = 0; c < last; c++)
        fprintf(t->out, "| %-*s ", t->cols[c].w, "");
    fprintf(t->out, "| %s\n", buf);
}

static void watchdog_line(grid *t, const mark *k) {
    const sf_interp_oprec *e = &t->r->oprecs[k->rec];
    if (e->index == 1 && !k->end)
        line(t, "watchdog: every task is stuck or done; it cancels the run scope");
}

static void mark_out(grid *t, const mark *k) {
    if (t->col[k->rec] < 0)
        watchdog_line(t, k);
    else if (shown(t, k))
        row(t, k);
}

void cli_duration(int64_t ns, char *buf, size_t n) {
    if (ns % 1000000 == 0)
        snprintf(buf, n, "%" PRId64 " ms", ns / 1000000);
    else if (ns % 1000 == 0)
        snprintf(buf, n, "%" PRId64 " us", ns / 1000);
    else
        snprintf(buf, n, "%" PRId64 " ns", ns);
}

static void clock_line(grid *t, const sim_event *e) {
    char d[32], now[32], buf[96];
    cli_duration(e->vtime - t->vtime, d, sizeof d);
    cli_duration(e->vtime, now, sizeof now);
    snprintf(buf, sizeof buf, "clock +%s (now %s)", d, now);
    line(t, buf);
}

/* An injected fault (SIM_EV_FAULT): the `fail` line that replays it. */
static void fault_line(grid *t, const sim_event *e) {
    char who[24], buf[96];
    rt_name(t, e->task, who, sizeof who);
    snprintf(buf, sizeof buf, "fault in %s: fail %s #%" PRIu32, who,
             sim_fault_name((unsigned)e->object), e->value);
    line(t, buf);
}

static void switch_line(grid *t, size_t i, uint32_t why, int64_t dec) {
    char a[24], b[24], buf[128];
    rt_name(t, t->r->events[i - 1].task, a, sizeof a);
    rt_name(t, t->r->events[i].task, b, sizeof b);
    int n = snprintf(buf, sizeof buf, "switch %s -> %s (%s", a, b, cli_switch_name(why));
    if (dec >= 0 && (size_t)dec < t->r->ndecisions)
        n += snprintf(buf + n, sizeof buf - (size_t)n, ", decision #%" PRId64 " = %" PRIu32, dec,
                      t->r->decisions[dec]);
    else if (dec >= 0)
        n += snprintf(buf + n, sizeof buf - (size_t)n, ", decision #%" PRId64, dec);
    snprintf(buf + n, sizeof buf - (size_t)n, ")");
    line(t, buf);
}

/* Prints the marks placed before event i (*m: the next mark) and the
 * event's own line if any.  A switch before event i goes after the marks
 * of the tasks switched from and before those of the task switched to. */
static void report_here(grid *t);

static void event_out(grid *t, size_t i, size_t *m) {
    const sim_event *e = i < t->r->nevents ? &t->r->events[i] : NULL;
    /* A report at step S comes before the first event after S: after the
     * rows of the tasks switched away from and the switch (the task
     * switched to at S may have run until its report), before the rest. */
    int due = e != NULL && t->r->report_step != 0 && e->step > t->r->report_step;
    int64_t dec = -1;
    uint32_t why = e ? cli_switch_before(t->r->events, i, &dec) : SIM_SW_NONE;
    if (due && why == SIM_SW_NONE)
        report_here(t);
    size_t end = *m;
    while (end < t->nmarks && t->marks[end].pos <= i)
        end++;
    for (size_t k = *m; k < end; k++)
        if (why == SIM_SW_NONE || t->r->oprecs[t->marks[k].rec].rt_task != e->task)
            mark_out(t, &t->marks[k]);
    if (why != SIM_SW_NONE)
        switch_line(t, i, why, dec);
    if (due)
        report_here(t);
    for (size_t k = *m; k < end && why != SIM_SW_NONE; k++)
        if (t->r->oprecs[t->marks[k].rec].rt_task == e->task)
            mark_out(t, &t->marks[k]);
    *m = end;
    if (e != NULL && e->kind == SIM_EV_CLOCK)
        clock_line(t, e);
    if (e != NULL && e->kind == SIM_EV_FAULT)
        fault_line(t, e);
    if (e != NULL)
        t->vtime = e->vtime;
}

/* Ops that never returned. */
static void unfinished(grid *t) {
    char buf[CELL + 96];
    for (size_t i = 0; i < t->r->noprecs; i++) {
        const sf_interp_oprec *e = &t->r->oprecs[i];
        if (e->done || t->col[i] < 0)
            continue;
        char op[CELL];
        op_text(t, i, op, sizeof op);
        const column *c = t->ocols ? &t->ocols[t->ocol[i]] : &t->cols[t->col[i]];
        snprintf(buf, sizeof buf, "run %s with %s still in %s",
                 t->r->crashed && (!t->r->report_step || t->r->hung) ? "killed" : "ended", c->head,
                 op);
        line(t, buf);
    }
}

/* Where a sanitizer's report came (cli_run.partial): at report_step in
 * runtime task report_task (TSan: the run went on), else at the last event
 * (the report ended the run).  The marked line names the op the task was
 * in: the failing step. */
static void report_here(grid *t) {
    const cli_run *r = t->r;
    if (t->marked || !r->crashed || !r->partial || r->nevents == 0)
        return;
    t->marked = 1;
    uint64_t step = r->report_step ? r->report_step : r->events[r->nevents - 1].step;
    uint32_t rt = r->report_step ? r->report_task : r->events[r->nevents - 1].task;
    char who[24], buf[CELL + 128], op[CELL] = "";
    rt_name(t, rt, who, sizeof who);
    for (size_t i = r->noprecs; i-- > 0;) {
        const sf_interp_oprec *e = &r->oprecs[i];
        if (e->rt_task == rt && e->start_step <= step && (!e->done || e->end_step >= step)) {
            op_text(t, i, op, sizeof op);
            break;
        }
    }
    if (r->hung)
        snprintf(buf, sizeof buf,
                 "stuck at step %" PRIu64 ": %s%s%s%s never returned to the runtime", step, who,
                 op[0] ? " (in `" : "", op, op[0] ? "`)" : "");
    else
        snprintf(buf, sizeof buf, "the %sreport came at step %" PRIu64 ", in %s%s%s%s",
                 r->report_step ? "first " : "", step, who, op[0] ? " (in `" : "", op,
                 op[0] ? "`)" : "");
    if (budget(t))
        fprintf(t->out, "%16s >>> %s <<<\n", "", buf);
}

/* Ops of the program among the records (not the interpreter's own). */
static size_t nops(const cli_run *r) {
    size_t n = 0;
    for (size_t i = 0; i < r->noprecs; i++)
        n += r->oprecs[i].kind == SF_INTERP_REC_OP || r->oprecs[i].kind == SF_INTERP_REC_CLEANUP;
    return n;
}

static void legend(const grid *t) {
    fprintf(t->out,
            "interleaving of the program's ops (%zu ops, %zu runtime events): one column per\n"
            "program task (tN as in the report), rows in step order; `op -> STATUS` when\n"
            "nothing else ran meanwhile, else the op and its `-> STATUS` on two rows;\n"
            "`---` lines: context switches (preempted: the task could have gone on;\n"
            "decision #n = v: the choice v taken at entry n, from 0, of the `schedule`\n"
            "line; entries past its end are 0), clock jumps, the watchdog.\n",
            nops(t->r), t->r->nevents);
    if (t->ocols != NULL)
        fprintf(t->out,
                "%d tasks, too many columns for %d characters: the %d busiest have their\n"
                "own, the other %d share the last one, as `tN: op` (`..`: cell cut).\n",
                t->ncols - 1 + t->nother, TABLE_W, t->ncols - 1, t->nother);
    fputs("runtime events: `scopefuzz repro --events`.\nruntime tasks:", t->out);
    size_t len = 14;
    for (size_t rt = 0; rt < t->nrt; rt++) {
        char name[24], item[48];
        rt_name(t, (uint32_t)rt, name, sizeof name);
        int n = snprintf(item, sizeof item, " rt%zu = %s%s", rt, name, rt + 1 < t->nrt ? "," : "");
        if (len + (size_t)n > 80) {
            fputs("\n ", t->out);
            len = 1;
        }
        fputs(item, t->out);
        len += (size_t)n;
    }
    fprintf(t->out, "\n%6s %9s ", "step", "vtime ms");
    for (int c = 0; c + 1 < t->ncols; c++)
        fprintf(t->out, "| %-*s ", t->cols[c].w, t->cols[c].head);
    if (t->ncols > 0)
        fprintf(t->out, "| %s", t->cols[t->ncols - 1].head);
    fputc('\n', t->out);
}

static void body(grid *t) {
    size_t m = 0;
    for (size_t i = 0; i <= t->r->nevents && !t->stopped; i++)
        event_out(t, i, &m);
    report_here(t);
    unfinished(t);
}

static size_t runtime_tasks(const cli_run *r) {
    size_t n = 1;
    for (size_t i = 0; i < r->nevents; i++)
        if (r->events[i].task + 1 > n)
            n = r->events[i].task + 1;
    for (size_t i = 0; i < r->noprecs; i++)
        if (r->oprecs[i].rt_task + 1 > n)
            n = r->oprecs[i].rt_task + 1;
    return n;
}

static void grid_free(grid *t) {
    free(t->marks);
    free(t->split);
    free(t->nested);
    free(t->col);
    free(t->cols);
    free(t->rt_task);
    free(t->ocols);
    free(t->ocol);
}

void cli_print_op_table(const cli_run *r, FILE *out, size_t max_rows) {
    grid t = {.r = r,
              .out = out,
              .watchdog_rt = -1,
              .nrt = runtime_tasks(r),
              .other = -1,
              .max_rows = max_rows};
    t.split = malloc(r->noprecs + 1);
    t.nested = malloc(r->noprecs + 1);
    t.col = malloc((r->noprecs + 1) * sizeof *t.col);
    t.cols = malloc((r->noprecs + t.nrt + 1) * sizeof *t.cols);
    t.rt_task = malloc(t.nrt * sizeof *t.rt_task);
    if (t.split == NULL || t.nested == NULL || t.col == NULL || t.cols == NULL ||
        t.rt_task == NULL || place(&t)) {
        fputs("(out of memory)\n", out);
        grid_free(&t);
        return;
    }
    map_runtime_tasks(&t);
    assign_columns(&t);
    find_splits(&t);
    find_nested(&t);
    widths(&t);
    if (fold(&t) != 0) {
        fputs("(out of memory)\n", out);
        grid_free(&t);
        return;
    }
    legend(&t);
    body(&t);
    grid_free(&t);
}
