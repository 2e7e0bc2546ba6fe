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
