/* cmd_replay.c - `scopefuzz replay CASE`: reruns a pthread case's schedule
 * with the event trace on and shows the failure, the thread dump, the
 * interleaving (threads as columns) and the program's output. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "ptrun.h"

int cmd_replay(int argc, char **argv) {
    static const struct option longopts[] = {
        {"max-rows", required_argument, NULL, OPT_MAX_ROWS}, {"help", no_argument, NULL, 'h'}, {0}};
    int id;
    opterr = 0;
    while ((id = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (id == 'h')
            return cli_help("replay", stdout);
        if (id == OPT_MAX_ROWS) {
            uint64_t n;
            if (cli_parse_u64(optarg, &n) != 0)
                return cli_usage_error("--max-rows: '%s' is not a number", optarg);
            cli_table_max_rows = (size_t)n;
            continue;
        }
        return cli_bad_opt("replay", argv);
    }
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
    int rc = pt_case_parse(path, text, &c);
    free(text);
    if (rc != 0)
        return rc;
    pt_server s;
    if ((rc = pt_start(&s, c.argv)) != 0) {
        pt_case_free(&c);
        return rc;
    }
    pt_req rq = pt_case_request(&c, 1);
    pt_result r;
    if (pt_run(&s, &rq, &r) != 0) {
        rc = CLI_USAGE;
    } else if (r.unsymbolized) {
        rc = cli_sig_unsymbolized(r.log);
    } else {
        printf("signature: %s\n", r.failed ? r.sig : "(none: the run passed)");
        pt_print(&r, stdout, 1);
        if (c.expect[0] && strcmp(c.expect, r.sig) != 0)
            printf("MISMATCH: the case expects '%s', this run gave '%s'\n", c.expect,
                   r.failed ? r.sig : "no failure");
        rc = r.failed ? CLI_FAIL : CLI_PASS;
    }
    pt_result_free(&r);
    pt_stop(&s);
    pt_case_free(&c);
    return rc;
}
