/* cmd_fmt.c - scopefuzz fmt: any input to canonical .sched. */
#include "opts.h"

int cmd_fmt(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS, {0}};
    cli_common c = {0};
    int id, rc;
    opterr = 0;
    while ((id = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (id == 'h')
            return cli_help("fmt", stdout);
        if ((rc = cli_common_opt(id, optarg, &c)) == 0)
            return cli_bad_opt("fmt", argv);
        if (rc == CLI_USAGE)
            return rc;
    }
    if (argc - optind != 1)
        return cli_usage_error("fmt: exactly one FILE expected (see scopefuzz fmt --help)");
    sf_prog p;
    if ((rc = cli_load(argv[optind], &c, &p, NULL)) != 0)
        return rc;
    /* the implementation must exist, as for run (message lists the known) */
    const struct sf_driver *d = cli_driver(&p, &c);
    if (d == NULL)
        rc = CLI_USAGE;
    else if (c.impl != NULL && sf_prog_set_impl(&p, d->name) != SF_PROG_OK)
        rc = cli_usage_error("--impl: '%s' is not a valid implementation name", c.impl);
    else if (sf_sched_print(&p, stdout) != SF_PROG_OK)
        rc = cli_usage_error("fmt: cannot print the program");
    sf_prog_free(&p);
    return rc;
}
