/*
 * The program's entry: scopefuzz-cc links with -Wl,--wrap=main, so the C
 * runtime calls __wrap_main(), which runs the program's own main
 * (__real_main) as task 0 of deterministic runs.
 *
 * Two modes:
 * - Server (SCOPEFUZZ_CTL="IN,OUT", set by `scopefuzz test|replay|minimize`):
 *   reads one request line per run from fd IN, forks a child per run (the
 *   program's globals start clean every time), and answers on fd OUT with a
 *   result record (the protocol: harness/cli/ptrun.h).  The parent never runs
 *   the program itself.
 * - Standalone (run by hand): one run in this process, with the strategy of
 *   SCOPEFUZZ_STRATEGY (random|pct, default random) and SCOPEFUZZ_SEED
 *   (default 0); a failure is printed to stderr and exits with status 86.
 *
 * In each child: a wall-clock watchdog (SIGALRM after `hang` ms) turns code
 * the runtime cannot preempt (a spin on a plain variable, a blocking system
 * call) into a `hang` failure with the stuck thread's stack; the decisions
 * stream into memory shared with the parent as they are taken, so a run a
 * sanitizer kills can still be replayed.
 */
#define SF_INTERPOSE_RUNTIME 1
#include "internal.h"

#include <errno.h>
#include <execinfo.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>

/* weak: a program linked without -Wl,--wrap=main (a fuzz target with a
 * main of its own, sf_fuzz_run) never calls __wrap_main, and links although
 * no __real_main exists; the runtime is one object (libsf_interpose_rt.a) */
int __real_main(int argc, char **argv, char **envp) __attribute__((weak));
int __wrap_main(int argc, char **argv, char **envp);

enum {
    SHM_MAXDEC = 1 << 20,
    SHM_MAXFAULTS = 64, /* a case lists at most SF_MAX_FAILS (16) */
    SHM_REPORT = 1 << 16,
    SHM_MAXEV = 1 << 16,
    IP_EXIT_FAIL = 86,
    IP_EXIT_HANG = 87,
    IP_EXIT_LEAK = 23
};

/* Eager timers (sim.h): a timer may fire while threads can still run, as
 * if they were slow, but by at most this much (virtual ns): a timeout of
 * 1 s or less can race a busy thread, a longer one (a safety net: 30 s,
 * an hour) does not expire between two steps of a runnable thread. */
#define IP_EAGER_HORIZON ((int64_t)1000000000)

typedef struct ip_shm {
    uint64_t ndec;
    int done; /* the child wrote the result below */
    int outcome;
    int exit_status;
    uint64_t steps, preemptions, hash;
    int64_t vtime;
    uint32_t threads;
    char sig[128];
    size_t report_len;
    char report[SHM_REPORT];
    uint32_t nfaults; /* injected, streamed as they come (on_fault) */
    sim_fault faults[SHM_MAXFAULTS];
    uint32_t prof_ntasks, prof_nshared; /* SIM_SURW: the run's profile (res.profile) */
    uint64_t nevents;
    sim_event events[SHM_MAXEV];
    uint32_t dec[SHM_MAXDEC];
    sim_profile_task prof_tasks[SIM_PROFILE_MAX_TASKS];
    sim_profile_obj prof_shared[SIM_PROFILE_MAX_SHARED];
} ip_shm;

typedef struct ip_req {
    sim_strategy strategy;
    uint64_t seed;
    uint32_t depth;
    uint64_t pct_steps; /* PCT's expected run length k; 0: the runtime's default */
    uint64_t max_steps;
    int64_t max_vtime; /* virtual ns; 0: 24 h */
    unsigned hang_ms;
    int trace;
    int full_leak_check; /* the first run of a server: LeakSanitizer in full */
    int eager_timers;    /* sim_config.eager_timers (strategies that never fire a timer
                            early, and replays of their runs: 0) */
    uint8_t *dec;        /* replay decisions, u32 LE */
    size_t ndec;
    unsigned fault_kinds;           /* faults=MASK: the strategy's (sim_config.fault_kinds) */
    uint32_t fault_rate;            /* rate=N */
    sim_fault fails[SHM_MAXFAULTS]; /* fails=k:n,...: listed faults */
    size_t nfails;
} ip_req;

static ip_shm *shm;
/* SIM_SURW's profile: the runs of this server so far, merged (runs are
 * forked from the server, so each sees the merge of the runs before it) */
static sim_profile profile;
static int g_argc;
static char **g_argv, **g_envp;

