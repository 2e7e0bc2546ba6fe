/* cmd_minimize.c - scopefuzz minimize: shrink a failing case (the
 * minimizer, harness/minimize, with the interpreter as its predicate).
 * In-process candidates run under a per-candidate watchdog timer: one that
 * hangs ends this process, which starts the same command again with
 * --fork (watchdog.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "minimize.h"
#include "opts.h"
#include "ptrun.h"
#include "watchdog.h"

/* TSan delivers a signal only at the thread's next interceptor: a spin in
 * an in-process candidate would never see the watchdog's, so TSan builds
 * run every candidate in a forked child (the parent's SIGKILL bounds it). */
#if defined(__SANITIZE_THREAD__)
#define MIN_ALWAYS_FORK 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define MIN_ALWAYS_FORK 1
#endif
#endif
#ifndef MIN_ALWAYS_FORK
#define MIN_ALWAYS_FORK 0
#endif

typedef struct min_args {
    cli_common c;
    const char *in, *out;
    int force, verbose;
    uint64_t max_runs;
} min_args;

/* The predicate's context: same implementation, same signature. */
typedef struct pred_ctx {
    const struct sf_driver *d;
    char sig[SF_INTERP_SIG_MAX + 1];
    int fork_mode, verbose;
} pred_ctx;

static int same_failure(const sf_prog *cand, void *arg) {
    pred_ctx *x = arg;
    cli_run r;
    if (!x->fork_mode)
        cli_watchdog_arm(cli_hang_ms); /* forked runs have their own */
    int rc = cli_exec(cand, x->d, x->fork_mode ? CLI_EXEC_FORK : CLI_EXEC_QUIET, 0, &r);
    if (!x->fork_mode)
        cli_watchdog_disarm();
    if (rc != 0)
        return -1;
    int same = r.failed && strcmp(r.sig, x->sig) == 0;
    cli_run_free(&r);
    return same;
}

static void progress(const char *phase, const sf_prog *cur, void *arg) {
    const pred_ctx *x = arg;
    if (x->verbose)
        fprintf(stderr, "minimize: %-8s ops %zu, tasks %u, decisions %zu (nonzero %zu)\n", phase,
                sf_prog_nops(cur), cur->nbodies, cur->strategy == SIM_REPLAY ? cur->ndecisions : 0,
                sf_min_nonzero(cur));
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int min_opt(int id, const char *arg, void *args) {
    min_args *a = args;
    if (id == 'o')
        a->out = arg;
    else if (id == 'f')
        a->force = 1;
    else if (id == 'v')
        a->verbose = 1;
    else if (id != OPT_MAX_RUNS)
        return 0;
    else if (cli_parse_u64(arg, &a->max_runs) != 0 || !a->max_runs)
        return cli_usage_error("--max-runs: '%s' is not a positive number", arg);
    return 1;
}

static int parse(int argc, char **argv, min_args *a) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"output", required_argument, NULL, 'o'},
                                             {"force", no_argument, NULL, 'f'},
                                             {"verbose", no_argument, NULL, 'v'},
                                             {"max-runs", required_argument, NULL, OPT_MAX_RUNS},
                                             CLI_HANG_LONGOPT,
                                             {0}};
    int rc = cli_getopt(argc, argv, "ho:fv", longopts, &a->c, min_opt, a);
    if (rc >= 0)
        return rc == CLI_PASS ? -1 : rc;
    if (argc - optind != 1)
        return cli_usage_error(
            "minimize: exactly one FILE expected (see scopefuzz minimize --help)");
    if (a->out == NULL)
        return cli_usage_error("minimize: -o OUT.sched is required");
    a->in = argv[optind];
    /* before any work: never a directory, FIFO or device; no overwrite
     * without -f */
    if (cli_output_ok(a->out, a->force) != 0)
        return CLI_USAGE;
    return 0;
}

/* Makes p the replay of r's decisions if that fails the same way. */
static void try_replay(sf_prog *p, const cli_run *r, pred_ctx *x) {
    sf_prog q;
    if (sf_prog_copy(&q, p) == SF_PROG_OK && cli_to_replay(&q, r) == 0 &&
        same_failure(&q, x) == 1) {
        sf_prog_free(p);
        *p = q;
    } else {
        sf_prog_free(&q);
    }
}

/* The first run (forked: learns the failure class); makes p an explicit
 * replay of it when that replay fails the same way.  CLI_FAIL: p fails. */
static int first_run(sf_prog *p, pred_ctx *x) {
    cli_run r;
    if (cli_exec(p, x->d, 1, 0, &r) != 0)
        return CLI_USAGE;
    int failed = r.failed;
    snprintf(x->sig, sizeof x->sig, "%s", r.sig);
    x->fork_mode = x->fork_mode || cli_sig_is_crash(r.sig);
    if (failed && p->strategy != SIM_REPLAY) {
        /* A crashed child reported no decisions: try the all-zero replay. */
        cli_run none = {0};
        try_replay(p, r.crashed ? &none : &r, x);
    }
    cli_run_free(&r);
    return failed ? CLI_FAIL : CLI_PASS;
}

