/* opts.h - option parsing shared by the verbs (getopt_long). */
#ifndef SF_CLI_OPTS_H
#define SF_CLI_OPTS_H

#include <getopt.h>

#include "cli.h"

enum {
    OPT_IMPL = 256,
    OPT_TARGET,
    OPT_SCHED,
    OPT_RAW,
    OPT_FORK,
    OPT_TRACE,
    OPT_CHECK,
    OPT_MAX_ROWS,
    OPT_MAX_RUNS,
    OPT_STRATEGY,
    OPT_DEPTH,
    OPT_SECONDS,
    OPT_RUNS,
    OPT_SEED,
    OPT_SIZE,
    OPT_KEEP_GOING,
    OPT_KEEP_ALL,
    OPT_EVENTS,
    OPT_HANG_TIMEOUT
};

/* The input options every file-reading verb takes, and --help. */
#define CLI_COMMON_LONGOPTS                                                                        \
    {"impl", required_argument, NULL, OPT_IMPL}, {"target", required_argument, NULL, OPT_TARGET},  \
        {"sched", no_argument, NULL, OPT_SCHED}, {"raw", no_argument, NULL, OPT_RAW},              \
        {"fork", no_argument, NULL, OPT_FORK}, {                                                   \
        "help", no_argument, NULL, 'h'                                                             \
    }

/* --hang-timeout MS (watchdog.h), for the verbs that run programs: run,
 * repro, minimize, hash, explore; cli_common_opt handles it. */
#define CLI_HANG_LONGOPT                                                                           \
    { "hang-timeout", required_argument, NULL, OPT_HANG_TIMEOUT }

/* Handles option `id` if it is a common one: 1 handled, 0 not common,
 * CLI_USAGE bad value, a second --impl, or --sched with --raw (message
 * printed). */
int cli_common_opt(int id, const char *arg, cli_common *c);

/* Message for the option getopt_long rejected (id '?' or ':'); returns
 * CLI_USAGE. */
int cli_bad_opt(const char *verb, char **argv);

#endif