/* Each decision also leaves the hash of the trace so far: a run that a
 * sanitizer kills still has a hash of everything up to its last decision,
 * which its replay must match. */
static void on_decision(void *ctx, uint32_t v) {
    (void)ctx;
    shm->hash = sim_current_hash();
    if (shm->ndec < SHM_MAXDEC)
        shm->dec[shm->ndec] = v;
    shm->ndec++;
}

static void on_fault(void *ctx, sim_fault f) {
    (void)ctx;
    if (shm->nfaults < SHM_MAXFAULTS)
        shm->faults[shm->nfaults] = f;
    shm->nfaults++;
}

static int call_main(void *p) {
    (void)p;
    return __real_main(g_argc, g_argv, g_envp);
}

static void main_task(void *p) { ip_main_run(call_main, p, "main returned"); }

static void report_append(const char *s, size_t n) {
    if (n > SHM_REPORT - 1 - shm->report_len)
        n = SHM_REPORT - 1 - shm->report_len;
    memcpy(shm->report + shm->report_len, s, n);
    shm->report_len += n;
    shm->report[shm->report_len] = '\0';
}

/* The run's profile to the server (as much of it as fits). */
static void profile_out(const sim_profile *p) {
    if (!p->ntasks)
        return; /* not a SIM_SURW run */
    shm->prof_ntasks =
        p->ntasks < SIM_PROFILE_MAX_TASKS ? (uint32_t)p->ntasks : SIM_PROFILE_MAX_TASKS;
    memcpy(shm->prof_tasks, p->tasks, shm->prof_ntasks * sizeof *p->tasks);
    shm->prof_nshared =
        p->nshared < SIM_PROFILE_MAX_SHARED ? (uint32_t)p->nshared : SIM_PROFILE_MAX_SHARED;
    memcpy(shm->prof_shared, p->shared, shm->prof_nshared * sizeof *p->shared);
}

/* The server: a finished run's profile into the merge the next runs get.
 * A run that died reported none. */
static void profile_note(void) {
    if (!shm->done || !shm->prof_ntasks)
        return;
    sim_profile run = {shm->prof_tasks, shm->prof_ntasks, shm->prof_shared, shm->prof_nshared,
                       .runs = 1};
    (void)sim_profile_merge(&profile, &run); /* out of memory: the old estimate stays */
}

/* One run in this process; fills *shm.  Returns 1 when it failed. */
static int run_one(const ip_req *rq) {
    sim_config cfg = {.strategy = rq->strategy,
                      .seed = rq->seed,
                      .pct_depth = rq->depth ? rq->depth : 3,
                      .pct_steps = rq->pct_steps,
                      .bytes = rq->dec,
                      .nbytes = rq->ndec * 4,
                      .max_steps = rq->max_steps,
                      .max_vtime = rq->max_vtime ? rq->max_vtime : (int64_t)24 * 3600 * 1000000000,
                      .record_trace = rq->trace,
                      .relative_picks = 1,
                      .eager_timers = rq->eager_timers,
                      .eager_horizon = IP_EAGER_HORIZON,
                      .on_decision = on_decision,
                      .on_fault = on_fault,
                      .fault_kinds = rq->fault_kinds,
                      .fault_rate = rq->fault_rate,
                      .fails = rq->fails,
                      .nfails = rq->nfails,
                      .profile = &profile};
    sim_result res;
    ip_memory_reset();
    if (sim_run(&cfg, main_task, NULL, &res) != 0) {
        fputs("scopefuzz: cannot start the run (bad configuration)\n", stderr);
        _exit(2);
    }
    const char *sig = ip_run_failure(res.outcome);
    shm->outcome = (int)res.outcome;
    shm->exit_status = ip_exit_status();
    shm->steps = res.steps;
    shm->preemptions = res.preemptions;
    shm->hash = res.hash;
    shm->vtime = res.vtime;
    shm->threads = res.tasks;
    snprintf(shm->sig, sizeof shm->sig, "%s", sig ? sig : "");
    if (sig) {
        const char *msg = ip_failure_msg();
        if (msg) {
            report_append(msg, strlen(msg));
            report_append("\n", 1);
        } else if (res.report) {
            report_append(res.report, strlen(res.report));
        }
        char *dump;
        size_t n;
        ip_dump_threads(&dump, &n);
        if (dump)
            report_append(dump, n);
        free(dump);
    }
    profile_out(&res.profile);
    shm->nevents = res.nevents < SHM_MAXEV ? res.nevents : SHM_MAXEV;
    if (shm->nevents)
        memcpy(shm->events, res.events, shm->nevents * sizeof *res.events);
    shm->done = 1;
    sim_result_free(&res);
    return sig != NULL;
}

