/* cmd_run.c - scopefuzz run: replay files and directories. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "opts.h"

typedef struct run_opts {
    cli_common c;
    int trace, check;
} run_opts;

/* The verdict line of one file; returns CLI_PASS or CLI_FAIL. */
static int verdict(const char *path, const sf_prog *p, const cli_run *r, int check) {
    if (!check) {
        printf("%s: %s%s\n", path, r->failed ? "FAIL " : "ok", r->sig);
        return r->failed ? CLI_FAIL : CLI_PASS;
    }
    int want = p->expect_fail;
    if (want == r->failed && (!want || strcmp(p->expect_sig, r->sig) == 0)) {
        printf("%s: ok (%s%s%s)\n", path, want ? "expected failure " : "passes as expected",
               want ? p->expect_sig : "", want ? " reproduced" : "");
        return CLI_PASS;
    }
    printf("%s: MISMATCH: expected %s%s, got %s%s\n", path, want ? "fail " : "ok",
           want ? p->expect_sig : "", r->failed ? "fail " : "ok", r->sig);
    return CLI_FAIL;
}

static int run_file(const char *path, const run_opts *o) {
    sf_prog p;
    cli_run r;
    int rc = cli_load(path, &o->c, &p, NULL);
    if (rc != 0)
        return rc;
    const struct sf_driver *d = cli_driver(&p, &o->c);
    if (d == NULL || cli_exec(&p, d, 1, o->trace, &r) != 0) {
        sf_prog_free(&p);
        return CLI_USAGE;
    }
    if (o->trace)
        cli_print_table(&r, stdout);
    if ((o->trace || (r.failed && !o->check)) && r.report != NULL)
        printf("%s\n", r.report);
    rc = verdict(path, &p, &r, o->check);
    cli_run_free(&r);
    sf_prog_free(&p);
    return rc;
}

/* 1 for the directory entries run skips: hidden files and documentation. */
static int skipped(const char *name) {
    size_t n = strlen(name);
    return name[0] == '.' || strncmp(name, "README", 6) == 0 ||
           (n > 3 && strcmp(name + n - 3, ".md") == 0);
}

/* Worst of two statuses: usage error > failure > pass. */
static int worst(int a, int b) { return a > b ? a : b; }

static int run_dir(const char *dir, const run_opts *o) {
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort), rc = CLI_PASS;
    if (n < 0)
        return cli_usage_error("%s: cannot list the directory", dir);
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        if (!skipped(names[i]->d_name) && stat(path, &st) == 0 && S_ISREG(st.st_mode))
            rc = worst(rc, run_file(path, o));
        free(names[i]);
    }
    free(names);
    return rc;
}

int cmd_run(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"trace", no_argument, NULL, OPT_TRACE},
                                             {"check", no_argument, NULL, OPT_CHECK},
                                             {"check-expect", no_argument, NULL, OPT_CHECK},
                                             {0}};
    run_opts o = {0};
    int id, rc = CLI_PASS;
    opterr = 0;
    while ((id = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (id == 'h')
            return cli_help("run", stdout);
        if (id == OPT_TRACE || id == OPT_CHECK) {
            *(id == OPT_TRACE ? &o.trace : &o.check) = 1;
            continue;
        }
        int c = cli_common_opt(id, optarg, &o.c);
        if (c == 0)
            return cli_bad_opt("run", argv);
        if (c == CLI_USAGE)
            return c;
    }
    if (optind >= argc)
        return cli_usage_error("run: no FILE or DIR given (see scopefuzz run --help)");
    for (int i = optind; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
            rc = worst(rc, run_dir(argv[i], &o));
        else
            rc = worst(rc, run_file(argv[i], &o));
    }
    return rc;
}
