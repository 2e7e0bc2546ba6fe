/* cmd_hash.c - scopefuzz hash: the trace hash of one run. */
#include <inttypes.h>

#include "opts.h"

static void print_hash(const sf_prog *p, const struct sf_driver *d, const cli_run *r, void *ctx) {
    (void)p, (void)d, (void)ctx;
    printf("%016" PRIx64 " %s%s\n", r->hash, r->failed ? "FAIL " : "ok", r->sig);
}

int cmd_hash(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS, CLI_HANG_LONGOPT, {0}};
    cli_common c = {0};
    int rc = cli_getopt(argc, argv, "h", longopts, &c, NULL, NULL);
    return rc >= 0 ? rc
                   : cli_run_one("hash", argc - optind, argv + optind, &c, 0, print_hash, NULL);
}