/* ---- the watchdog ---- */

void __sanitizer_print_stack_trace(void) __attribute__((weak));

static void on_alarm(int sig) {
    (void)sig;
    /* first: whatever the stack printing below does (TSan may complain of
     * it, or defer this signal until the parent's SIGKILL), it is a hang */
    memcpy(shm->sig, "hang", 5);
    static const char msg[] =
        "scopefuzz: hang: a thread ran without reaching a scheduling point for longer than the "
        "watchdog allows (a spin on a plain variable? a blocking system call?); its stack:\n";
    if (write(2, msg, sizeof msg - 1) < 0) {
    }
    if (__sanitizer_print_stack_trace) {
        __sanitizer_print_stack_trace();
    } else {
        void *pcs[64];
        backtrace_symbols_fd(pcs, backtrace(pcs, 64), 2);
    }
    _exit(IP_EXIT_HANG);
}

static void arm_watchdog(unsigned ms) {
    struct sigaction sa = {.sa_handler = on_alarm};
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {ms / 1000, (long)(ms % 1000) * 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
}

/* ---- the child ---- */

static _Noreturn void child(const ip_req *rq, int outfd) {
    dup2(outfd, 1);
    dup2(outfd, 2);
    close(outfd);
    arm_watchdog(rq->hang_ms);
    int tracked = ip_leakcheck_start(rq->full_leak_check);
    int failed = run_one(rq);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    fflush(NULL);
    if (failed)
        _exit(IP_EXIT_FAIL);
    /* the runtime's own tables go first, so that they are not taken for the
     * program's blocks */
    ip_objects_reset();
    ip_threads_reset();
    sim_fiber_pool_drain();
    if ((!tracked || ip_leakcheck_needed()) && ip_leakcheck_run())
        _exit(IP_EXIT_LEAK);
    _exit(shm->exit_status); /* no exit(): its handlers are the program's, already run */
}

/* ---- the server ---- */

/* fails=k:n,k:n,...: fault kinds by number, points from 1. */
static int parse_fails(char *s, ip_req *rq) {
    while (*s) {
        char *end;
        unsigned long k = strtoul(s, &end, 10);
        if (*end != ':' || k >= SIM_NFAULT_KINDS || rq->nfails == SHM_MAXFAULTS)
            return -1;
        unsigned long n = strtoul(end + 1, &end, 10);
        if (n == 0 || n > UINT32_MAX || (*end && *end != ','))
            return -1;
        rq->fails[rq->nfails++] = (sim_fault){(unsigned)k, (unsigned)n};
        s = *end ? end + 1 : end;
    }
    return 0;
}

static int parse_req(char *line, ip_req *rq) {
    *rq = (ip_req){.strategy = SIM_RANDOM, .depth = 3, .hang_ms = 10000, .eager_timers = 1};
    char *save = NULL;
    char *tok = strtok_r(line, " \n", &save);
    if (!tok || strcmp(tok, "run") != 0)
        return -1;
    while ((tok = strtok_r(NULL, " \n", &save))) {
        char *eq = strchr(tok, '=');
        if (!eq)
            return -1;
        *eq++ = '\0';
        if (strcmp(tok, "strategy") == 0) {
            /* a seeded strategy, or replay (rq->dec) */
            if (sim_strategy_parse(eq, &rq->strategy) != 0 ||
                !(sim_strategy_flags(rq->strategy) & (SIM_SF_SEED | SIM_SF_DECISIONS)))
                return -1;
        } else if (strcmp(tok, "seed") == 0) {
            rq->seed = strtoull(eq, NULL, 0);
        } else if (strcmp(tok, "depth") == 0) {
            rq->depth = (uint32_t)strtoul(eq, NULL, 0);
        } else if (strcmp(tok, "steps") == 0) {
            rq->max_steps = strtoull(eq, NULL, 0);
        } else if (strcmp(tok, "vtime") == 0) {
            rq->max_vtime = strtoll(eq, NULL, 0);
        } else if (strcmp(tok, "trace") == 0) {
            rq->trace = atoi(eq);
        } else if (strcmp(tok, "timers") == 0) {
            rq->eager_timers = atoi(eq) != 0;
        } else if (strcmp(tok, "hang") == 0) {
            rq->hang_ms = (unsigned)strtoul(eq, NULL, 0);
        } else if (strcmp(tok, "faults") == 0) {
            rq->fault_kinds = (unsigned)strtoul(eq, NULL, 0) & SIM_FAULT_ALL;
        } else if (strcmp(tok, "rate") == 0) {
            rq->fault_rate = (uint32_t)strtoul(eq, NULL, 0);
        } else if (strcmp(tok, "fails") == 0) {
            if (parse_fails(eq, rq) != 0)
                return -1;
        } else if (strcmp(tok, "dec") == 0) {
            size_t cap = 1;
            for (const char *c = eq; *c; c++)
                cap += *c == ',';
            rq->dec = malloc(cap * 4);
            if (!rq->dec)
                return -1;
            for (char *c = eq; *c;) {
                uint32_t v = (uint32_t)strtoul(c, &c, 10);
                for (int i = 0; i < 4; i++)
                    rq->dec[4 * rq->ndec + i] = (uint8_t)(v >> (8 * i));
                rq->ndec++;
                if (*c == ',')
                    c++;
                else if (*c)
                    return -1;
            }
        }
    }
    return 0;
}

static char *read_all(int fd, size_t *len, pid_t pid, unsigned hang_ms, int *killed) {
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    int waited = 0, limit = (int)hang_ms + 3000;
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, 100);
        if (r == 0) {
            waited += 100;
            if (waited >= limit && !*killed) {
                kill(pid, SIGKILL);
                *killed = 1;
            }
            continue;
        }
        if (r < 0 && errno == EINTR)
            continue;
        if (n + 4096 > cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb)
                break;
            b = nb;
        }
        ssize_t k = read(fd, b + n, cap - n - 1);
        if (k <= 0)
            break;
        n += (size_t)k;
        if (n > (64u << 20))
            break; /* 64 MiB of output is enough to classify */
    }
    b[n] = '\0';
    *len = n;
    return b;
}

