/* timeline.c - the timeline of a run (timeline.h): ticks in the order of
 * the run, tracks per runtime task, items from the events and op records;
 * and the `--timeline PATH` files. */
#include "timeline.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    int instant;
} cats[] = {
#define TL_ROW(id, name, instant, what) {name, instant},
    TL_CATEGORIES(TL_ROW)
#undef TL_ROW
};

const char *tl_cat_name(tl_cat c) { return c < TL_NCATS ? cats[c].name : "?"; }
int tl_cat_instant(tl_cat c) { return c < TL_NCATS && cats[c].instant; }

/* What each runtime event becomes: a call slice of its thread (pthread
 * runs), an instant, or nothing (SIM_EV_SWITCH records a decision; the
 * switch itself is drawn from the next event's `why`). */
static tl_cat event_cat(uint32_t kind) {
    switch (kind) {
        case SIM_EV_SWITCH:
            return TL_NCATS;
        case SIM_EV_CLOCK:
            return TL_CLOCK;
        case SIM_EV_FAULT:
            return TL_FAULT;
        default:
            return TL_CALL;
    }
}

static int push(timeline *tl, const tl_item *it) {
    if (tl->nitems == tl->cap) {
        size_t cap = tl->cap ? 2 * tl->cap : 64;
        tl_item *p = realloc(tl->items, cap * sizeof *p);
        if (p == NULL)
            return -1;
        tl->items = p, tl->cap = cap;
    }
    tl->items[tl->nitems++] = *it;
    return 0;
}

void tl_free(timeline *tl) {
    free(tl->tracks);
    free(tl->items);
    memset(tl, 0, sizeof *tl);
}

static int init(timeline *tl, size_t ntracks, const char *title, int failed, const char *sig) {
    memset(tl, 0, sizeof *tl);
    snprintf(tl->title, sizeof tl->title, "%s", title ? title : "scopefuzz run");
    snprintf(tl->sig, sizeof tl->sig, "%s", failed && sig ? sig : "");
    tl->ntracks = ntracks ? ntracks : 1;
    tl->tracks = calloc(tl->ntracks, sizeof *tl->tracks);
    if (tl->tracks == NULL)
        return -1;
    for (size_t i = 0; i < tl->ntracks; i++) {
        tl->tracks[i].rt = (uint32_t)i;
        snprintf(tl->tracks[i].name, sizeof tl->tracks[i].name, i == 0 ? "t0 (main)" : "t%zu", i);
    }
    return 0;
}

static size_t max_task(const sim_event *ev, size_t n) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (ev[i].task + 1 > m)
            m = ev[i].task + 1;
    return m;
}

/* The runtime's items: switch instants, blocked and preempted slices (until
 * the task's next event), clock jumps, and with calls each event of a
 * thread as a one-tick slice.  tick[i]: the tick of event i. */
