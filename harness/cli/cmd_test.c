/* cmd_test.c - `scopefuzz test`: runs a scopefuzz-cc program under one
 * schedule after another (a forked child of the program each), until a
 * failure (written as a pthread case file, exit 1) or the budget (exit 0). */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "opts.h"
#include "ptrun.h"

enum { OPT_SCHEDULES = 1000, OPT_HANG, OPT_ALLOW_LEAK, OPT_PCT_DEPTH, OPT_TEST_FAULTS };

typedef struct test_args {
    uint64_t schedules;
    double seconds;
    const char *strategy; /* random, pct, portfolio */
    uint64_t seed;
    unsigned depth;
    unsigned hang_ms;
    const char *dir;
    int quiet;
    int faults;           /* CLI_FAULTS_* (cli.h): none (the default), some, all */
    unsigned fault_kinds; /* which kinds */
    int budgets;          /* --schedules and --seconds given */
} test_args;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Schedule i of the portfolio, in turn: SURW, POS, SURW, PCT-3, SURW, the
 * random walk (the only one that fires timers early: a sleep that loses a
 * race against a busy thread).  SURW takes half of the slots: on SCTBench
 * (mem build, 20 trials of at most 10,000 schedules, 2026-12-01) it is the
 * one that finds reorder_3..20 (4.2-16 mean schedules; POS 11 to 0 of 10
 * trials in 20 s, PCT-3 41-165) and twostage_100 (134; POS and PCT-3: 0
 * of 10 in 20 s), and qsort_mt too (686 in the 18 of 20 trials that
 * found it within 60 s, most of them in its synchronization-only runs;
 * the portfolio 1,268, 20 of 20).  PCT-3 is faster where whole critical
 * sections must come in one order (twostage 5.7 against SURW's 8.8 and
 * POS's 9.7; token_ring 26 against POS's 31, SURW's 23).  Deterministic
 * for a seed; the case file records which ran. */
static void pick(const test_args *a, uint64_t i, pt_req *rq) {
    static const struct {
        const char *strategy;
        unsigned depth;
    } portfolio[] = {{"surw", 3}, {"pos", 3}, {"surw", 3}, {"pct", 3}, {"surw", 3}, {"random", 3}};
    rq->seed = a->seed + i;
    if (strcmp(a->strategy, "portfolio") == 0) {
        rq->strategy = portfolio[i % 6].strategy;
        rq->depth = portfolio[i % 6].depth;
    } else {
        rq->strategy = a->strategy;
        rq->depth = a->depth;
    }
    /* --faults: every kind, one point in 4, 16 or 64; `some`: every
     * fourth round of the portfolio, so that every strategy gets them */
    static const uint32_t rates[] = {4, 16, 64};
    if (a->faults == CLI_FAULTS_ALL || (a->faults == CLI_FAULTS_SOME && (i / 6) % 4 == 3)) {
        rq->fault_kinds = a->fault_kinds;
        rq->fault_rate = rates[(i / 24) % 3];
    }
}

/* test's options, for cli_getopt: 1 handled, 0 not one of them, CLI_USAGE
 * (message printed). */
static int parse_opt(int id, const char *arg, void *ctx) {
    test_args *a = ctx;
    uint64_t v;
    switch (id) {
        case 'o':
            a->dir = arg;
            return 1;
        case 'q':
            a->quiet = 1;
            return 1;
        case OPT_SCHEDULES:
            if (cli_parse_u64(arg, &a->schedules) != 0 || a->schedules == 0)
                return cli_usage_error("test: --schedules: '%s' is not a positive number", arg);
            a->budgets++;
            return 1;
        case OPT_SECONDS: {
            char *end;
            a->seconds = strtod(arg, &end);
            if (end == arg || *end || !(a->seconds > 0))
                return cli_usage_error("test: --seconds: '%s' is not a positive number", arg);
            a->budgets++;
            return 1;
        }
        case OPT_STRATEGY:
            if (strcmp(arg, "portfolio") != 0 &&
                sim_strategy_parse_if(arg, SIM_SF_SEED, NULL) != 0) {
                char names[128];
                return cli_usage_error("test: --strategy must be portfolio or one of %s",
                                       sim_strategy_list(SIM_SF_SEED, 0, names, sizeof names));
            }
            a->strategy = arg;
            return 1;
        case OPT_PCT_DEPTH:
            if (cli_parse_u64(arg, &v) != 0 || v == 0 || v > 32)
                return cli_usage_error("test: --depth must be 1..32");
            a->depth = (unsigned)v;
            return 1;
        case OPT_SEED:
            if (cli_parse_u64(arg, &a->seed) != 0)
                return cli_usage_error("test: --seed: '%s' is not a number", arg);
            return 1;
        case OPT_HANG:
            if (cli_parse_u64(arg, &v) != 0 || v == 0 || v > 3600000)
                return cli_usage_error("test: --hang-timeout: milliseconds, 1..3600000");
            a->hang_ms = (unsigned)v;
            return 1;
        case OPT_TEST_FAULTS:
            return cli_parse_faults("test", arg, &a->faults, &a->fault_kinds) ? CLI_USAGE : 1;
        case OPT_ALLOW_LEAK:
            setenv("SCOPEFUZZ_ALLOW_THREAD_LEAK", "1", 1);
            return 1;
        default:
            return 0;
    }
}

/* 0, -1 after the help, or CLI_USAGE (message printed). */
static int parse(int argc, char **argv, test_args *a) {
    static const struct option longopts[] = {
        {"schedules", required_argument, NULL, OPT_SCHEDULES},
        {"seconds", required_argument, NULL, OPT_SECONDS},
        {"strategy", required_argument, NULL, OPT_STRATEGY},
        {"depth", required_argument, NULL, OPT_PCT_DEPTH},
        {"seed", required_argument, NULL, OPT_SEED},
        {"hang-timeout", required_argument, NULL, OPT_HANG},
        {"allow-thread-leak", no_argument, NULL, OPT_ALLOW_LEAK},
        {"faults", required_argument, NULL, OPT_TEST_FAULTS},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {0}};
    *a = (test_args){.strategy = "portfolio", .depth = 3, .hang_ms = 10000, .dir = "."};
    int rc = cli_getopt(argc, argv, "+ho:q", longopts, NULL, parse_opt, a);
    if (rc >= 0)
        return rc == CLI_PASS ? -1 : rc;
    if (a->budgets > 1)
        return cli_usage_error("test: give --schedules or --seconds, not both");
    if (!a->budgets)
        a->schedules = 1000;
    if (optind >= argc)
        return cli_usage_error("test: no program given (scopefuzz test [OPTIONS] -- PROG [ARGS])");
    return 0;
}

/* DIR/<program>-<signature>.ptcase, characters a file name cannot hold
 * mapped to '-'. */
static char *case_path(const char *dir, const char *prog, const char *sig) {
    const char *base = strrchr(prog, '/');
    base = base ? base + 1 : prog;
    size_t n = strlen(dir) + strlen(base) + strlen(sig) + 16;
    char *p = malloc(n);
    if (!p)
        return NULL;
    snprintf(p, n, "%s/%s-%s.ptcase", dir, base, sig);
    for (char *c = p + strlen(dir) + 1; *c; c++)
        if (*c == ':' || *c == ' ' || *c == '/')
            *c = '-';
    return p;
}

/* Replays r's decisions once: the failure must come back the same. */
static int check_replay(pt_server *s, const pt_req *rq, const pt_result *r) {
    pt_req rr = *rq;
    rr.strategy = "replay";
    rr.replay_of = rq->strategy;
    rr.dec = r->dec;
    rr.ndec = r->ndec;
    rr.fault_kinds = 0; /* the run's own faults, exactly */
    rr.fails = r->faults;
    rr.nfails = r->nfaults;
    pt_result again;
    if (pt_run(s, &rr, &again) != 0)
        return -1;
    int same = strcmp(again.sig, r->sig) == 0;
    if (!same)
        fprintf(stderr,
                "scopefuzz: warning: replaying the failing schedule gave '%s' instead of '%s' "
                "(the program is not deterministic under scopefuzz: a clock, random number or "
                "system call the runtime does not control?)\n",
                again.sig[0] ? again.sig : "no failure", r->sig);
    pt_result_free(&again);
    return same;
}

static int write_case(const test_args *a, char **argv, int argc, const pt_req *rq,
                      const pt_result *r) {
    pt_case c = {.argv = argv, .argc = argc, .seed = rq->seed, .depth = rq->depth};
    snprintf(c.strategy, sizeof c.strategy, "%s", rq->strategy);
    snprintf(c.expect, sizeof c.expect, "%s", r->sig);
    c.fault_kinds = rq->fault_kinds;
    c.fault_rate = rq->fault_rate;
    const char *leak = getenv("SCOPEFUZZ_ALLOW_THREAD_LEAK"); /* as exit.c reads it */
    c.allow_leak = leak && *leak && strcmp(leak, "0") != 0;
    /* a replay lists its faults; more than a case holds: the seeded run */
    int exact = !r->truncated && !r->faults_truncated && r->nfaults <= SF_MAX_FAILS;
    c.dec = exact ? r->dec : NULL;
    c.ndec = exact ? r->ndec : 0;
    for (size_t i = 0; exact && i < r->nfaults; i++)
        c.fails[c.nfails++] = r->faults[i];
    char *text = pt_case_text(&c);
    char *path = case_path(a->dir, argv[0], r->sig);
    int rc = text && path ? cli_write_atomic(path, text, strlen(text), 1) : -1;
    if (rc == 0)
        printf("scopefuzz: failure written to %s\n", path);
    free(text);
    free(path);
    return rc;
}

int cmd_test(int argc, char **argv) {
    test_args a;
    int rc = parse(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? CLI_PASS : rc;
    struct stat st; /* -o: an existing directory, checked before any work */
    if (stat(a.dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return cli_usage_error("test: -o %s: not an existing directory", a.dir);
    char *real = realpath(argv[optind], NULL);
    if (!real)
        return cli_usage_error("test: %s: %s", argv[optind], strerror(errno));
    argv[optind] = real;
    pt_server s;
    if ((rc = pt_start(&s, argv + optind)) != 0) {
        free(real);
        return rc;
    }
    double t0 = now_s();
    uint64_t i = 0;
    rc = CLI_PASS;
    for (;; i++) {
        if (a.schedules ? i >= a.schedules : now_s() - t0 >= a.seconds)
            break;
        pt_req rq = {.hang_ms = a.hang_ms};
        pick(&a, i, &rq);
        pt_result r;
        if (pt_run(&s, &rq, &r) != 0) {
            rc = CLI_USAGE;
            break;
        }
        if (r.unsymbolized) {
            rc = cli_sig_unsymbolized(r.log);
            pt_result_free(&r);
            break;
        }
        if (r.failed) {
            printf("signature: %s\nschedule %" PRIu64 ": strategy %s seed %" PRIu64 " depth %u, ",
                   r.sig, i, rq.strategy, rq.seed, rq.depth);
            if (strcmp(r.outcome, "-") == 0) /* the child died: no totals */
                printf("%zu decisions before the run died\n", r.ndec);
            else
                printf("%" PRIu64 " steps, %" PRIu64 " preemptions\n", r.steps, r.preemptions);
            if (!a.quiet)
                pt_print(&r, stdout, 1, CLI_MAX_ROWS);
            int same = check_replay(&s, &rq, &r);
            rc = same < 0 || write_case(&a, argv + optind, argc - optind, &rq, &r) != 0 ? CLI_USAGE
                                                                                        : CLI_FAIL;
            pt_result_free(&r);
            break;
        }
        pt_result_free(&r);
    }
    double dt = now_s() - t0;
    pt_stop(&s);
    if (rc == CLI_PASS)
        printf("test: %" PRIu64 " schedules in %.2f s (%.0f/s), no failure\n", i, dt,
               dt > 0 ? (double)i / dt : 0.0);
    free(real);
    return rc;
}