static void respond(FILE *out, int status, int killed, const char *log, size_t loglen) {
    fputs("begin\n", out);
    if (killed)
        fputs("status killed\n", out);
    else if (WIFSIGNALED(status))
        fprintf(out, "status signal %d\n", WTERMSIG(status));
    else
        fprintf(out, "status exit %d\n", WEXITSTATUS(status));
    fprintf(out, "sig %s\n", shm->sig[0] ? shm->sig : (killed ? "hang" : "-"));
    fprintf(out, "outcome %s\n", shm->done ? sim_outcome_name(shm->outcome) : "-");
    fprintf(out, "program-exit %d\n", shm->exit_status);
    fprintf(out, "steps %" PRIu64 "\npreemptions %" PRIu64 "\nhash %016" PRIx64 "\n", shm->steps,
            shm->preemptions, shm->hash);
    fprintf(out, "vtime %" PRId64 "\nthreads %" PRIu32 "\n", shm->vtime, shm->threads);
    uint64_t nd = shm->ndec < SHM_MAXDEC ? shm->ndec : SHM_MAXDEC;
    fprintf(out, "decisions %" PRIu64 "%s", nd, shm->ndec > SHM_MAXDEC ? " truncated" : "");
    for (uint64_t i = 0; i < nd; i++)
        fprintf(out, "%c%" PRIu32, i ? ',' : ' ', shm->dec[i]);
    uint32_t nf = shm->nfaults < SHM_MAXFAULTS ? shm->nfaults : SHM_MAXFAULTS;
    fprintf(out, "\nfaults %" PRIu32 "%s", nf, shm->nfaults > SHM_MAXFAULTS ? " truncated" : "");
    for (uint32_t i = 0; i < nf; i++)
        fprintf(out, "%c%u:%u", i ? ',' : ' ', shm->faults[i].kind, shm->faults[i].nth);
    fprintf(out, "\nevents %" PRIu64 "\n", shm->done ? shm->nevents : 0);
    for (uint64_t i = 0; shm->done && i < shm->nevents; i++) {
        const sim_event *e = &shm->events[i];
        fprintf(out,
                "%" PRIu64 " %" PRId64 " %" PRIu32 " %" PRIu32 " %" PRIu64 " %" PRIu32 " %" PRIu32
                " %" PRId64 "\n",
                e->step, e->vtime, e->task, e->kind, e->object, e->value, e->why, e->decision);
    }
    fprintf(out, "report %zu\n", shm->report_len);
    fwrite(shm->report, 1, shm->report_len, out);
    fprintf(out, "\nlog %zu\n", loglen);
    fwrite(log, 1, loglen, out);
    fputs("\nend\n", out);
    fflush(out);
}

