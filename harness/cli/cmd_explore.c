/* cmd_explore.c - scopefuzz explore: generate and run random programs in a
 * forked worker (a sanitizer report kills the worker, not the CLI). */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gen.h"
#include "opts.h"

typedef struct explore_args {
    cli_common c;
    cli_gen_opts g;
    const char *dir;
    double seconds;
    uint64_t runs;
    int keep_going, keep_all;
} explore_args;

/* Failures seen, by signature: with --keep-going only the first case of
 * each signature is written (unless --keep-all), the rest are counted. */
enum { MAX_SIGS = 256 };
typedef struct seen_sigs {
    size_t n;
    uint64_t other; /* failures whose signature did not fit in the table */
    struct {
        char sig[SF_INTERP_SIG_MAX + 1];
        uint64_t count;
    } s[MAX_SIGS];
} seen_sigs;

/* Counts a failure with signature sig; 1 if it is the first one. */
static int seen_add(seen_sigs *t, const char *sig) {
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->s[i].sig, sig) == 0)
            return t->s[i].count++, 0;
    if (t->n == MAX_SIGS)
        return t->other++, 1;
    snprintf(t->s[t->n].sig, sizeof t->s[t->n].sig, "%s", sig);
    t->s[t->n++].count = 1;
    return 1;
}

/* Shared with the worker (MAP_SHARED). */
typedef struct shared {
    uint64_t next; /* index of the program being run */
    uint64_t done; /* programs run to the end */
    int failed;    /* the worker found an oracle failure at `next` */
    char sig[SF_INTERP_SIG_MAX + 1];
    /* runs that passed only after the interpreter's watchdog unblocked
     * tasks whose every block was justified (interp.h): not failures */
    uint64_t justified;
} shared;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The last 256 KiB of the worker's stderr (where a sanitizer report is). */
static char *tail(FILE *f) {
    enum { N = 256 << 10 };
    char *t = calloc(1, N + 1);
    long end = (fseek(f, 0, SEEK_END), ftell(f));
    if (t == NULL || end < 0)
        return t;
    fseek(f, end > N ? end - N : 0, SEEK_SET);
    size_t n = fread(t, 1, N, f);
    t[n] = '\0';
    return t;
}

/* Empties the worker's stderr file now and then (the library's messages
 * would fill it), so that it holds the last run's output. */
static void trim_stderr(uint64_t i) {
    if (i % 1024 == 0 && lseek(2, 0, SEEK_CUR) > (1 << 20)) {
        if (ftruncate(2, 0) == 0)
            lseek(2, 0, SEEK_SET);
    }
}

/* In a worker: its justified runs already added to sh->justified. */
static uint64_t justified_seen;

/* The worker: runs programs from sh->next until a failure or the budget. */
static void worker(shared *sh, const explore_args *a, const struct sf_driver *d, double end) {
    for (; sh->next < a->runs && now_s() < end; sh->next++) {
        sf_prog p;
        cli_run r;
        trim_stderr(sh->next);
        if (cli_gen(&a->g, sh->next, &p) != 0 || cli_exec(&p, d, 0, 0, &r) != 0)
            _exit(3);
        sf_prog_free(&p);
        sh->done++;
        sh->justified += sf_interp_justified_runs() - justified_seen;
        justified_seen = sf_interp_justified_runs();
        if (r.failed) {
            snprintf(sh->sig, sizeof sh->sig, "%s", r.sig);
            sh->failed = 1;
            _exit(1);
        }
        cli_run_free(&r);
    }
    _exit(0);
}

/* File name characters: [A-Za-z0-9_.-], others become '_'. */
static void sanitize(char *s) {
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '.'))
            *s = '_';
}

static uint64_t fnv(const char *s) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return h;
}

