/* ptrun.c - the client of a scopefuzz-cc program's schedule server
 * (ptrun.h): start, one run per request, result records. */
#include "ptrun.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int pt_start(pt_server *s, char **argv) {
    memset(s, 0, sizeof *s);
    struct stat st;
    if (stat(argv[0], &st) != 0)
        return cli_usage_error("%s: %s", argv[0], strerror(errno));
    if (!S_ISREG(st.st_mode) || access(argv[0], X_OK) != 0)
        return cli_usage_error("%s: not an executable file", argv[0]);
    int req[2], ans[2];
    if (pipe(req) != 0 || pipe(ans) != 0)
        return cli_usage_error("pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0)
        return cli_usage_error("fork: %s", strerror(errno));
    if (pid == 0) {
        close(req[1]);
        close(ans[0]);
        char ctl[64];
        snprintf(ctl, sizeof ctl, "%d,%d", req[0], ans[1]);
        setenv("SCOPEFUZZ_CTL", ctl, 1);
        /* stdin would be shared by every run (one file offset): none */
        int null = open("/dev/null", O_RDONLY);
        if (null >= 0 && null != 0) {
            dup2(null, 0);
            close(null);
        }
        execv(argv[0], argv);
        fprintf(stderr, "scopefuzz: cannot execute %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(req[0]);
    close(ans[1]);
    signal(SIGPIPE, SIG_IGN);
    s->pid = pid;
    s->to = fdopen(req[1], "w");
    s->from = fdopen(ans[0], "r");
    s->argv = argv;
    return 0;
}

void pt_stop(pt_server *s) {
    if (s->to) {
        fputs("quit\n", s->to);
        fclose(s->to);
    }
    if (s->from)
        fclose(s->from);
    if (s->pid > 0) {
        int st;
        while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR) {
        }
    }
    memset(s, 0, sizeof *s);
}

void pt_result_free(pt_result *r) {
    free(r->dec);
    free(r->faults);
    free(r->events);
    free(r->report);
    free(r->log);
    memset(r, 0, sizeof *r);
}

static int dead(pt_server *s, const char *what) {
    fprintf(stderr,
            "scopefuzz: %s: the program did not answer as a scopefuzz-cc program does (%s); was "
            "it built with scopefuzz-cc or sf_interpose()?\n",
            s->argv[0], what);
    return -1;
}

/* Reads "key rest\n"; rest (malloc'd in *line) starts at *val. */
static int field(pt_server *s, const char *key, char **line, size_t *cap, char **val) {
    ssize_t n = getline(line, cap, s->from);
    if (n <= 0)
        return dead(s, "it exited");
    if ((*line)[n - 1] == '\n')
        (*line)[n - 1] = '\0';
    size_t k = strlen(key);
    if (strncmp(*line, key, k) != 0 || ((*line)[k] != ' ' && (*line)[k] != '\0'))
        return dead(s, key);
    *val = *line + k + ((*line)[k] == ' ');
    return 0;
}

static char *block(pt_server *s, size_t len) {
    char *b = malloc(len + 1);
    if (!b || fread(b, 1, len, s->from) != len) {
        free(b);
        return NULL;
    }
    b[len] = '\0';
    if (fgetc(s->from) != '\n') {
        free(b);
        return NULL;
    }
    return b;
}

/* 1 if runs under `strategy` may fire a timer early (sim_config.eager_timers). */
static int eager_timers(const char *strategy) {
    return !strategy || sim_strategy_parse_if(strategy, SIM_SF_PRIORITY, NULL) != 0;
}

static void send_req(pt_server *s, const pt_req *rq) {
    int replay = strcmp(rq->strategy, "replay") == 0;
    fprintf(s->to,
            "run strategy=%s seed=%" PRIu64 " depth=%u steps=%" PRIu64
            " hang=%u trace=%d timers=%d",
            rq->strategy, rq->seed, rq->depth, rq->max_steps, rq->hang_ms, rq->trace,
            eager_timers(replay ? rq->replay_of : rq->strategy));
    if (rq->fault_kinds)
        fprintf(s->to, " faults=%u rate=%" PRIu32, rq->fault_kinds, rq->fault_rate);
    for (size_t i = 0; i < rq->nfails; i++)
        fprintf(s->to, "%s%u:%u", i ? "," : " fails=", rq->fails[i].kind, rq->fails[i].nth);
    if (rq->ndec) {
        fputs(" dec=", s->to);
        for (size_t i = 0; i < rq->ndec; i++)
            fprintf(s->to, "%s%" PRIu32, i ? "," : "", rq->dec[i]);
    }
    fputc('\n', s->to);
    fflush(s->to);
}

static int parse_decisions(char *v, pt_result *r) {
    char *end;
    r->ndec = strtoull(v, &end, 10);
    r->truncated = strstr(end, "truncated") != NULL;
    r->dec = calloc(r->ndec + 1, sizeof *r->dec);
    if (!r->dec)
        return -1;
    char *p = strchr(end, ' ');
    if (r->truncated && p)
        p = strchr(p + 1, ' ');
    for (size_t i = 0; i < r->ndec && p; i++) {
        r->dec[i] = (uint32_t)strtoul(p + 1, &p, 10);
        if (*p != ',')
            p = i + 1 < r->ndec ? NULL : p;
    }
    return 0;
}

/* "N[ truncated] k:n,k:n,..." */
static int parse_faults(char *v, pt_result *r) {
    char *end;
    r->nfaults = strtoull(v, &end, 10);
    r->faults_truncated = strstr(end, "truncated") != NULL;
    r->faults = calloc(r->nfaults + 1, sizeof *r->faults);
    if (!r->faults)
        return -1;
    char *p = strchr(end, ' ');
    if (r->faults_truncated && p)
        p = strchr(p + 1, ' ');
    for (size_t i = 0; i < r->nfaults; i++) {
        unsigned k, n;
        int used;
        if (!p || sscanf(p + 1, "%u:%u%n", &k, &n, &used) != 2 || k >= SIM_NFAULT_KINDS)
            return -1;
        r->faults[i] = (sim_fault){k, n};
        p += 1 + used;
        if (*p != ',')
            p = i + 1 < r->nfaults ? NULL : p;
    }
    return 0;
}

/* assert:NAME from the function part of glibc's assertion message that
 * ends at `as`: the identifier before its '(' (or its last word). */
static void assert_sig(const char *log, const char *as, char *sig, size_t n) {
    const char *start = as;
    while (start > log && start[-1] != '\n' && !(start[-1] == ' ' && start[-2] == ':'))
        start--;
    const char *end = memchr(start, '(', (size_t)(as - start));
    if (!end)
        end = as;
    const char *id = end;
    while (id > start && (isalnum((unsigned char)id[-1]) || id[-1] == '_'))
        id--;
    if (id == end)
        snprintf(sig, n, "assert");
    else
        snprintf(sig, n, "assert:%.*s", (int)(end - id), id);
}

/* The final signature: the runtime's oracle, else the sanitizer report or
 * the way the child died (cli_crash_sig), else a nonzero exit status. */
static void classify(pt_result *r, const char *sig) {
    if (strcmp(sig, "-") != 0) {
        snprintf(r->sig, sizeof r->sig, "%s", sig);
        r->failed = 1;
        return;
    }
    int st = 0, n;
    if (sscanf(r->status, "signal %d", &n) == 1)
        st = n & 0x7f;
    else if (sscanf(r->status, "exit %d", &n) == 1)
        st = (n & 0xff) << 8;
    if (cli_crash_sig(r->log, st, r->sig) < 0)
        r->unsymbolized = 1;
    /* assert(): glibc prints "prog: file.c:12: void *f(void *): Assertion
     * `x' failed."; the function's name tells two assertions apart */
    const char *as = strstr(r->log, ": Assertion `");
    if (as && strcmp(r->sig, "signal:ABRT") == 0)
        assert_sig(r->log, as, r->sig, sizeof r->sig);
    r->failed = r->sig[0] != '\0' && strcmp(r->sig, "exit:0") != 0;
    if (!r->failed)
        r->sig[0] = '\0';
}

int pt_run(pt_server *s, const pt_req *rq, pt_result *r) {
    memset(r, 0, sizeof *r);
    send_req(s, rq);
    char *line = NULL, *v, sig[SF_INTERP_SIG_MAX + 1];
    size_t cap = 0, n;
    int rc = -1;
    if (field(s, "begin", &line, &cap, &v) || field(s, "status", &line, &cap, &v))
        goto out;
    snprintf(r->status, sizeof r->status, "%s", v);
    if (field(s, "sig", &line, &cap, &v))
        goto out;
    snprintf(sig, sizeof sig, "%s", v);
    if (field(s, "outcome", &line, &cap, &v))
        goto out;
    snprintf(r->outcome, sizeof r->outcome, "%s", v);
    if (field(s, "program-exit", &line, &cap, &v) || field(s, "steps", &line, &cap, &v))
        goto out;
    r->steps = strtoull(v, NULL, 10);
    if (field(s, "preemptions", &line, &cap, &v))
        goto out;
    r->preemptions = strtoull(v, NULL, 10);
    if (field(s, "hash", &line, &cap, &v))
        goto out;
    snprintf(r->hash, sizeof r->hash, "%s", v);
    if (field(s, "vtime", &line, &cap, &v))
        goto out;
    r->vtime = strtoull(v, NULL, 10);
    if (field(s, "threads", &line, &cap, &v))
        goto out;
    r->threads = strtoull(v, NULL, 10);
    if (field(s, "decisions", &line, &cap, &v) || parse_decisions(v, r))
        goto out;
    if (field(s, "faults", &line, &cap, &v))
        goto out;
    if (parse_faults(v, r)) {
        dead(s, "faults");
        goto out;
    }
    if (field(s, "events", &line, &cap, &v))
        goto out;
    r->nevents = strtoull(v, NULL, 10);
    r->events = calloc(r->nevents + 1, sizeof *r->events);
    for (size_t i = 0; i < r->nevents; i++) {
        sim_event *e = &r->events[i];
        if (!r->events || getline(&line, &cap, s->from) <= 0 ||
            sscanf(line,
                   "%" SCNu64 " %" SCNd64 " %" SCNu32 " %" SCNu32 " %" SCNu64 " %" SCNu32
                   " %" SCNu32 " %" SCNd64,
                   &e->step, &e->vtime, &e->task, &e->kind, &e->object, &e->value, &e->why,
                   &e->decision) != 8) {
            dead(s, "events");
            goto out;
        }
    }
    if (field(s, "report", &line, &cap, &v))
        goto out;
    n = strtoull(v, NULL, 10);
    if (!(r->report = block(s, n))) {
        dead(s, "report");
        goto out;
    }
    if (field(s, "log", &line, &cap, &v))
        goto out;
    n = strtoull(v, NULL, 10);
    if (!(r->log = block(s, n))) {
        dead(s, "log");
        goto out;
    }
    if (field(s, "end", &line, &cap, &v))
        goto out;
    classify(r, sig);
    rc = 0;
out:
    free(line);
    return rc;
}

/* Replaces every "(MODULE+0xOFF)" the runtime printed for a code address
 * by "function file:line" from addr2line, when it can. */
static void symbolize_print(const char *text, FILE *out) {
    const char *p = text;
    while (*p) {
        const char *open = strstr(p, "(/");
        const char *plus = open ? strstr(open, "+0x") : NULL;
        const char *close = plus ? strchr(plus, ')') : NULL;
        const char *nl = open ? strchr(open, '\n') : NULL;
        if (!close || (nl && nl < close)) {
            fputs(p, out);
            return;
        }
        fwrite(p, 1, (size_t)(open - p), out);
        char cmd[1024], res[512] = "";
        snprintf(cmd, sizeof cmd, "addr2line -f -s -e '%.*s' %.*s 2>/dev/null",
                 (int)(plus - open - 1), open + 1, (int)(close - plus - 1), plus + 1);
        /* a path with a quote in it is left alone rather than quoted */
        FILE *a = memchr(open, '\'', (size_t)(plus - open)) ? NULL : popen(cmd, "r");
        char fn[256] = "", loc[256] = "";
        if (a) {
            if (fgets(fn, sizeof fn, a) && fgets(loc, sizeof loc, a)) {
                fn[strcspn(fn, "\n")] = '\0';
                loc[strcspn(loc, "\n")] = '\0';
                if (strcmp(fn, "??") != 0)
                    snprintf(res, sizeof res, "%s %s", fn, loc);
            }
            pclose(a);
        }
        if (res[0])
            fputs(res, out);
        else
            fwrite(open, 1, (size_t)(close + 1 - open), out);
        p = close + 1;
    }
}

void pt_print(const pt_result *r, FILE *out, int show_log, size_t max_rows) {
    fprintf(out,
            "run: %s, %" PRIu64 " steps, %" PRIu64 " preemptions, %" PRIu64
            " threads, virtual time %" PRIu64 " ns, %zu decisions\nhash: %s\n",
            r->status, r->steps, r->preemptions, r->threads, r->vtime, r->ndec, r->hash);
    if (r->report && r->report[0]) {
        fputs("report:\n", out);
        symbolize_print(r->report, out);
    }
    if (r->nevents) {
        cli_run cr = {
            .events = r->events, .nevents = r->nevents, .decisions = r->dec, .ndecisions = r->ndec};
        fputs("interleaving (one column per thread; t0 = main):\n", out);
        cli_print_table(&cr, out, max_rows);
    }
    if (show_log && r->log && r->log[0]) {
        fputs("program output and sanitizer reports:\n", out);
        fputs(r->log, out);
        if (r->log[strlen(r->log) - 1] != '\n')
            fputc('\n', out);
    }
}
