/* cmd_sig.c - scopefuzz sig: the failure signature of report logs
 * (sanitizers, libFuzzer, SCOPEFUZZ-SIGNATURE lines), by sig.c: the one
 * implementation the CLI and the campaign share. */
#include <stdlib.h>
#include <string.h>

#include "opts.h"

enum { MAX_LOG = 64 << 20 };

/* Prints s as a JSON string. */
static void json_str(const char *s) {
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c == '\n')
            fputs("\\n", stdout);
        else if (c < 0x20 || c >= 0x7f)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

/* One log: prints its line (or JSON object); returns the verb's status. */
static int one(const char *path, int json, int several, int first) {
    size_t n = 0;
    char *text = cli_read_file(path, MAX_LOG, &n);
    if (text == NULL) {
        if (json) {
            printf("%s{\"log\": ", first ? "" : ",\n ");
            json_str(path);
            fputs(", \"status\": \"unreadable\", \"signature\": null}", stdout);
        }
        return CLI_USAGE;
    }
    char sig[SF_INTERP_SIG_MAX + 1], words[1024] = "";
    int found = cli_sig_from_text(text, sig);
    if (found < 0) {
        cli_sig_symbolizer_words(text, words, sizeof words);
        fprintf(stderr, "%s: ", path);
        cli_sig_unsymbolized(text);
    }
    free(text);
    const char *status = found > 0 ? "found" : found == 0 ? "none" : "unsymbolized";
    if (json) {
        printf("%s{\"log\": ", first ? "" : ",\n ");
        json_str(path);
        printf(", \"status\": \"%s\", \"signature\": ", status);
        if (found > 0)
            json_str(sig);
        else
            fputs("null", stdout);
        if (found < 0) {
            fputs(", \"symbolizer\": ", stdout);
            json_str(words);
        }
        putchar('}');
    } else if (found > 0) {
        printf("%s%s%s\n", several ? path : "", several ? ": " : "", sig);
    } else if (found == 0) {
        printf("%s%sno failure report\n", several ? path : "", several ? ": " : "");
    }
    return found > 0 ? CLI_PASS : found == 0 ? CLI_FAIL : CLI_USAGE;
}

int cmd_sig(int argc, char **argv) {
    int json = 0;
    const struct option longopts[] = {
        {"json", no_argument, &json, 1}, {"help", no_argument, NULL, 'h'}, {0}};
    int rc = cli_getopt(argc, argv, "h", longopts, NULL, NULL, NULL);
    if (rc >= 0)
        return rc;
    rc = CLI_PASS;
    if (optind >= argc)
        return cli_usage_error("sig: no LOG given (see scopefuzz sig --help)");
    if (json)
        putchar('[');
    for (int i = optind; i < argc; i++) {
        int r = one(argv[i], json, argc - optind > 1, i == optind);
        rc = r > rc ? r : rc;
    }
    if (json)
        puts("]");
    return rc;
}