/* Writes program i with its failure as <impl>-<sig>-<hash>.sched in dir. */
static int save_case(const explore_args *a, const struct sf_driver *d, uint64_t i,
                     const char *sig) {
    sf_prog p;
    cli_run r = {.failed = 1};
    snprintf(r.sig, sizeof r.sig, "%s", sig);
    if (cli_gen(&a->g, i, &p) != 0)
        return cli_usage_error("explore: out of memory");
    char *text = cli_case_text(&p, d->name, &r), name[160], path[4352];
    sf_prog_free(&p);
    if (text == NULL)
        return cli_usage_error("explore: cannot print the case");
    snprintf(name, sizeof name, "%s-%s-%016" PRIx64 ".sched", d->name, sig, fnv(text));
    sanitize(name);
    snprintf(path, sizeof path, "%s/%s", a->dir, name);
    int rc = access(path, F_OK) == 0 ? 0 : cli_write_atomic(path, text, strlen(text), 0);
    if (rc == 0)
        printf("FAIL %s: program %" PRIu64 " -> %s\n", sig, i, path);
    free(text);
    return rc;
}

static int parse_num(const char *opt, const char *s, uint64_t lo, uint64_t hi, uint64_t *v) {
    if (cli_parse_u64(s, v) != 0 || *v < lo || *v > hi)
        return cli_usage_error("%s: '%s' is not a number in %" PRIu64 "..%" PRIu64, opt, s, lo, hi);
    return 0;
}

static int parse_opt(int id, const char *arg, explore_args *a) {
    uint64_t v = 0;
    switch (id) {
        case OPT_STRATEGY:
            if (strcmp(arg, "random") != 0 && strcmp(arg, "pct") != 0)
                return cli_usage_error("--strategy: '%s' is not random or pct", arg);
            a->g.strategy = arg[0] == 'p' ? SF_STRAT_PCT : SF_STRAT_RANDOM;
            return 0;
        case OPT_DEPTH:
            return parse_num("--depth", arg, 1, SF_MAX_PCT_DEPTH, &v)
                       ? CLI_USAGE
                       : (a->g.depth = (uint32_t)v, 0);
        case OPT_SECONDS:
            return parse_num("--seconds", arg, 1, 1000000, &v) ? CLI_USAGE
                                                               : (a->seconds = (double)v, 0);
        case OPT_RUNS:
            return parse_num("--runs", arg, 1, UINT64_MAX - 1, &a->runs) ? CLI_USAGE : 0;
        case OPT_SEED:
            return parse_num("--seed", arg, 0, UINT64_MAX, &a->g.seed) ? CLI_USAGE : 0;
        case OPT_SIZE:
            return parse_num("--size", arg, 1, 4096, &v) ? CLI_USAGE : (a->g.size = v, 0);
        case OPT_KEEP_GOING:
            a->keep_going = 1;
            return 0;
        case OPT_KEEP_ALL:
            a->keep_going = a->keep_all = 1;
            return 0;
        case 'o':
            a->dir = arg;
            return 0;
        default: {
            int rc = cli_common_opt(id, arg, &a->c);
            return rc == 1 ? 0 : rc == 0 ? -1 : rc;
        }
    }
}

static int parse(int argc, char **argv, explore_args *a) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"strategy", required_argument, NULL, OPT_STRATEGY},
                                             {"depth", required_argument, NULL, OPT_DEPTH},
                                             {"seconds", required_argument, NULL, OPT_SECONDS},
                                             {"runs", required_argument, NULL, OPT_RUNS},
                                             {"seed", required_argument, NULL, OPT_SEED},
                                             {"size", required_argument, NULL, OPT_SIZE},
                                             {"keep-going", no_argument, NULL, OPT_KEEP_GOING},
                                             {"keep-all", no_argument, NULL, OPT_KEEP_ALL},
                                             {0}};
    int id, rc;
    opterr = 0;
    while ((id = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        if (id == 'h')
            return cli_help("explore", stdout), -2;
        if ((rc = parse_opt(id, optarg, a)) != 0)
            return rc == -1 ? cli_bad_opt("explore", argv) : rc;
    }
    if (optind < argc)
        return cli_usage_error("explore: unexpected argument '%s'", argv[optind]);
    if (a->seconds == 0 && a->runs == UINT64_MAX)
        a->seconds = 10;
    return 0;
}