static int write_result(const sf_prog *p, const pred_ctx *x, const min_args *a) {
    cli_run r = {.failed = 1};
    snprintf(r.sig, sizeof r.sig, "%s", x->sig);
    char *text = cli_case_text(p, x->d->name, &r);
    if (text == NULL)
        return cli_usage_error("minimize: cannot print the result");
    int rc = cli_write_atomic(a->out, text, strlen(text), a->force);
    free(text);
    return rc == 0 ? CLI_FAIL : CLI_USAGE;
}

static void summary(const sf_min_stats *s, double ms, const pred_ctx *x) {
    printf("ops: %zu -> %zu, tasks: %u -> %u, decisions: %zu -> %zu (nonzero %zu -> %zu), "
           "%lu runs, %.0f ms\n",
           s->ops_before, s->ops_after, s->tasks_before, s->tasks_after, s->dec_before,
           s->dec_after, s->nz_before, s->nz_after, s->runs, ms);
    if (s->faults_before)
        printf("faults: %u -> %u listed\n", s->faults_before, s->faults_after);
    printf("signature %s; %s; runs %s\n", x->sig,
           s->one_minimal ? "1-minimal" : "NOT verified 1-minimal (budget reached?)",
           x->fork_mode ? "in forked children" : "in-process");
}

/* A .sched file's `expect fail SIG` line must be what the run gives: else
 * the case would silently change meaning.  0, or CLI_USAGE (message). */
static int check_expect(const sf_prog *p, int rc, const pred_ctx *x, const min_args *a) {
    if (!p->expect_fail || (rc == CLI_FAIL && strcmp(p->expect_sig, x->sig) == 0))
        return 0;
    if (rc == CLI_FAIL)
        return cli_usage_error("minimize: %s says `expect fail %s` but fails with %s on %s: "
                               "correct or delete its expect line first",
                               a->in, p->expect_sig, x->sig, x->d->name);
    return cli_usage_error("minimize: %s says `expect fail %s` but does not fail on %s: "
                           "correct or delete its expect line (or use --impl)",
                           a->in, p->expect_sig, x->d->name);
}

static int minimize(sf_prog *p, pred_ctx *x, const min_args *a) {
    double t0 = now_ms();
    int rc = first_run(p, x); /* keeps p's expect line */
    if (rc != CLI_USAGE && check_expect(p, rc, x, a) != 0)
        return CLI_USAGE;
    if (rc != CLI_FAIL) {
        if (rc == CLI_PASS)
            fprintf(stderr, "scopefuzz: %s does not fail on %s: nothing to minimize\n", a->in,
                    x->d->name);
        return rc;
    }
    sf_min_opts o = {.max_runs = a->max_runs, .progress = progress};
    sf_min_stats s;
    int m = sf_minimize(p, same_failure, x, &o, &s);
    if (m != SF_MIN_OK)
        return cli_usage_error("minimize: %s", m == SF_MIN_ENOTFAIL ? "the failure is not "
                                                                      "reproducible (flaky?)"
                                                                    : "the minimizer failed");
    rc = write_result(p, x, a);
    if (rc == CLI_FAIL)
        summary(&s, now_ms() - t0, x);
    return rc;
}

/* The command again with --fork, for the watchdog's restart: argv[0] is
 * the verb (main passes argv + 1); built before getopt permutes argv. */
static char **fork_argv(int argc, char **argv) {
    char **v = calloc((size_t)argc + 3, sizeof *v);
    if (v == NULL)
        return NULL;
    v[0] = "scopefuzz";
    v[1] = argv[0];
    v[2] = "--fork";
    for (int i = 1; i < argc; i++)
        v[i + 2] = argv[i];
    return v;
}

int cmd_minimize(int argc, char **argv) {
    min_args a = {0};
    static char **again;
    if (again == NULL && (again = fork_argv(argc, argv)) == NULL)
        return cli_usage_error("minimize: out of memory");
    int rc = parse(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? CLI_PASS : rc;
    cli_watchdog_install(NULL, NULL);
    cli_watchdog_reexec(again, "scopefuzz: minimize: a candidate hung in this process (above): "
                               "starting again with every candidate in a forked child "
                               "(--fork)\n");
    size_t len;
    char *text = cli_read_file(a.in, 16u << 20, &len);
    if (!text)
        return CLI_USAGE;
    if (pt_case_is(text)) { /* a pthread case (`scopefuzz test`): shrink its schedule */
        rc = cli_pt_minimize(a.in, text, a.out, a.force, a.max_runs);
        free(text);
        return rc;
    }
    free(text);
    sf_prog p;
    if ((rc = cli_load(a.in, &a.c, &p, NULL)) != 0)
        return rc;
    pred_ctx x = {
        .d = cli_driver(&p, &a.c), .fork_mode = a.c.fork || MIN_ALWAYS_FORK, .verbose = a.verbose};
    if (x.d == NULL) {
        sf_prog_free(&p);
        return CLI_USAGE;
    }
    if (sf_prog_restrict(&p, x.d->caps) < 0) {
        sf_prog_free(&p);
        return cli_usage_error("minimize: invalid program");
    }
    rc = minimize(&p, &x, &a);
    sf_prog_free(&p);
    return rc;
}
