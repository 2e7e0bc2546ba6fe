/* cmd_repro.c - scopefuzz repro: a report a person can act on. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"

static void section(const char *title) { printf("\n==== %s ====\n", title); }

/* The interleaving: program ops, or with --events the runtime events. */
static void print_interleaving(const cli_run *r, int events) {
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
    if (events)
        cli_print_table(r, stdout);
    else
        cli_print_op_table(r, stdout);
}

static void print_report(const sf_prog *p, const struct sf_driver *d, const cli_run *r,
                         int events) {
    char *text = cli_case_text(p, d->name, r);
    section("program");
    fputs(text ? text : "(cannot print)\n", stdout);
    free(text);
    section("interleaving");
    print_interleaving(r, events);
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
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"max-rows", required_argument, NULL, OPT_MAX_ROWS},
                                             {"events", no_argument, NULL, OPT_EVENTS},
                                             CLI_HANG_LONGOPT,
                                             {0}};
    cli_common c = {0};
    int id, rc, events = 0;
    opterr = 0;
    while ((id = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (id == 'h')
            return cli_help("repro", stdout);
        if (id == OPT_EVENTS) {
            events = 1;
            continue;
        }
        if (id == OPT_MAX_ROWS) {
            uint64_t n;
            if (cli_parse_u64(optarg, &n) != 0)
                return cli_usage_error("--max-rows: '%s' is not a number", optarg);
            cli_table_max_rows = (size_t)n;
            continue;
        }
        if ((rc = cli_common_opt(id, optarg, &c)) == 0)
            return cli_bad_opt("repro", argv);
        if (rc == CLI_USAGE)
            return rc;
    }
    if (argc - optind != 1)
        return cli_usage_error("repro: exactly one FILE expected (see scopefuzz repro --help)");
    sf_prog p;
    cli_run r;
    if ((rc = cli_load(argv[optind], &c, &p, NULL)) != 0)
        return rc;
    const struct sf_driver *d = cli_driver(&p, &c);
    if (d == NULL || cli_exec(&p, d, 1, 1, &r) != 0) {
        sf_prog_free(&p);
        return CLI_USAGE;
    }
    print_report(&p, d, &r, events);
    rc = r.failed ? CLI_FAIL : CLI_PASS;
    cli_run_free(&r);
    sf_prog_free(&p);
    return rc;
}