/* Prints the failures by signature (with --keep-going). */
static void print_seen(const seen_sigs *t, int keep_all) {
    for (size_t i = 0; i < t->n; i++)
        printf("explore: %" PRIu64 " x %s%s\n", t->s[i].count, t->s[i].sig,
               t->s[i].count > 1 && !keep_all ? " (first case written, the others counted)" : "");
    if (t->other > 0)
        printf("explore: %" PRIu64 " failures with further signatures (table full; each "
               "written)\n",
               t->other);
}

/* Runs workers until the budget or (without --keep-going) a failure. */
static int explore(const explore_args *a, const struct sf_driver *d, shared *sh) {
    double t0 = now_s(), end = a->seconds > 0 ? t0 + a->seconds : 1e300;
    uint64_t failures = 0, written = 0;
    seen_sigs *seen = calloc(1, sizeof *seen);
    int rc = seen ? CLI_PASS : cli_usage_error("explore: out of memory");
    while (seen && sh->next < a->runs && now_s() < end) {
        FILE *err = tmpfile();
        int status = 0;
        fflush(NULL);
        pid_t pid = err ? fork() : -1;
        if (pid == 0) {
            dup2(fileno(err), 2);
            worker(sh, a, d, end);
        }
        if (pid < 0 || waitpid(pid, &status, 0) != pid) {
            rc = cli_usage_error("explore: cannot fork a worker");
            if (err)
                fclose(err);
            break;
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            fclose(err);
            break;
        }
        if (!sh->failed) {
            char *text = tail(err);
            int bad = cli_crash_sig(text, status, sh->sig);
            if (bad)
                rc = cli_sig_unsymbolized(text ? text : "");
            free(text);
            if (bad) {
                fclose(err);
                break;
            }
        }
        fclose(err);
        failures++;
        if (seen_add(seen, sh->sig) || a->keep_all) {
            rc = save_case(a, d, sh->next, sh->sig) == 0 ? CLI_FAIL : CLI_USAGE;
            written += rc == CLI_FAIL;
        } else {
            rc = CLI_FAIL;
        }
        sh->failed = 0;
        sh->next++;
        if (!a->keep_going || rc == CLI_USAGE)
            break;
    }
    double dt = now_s() - t0;
    printf("explore: %s, %" PRIu64 " runs, %" PRIu64 " failures, %" PRIu64
           " justified (blocked by construction, not failures), %.1f s, %.0f runs/s\n",
           d->name, sh->done, failures, sh->justified, dt, dt > 0 ? sh->done / dt : 0.0);
    if (seen && a->keep_going && failures > 0) {
        print_seen(seen, a->keep_all);
        printf("explore: %" PRIu64 " case(s) written\n", written);
    }
    free(seen);
    return rc;
}

/* The output directory must exist and be a writable directory, checked
 * before any work (a found case must never be lost). */
static int check_dir(const char *dir) {
    struct stat st;
    if (stat(dir, &st) != 0)
        return cli_usage_error("explore: -o %s: %s", dir, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return cli_usage_error("explore: -o %s: not a directory", dir);
    if (access(dir, W_OK | X_OK) != 0)
        return cli_usage_error("explore: -o %s: not writable: %s", dir, strerror(errno));
    return 0;
}

int cmd_explore(int argc, char **argv) {
    explore_args a = {.g = {.seed = 1, .size = 64, .depth = SF_PCT_DEFAULT_DEPTH},
                      .dir = ".",
                      .runs = UINT64_MAX};
    int rc = parse(argc, argv, &a);
    if (rc != 0)
        return rc == -2 ? CLI_PASS : rc;
    a.g.target = a.c.target;
    const struct sf_driver *d = cli_driver(NULL, &a.c);
    if (d == NULL)
        return CLI_USAGE;
    if (check_dir(a.dir) != 0)
        return CLI_USAGE;
    a.g.caps = d->caps;
    shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED)
        return cli_usage_error("explore: mmap failed");
    memset(sh, 0, sizeof *sh);
    rc = explore(&a, d, sh);
    munmap(sh, sizeof *sh);
    return rc;
}
