/*
 * ptrun.h - the CLI's side of running a program built with scopefuzz-cc
 * (harness/interpose/runner.c): starts the program once as a schedule
 * server, asks it for one run at a time (each a forked child of the
 * program), reads the result records, and the case files a failure is
 * written to.
 *
 * Protocol (one text line per request, one record per run):
 *   request  run strategy=random|pct|replay seed=N depth=N steps=N hang=MS
 *                trace=0|1 timers=0|1 [faults=MASK rate=N] [fails=k:n,...]
 *                [dec=d1,d2,...]
 *            (faults: the kinds the strategy may fail, bits 1 << SIM_FAULT_*;
 *            fails: listed faults, kind numbers and points from 1)
 *   record   begin / status exit N|signal N|killed / sig S|- / outcome O /
 *            program-exit N / steps N / preemptions N / hash H / vtime N /
 *            threads N / decisions N d1,d2,... / faults N k:n,... /
 *            events N + N lines /
 *            report LEN + bytes / log LEN + bytes / end
 */
#ifndef SF_CLI_PTRUN_H
#define SF_CLI_PTRUN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "cli.h"

/* A running schedule server. */
typedef struct pt_server {
    pid_t pid;
    FILE *to, *from;
    char **argv; /* program path and arguments */
} pt_server;

/* What to run. */
typedef struct pt_req {
    const char *strategy; /* a seeded strategy ("random", "pct", "pos") or "replay" */
    /* replay: the strategy whose decisions dec holds (NULL or "replay": a
     * random walk's).  The replay fires a timer early only if that one
     * could (pct and pos never do): else a decision the run never took
     * would shift every later one. */
    const char *replay_of;
    uint64_t seed;
    unsigned depth;     /* pct */
    uint64_t max_steps; /* 0: the runtime's default */
    unsigned hang_ms;   /* wall-clock watchdog per run */
    int trace;          /* ask for the event list */
    const uint32_t *dec;
    size_t ndec;
    unsigned fault_kinds;   /* the strategy may inject these (bits 1u << SIM_FAULT_*) */
    uint32_t fault_rate;    /* one point in N; 0: the runtime's default */
    const sim_fault *fails; /* injected whatever the strategy */
    size_t nfails;
} pt_req;

/* The outcome of one run. */
typedef struct pt_result {
    int failed;
    char sig[SF_INTERP_SIG_MAX + 1];
    char status[32]; /* "exit 0", "signal 6", "killed" */
    char outcome[32];
    uint64_t steps, preemptions, vtime, threads;
    char hash[32];
    uint32_t *dec;
    size_t ndec;
    int truncated;
    sim_fault *faults; /* injected (at most the runner's 64; truncated says more) */
    size_t nfaults;
    int faults_truncated;
    sim_event *events;
    size_t nevents;
    char *report;     /* the runtime's report (oracle message + thread dump) */
    char *log;        /* the child's stdout and stderr */
    int unsymbolized; /* a sanitizer report without symbols */
} pt_result;

/* Starts argv[0] (must exist and be executable) as a server.  0, or
 * CLI_USAGE with a message. */
int pt_start(pt_server *s, char **argv);

/* One run.  0, or -1 when the server died or answered nonsense (message
 * printed; the server is unusable then). */
int pt_run(pt_server *s, const pt_req *rq, pt_result *r);

void pt_result_free(pt_result *r);
void pt_stop(pt_server *s);

/* A failure, written by `test`, read by `replay` and `minimize`. */
typedef struct pt_case {
    char **argv; /* program and arguments (NULL-terminated) */
    int argc;
    char strategy[16];
    uint64_t seed;
    unsigned depth;
    uint32_t *dec;
    size_t ndec;
    unsigned fault_kinds; /* `faults KIND... [rate N]` */
    uint32_t fault_rate;
    sim_fault fails[SF_MAX_FAILS]; /* `fail KIND #N` lines */
    size_t nfails;
    char expect[SF_INTERP_SIG_MAX + 1]; /* expected signature */
    int allow_leak;                     /* `allow-thread-leak`: threads may outlive main */
} pt_case;

/* 1 if text is a pthread case file (its first line says so). */
int pt_case_is(const char *text);

/* Parses a case file; 0, or CLI_USAGE with `file:line:col: message`. */
int pt_case_parse(const char *path, const char *text, pt_case *c);

/* Parses a case file (pt_case_parse) and starts its program as a server
 * (pt_start), for `replay` and `minimize` (cmd_ptmin.c), with the thread-leak
 * oracle as the case says (SCOPEFUZZ_ALLOW_THREAD_LEAK set or unset).  0: free with
 * pt_stop and pt_case_free; CLI_USAGE with a message, nothing to free. */
int pt_case_start(const char *path, const char *text, pt_case *c, pt_server *s);

/* The request that reruns case c: its decisions when it has them (replay),
 * else its strategy and seed; trace as for pt_req.  Points into c. */
pt_req pt_case_request(const pt_case *c, int trace);

/* The text of a case (malloc'd) for a failing result. */
char *pt_case_text(const pt_case *c);

void pt_case_free(pt_case *c);

/* `scopefuzz minimize` of a pthread case (cmd_ptmin.c): text is the case
 * file's content.  CLI_FAIL when a minimized failure was written to out,
 * CLI_PASS when the case does not fail, CLI_USAGE on errors. */
int cli_pt_minimize(const char *in, const char *text, const char *out, int force,
                    uint64_t max_runs);

/* Prints a result: signature, numbers, report, log, and with events the
 * interleaving (threads as columns). */
void pt_print(const pt_result *r, FILE *out, int show_log, size_t max_rows);

#endif