static int event_items(timeline *tl, const sim_event *ev, size_t n, const uint64_t *tick,
                       const uint32_t *dec, size_t ndec, int calls) {
    size_t *next = malloc((n + 1) * sizeof *next), *seen = malloc(tl->ntracks * sizeof *seen);
    if (next == NULL || seen == NULL)
        return free(next), free(seen), -1;
    for (size_t t = 0; t < tl->ntracks; t++)
        seen[t] = SIZE_MAX;
    for (size_t i = n; i-- > 0;) { /* next[i]: the task's next event */
        next[i] = seen[ev[i].task];
        seen[ev[i].task] = i;
    }
    int rc = 0;
    int64_t clock = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const sim_event *e = &ev[i];
        tl_item it = {.track = e->task,
                      .t0 = tick[i],
                      .t1 = tick[i],
                      .step = e->step,
                      .vtime = e->vtime,
                      .decision = -1};
        int64_t d;
        uint32_t why = cli_switch_before(ev, i, &d);
        if (why != SIM_SW_NONE) {
            tl_item sw = it;
            sw.cat = TL_SWITCH;
            sw.decision = d;
            sw.from = ev[i - 1].task;
            snprintf(sw.name, sizeof sw.name, "switch t%" PRIu32 " -> t%" PRIu32, ev[i - 1].task,
                     e->task);
            if (d >= 0)
                snprintf(sw.detail, sizeof sw.detail, "%s, decision #%" PRId64 " = %" PRIu32,
                         cli_switch_name(why), d, (size_t)d < ndec ? dec[d] : 0);
            else
                snprintf(sw.detail, sizeof sw.detail, "%s, the only task that could run",
                         cli_switch_name(why));
            rc |= push(tl, &sw);
            const sim_event *a = &ev[i - 1];
            size_t j = next[i - 1];
            tl_item wait = {.cat = why == SIM_SW_BLOCKED ? TL_BLOCKED : TL_READY,
                            .track = a->task,
                            .t0 = tick[i - 1] + 1,
                            .t1 = j == SIZE_MAX ? tl->end : tick[j],
                            .step = a->step,
                            .vtime = a->vtime,
                            .decision = -1};
            char what[64];
            size_t k = i - 1; /* the task's last call before it stopped */
            while (k > 0 && ev[k].kind == SIM_EV_SWITCH && ev[k - 1].task == a->task)
                k--;
            cli_event_text(&ev[k], what, sizeof what);
            if (why == SIM_SW_BLOCKED)
                snprintf(wait.name, sizeof wait.name, "blocked after %s", what);
            else
                snprintf(wait.name, sizeof wait.name, "%s", cli_switch_name(why));
            snprintf(wait.detail, sizeof wait.detail, "%s",
                     j == SIZE_MAX ? "never ran again" : "until it ran again");
            if (why != SIM_SW_ENDED && wait.t1 > wait.t0)
                rc |= push(tl, &wait);
        }
        tl_cat c = event_cat(e->kind);
        if (c == TL_CLOCK) {
            it.cat = TL_CLOCK;
            char d[32], now[32];
            cli_duration(e->vtime - clock, d, sizeof d);
            cli_duration(e->vtime, now, sizeof now);
            snprintf(it.name, sizeof it.name, "clock +%s", d);
            snprintf(it.detail, sizeof it.detail, "virtual time now %s", now);
            rc |= push(tl, &it);
        } else if (c == TL_FAULT) { /* object: the kind, value: its n (sim.h) */
            it.cat = TL_FAULT;
            snprintf(it.name, sizeof it.name, "fault: %s #%" PRIu32,
                     sim_fault_name((unsigned)e->object), e->value);
            snprintf(it.detail, sizeof it.detail, "`fail %s #%" PRIu32 "` injects it again",
                     sim_fault_name((unsigned)e->object), e->value);
            rc |= push(tl, &it);
        } else if (c != TL_NCATS && (calls || tl_cat_instant(c))) {
            it.cat = c;
            it.t1 = tl_cat_instant(c) ? it.t0 : it.t0 + 1;
            cli_event_text(e, it.name, sizeof it.name);
            snprintf(it.detail, sizeof it.detail, "step %" PRIu64, e->step);
            rc |= push(tl, &it);
        }
        clock = e->vtime;
    }
    /* the last task to run, when it ended the run waiting (a deadlock):
     * blocked for good after its wait or join */
    if (rc == 0 && n > 0 && (ev[n - 1].kind == SIM_EV_WAIT || ev[n - 1].kind == SIM_EV_JOIN)) {
        tl_item it = {.cat = TL_BLOCKED,
                      .track = ev[n - 1].task,
                      .t0 = tick[n - 1] + 1,
                      .t1 = tl->end,
                      .step = ev[n - 1].step,
                      .vtime = ev[n - 1].vtime,
                      .decision = -1};
        char what[64];
        cli_event_text(&ev[n - 1], what, sizeof what);
        snprintf(it.name, sizeof it.name, "blocked after %s", what);
        snprintf(it.detail, sizeof it.detail, "never ran again");
        if (it.t1 > it.t0)
            rc = push(tl, &it);
    }
    free(next);
    free(seen);
    return rc;
}

static void failure(timeline *tl, uint32_t task, uint64_t tick, uint64_t step, int64_t vtime,
                    const char *detail) {
    if (!tl->sig[0])
        return;
    tl_item it = {.cat = TL_FAILURE,
                  .track = task < tl->ntracks ? task : 0,
                  .t0 = tick,
                  .t1 = tick,
                  .step = step,
                  .vtime = vtime,
                  .decision = -1};
    snprintf(it.name, sizeof it.name, "failure: %s", tl->sig);
    snprintf(it.detail, sizeof it.detail, "%s", detail);
    push(tl, &it);
}

static int by_time(const void *a, const void *b) {
    const tl_item *x = a, *y = b;
    if (x->t0 != y->t0)
        return x->t0 < y->t0 ? -1 : 1;
    if (x->t1 != y->t1) /* the longer first: it encloses */
        return x->t1 > y->t1 ? -1 : 1;
    return x < y ? -1 : x > y;
}

