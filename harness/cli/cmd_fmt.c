/* cmd_fmt.c - scopefuzz fmt: any input to canonical .sched. */
#include "opts.h"

int cmd_fmt(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS, {0}};
    cli_common c = {0};
    sf_prog p;
    const struct sf_driver *d; /* the implementation must exist, as for run */
    int rc = cli_getopt(argc, argv, "h", longopts, &c, NULL, NULL);
    if (rc >= 0 || (rc = cli_load_one("fmt", argc - optind, argv + optind, &c, &p, &d)) != 0)
        return rc;
    if (c.impl != NULL && sf_prog_set_impl(&p, d->name) != SF_PROG_OK)
        rc = cli_usage_error("--impl: '%s' is not a valid implementation name", c.impl);
    else if (sf_sched_print(&p, stdout) != SF_PROG_OK)
        rc = cli_usage_error("fmt: cannot print the program");
    sf_prog_free(&p);
    return rc;
}
