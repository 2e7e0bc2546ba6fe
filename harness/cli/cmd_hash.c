/* cmd_hash.c - scopefuzz hash: the trace hash of one run. */
#include <inttypes.h>

#include "opts.h"

int cmd_hash(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS, CLI_HANG_LONGOPT, {0}};
    cli_common c = {0};
    int id, rc;
    opterr = 0;
    while ((id = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (id == 'h')
            return cli_help("hash", stdout);
        if ((rc = cli_common_opt(id, optarg, &c)) == 0)
            return cli_bad_opt("hash", argv);
        if (rc == CLI_USAGE)
            return rc;
    }
    if (argc - optind != 1)
        return cli_usage_error("hash: exactly one FILE expected (see scopefuzz hash --help)");
    sf_prog p;
    cli_run r;
    if ((rc = cli_load(argv[optind], &c, &p, NULL)) != 0)
        return rc;
    const struct sf_driver *d = cli_driver(&p, &c);
    if (d == NULL || cli_exec(&p, d, 1, 0, &r) != 0) {
        sf_prog_free(&p);
        return CLI_USAGE;
    }
    printf("%016" PRIx64 " %s%s\n", r.hash, r.failed ? "FAIL " : "ok", r.sig);
    rc = r.failed ? CLI_FAIL : CLI_PASS;
    cli_run_free(&r);
    sf_prog_free(&p);
    return rc;
}
