/* watchdog.c - the wall-clock watchdog of driver runs (watchdog.h). */
#include <errno.h>
#include <execinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "watchdog.h"

unsigned cli_hang_ms = CLI_HANG_DEFAULT_MS;

int cli_parse_hang(const char *arg) {
    uint64_t v;
    if (cli_parse_u64(arg, &v) != 0 || v < 1 || v > CLI_HANG_MAX_MS)
        return cli_usage_error("--hang-timeout: '%s' is not a number of milliseconds in 1..%d", arg,
                               CLI_HANG_MAX_MS);
    cli_hang_ms = (unsigned)v;
    return 0;
}

/* ------------------------------------------------------------ the child */

void __sanitizer_print_stack_trace(void) __attribute__((weak));

static pid_t wd_tid;          /* the thread whose stack is printed */
static int (*wd_stale)(void); /* 1: the signal is for a run that ended */
static void (*wd_save)(void); /* before the exit */
static char *const *wd_argv;  /* re-exec instead of exiting */
static pid_t wd_argv_pid;     /* ... in this process only, never a child */
static const char *wd_note;   /* printed before the re-exec */
static int wd_err = -1;       /* the real stderr while 2 is /dev/null */
static char wd_head[512];     /* the report's first line, formatted beforehand */

static void put(const char *s) {
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t w = write(2, s, n);
        if (w <= 0 && errno != EINTR)
            return;
        if (w > 0)
            s += w, n -= (size_t)w;
    }
}

static void on_alarm(int sig) {
    (void)sig;
    int saved = errno;
    pid_t self = (pid_t)syscall(SYS_gettid);
    if (self != wd_tid) { /* a thread of the driver's: pass it on */
        syscall(SYS_tgkill, getpid(), wd_tid, SIGALRM);
        errno = saved;
        return;
    }
    if (wd_stale != NULL && wd_stale()) {
        errno = saved;
        return;
    }
    if (wd_err >= 0)
        dup2(wd_err, 2); /* the report (and a re-executed CLI) need it */
    put(wd_head);
    if (__sanitizer_print_stack_trace) {
        __sanitizer_print_stack_trace();
    } else {
        void *pcs[64];
        backtrace_symbols_fd(pcs, backtrace(pcs, 64), 2);
    }
    put("rule: a library must wait and spin through the platform interface: the runtime "
        "preempts nothing else (docs/semantics.md R1, R2)\n"
        "SCOPEFUZZ-SIGNATURE: hang\n");
    if (wd_save != NULL)
        wd_save();
    if (wd_argv != NULL && getpid() == wd_argv_pid) {
        struct itimerval off = {{0, 0}, {0, 0}};
        sigset_t all;
        setitimer(ITIMER_REAL, &off, NULL);
        sigemptyset(&all);
        sigaddset(&all, SIGALRM);
        sigprocmask(SIG_UNBLOCK, &all, NULL); /* the new image inherits the mask */
        if (wd_note != NULL)
            put(wd_note);
        execv("/proc/self/exe", wd_argv);
        put("scopefuzz: cannot start again (execv /proc/self/exe failed)\n");
        _exit(CLI_USAGE);
    }
    _exit(CLI_HANG_EXIT);
}

static void format_head(void) {
    snprintf(wd_head, sizeof wd_head,
             "scopefuzz: hang: the run did not end within --hang-timeout (%u ms): a task is in "
             "code the runtime cannot preempt (a spin on a plain variable? a blocking system "
             "call, such as read or a real pthread_cond_wait, on the one OS thread every task "
             "runs on?); the stack of the stuck task:\n",
             cli_hang_ms);
}

void cli_watchdog_install(int (*stale)(void), void (*save)(void)) {
    void *warm[4];
    backtrace(warm, 4); /* loads the unwinder now, not in the handler */
    wd_tid = (pid_t)syscall(SYS_gettid);
    wd_stale = stale;
    wd_save = save;
    wd_argv = NULL; /* a forked child exits: only the CLI itself starts again */
    format_head();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
}

void cli_watchdog_reexec(char *const *argv, const char *note) {
    wd_note = note;
    wd_argv = argv;
    wd_argv_pid = getpid();
}

void cli_watchdog_stderr(int fd) { wd_err = fd; }

void cli_watchdog_arm(unsigned ms) {
    struct itimerval it = {{0, 0}, {ms / 1000, (long)(ms % 1000) * 1000}};
    format_head();
    setitimer(ITIMER_REAL, &it, NULL);
}

void cli_watchdog_disarm(void) { cli_watchdog_arm(0); }

/* ----------------------------------------------------------- the parent */

static int64_t ms_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int cli_wait_child(pid_t pid, int fd, unsigned limit_ms, int *status) {
    int64_t end = ms_now() + limit_ms;
    int killed = 0;
    for (;;) {
        int64_t left = end - ms_now();
        if (left <= 0) {
            kill(pid, SIGKILL);
            killed = 1;
            break;
        }
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int n = poll(&p, 1, left > 1000 ? 1000 : (int)left);
        if (n > 0)
            break;                     /* the child's end of the pipe closed: it ended */
        if (n < 0 && errno != EINTR) { /* no pipe to watch: look every 10 ms */
            struct timespec tick = {0, 10000000};
            if (waitpid(pid, status, WNOHANG) == pid)
                return 0;
            nanosleep(&tick, NULL);
        }
    }
    for (;;) {
        if (waitpid(pid, status, 0) == pid)
            return killed;
        if (errno != EINTR)
            return -1;
    }
}

void cli_hang_killed_note(char *buf, size_t n) {
    snprintf(buf, n,
             "scopefuzz: hang: the run did not end within --hang-timeout (%u ms), nor %d ms "
             "after that: it was killed (SIGKILL) without its stack (SIGALRM blocked, or a "
             "sanitizer that delays signals)\nSCOPEFUZZ-SIGNATURE: hang\n",
             cli_hang_ms, CLI_HANG_GRACE_MS);
}
