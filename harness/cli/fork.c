/* fork.c - a run in a forked child: sanitizer reports and crashes kill the
 * child, not the CLI; the parent reads the result (or the child's stderr)
 * from two unnamed temporary files.  In sanitizer builds, a child that a
 * sanitizer report ends writes, from the sanitizer's death callback, the
 * trace of the run so far into the result file (cli_run.partial), so that
 * `repro` shows the interleaving up to the report.  A sanitizer that
 * reports without stopping the run (TSan here) exits non-zero after a
 * complete result: that trace is kept too, with the step of the first
 * report taken from the runtime's line after it.  Every child runs under
 * the wall-clock watchdog (watchdog.h): its timer ends a run stuck in code
 * the runtime cannot preempt (the trace so far saved, the stuck task's
 * step marked), and the parent kills a child that outlives the grace. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "watchdog.h"

#if defined(__SANITIZE_ADDRESS__)
#define CLI_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CLI_LSAN 1
#endif
#endif
#ifdef CLI_LSAN
int __lsan_do_recoverable_leak_check(void);
#endif

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CLI_DEATH_CB 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define CLI_DEATH_CB 1
#endif
#endif
#ifdef CLI_DEATH_CB
void __sanitizer_set_death_callback(void (*callback)(void));
#endif

#ifdef SF_TSAN
void __tsan_ignore_thread_begin(void);
void __tsan_ignore_thread_end(void);
#endif

enum { MAGIC = 0x5f5f5343 };

static int put(FILE *f, const void *p, size_t n) { return n == 0 || fwrite(p, n, 1, f) == 1; }
static int get(FILE *f, void *p, size_t n) { return n == 0 || fread(p, n, 1, f) == 1; }

/* Child: writes r to f. */
static int save(FILE *f, const cli_run *r) {
    size_t rn = r->report ? strlen(r->report) : 0;
    uint32_t magic = MAGIC;
    int ok = put(f, r, sizeof *r) && put(f, &rn, sizeof rn) && put(f, r->report, rn) &&
             put(f, r->decisions, r->ndecisions * sizeof *r->decisions) &&
             put(f, r->faults, r->nfaults * sizeof *r->faults) &&
             put(f, r->events, r->nevents * sizeof *r->events) &&
             put(f, r->oprecs, r->noprecs * sizeof *r->oprecs) && put(f, &magic, sizeof magic);
    return ok && fflush(f) == 0;
}

/* Parent: reads r from f; 0 complete, -1 truncated (the child died). */
static int load(FILE *f, cli_run *r) {
    size_t rn = 0;
    uint32_t magic = 0;
    rewind(f);
    if (!get(f, r, sizeof *r) || !get(f, &rn, sizeof rn) || rn > (64u << 20)) {
        memset(r, 0, sizeof *r);
        return -1;
    }
    r->report = calloc(rn + 1, 1);
    r->decisions = malloc(r->ndecisions * sizeof *r->decisions + 1);
    r->faults = malloc(r->nfaults * sizeof *r->faults + 1);
    r->events = malloc(r->nevents * sizeof *r->events + 1);
    r->oprecs = malloc(r->noprecs * sizeof *r->oprecs + 1);
    if (r->report == NULL || r->decisions == NULL || r->faults == NULL || r->events == NULL ||
        r->oprecs == NULL || !get(f, r->report, rn) ||
        !get(f, r->decisions, r->ndecisions * sizeof *r->decisions) ||
        !get(f, r->faults, r->nfaults * sizeof *r->faults) ||
        !get(f, r->events, r->nevents * sizeof *r->events) ||
        !get(f, r->oprecs, r->noprecs * sizeof *r->oprecs) || !get(f, &magic, sizeof magic) ||
        magic != MAGIC) {
        cli_run_free(r);
        return -1;
    }
    return 0;
}

static char *read_all(FILE *f) {
    long n = (fseek(f, 0, SEEK_END), ftell(f));
    char *t = calloc(n > 0 ? (size_t)n + 1 : 1, 1);
    rewind(f);
    if (t != NULL && n > 0 && fread(t, 1, (size_t)n, f) != (size_t)n)
        t[0] = '\0';
    return t;
}

static FILE *death_res; /* the child's result file, with --trace */

/* The sanitizer has printed its report and is about to end the child, or
 * the watchdog is about to: save the run's trace so far (the run's own
 * arrays, nothing allocated). */
static void save_live(int hung) {
    sf_interp_result v;
    if (death_res == NULL || !sf_interp_live(&v))
        return;
    cli_run r = {.failed = 1, .crashed = 1, .partial = 1, .hung = hung};
    if (hung) { /* the task the watchdog interrupted, where it was */
        r.report_step = sim_current_step();
        r.report_task = sim_current_task();
    }
    r.steps = v.sim.steps;
    r.switches = v.sim.switches;
    r.decisions = v.sim.decisions;
    r.ndecisions = v.sim.ndecisions;
    r.faults = v.sim.faults;
    r.nfaults = v.sim.nfaults;
    r.events = v.sim.events;
    r.nevents = v.sim.nevents;
    r.oprecs = v.op_recs;
    r.noprecs = v.nop_recs;
    /* Under TSan the file was last written by another fiber, which TSan
     * sees as a racing thread: the saving is the child's last act, not the
     * program's, so it is hidden from TSan. */
#ifdef SF_TSAN
    __tsan_ignore_thread_begin();
#endif
    rewind(death_res);
    save(death_res, &r);
    death_res = NULL;
#ifdef SF_TSAN
    __tsan_ignore_thread_end();
#endif
}