static void finish(timeline *tl) {
    /* qsort is not stable: by_time breaks ties on the position before */
    qsort(tl->items, tl->nitems, sizeof *tl->items, by_time);
}

int tl_from_events(const sim_event *ev, size_t n, const uint32_t *dec, size_t ndec, int failed,
                   const char *sig, const char *title, timeline *tl) {
    if (init(tl, max_task(ev, n), title, failed, sig) != 0)
        return -1;
    uint64_t *tick = malloc((n + 1) * sizeof *tick);
    if (tick == NULL)
        return -1;
    for (size_t i = 0; i < n; i++)
        tick[i] = i;
    tl->end = n + 1;
    if (n == 0)
        snprintf(tl->note, sizeof tl->note,
                 "no events: the run was killed before it could send its trace");
    int rc = event_items(tl, ev, n, tick, dec, ndec, 1);
    free(tick);
    if (n > 0)
        failure(tl, ev[n - 1].task, n, ev[n - 1].step, ev[n - 1].vtime, "the run ended here");
    else
        failure(tl, 0, 0, 0, 0, "the run ended before its first event");
    finish(tl);
    return rc;
}

/* ------------------------------------------------------ interpreter runs */

/* Track names: the program task each runtime task ran ops of. */
static void name_tracks(timeline *tl, const cli_run *r) {
    int32_t *task = malloc(tl->ntracks * sizeof *task);
    int16_t *body = malloc(tl->ntracks * sizeof *body);
    if (task == NULL || body == NULL) {
        free(task), free(body);
        return;
    }
    for (size_t t = 0; t < tl->ntracks; t++)
        task[t] = -1, body[t] = -1;
    for (size_t i = 0; i < r->noprecs; i++) {
        const sf_interp_oprec *e = &r->oprecs[i];
        if (e->kind == SF_INTERP_REC_WATCHDOG)
            task[e->rt_task] = -3;
        if (e->kind != SF_INTERP_REC_OP && e->kind != SF_INTERP_REC_FINISH)
            continue;
        int32_t *m = &task[e->rt_task];
        if (*m == -1 || *m == e->task)
            *m = e->task,
            body[e->rt_task] = e->kind == SF_INTERP_REC_OP ? e->body : body[e->rt_task];
        else if (*m != -3)
            *m = -2;
    }
    for (size_t t = 0; t < tl->ntracks; t++) {
        char *n = tl->tracks[t].name;
        size_t sz = sizeof tl->tracks[t].name;
        if (task[t] >= 0 && body[t] >= 0)
            snprintf(n, sz, "t%d (body %d)", (int)task[t], (int)body[t]);
        else if (task[t] >= 0)
            snprintf(n, sz, "t%d", (int)task[t]);
        else if (task[t] == -3)
            snprintf(n, sz, "watchdog");
        else
            snprintf(n, sz, "rt%zu (runtime)", t);
    }
    free(task);
    free(body);
}

static void op_name(const sf_interp_oprec *e, const tl_track *track, tl_item *it) {
    if (e->kind == SF_INTERP_REC_FINISH || e->kind == SF_INTERP_REC_WATCHDOG)
        snprintf(it->name, sizeof it->name, "[%s]", e->text);
    else if (e->kind == SF_INTERP_REC_CLEANUP)
        snprintf(it->name, sizeof it->name, "deferred %s (of t%d)", e->text, (int)e->task);
    else
        snprintf(it->name, sizeof it->name, "%s", e->text);
    const char *st = e->status >= 0 ? sf_status_name(e->status) : "-";
    if (!e->done)
        snprintf(it->detail, sizeof it->detail, "%s: still running when the run ended",
                 track->name);
    else
        snprintf(it->detail, sizeof it->detail, "%s: -> %s (steps %" PRIu64 "..%" PRIu64 ")",
                 track->name, st, e->start_step, e->end_step);
}

