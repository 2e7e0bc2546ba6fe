/* cmd_repro.c - scopefuzz repro: a report a person can act on. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "timeline.h"

static void section(const char *title) { printf("\n==== %s ====\n", title); }

/* The interleaving: program ops, or with --events the runtime events. */
typedef struct repro_view {
    int events;      /* --events: runtime events, not program ops */
    size_t max_rows; /* --max-rows */
    tl_paths tl;     /* --timeline */
    const char *file;
    int tl_rc; /* CLI_USAGE: a timeline could not be made */
} repro_view;

static int repro_opt(int id, const char *arg, void *view) {
    return id == TL_OPT ? tl_opt(&((repro_view *)view)->tl, arg) : 0;
}

/* --timeline: the run as a picture (timeline.h). */
static void write_timeline(const struct sf_driver *d, const cli_run *r, repro_view *v) {
    if (v->tl.n == 0)
        return;
    char title[160];
    snprintf(title, sizeof title, "scopefuzz repro %s (%s)", v->file, d->name);
    timeline tl;
    if (tl_from_run(r, title, &tl) != 0)
        v->tl_rc = cli_usage_error("--timeline: out of memory");
    else
        v->tl_rc = tl_write_all(&tl, &v->tl);
    tl_free(&tl);
}

static void print_interleaving(const cli_run *r, const repro_view *v) {
    if (r->crashed && !r->partial)
        printf("(the run was killed before it could report its trace: see below; `scopefuzz\n"
               "run --trace` in a build without the sanitizer shows the interleaving)\n");
    else if (r->crashed && r->nevents == 0)
        printf("(the run was killed before its first event: see below)\n");
    if (r->hung && r->partial && r->nevents > 0)
        printf("the wall-clock watchdog stopped the run (below): its interleaving up to then,\n"
               "with the stuck task's step marked `>>>`:\n");
    else if (r->crashed && r->partial && r->nevents > 0 && r->report_step == 0)
        printf("the run was killed by the report below; its interleaving up to the report,\n"
               "with the failing step marked `>>>`:\n");
    else if (r->crashed && r->partial && r->nevents > 0)
        printf("the sanitizer reported during the run (below) without stopping it; the\n"
               "interleaving, with the step of its first report marked `>>>`:\n");
    if (r->crashed && (!r->partial || r->nevents == 0))
        return;
    if (v->events)
        cli_print_table(r, stdout, v->max_rows);
    else
        cli_print_op_table(r, stdout, v->max_rows);
}

static void print_report(const sf_prog *p, const struct sf_driver *d, const cli_run *r,
                         void *view) {
    write_timeline(d, r, view);
    char *text = cli_case_text(p, d->name, r);
    section("program");
    fputs(text ? text : "(cannot print)\n", stdout);
    free(text);
    section("interleaving");
    print_interleaving(r, view);
    section("outcome");
    printf("implementation: %s\nresult: %s%s\n", d->name, r->failed ? "FAIL " : "ok", r->sig);
    printf("trace hash %016" PRIx64 ", %" PRIu64 " steps, %" PRIu64 " switches, %" PRIu32
           " preemptions, %zu decisions\n",
           r->hash, r->steps, r->switches, r->preemptions, r->ndecisions);
    if (r->report != NULL) {
        section(strcmp(r->sig, "hang") == 0 ? "watchdog report (the stuck task's stack)"
                : r->crashed                ? "sanitizer report"
                                            : "report and task dump");
        fputs(r->report, stdout);
        putchar('\n');
    }
}

int cmd_repro(int argc, char **argv) {
    int events = 0;
    const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                      {"max-rows", required_argument, NULL, OPT_MAX_ROWS},
                                      {"events", no_argument, &events, 1},
                                      {"timeline", required_argument, NULL, TL_OPT},
                                      CLI_HANG_LONGOPT,
                                      {0}};
    cli_common c = {0};
    repro_view v = {0};
    int rc = cli_getopt(argc, argv, "h", longopts, &c, repro_opt, &v);
    if (rc >= 0)
        return rc;
    v.events = events;
    v.max_rows = cli_max_rows(&c);
    v.file = optind < argc ? argv[optind] : "";
    rc = cli_run_one("repro", argc - optind, argv + optind, &c, 1, print_report, &v);
    return v.tl_rc != 0 ? v.tl_rc : rc;
}