#ifdef CLI_DEATH_CB
static void on_death(void) { save_live(0); }
#endif
static void on_hang(void) { save_live(1); }

static void child(FILE *res, FILE *err, const sf_prog *p, const struct sf_driver *d, int trace,
                  cli_exec_fn here) {
    cli_run r;
    memset(&r, 0, sizeof r);
    static char resbuf[BUFSIZ]; /* the watchdog's save allocates nothing */
    dup2(fileno(err), 2);
    if (trace) {
        death_res = res;
        setvbuf(res, resbuf, _IOFBF, sizeof resbuf);
#ifdef CLI_DEATH_CB
        __sanitizer_set_death_callback(on_death);
#endif
    }
    cli_watchdog_install(NULL, trace ? on_hang : NULL);
    cli_watchdog_arm(cli_hang_ms);
    if (here(p, d, trace, &r) != 0)
        _exit(3);
    cli_watchdog_disarm();
#ifdef CLI_LSAN
    if (!r.failed && __lsan_do_recoverable_leak_check() != 0) {
        r.failed = 1;
        snprintf(r.sig, sizeof r.sig, "lsan:leak");
    }
#endif
    _exit(save(res, &r) ? 0 : 3);
}

/* The child died or failed to report: signature from its stderr.  0, or
 * -1 (message printed) when the sanitizer could not symbolize its report. */
/* The step and runtime task of the first report, from the line the runtime
 * prints after a TSan report (harness/platform/sim/report.c). */
static void report_at(cli_run *r) {
    static const char line[] = "scopefuzz sim: the report above comes from a deterministic run:";
    const char *p = r->report ? strstr(r->report, line) : NULL;
    const char *s = p ? strstr(p, ", step ") : NULL;
    unsigned long long step = 0;
    unsigned task = 0;
    if (s != NULL && sscanf(s, ", step %llu, task %u", &step, &task) == 2) {
        r->report_step = step;
        r->report_task = task;
    }
}

static int crashed(cli_run *r, FILE *res, FILE *err, int status) {
    cli_run part;
    if (load(res, &part) == 0) { /* the trace up to the report, or all of it */
        free(part.report);
        part.report = NULL;
        *r = part;
        r->partial = 1;
    } else {
        memset(r, 0, sizeof *r);
    }
    r->failed = r->crashed = 1;
    r->sig[0] = '\0';
    r->report = read_all(err);
    if (r->partial)
        report_at(r);
    if (cli_crash_sig(r->report, status, r->sig) == 0)
        return 0;
    cli_sig_unsymbolized(r->report ? r->report : "");
    cli_run_free(r);
    return -1;
}

/* The child's leak check failed (it printed LeakSanitizer's report on its
 * stderr): the signature names the leak's allocation site.  0 or -1 as
 * crashed(). */
static int leaked(cli_run *r, FILE *err) {
    char *text = read_all(err);
    int rc = text != NULL ? cli_sig_from_text(text, r->sig) : 0;
    if (rc < 0)
        cli_sig_unsymbolized(text);
    if (rc == 0)
        snprintf(r->sig, sizeof r->sig, "lsan:leak");
    free(text);
    return rc < 0 ? -1 : 0;
}

/* The child did not end within the watchdog's limits and was killed: a
 * `hang` failure, whatever its stderr holds.  0, or -1 out of memory. */
static int killed(cli_run *r, FILE *res, FILE *err, int status) {
    char note[512];
    if (crashed(r, res, err, status) != 0) {
        memset(r, 0, sizeof *r);
        r->failed = r->crashed = 1;
        r->report = read_all(err);
    }
    cli_hang_killed_note(note, sizeof note);
    size_t n = r->report ? strlen(r->report) : 0;
    char *t = realloc(r->report, n + strlen(note) + 1);
    if (t == NULL)
        return cli_run_free(r), -1;
    memcpy(t + n, note, strlen(note) + 1);
    r->report = t;
    snprintf(r->sig, sizeof r->sig, "hang");
    return 0;
}

int cli_exec_forked_(const sf_prog *p, const struct sf_driver *d, int trace, cli_run *r,
                     cli_exec_fn here) {
    FILE *res = tmpfile(), *err = tmpfile();
    int status = 0, rc = 0, end[2] = {-1, -1}, w = -1;
    if (res == NULL || err == NULL || pipe2(end, O_CLOEXEC) != 0) {
        perror("scopefuzz: tmpfile/pipe");
        rc = -1;
    } else {
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) { /* keeps end[1] open until it ends */
            close(end[0]);
            child(res, err, p, d, trace, here);
        }
        close(end[1]);
        if (pid >= 0)
            w = cli_wait_child(pid, end[0], cli_hang_ms + CLI_HANG_GRACE_MS, &status);
        close(end[0]);
        if (w < 0) {
            perror("scopefuzz: fork/wait");
            rc = -1;
        } else if (w == 1) {
            rc = killed(r, res, err, status);
        } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || load(res, r) != 0) {
            rc = crashed(r, res, err, status);
        } else if (strcmp(r->sig, "lsan:leak") == 0) {
            rc = leaked(r, err);
            if (rc != 0)
                cli_run_free(r);
        }
    }
    if (res != NULL)
        fclose(res);
    if (err != NULL)
        fclose(err);
    return rc;
}