int tl_from_run(const cli_run *r, const char *title, timeline *tl) {
    size_t nt = max_task(r->events, r->nevents);
    for (size_t i = 0; i < r->noprecs; i++)
        if (r->oprecs[i].rt_task + 1 > nt)
            nt = r->oprecs[i].rt_task + 1;
    if (init(tl, nt, title, r->failed, r->sig) != 0)
        return -1;
    name_tracks(tl, r);
    size_t nmarks = 0;
    cli_op_mark *marks = cli_op_marks(r, &nmarks);
    uint64_t *tick = malloc((r->nevents + 1) * sizeof *tick);
    uint64_t *start = malloc((r->noprecs + 1) * sizeof *start);
    uint64_t *stop = malloc((r->noprecs + 1) * sizeof *stop);
    int64_t *vt = malloc((r->noprecs + 1) * sizeof *vt); /* virtual time at the start */
    int rc = 0;
    if ((marks == NULL && r->noprecs > 0) || tick == NULL || start == NULL || stop == NULL ||
        vt == NULL) {
        rc = -1;
        goto out;
    }
    uint64_t t = 0;
    size_t m = 0;
    for (size_t i = 0; i <= r->nevents; i++) {
        for (; m < nmarks && marks[m].pos <= i; m++) {
            (marks[m].end ? stop : start)[marks[m].rec] = t++;
            if (!marks[m].end)
                vt[marks[m].rec] = i > 0 ? r->events[i - 1].vtime : 0;
        }
        if (i < r->nevents)
            tick[i] = t++;
    }
    tl->end = t + 1;
    if (r->nevents == 0)
        snprintf(tl->note, sizeof tl->note,
                 r->crashed ? "no events: the run was killed before it could report its trace"
                            : "no events");
    for (size_t i = 0; i < r->noprecs && rc == 0; i++) {
        const sf_interp_oprec *e = &r->oprecs[i];
        tl_item it = {.cat = TL_OP,
                      .track = e->rt_task,
                      .t0 = start[i],
                      .t1 = e->done ? stop[i] : tl->end,
                      .step = e->start_step,
                      .vtime = vt[i],
                      .decision = -1};
        if (it.t1 <= it.t0)
            it.t1 = it.t0 + 1;
        op_name(e, &tl->tracks[e->rt_task], &it);
        rc = push(tl, &it);
    }
    if (rc == 0)
        rc = event_items(tl, r->events, r->nevents, tick, r->decisions, r->ndecisions, 0);
    if (rc == 0 && r->nevents > 0) {
        /* where the report came (interleaving.c's report_here): at report_step in
         * report_task (TSan went on), else at the end */
        size_t at = r->nevents;
        uint32_t task = r->events[r->nevents - 1].task;
        if (r->crashed && r->partial && r->report_step) {
            for (at = 0; at < r->nevents && r->events[at].step <= r->report_step; at++)
                ;
            task = r->report_task;
        }
        const sim_event *e = &r->events[at > 0 ? at - 1 : 0];
        failure(tl, task, at < r->nevents ? tick[at] : t, e->step, e->vtime,
                r->hung                        ? "the wall-clock watchdog stopped the run here"
                : r->crashed && r->report_step ? "the sanitizer's first report came here"
                                               : "the run failed here");
    } else if (rc == 0) {
        failure(tl, 0, 0, 0, 0, "the run ended before its first event");
    }
    finish(tl);
out:
    free(marks);
    free(tick);
    free(start);
    free(stop);
    free(vt);
    return rc;
}

/* ------------------------------------------------------------- files */

static const char *format_of(const char *path) {
    size_t n = strlen(path);
    if (n > 5 && strcmp(path + n - 5, ".json") == 0)
        return "json";
    if (n > 4 && strcmp(path + n - 4, ".svg") == 0)
        return "svg";
    return NULL;
}

int tl_check_path(const char *path) {
    if (format_of(path) == NULL)
        return cli_usage_error("--timeline %s: the file name must end in .json (Chrome trace "
                               "event format) or .svg",
                               path);
    return cli_output_ok(path, 1);
}

int tl_write_file(const timeline *tl, const char *path) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL)
        return cli_usage_error("--timeline %s: out of memory", path);
    if (strcmp(format_of(path), "json") == 0)
        tl_write_json(tl, f);
    else
        tl_write_svg(tl, f);
    int bad = ferror(f);
    fclose(f);
    int rc = bad ? cli_usage_error("--timeline %s: out of memory", path)
             : cli_write_atomic(path, buf, len, 1) == 0 ? 0
                                                        : CLI_USAGE;
    free(buf);
    return rc;
}

int tl_opt(tl_paths *p, const char *path) {
    if (p->n == TL_MAX_PATHS)
        return cli_usage_error("--timeline given more than %d times (one .json, one .svg)",
                               TL_MAX_PATHS);
    int rc = tl_check_path(path);
    if (rc != 0)
        return rc;
    p->path[p->n++] = path;
    return 1;
}

int tl_write_all(const timeline *tl, const tl_paths *p) {
    int rc = 0;
    for (int i = 0; i < p->n; i++)
        if (tl_write_file(tl, p->path[i]) != 0)
            rc = CLI_USAGE;
    return rc;
}
