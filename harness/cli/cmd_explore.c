/* cmd_explore.c - scopefuzz explore: generate and run random programs in a
 * forked worker (a sanitizer report kills the worker, not the CLI).  The
 * parent is the worker's wall-clock watchdog (watchdog.h): the worker
 * publishes when its current run started, the parent ends a run older than
 * --hang-timeout (SIGALRM: the worker prints the stuck task's stack; then
 * SIGKILL) and records it as a `hang` failure. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gen.h"
#include "opts.h"
#include "watchdog.h"

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
    uint64_t next;     /* index of the program being run */
    uint64_t done;     /* programs run to the end */
    int64_t start_ns;  /* when the worker went on to program `next` (stored
                          before `next`, both release) */
    uint64_t hang_run; /* the run the parent's SIGALRM is for */
    int failed;        /* the worker found an oracle failure at `next` */
    char sig[SF_INTERP_SIG_MAX + 1];
    /* runs that passed only after the interpreter's watchdog unblocked
     * tasks whose every block was justified (interp.h): not failures */
    uint64_t justified;
} shared;

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static double now_s(void) { return now_ns() / 1e9; }

static shared *worker_sh; /* for stale_signal() in the worker */

/* In the worker's SIGALRM handler: 1 if the parent's signal was for a run
 * that has ended meanwhile. */
