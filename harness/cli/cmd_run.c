/* cmd_run.c - scopefuzz run: replay files and directories. */
#include <dirent.h>
#include <errno.h>
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

/* The sanitizer this binary was built with: the SF_SANITIZE value of its
 * build (none, asan, tsan), as `# requires:` lines name builds. */
static const char *this_build(void) {
#if defined(__SANITIZE_ADDRESS__)
    return "asan";
#elif defined(__SANITIZE_THREAD__)
    return "tsan";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return "asan";
#elif __has_feature(thread_sanitizer)
    return "tsan";
#else
    return "none";
#endif
#else
    return "none";
#endif
}

/* The builds a .sched case can be checked in, from its header, by the
 * rules of tests/regression/CMakeLists.txt (the last matching line wins):
 * `expect fail asan:`/`lsan:`/`ubsan:` need asan, `tsan:` needs tsan,
 * `signal:` none (undefined behaviour), `# requires: B...` exactly the
 * builds B.  Into need[] (space-separated; "" any build, "never"). */
static void builds_needed(const char *text, char *need, size_t n) {
    need[0] = '\0';
    for (const char *s = text; s != NULL && *s != '\0';) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        static const struct {
            const char *prefix, *need;
        } rules[] = {{"expect fail asan:", "asan"},
                     {"expect fail lsan:", "asan"},
                     {"expect fail ubsan:", "asan"},
                     {"expect fail tsan:", "tsan"},
                     {"expect fail signal:", "never"}};
        for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
            if (strncmp(s, rules[i].prefix, strlen(rules[i].prefix)) == 0)
                snprintf(need, n, "%s", rules[i].need);
        if (strncmp(s, "# requires:", 11) == 0) {
            /* as the CMake rule: the run of [a-z ] after the colon */
            size_t k = 0;
            for (const char *w = s + 11; w < s + len && ((*w >= 'a' && *w <= 'z') || *w == ' ');
                 w++)
                if (k + 1 < n && (*w != ' ' || (k > 0 && need[k - 1] != ' ')))
                    need[k++] = *w;
            while (k > 0 && need[k - 1] == ' ')
                k--;
            need[k] = '\0';
        }
        s = nl ? nl + 1 : NULL;
    }
}

/* 1 if the build `b` is among the space-separated words of need. */
static int needs_has(const char *need, const char *b) {
    size_t n = strlen(b);
    for (const char *w = need; *w;) {
        size_t wl = strcspn(w, " ");
        if (wl == n && strncmp(w, b, n) == 0)
            return 1;
        w += wl;
        w += *w == ' ';
    }
    return 0;
}

/* With --check: 1 (note printed) if the .sched case at path cannot be
 * checked in this build, by its expect and `# requires:` lines. */
static int skip_for_build(const char *path) {
    size_t n = 0;
    char *text = cli_read_file(path, 16 << 20, &n), need[128];
    if (text == NULL)
        return 0; /* cli_load reports the error */
    builds_needed(text, need, sizeof need);
    free(text);
    const char *b = this_build();
    if (need[0] == '\0' || needs_has(need, b))
        return 0;
    if (strcmp(need, "never") == 0)
        printf("%s: skipped: a signal:* failure is undefined behaviour without a sanitizer; no "
               "build checks it\n",
               path);
    else
        printf("%s: skipped: its failure needs a build with %s (this build: %s)\n", path, need, b);
    return 1;
}

static int run_file(const char *path, const run_opts *o) {
    sf_prog p;
    cli_run r;
    cli_kind kind = CLI_RAW;
    int rc = cli_load(path, &o->c, &p, &kind);
    if (rc != 0)
        return rc;
    if (o->check && kind == CLI_SCHED && skip_for_build(path)) {
        sf_prog_free(&p);
        return CLI_PASS;
    }
    const struct sf_driver *d = cli_driver(&p, &o->c);
    if (d == NULL || cli_exec(&p, d, 1, o->trace, &r) != 0) {
        sf_prog_free(&p);
        return CLI_USAGE;
    }
    if (o->trace)
        cli_print_table(&r, stdout, cli_max_rows(&o->c));
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
    int n = scandir(dir, &names, NULL, alphasort), rc = CLI_PASS, files = 0;
    if (n < 0)
        return cli_usage_error("%s: cannot list the directory: %s", dir, strerror(errno));
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        if (!skipped(names[i]->d_name) && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            rc = worst(rc, run_file(path, o));
            files++;
        }
        free(names[i]);
    }
    free(names);
    if (files == 0)
        return cli_usage_error("%s: nothing to run (no regular files but hidden ones, README* "
                               "and *.md)",
                               dir);
    return rc;
}

int cmd_run(int argc, char **argv) {
    run_opts o = {0};
    const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                      {"trace", no_argument, &o.trace, 1},
                                      {"check", no_argument, &o.check, 1},
                                      {"check-expect", no_argument, &o.check, 1},
                                      CLI_HANG_LONGOPT,
                                      {0}};
    int rc = cli_getopt(argc, argv, "h", longopts, &o.c, NULL, NULL);
    if (rc >= 0)
        return rc;
    rc = CLI_PASS;
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
