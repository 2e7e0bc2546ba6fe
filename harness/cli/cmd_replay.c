/* cmd_replay.c - `scopefuzz replay CASE`: reruns a pthread case's schedule
 * and shows the failure, the thread dump, the interleaving (threads as
 * columns) and the program's output.
 *
 * The verdict comes from a run exactly like the one `test` made (no event
 * trace); a second run records the events for the table.  Recording
 * allocates and annotates as the run goes, which changes ThreadSanitizer's
 * history: a race TSan reports in one run can go unreported in the other,
 * so the traced run never decides the signature. */
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "ptrun.h"
#include "timeline.h"

static int replay_opt(int id, const char *arg, void *paths) {
    return id == TL_OPT ? tl_opt(paths, arg) : 0;
}

/* --timeline: the traced run's events, with the verdict run's signature. */
static int write_timeline(const char *path, const pt_result *shown, const tl_paths *p) {
    if (p->n == 0)
        return 0;
    char title[160];
    snprintf(title, sizeof title, "scopefuzz replay %s", path);
    timeline tl;
    int rc = tl_from_events(shown->events, shown->nevents, shown->dec, shown->ndec, shown->failed,
                            shown->sig, title, &tl) == 0
                 ? tl_write_all(&tl, p)
                 : cli_usage_error("--timeline: out of memory");
    tl_free(&tl);
    return rc;
}

int cmd_replay(int argc, char **argv) {
    static const struct option longopts[] = {{"max-rows", required_argument, NULL, OPT_MAX_ROWS},
                                             {"timeline", required_argument, NULL, TL_OPT},
                                             {"help", no_argument, NULL, 'h'},
                                             {0}};
    cli_common c0 = {0};
    tl_paths tlp = {0};
    int rc = cli_getopt(argc, argv, "h", longopts, &c0, replay_opt, &tlp);
    if (rc >= 0)
        return rc;
    if (argc - optind != 1)
        return cli_usage_error("replay: exactly one CASE file expected (see scopefuzz replay "
                               "--help)");
    const char *path = argv[optind];
    size_t n;
    char *text = cli_read_file(path, 16u << 20, &n);
    if (!text)
        return CLI_USAGE;
    pt_case c;
    if (!pt_case_is(text)) {
        free(text);
        return cli_usage_error("replay: %s is not a pthread case (written by `scopefuzz test`); "
                               "use `scopefuzz repro` for .sched and fuzz inputs",
                               path);
    }
    pt_server s;
    rc = pt_case_start(path, text, &c, &s);
    free(text);
    if (rc != 0)
        return rc;
    pt_req rq = pt_case_request(&c, 0), rt = pt_case_request(&c, 1);
    pt_result r, tr = {0};
    if (pt_run(&s, &rq, &r) != 0) {
        rc = CLI_USAGE;
    } else if (r.unsymbolized) {
        rc = cli_sig_unsymbolized(r.log);
    } else {
        int traced = pt_run(&s, &rt, &tr) == 0;
        printf("signature: %s\n", r.failed ? r.sig : "(none: the run passed)");
        pt_result shown = r; /* the verdict run, with the traced run's events */
        if (traced) {
            shown.events = tr.events;
            shown.nevents = tr.nevents;
            if (tr.failed != r.failed || strcmp(tr.sig, r.sig) != 0)
                printf("note: the interleaving below is from a rerun with the event trace on, "
                       "which gave '%s' (recording events changes what ThreadSanitizer "
                       "remembers)\n",
                       tr.failed ? tr.sig : "no failure");
        }
        pt_print(&shown, stdout, 1, cli_max_rows(&c0));
        if (c.expect[0] && strcmp(c.expect, r.sig) != 0)
            printf("MISMATCH: the case expects '%s', this run gave '%s'\n", c.expect,
                   r.failed ? r.sig : "no failure");
        rc = r.failed ? CLI_FAIL : CLI_PASS;
        if (write_timeline(path, &shown, &tlp) != 0)
            rc = CLI_USAGE;
        if (traced)
            pt_result_free(&tr);
    }
    pt_result_free(&r);
    pt_stop(&s);
    pt_case_free(&c);
    return rc;
}