static int stale_signal(void) {
    return __atomic_load_n(&worker_sh->hang_run, __ATOMIC_ACQUIRE) != worker_sh->next;
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

/* LeakSanitizer, when it is linked in (asan builds).  A run after which
 * the heap holds more than before it is checked for leaks, and a leak ends
 * the worker like a crash: the parent takes the signature (lsan:leak:...)
 * from LSan's report in the worker's stderr.  Most runs free what they
 * allocate, so the check (a stop-the-world scan) runs rarely. */
int __lsan_do_recoverable_leak_check(void) __attribute__((weak));
size_t __sanitizer_get_current_allocated_bytes(void) __attribute__((weak));
enum { EXIT_LEAK = 23 };

static size_t heap_bytes(void) {
    return __sanitizer_get_current_allocated_bytes ? __sanitizer_get_current_allocated_bytes() : 0;
}

static int leaked_since(size_t before) {
    if (!__lsan_do_recoverable_leak_check || heap_bytes() <= before)
        return 0;
    return __lsan_do_recoverable_leak_check() != 0;
}

/* In a worker: its justified runs already added to sh->justified. */
static uint64_t justified_seen;

/* The worker: runs programs from sh->next until a failure or the budget. */
static void worker(shared *sh, const explore_args *a, const struct sf_driver *d, double end) {
    worker_sh = sh;
    cli_watchdog_install(stale_signal, NULL);
    int64_t t = now_ns();
    while (sh->next < a->runs && t / 1e9 < end) {
        sf_prog p;
        cli_run r;
        trim_stderr(sh->next);
        size_t heap = heap_bytes();
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
        if (leaked_since(heap)) {
            fflush(stderr);
            _exit(EXIT_LEAK);
        }
        /* the next run's start first: the parent never pairs a run with an
         * earlier start */
        t = now_ns();
        __atomic_store_n(&sh->start_ns, t, __ATOMIC_RELEASE);
        __atomic_store_n(&sh->next, sh->next + 1, __ATOMIC_RELEASE);
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

/* explore's own options, for cli_getopt: 1 handled, 0 not one of them,
 * CLI_USAGE (message printed). */
static int parse_opt(int id, const char *arg, void *ctx) {
    explore_args *a = ctx;
    uint64_t v = 0;
    switch (id) {
        case OPT_STRATEGY:
            if (sim_strategy_parse_if(arg, SIM_SF_SEED, &a->g.strategy) != 0 ||
                (sim_strategy_flags(a->g.strategy) & SIM_SF_PROFILE)) {
                char names[128];
                return cli_usage_error(
                    "--strategy: '%s' is not one of %s", arg,
                    sim_strategy_list(SIM_SF_SEED, SIM_SF_PROFILE, names, sizeof names));
            }
            a->g.portfolio_strategy = 0;
            return 1;
        case OPT_DEPTH:
            return parse_num("--depth", arg, 1, SF_MAX_PCT_DEPTH, &v)
                       ? CLI_USAGE
                       : (a->g.depth = (uint32_t)v, 1);
        case OPT_SECONDS:
            return parse_num("--seconds", arg, 1, 1000000, &v) ? CLI_USAGE
                                                               : (a->seconds = (double)v, 1);
        case OPT_RUNS:
            return parse_num("--runs", arg, 1, UINT64_MAX - 1, &a->runs) ? CLI_USAGE : 1;
        case OPT_SEED:
            return parse_num("--seed", arg, 0, UINT64_MAX, &a->g.seed) ? CLI_USAGE : 1;
        case OPT_SIZE:
            return parse_num("--size", arg, 1, 4096, &v) ? CLI_USAGE : (a->g.size = v, 1);
        case OPT_FAULTS:
            return cli_parse_faults("explore", arg, &a->g.faults, &a->g.fault_kinds) ? CLI_USAGE
                                                                                     : 1;
        case OPT_KEEP_GOING:
            a->keep_going = 1;
            return 1;
        case OPT_KEEP_ALL:
            a->keep_going = a->keep_all = 1;
            return 1;
        case 'o':
            a->dir = arg;
            return 1;
        default:
            return 0;
    }
}

/* 0, -2 after the help, or CLI_USAGE (message printed). */
static int parse(int argc, char **argv, explore_args *a) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"strategy", required_argument, NULL, OPT_STRATEGY},
                                             {"depth", required_argument, NULL, OPT_DEPTH},
                                             {"seconds", required_argument, NULL, OPT_SECONDS},
                                             {"runs", required_argument, NULL, OPT_RUNS},
                                             {"seed", required_argument, NULL, OPT_SEED},
                                             {"size", required_argument, NULL, OPT_SIZE},
                                             {"faults", required_argument, NULL, OPT_FAULTS},
                                             {"keep-going", no_argument, NULL, OPT_KEEP_GOING},
                                             {"keep-all", no_argument, NULL, OPT_KEEP_ALL},
                                             CLI_HANG_LONGOPT,
                                             {0}};
    int rc = cli_getopt(argc, argv, "ho:", longopts, &a->c, parse_opt, a);
    if (rc >= 0)
        return rc == CLI_PASS ? -2 : rc;
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

/* Waits for the worker pid (fd: the read end of a pipe only the worker
 * holds open), as its watchdog: a run older than --hang-timeout gets
 * SIGALRM (the worker prints the stack and exits), the worker SIGKILL
 * CLI_HANG_GRACE_MS later if it is still in that run.  *status: its wait
 * status; returns 1 when the worker ended by the watchdog, 0 by itself,
 * -1 waitpid failed. */
static int wait_worker(pid_t pid, int fd, shared *sh, int *status) {
    const int64_t hang = (int64_t)cli_hang_ms * 1000000, grace = CLI_HANG_GRACE_MS * 1000000ll;
    int tick = cli_hang_ms / 8 < 5 ? 5 : cli_hang_ms / 8 > 200 ? 200 : (int)(cli_hang_ms / 8);
    int64_t sent = 0; /* when SIGALRM was sent, 0: not */
    int hung = 0;
    for (;;) {
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        int n = poll(&pf, 1, tick);
        if (n > 0) /* the worker ended */
            break;
        if (n < 0 && errno != EINTR) {
            /* cannot poll: look every tick */
            struct timespec pause = {0, tick * 1000000L};
            if (waitpid(pid, status, WNOHANG) == pid)
                return sent != 0;
            nanosleep(&pause, NULL);
        }
        uint64_t i = __atomic_load_n(&sh->next, __ATOMIC_ACQUIRE);
        int64_t start = __atomic_load_n(&sh->start_ns, __ATOMIC_ACQUIRE), now = now_ns();
        if (__atomic_load_n(&sh->next, __ATOMIC_ACQUIRE) != i)
            continue; /* it moved on while we looked */
        if (sent != 0 && i != __atomic_load_n(&sh->hang_run, __ATOMIC_RELAXED)) {
            sent = 0; /* that run ended after all: no hang */
        } else if (sent != 0 && now - sent >= grace) {
            kill(pid, SIGKILL);
            hung = 1;
            break;
        } else if (sent == 0 && now - start >= hang) {
            __atomic_store_n(&sh->hang_run, i, __ATOMIC_RELEASE);
            sent = now;
            syscall(SYS_tgkill, pid, pid, SIGALRM); /* its main thread runs the tasks */
        }
    }
    for (;;) {
        if (waitpid(pid, status, 0) == pid)
            break;
        if (errno != EINTR)
            return -1;
    }
    return hung || (sent != 0 && WIFEXITED(*status) && WEXITSTATUS(*status) == CLI_HANG_EXIT);
}

/* Runs workers until the budget or (without --keep-going) a failure. */
static int explore(const explore_args *a, const struct sf_driver *d, shared *sh) {
    double t0 = now_s(), end = a->seconds > 0 ? t0 + a->seconds : 1e300;
    uint64_t failures = 0, written = 0;
    seen_sigs *seen = calloc(1, sizeof *seen);
    int rc = seen ? CLI_PASS : cli_usage_error("explore: out of memory");
    while (seen && sh->next < a->runs && now_s() < end) {
        FILE *err = tmpfile();
        int status = 0, hung = -1, alive[2] = {-1, -1};
        fflush(NULL);
        __atomic_store_n(&sh->start_ns, now_ns(), __ATOMIC_RELEASE);
        pid_t pid = err && pipe2(alive, O_CLOEXEC) == 0 ? fork() : -1;
        if (pid == 0) { /* holds alive[1] open until it ends */
            close(alive[0]);
            dup2(fileno(err), 2);
            worker(sh, a, d, end);
        }
        if (alive[1] >= 0)
            close(alive[1]);
        if (pid >= 0)
            hung = wait_worker(pid, alive[0], sh, &status);
        if (alive[0] >= 0)
            close(alive[0]);
        if (hung < 0) {
            rc = cli_usage_error("explore: cannot fork a worker");
            if (err)
                fclose(err);
            break;
        }
        if (!hung && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            fclose(err);
            break;
        }
        if (hung) {
            snprintf(sh->sig, sizeof sh->sig, "hang");
        } else if (!sh->failed) {
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
    explore_args a = {.g = {.seed = 1,
                            .size = 64,
                            .depth = SF_PCT_DEFAULT_DEPTH,
                            .portfolio_strategy = 1,
                            .faults = CLI_FAULTS_SOME,
                            .fault_kinds = SIM_FAULT_ALL},
                      .dir = ".",
                      .runs = UINT64_MAX};
    int rc = parse(argc, argv, &a);
    if (rc != 0)
        return rc == -2 ? CLI_PASS : rc;
    a.g.target = a.c.target;
    a.g.portfolio_target = !a.c.target_set;
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
