/* cmd_list.c - scopefuzz list: the implementations. */
#include <string.h>

#include "cli.h"
#include "registry.h"

int cmd_list(int argc, char **argv) {
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
        return cli_help("list", stdout);
    if (argc > 1)
        return cli_usage_error("list: takes no arguments (see scopefuzz list --help)");
    for (size_t i = 0; i < sf_driver_count(); i++) {
        const struct sf_driver *d = sf_driver_at(i);
        printf("%-28s %s\n", d->name, d->description ? d->description : "");
    }
    return CLI_PASS;
}
