/* main.c - scopefuzz: dispatch to the verbs. */
#include <string.h>

#include "cli.h"

int main(int argc, char **argv) {
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } verbs[] = {{"run", cmd_run},      {"repro", cmd_repro}, {"minimize", cmd_minimize},
                 {"fmt", cmd_fmt},      {"hash", cmd_hash},   {"explore", cmd_explore},
                 {"list", cmd_list},    {"sig", cmd_sig},     {"test", cmd_test},
                 {"replay", cmd_replay}};
    if (argc < 2) {
        cli_help(NULL, stderr);
        return CLI_USAGE;
    }
    const char *verb = argv[1];
    if (strcmp(verb, "-h") == 0 || strcmp(verb, "--help") == 0)
        return cli_help(NULL, stdout);
    if (strcmp(verb, "help") == 0)
        return cli_help(argc > 2 ? argv[2] : NULL, stdout);
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (strcmp(verb, verbs[i].name) == 0)
            return verbs[i].fn(argc - 1, argv + 1);
    return cli_usage_error("unknown verb '%s' (verbs: run repro minimize fmt hash explore list "
                           "sig test replay help; see scopefuzz --help)",
                           verb);
}
