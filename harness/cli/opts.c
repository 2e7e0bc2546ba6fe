/* opts.c - the options every verb shares. */
#include <string.h>

#include "opts.h"
#include "watchdog.h"

int cli_common_opt(int id, const char *arg, cli_common *c) {
    switch (id) {
        case OPT_IMPL:
            if (c->impl != NULL)
                return cli_usage_error("--impl given twice ('%s', then '%s'): give one", c->impl,
                                       arg);
            c->impl = arg;
            return 1;
        case OPT_TARGET:
            if (cli_parse_target(arg, &c->target) != 0)
                return cli_usage_error("--target: '%s' is not a fuzz target (%s)", arg,
                                       sf_fuzz_target_names(", "));
            c->target_set = 1;
            return 1;
        case OPT_SCHED:
        case OPT_RAW:
            if (c->detect != CLI_DETECT_AUTO &&
                c->detect != (id == OPT_SCHED ? CLI_DETECT_SCHED : CLI_DETECT_RAW))
                return cli_usage_error("--sched and --raw contradict each other: give one");
            c->detect = id == OPT_SCHED ? CLI_DETECT_SCHED : CLI_DETECT_RAW;
            return 1;
        case OPT_FORK:
            c->fork = 1;
            return 1;
        case OPT_HANG_TIMEOUT:
            return cli_parse_hang(arg) == 0 ? 1 : CLI_USAGE;
        case OPT_MAX_ROWS: {
            uint64_t n;
            if (cli_parse_u64(arg, &n) != 0)
                return cli_usage_error("--max-rows: '%s' is not a number", arg);
            c->max_rows = (size_t)n;
            c->max_rows_set = 1;
            return 1;
        }
        default:
            return 0;
    }
}

int cli_bad_opt(const char *verb, char **argv) {
    const char *arg = argv[optind - 1];
    if (optopt != 0 && strchr("o", optopt) != NULL)
        return cli_usage_error("%s: option -%c needs a value (see scopefuzz %s --help)", verb,
                               optopt, verb);
    return cli_usage_error("%s: bad option or missing value: '%s' (see scopefuzz %s --help)", verb,
                           arg, verb);
}

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
               cli_common *c, cli_opt_fn fn, void *ctx) {
    cli_common none = {0};
    int id, rc;
    opterr = 0;
    while ((id = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (id == 0) /* a flag option: getopt_long set it */
            continue;
        if (id == 'h')
            return cli_help(argv[0], stdout);
        if (fn != NULL && (rc = fn(id, optarg, ctx)) != 0) {
            if (rc != 1)
                return rc;
            continue;
        }
        if ((rc = cli_common_opt(id, optarg, c != NULL ? c : &none)) == 0)
            return cli_bad_opt(argv[0], argv);
        if (rc != 1)
            return rc;
    }
    return -1;
}