/* One run in a forked child: its output (stdout and stderr) in *log, its
 * result in *shm. */
static int fork_run(const ip_req *rq, FILE *in, int outfd, int *status, int *killed, char **log,
                    size_t *loglen) {
    memset(shm, 0, offsetof(ip_shm, events));
    int pfd[2];
    if (pipe(pfd) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(pfd[0]);
        fclose(in);
        close(outfd);
        child(rq, pfd[1]);
    }
    close(pfd[1]);
    *killed = 0;
    *status = 0;
    *log = read_all(pfd[0], loglen, pid, rq->hang_ms, killed);
    close(pfd[0]);
    while (waitpid(pid, status, 0) < 0 && errno == EINTR) {
    }
    return 0;
}

/* PCT's k, the expected number of steps of a run, is estimated as in the
 * PCT paper: the longest run this server has completed so far (a run that
 * died has no step count).  With the runtime's default (1000) a program of
 * 20-100 steps almost never reaches a change point, and PCT at depth d
 * degenerates to depth 1.  Before the first PCT run of a server without an
 * estimate, one random-walk run (same seed, result discarded) measures it
 * (once per server).
 * Replays are unaffected: they follow recorded decisions. */
static uint64_t pct_k_est;
static int pct_k_tried;

static void pct_k_note(void) {
    if (shm->done && shm->steps > pct_k_est)
        pct_k_est = shm->steps;
}

static int serve(int infd, int outfd) {
    FILE *in = fdopen(infd, "r"), *out = fdopen(outfd, "w");
    if (!in || !out)
        return 2;
    char *line = NULL;
    size_t cap = 0;
    unsigned long nruns = 0;
    /* the program's stdout gets its buffer now, not as an allocation of
     * every run (a pipe: fully buffered, as it would be anyway) */
    static char outbuf[BUFSIZ];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    while (getline(&line, &cap, in) > 0) {
        if (strncmp(line, "quit", 4) == 0)
            break;
        ip_req rq;
        if (parse_req(line, &rq) != 0) {
            fputs("error bad request\n", out);
            fflush(out);
            free(rq.dec);
            continue;
        }
        rq.full_leak_check = nruns++ == 0;
        int killed, status;
        size_t loglen;
        char *log;
        if (rq.strategy == SIM_PCT && pct_k_est == 0 && !pct_k_tried) {
            ip_req cal = rq;
            cal.strategy = SIM_RANDOM;
            if (fork_run(&cal, in, outfd, &status, &killed, &log, &loglen) != 0)
                return 2;
            free(log);
            pct_k_note();
            pct_k_tried = 1;
        }
        rq.pct_steps = pct_k_est;
        if (fork_run(&rq, in, outfd, &status, &killed, &log, &loglen) != 0)
            return 2;
        pct_k_note();
        profile_note();
        respond(out, status, killed, log, loglen);
        free(log);
        free(rq.dec);
    }
    free(line);
    return 0;
}

static int standalone(void) {
    ip_req rq = {.strategy = SIM_RANDOM, .hang_ms = 0, .eager_timers = 1};
    const char *s = getenv("SCOPEFUZZ_STRATEGY");
    if (s && (sim_strategy_parse(s, &rq.strategy) != 0 ||
              !(sim_strategy_flags(rq.strategy) & SIM_SF_SEED))) {
        fprintf(stderr, "scopefuzz: SCOPEFUZZ_STRATEGY: '%s' is not a seeded strategy\n", s);
        _exit(2);
    }
    s = getenv("SCOPEFUZZ_SEED");
    if (s)
        rq.seed = strtoull(s, NULL, 0);
    if (run_one(&rq)) {
        fprintf(stderr, "scopefuzz: %s\n%.*s", shm->sig, (int)shm->report_len, shm->report);
        fflush(NULL);
        _exit(IP_EXIT_FAIL);
    }
    return shm->exit_status;
}

int __wrap_main(int argc, char **argv, char **envp) {
    g_argc = argc;
    g_argv = argv;
    g_envp = envp;
    shm = mmap(NULL, sizeof *shm, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shm == MAP_FAILED) {
        perror("scopefuzz: mmap");
        return 2;
    }
    const char *ctl = getenv("SCOPEFUZZ_CTL");
    int in, out;
    if (ctl && sscanf(ctl, "%d,%d", &in, &out) == 2)
        return serve(in, out);
    return standalone();
}
