/* cmd_repro.c - scopefuzz repro: a report a person can act on. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"

static void section(const char *title) { printf("\n==== %s ====\n", title); }

/* The interleaving: program ops, or with --events the runtime events. */
typedef struct repro_view {
    int events;      /* --events: runtime events, not program ops */
    size_t max_rows; /* --max-rows */
} repro_view;

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
                                      CLI_HANG_LONGOPT,
                                      {0}};
    cli_common c = {0};
    int rc = cli_getopt(argc, argv, "h", longopts, &c, NULL, NULL);
    repro_view v = {events, cli_max_rows(&c)};
    return rc >= 0 ? rc
                   : cli_run_one("repro", argc - optind, argv + optind, &c, 1, print_report, &v);
}
