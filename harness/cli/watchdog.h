/*
 * watchdog.h - the wall-clock watchdog of every run of a driver
 * (run, repro, hash, minimize, explore).  `scopefuzz test` has its own, in
 * harness/interpose/runner.c.
 *
 * Code the deterministic runtime cannot preempt never returns to its
 * scheduler: a spin on a plain variable, or a real blocking system call
 * (read on a pipe nobody writes, a real pthread_cond_wait on the one OS
 * thread every task runs on).  No step or virtual-time budget ends it, so
 * every run is also bounded in wall-clock time, and such a run is a
 * failure with signature `hang` whose report holds the stuck task's stack:
 *
 *  - Forked runs (cli_exec with fork_mode 1: run, repro, hash, the first
 *    run of minimize, minimize --fork): the child arms a one-shot timer of
 *    cli_hang_ms; its SIGALRM handler prints the hang report (see below)
 *    and exits with CLI_HANG_EXIT.  The parent kills the child (SIGKILL)
 *    when it has not ended CLI_HANG_GRACE_MS after that, and makes the
 *    result a `hang` failure either way.
 *  - explore: runs are made in this process inside a forked worker, for
 *    speed (no system call per run).  The worker publishes when its
 *    current run started (shared memory); the parent polls it, sends
 *    SIGALRM to the worker's thread when a run is older than cli_hang_ms,
 *    and SIGKILL after the grace.  The program is recorded as a `hang`
 *    failure and a new worker goes on (cmd_explore.c); the summary is
 *    printed as always, at most cli_hang_ms + 3.5 s after --seconds (the
 *    parent looks every min(cli_hang_ms / 8, 200 ms)).  This costs nothing
 *    per run (the worker already read the clock for --seconds); a timer
 *    armed per run would cost two system calls per run, and a fork per
 *    run about 1-4 ms (explore does ~50k runs/s in-process).
 *  - minimize's in-process candidates: a timer per candidate; on expiry
 *    the handler prints the report and executes the same minimize command
 *    again with --fork (every candidate in a forked child).  A stuck fiber
 *    cannot be unwound (siglongjmp would skip the other fibers, the
 *    library's locks and the sanitizers' fiber bookkeeping), so the
 *    process's state is given up, never resumed.  A fork per candidate
 *    would cost about 1-4 ms each (the in-process path: ~0.1 ms); TSan
 *    builds fork every candidate anyway (see below).
 *
 * The hang report (on stderr): a `scopefuzz: hang:` line saying what
 * happened, the stack of the interrupted code (__sanitizer_print_stack_trace
 * when a sanitizer runtime is linked, else backtrace_symbols_fd: the
 * scopefuzz binary exports its symbols for it), the rule, and
 * `SCOPEFUZZ-SIGNATURE: hang` (so that cli_sig_from_text and `scopefuzz
 * sig` give `hang`).  Under TSan a signal reaches a thread only at its next
 * interceptor, so a pure spin there ends by the parent's SIGKILL, without
 * the stack, and minimize never runs candidates in-process (nothing could
 * end a spin there).
 */
#ifndef SF_CLI_WATCHDOG_H
#define SF_CLI_WATCHDOG_H

#include <stddef.h>
#include <sys/types.h>

enum {
    CLI_HANG_DEFAULT_MS = 10000, /* --hang-timeout default */
    CLI_HANG_MAX_MS = 86400000,  /* one day */
    CLI_HANG_EXIT = 87,          /* exit status of a child the watchdog ended */
    CLI_HANG_GRACE_MS = 3000     /* then SIGKILL (the stack print may symbolize) */
};

/* --hang-timeout: wall-clock limit of one run, in ms. */
extern unsigned cli_hang_ms;

/* Parses the value of --hang-timeout (a decimal 1..CLI_HANG_MAX_MS) into
 * cli_hang_ms.  0, or CLI_USAGE with a message on stderr. */
int cli_parse_hang(const char *arg);

/* Installs the SIGALRM handler in this process (the calling thread is the
 * one whose stack is printed: a signal that reaches another thread is
 * passed on to it), and cancels cli_watchdog_reexec (a forked child must
 * exit, never start the CLI again).  stale (may be NULL; async-signal-safe): returns 1
 * when the signal came for a run that has ended meanwhile, and the handler
 * then returns without doing anything.  save (may be NULL;
 * async-signal-safe as far as possible): called after the report, before
 * the exit (fork.c saves the trace so far).  Never fails. */
void cli_watchdog_install(int (*stale)(void), void (*save)(void));

/* From now on the handler, after the report, prints `note` (a line; kept
 * by pointer) and executes /proc/self/exe with argv (NULL-terminated; kept
 * by pointer) instead of exiting: a fresh process.  Only in the calling
 * process: a child forked later exits as usual.  If that fails it exits
 * with status 2 (CLI_USAGE), saying so. */
void cli_watchdog_reexec(char *const *argv, const char *note);

/* While fd >= 0, stderr (2) is elsewhere (cli_exec in CLI_EXEC_QUIET mode: /dev/null) and fd is
 * the real one: the handler puts it back first.  -1: 2 is the real one. */
void cli_watchdog_stderr(int fd);

/* Arms the one-shot timer: SIGALRM in ms milliseconds (0: disarms). */
void cli_watchdog_arm(unsigned ms);

/* Disarms the timer (cli_watchdog_arm(0)). */
void cli_watchdog_disarm(void);

/* Parent side: waits until child pid ends, its wait status into *status.
 * fd: the read end of a pipe whose write end only the child holds (poll
 * sees the end of the child at once; the caller closes fd).  When the
 * child has not ended limit_ms after the call, it is killed (SIGKILL) and
 * reaped.  Returns 0 the child ended by itself, 1 it was killed, -1
 * waitpid failed (errno). */
int cli_wait_child(pid_t pid, int fd, unsigned limit_ms, int *status);

/* The line a parent adds to the report of a child it had to kill:
 * "scopefuzz: hang: ... killed ..." with the limits, into buf[n]. */
void cli_hang_killed_note(char *buf, size_t n);

#endif
