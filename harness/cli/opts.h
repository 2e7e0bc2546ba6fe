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
    OPT_FAULTS,
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

/* Handles option `id` if it is a common one (the input options,
 * --hang-timeout, --max-rows: a verb lists those it takes in its longopts):
 * 1 handled, 0 not common, CLI_USAGE bad value, a second --impl, or
 * --sched with --raw (message printed). */
int cli_common_opt(int id, const char *arg, cli_common *c);

/* A verb's own options for cli_getopt: handles option id (arg: its value,
 * or NULL); returns 1 handled, 0 not one of the verb's options, or
 * CLI_USAGE (message printed). */
typedef int (*cli_opt_fn)(int id, const char *arg, void *ctx);

/* Reads the options of argv (argv[0]: the verb, as main passes it) with
 * getopt_long(shortopts, longopts): -h / --help print the verb's help; a
 * flag option (struct option.flag set) sets its flag; every other option
 * goes to fn(id, optarg, ctx) (fn may be NULL), then,
 * when fn did not take it, to cli_common_opt(c) (c may be NULL for a verb
 * without input options); an option neither takes is a usage error
 * (cli_bad_opt).  Returns -1 when all options are read (the operands are
 * argv[optind..argc-1]), else the status the verb returns at once:
 * CLI_PASS after the help, CLI_USAGE after a message. */
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
               cli_common *c, cli_opt_fn fn, void *ctx);

/* Message for the option getopt_long rejected (id '?' or ':'); returns
 * CLI_USAGE. */
int cli_bad_opt(const char *verb, char **argv);

#endif
