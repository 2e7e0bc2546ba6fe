/* main.c - scopefuzz: dispatch to the verbs of cli_verbs (help.c). */
#include <string.h>

#include "cli.h"

int main(int argc, char **argv) {
    if (argc < 2) {
        cli_help(NULL, stderr);
        return CLI_USAGE;
    }
    const char *verb = argv[1];
    if (strcmp(verb, "-h") == 0 || strcmp(verb, "--help") == 0)
        return cli_help(NULL, stdout);
    const cli_verb *v = cli_verb_find(verb);
    if (v != NULL)
        return v->fn(argc - 1, argv + 1);
    char names[256] = "";
    for (size_t i = 0; i < cli_nverbs; i++) {
        strncat(names, " ", sizeof names - strlen(names) - 1);
        strncat(names, cli_verbs[i].name, sizeof names - strlen(names) - 1);
    }
    return cli_usage_error("unknown verb '%s' (verbs:%s; see scopefuzz --help)", verb, names);
}
