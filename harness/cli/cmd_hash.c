/* cmd_hash.c - scopefuzz hash: the trace hash of one run. */
#include <inttypes.h>

#include "opts.h"

int cmd_hash(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS, CLI_HANG_LONGOPT, {0}};
    cli_common c = {0};
    sf_prog p;
    const struct sf_driver *d;
    cli_run r;
    int rc = cli_getopt(argc, argv, "h", longopts, &c, NULL, NULL);
    if (rc >= 0 || (rc = cli_load_one("hash", argc - optind, argv + optind, &c, &p, &d)) != 0)
        return rc;
    if (cli_exec(&p, d, 1, 0, &r) != 0) {
        sf_prog_free(&p);
        return CLI_USAGE;
    }
    printf("%016" PRIx64 " %s%s\n", r.hash, r.failed ? "FAIL " : "ok", r.sig);
    rc = r.failed ? CLI_FAIL : CLI_PASS;
    cli_run_free(&r);
    sf_prog_free(&p);
    return rc;
}
