/* cmd_list.c - scopefuzz list: the implementations (with --caps their
 * capabilities), (--targets) the program fuzz targets with their op sets,
 * or (--dict NAME) the libFuzzer dictionary of fuzz_NAME. */
#include <string.h>

#include "cli.h"
#include "dict.h"
#include "registry.h"

static void list_targets(void) {
    for (unsigned i = 0; i < SF_NTARGETS; i++) {
        const sf_fuzz_target *t = sf_fuzz_target_at(i);
        printf("%-8s fuzz_%-8s", t->name, t->name);
        for (unsigned k = SF_OP_NONE + 1; k < SF_OP_NKINDS; k++)
            if (t->kinds & SF_KIND(k))
                printf(" %s%s", k == SF_OP_CHCLOSE ? "chan_" : "", sf_op_name(k));
        putchar('\n');
    }
}

/* Each implementation's name and the capabilities it declares (driver.h
 * SF_CAP_*, by their names in prog.h's sf_cap_name). */
static void list_caps(void) {
    for (size_t i = 0; i < sf_driver_count(); i++) {
        const struct sf_driver *d = sf_driver_at(i);
        printf("%-28s", d->name);
        for (unsigned bit = 1; bit & SF_CAP_ALL; bit <<= 1)
            if (d->caps & bit)
                printf(" %s", sf_cap_name(bit));
        puts((d->caps & SF_CAP_ALL) ? "" : " (none)");
    }
}

/* The dictionary of fuzz_NAME: a program target's (its op set) or, for
 * "sched", the .sched text target's. */
static int list_dict(const char *name) {
    char title[96];
    snprintf(title, sizeof title, "corpus/%s.dict - libFuzzer dictionary of fuzz_%s", name, name);
    const sf_fuzz_target *t = sf_fuzz_target_find(name);
    int rc;
    if (strcmp(name, "sched") == 0)
        rc = sf_sched_dict_print(stdout, title);
    else if (t != NULL && strcmp(name, t->name) == 0)
        rc = sf_prog_dict_print(stdout, title, t->kinds);
    else
        return cli_usage_error("list --dict: no fuzz target '%s' (sched, %s)", name,
                               sf_fuzz_target_names(", "));
    return rc == SF_PROG_OK ? CLI_PASS
                            : cli_usage_error("list --dict: cannot write the dictionary");
}

int cmd_list(int argc, char **argv) {
    if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
        return cli_help("list", stdout);
    if (argc == 2 && strcmp(argv[1], "--targets") == 0) {
        list_targets();
        return CLI_PASS;
    }
    if (argc == 2 && strcmp(argv[1], "--caps") == 0) {
        list_caps();
        return CLI_PASS;
    }
    if (argc == 3 && strcmp(argv[1], "--dict") == 0)
        return list_dict(argv[2]);
    if (argc > 1)
        return cli_usage_error(
            "list: takes only --targets, --caps or --dict NAME (see scopefuzz list --help)");
    for (size_t i = 0; i < sf_driver_count(); i++) {
        const struct sf_driver *d = sf_driver_at(i);
        printf("%-28s %s\n", d->name, d->description ? d->description : "");
    }
    return CLI_PASS;
}
