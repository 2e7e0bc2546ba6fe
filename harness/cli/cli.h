/*
 * cli.h - the scopefuzz command line (harness/cli): shared declarations of
 * the verbs (cmd_*.c) and their helpers.
 *
 * Exit status of every verb: CLI_PASS (0) nothing failed, CLI_FAIL (1) a
 * failure was found or reproduced, CLI_USAGE (2) bad usage or bad input
 * (a message on stderr).
 */
#ifndef SF_CLI_H
#define SF_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "driver.h"
#include "interp.h"
#include "prog.h"
#include "sanopts.h"

enum { CLI_PASS = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Raw-input op sets (--target): a row index of harness/interp/targets.h;
 * 0 (the first row, mixed) is the default. */
typedef unsigned cli_target;

/* How an input file was read. */
typedef enum cli_kind { CLI_SCHED = 0, CLI_RAW } cli_kind;

/* Input detection forced by --sched / --raw, or automatic. */
typedef enum cli_detect { CLI_DETECT_AUTO = 0, CLI_DETECT_SCHED, CLI_DETECT_RAW } cli_detect;

/* Options most verbs share. */
typedef struct cli_common {
    const char *impl; /* --impl, NULL: the file's impl line or the reference */
    cli_target target;
    int target_set; /* --target was given */
    cli_detect detect;
    int fork;         /* --fork: 1 always, 0 auto */
    size_t max_rows;  /* --max-rows: table rows (0: all) */
    int max_rows_set; /* --max-rows was given (else CLI_MAX_ROWS) */
} cli_common;

#define CLI_MAX_ROWS 400 /* table rows without --max-rows */

/* The table rows c asks for: --max-rows, else CLI_MAX_ROWS (c may be NULL). */
static inline size_t cli_max_rows(const cli_common *c) {
    return c && c->max_rows_set ? c->max_rows : CLI_MAX_ROWS;
}

/* ------------------------------------------------------------ messages */

/* Prints "scopefuzz: <msg>\n" on stderr; returns CLI_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the help of `verb` (NULL: the overview, generated from
 * cli_verbs) on out. 0, or CLI_USAGE (with a message) for a verb that is
 * not in cli_verbs or has no help text. */
int cli_help(const char *verb, FILE *out);

/* Parses --target NAME (a row of targets.h, or its binary fuzz_NAME);
 * 0 or -1. */
int cli_parse_target(const char *s, cli_target *t);

/* Parses a decimal u64 with the whole string used; 0 or -1. */
int cli_parse_u64(const char *s, uint64_t *v);

/* --------------------------------------------------------------- input */

/* Reads the whole file at path ("-": standard input) into a malloc'd,
 * NUL-terminated buffer, its length in *n.  Only regular files are opened
 * (a FIFO, device, socket or directory is refused at once, never blocking
 * on it).  NULL, with a message on stderr ("is a directory", "not a
 * regular file", "cannot open", "larger than N MiB"), on error. */
char *cli_read_file(const char *path, size_t max, size_t *n);

/* Loads `path` into *p (initialized on return either way): a .sched text
 * or raw fuzz bytes (decoded, then masked to the target's op set).  *kind
 * (may be NULL) says which.  On error prints a clear message and returns
 * CLI_USAGE; else 0. */
int cli_load(const char *path, const cli_common *c, sf_prog *p, cli_kind *kind);

/* The one FILE operand of a verb that reads one input (fmt, hash, repro):
 * n operands files[0..n-1] after the options; loads it (cli_load) into *p
 * and finds its driver (cli_driver) into *d.  0: *p is to be freed with
 * sf_prog_free.  CLI_USAGE, with a message ("VERB: exactly one FILE
 * expected", the load's or cli_driver's), when n is not 1, the input does
 * not load or names no known implementation; *p needs no freeing then. */
int cli_load_one(const char *verb, int n, char **files, const cli_common *c, sf_prog *p,
                 const struct sf_driver **d);

/* The op set of a target (targets.h). */
uint32_t cli_target_kinds(cli_target t);

/* The driver for program p under options c (--impl wins over the file's
 * impl line); prints a message listing the known names and returns NULL
 * when there is none. */
const struct sf_driver *cli_driver(const sf_prog *p, const cli_common *c);

/* --faults of explore and test: which runs let the strategy inject faults
 * (harness/platform/sim/faults.h). */
enum {
    CLI_FAULTS_NONE = 0,
    CLI_FAULTS_SOME, /* explore: one program in four (its default); test:
                        every fourth round of the portfolio */
    CLI_FAULTS_ALL
};

/* A --faults value: none, some, all (every kind), or a comma list of fault
 * kinds (alloc,spawn,wake,timeout: every run, those kinds).  0 and *mode,
 * *kinds set; CLI_USAGE after a message naming `verb`. */
int cli_parse_faults(const char *verb, const char *arg, int *mode, unsigned *kinds);

/* --------------------------------------------------------------- runs */

/* The outcome of one run, in-process or in a forked child. */
typedef struct cli_run {
    int failed;  /* 1: an oracle or a sanitizer fired */
    int crashed; /* 1: the child died (sanitizer, signal) */
    /* crashed, with the trace (decisions, events, oprecs): up to the report
     * (saved by the dying child), or of the whole run when the sanitizer
     * reported without stopping it; report_step: the step of the first
     * report (the runtime says it under TSan), 0: at the last event;
     * report_task: its runtime task. */
    int partial;
    uint64_t report_step;
    uint32_t report_task;
    /* crashed by the wall-clock watchdog (watchdog.h) in a traced run:
     * report_step, report_task: where the stuck task was */
    int hung;
    char sig[SF_INTERP_SIG_MAX + 1]; /* failure signature, "" on pass */
    char *report;                    /* malloc'd: interp report or the child's stderr */
    uint64_t hash, steps, switches;
    uint32_t preemptions;
    uint32_t *decisions;
    size_t ndecisions;
    sim_fault *faults; /* the faults injected (sim_result.faults) */
    size_t nfaults;
    sim_event *events;
    size_t nevents;
    sf_interp_oprec *oprecs; /* executed ops (with trace), in start order */
    size_t noprecs;
} cli_run;

/* Runs p against d.  fork_mode 1: in a forked child (sanitizer reports and
 * crashes become failures with signatures asan:KIND:FRAME,
 * tsan:KIND:FRAME, lsan:leak:FRAME, ubsan:CHECK:FRAME, signal:NAME; see
 * cli_sig_from_text); 0: in this process.  trace: record events.  0, or -1
 * on a system error or when the child's sanitizer report could not be
 * symbolized (message with the sanitizer's words printed: never a
 * signature without function names).  A forked run that does not end
 * within cli_hang_ms is a failure with signature `hang` (watchdog.h); an
 * in-process run is not bounded here: its caller arms the watchdog
 * (minimize) or watches the process it runs in (explore's parent).  Free
 * with cli_run_free. */
enum { CLI_EXEC_HERE = 0, CLI_EXEC_FORK = 1, CLI_EXEC_QUIET = 2 }; /* cli_exec's mode */
/* mode: CLI_EXEC_FORK in a forked child; CLI_EXEC_HERE in this process;
 * CLI_EXEC_QUIET in this process with stderr (the library's own messages)
 * sent to /dev/null.  Forked runs always capture it. */
int cli_exec(const sf_prog *p, const struct sf_driver *d, int mode, int trace, cli_run *r);

/* Frees what r holds and zeroes it (util.c). */
void cli_run_free(cli_run *r);

/* What a verb shows of the one run of cli_run_one; ctx is the verb's. */
typedef void (*cli_show_fn)(const sf_prog *p, const struct sf_driver *d, const cli_run *r,
                            void *ctx);

/* The one FILE of a verb that runs one input (hash, repro): loads it
 * (cli_load_one: n operands files[0..n-1]), runs it once in a forked child
 * (cli_exec; trace: record events and ops) and calls show.  CLI_FAIL the
 * run failed, CLI_PASS it passed, CLI_USAGE (message printed) when the
 * input does not load or the run could not be made. */
int cli_run_one(const char *verb, int n, char **files, const cli_common *c, int trace,
                cli_show_fn show, void *ctx);

/* fork.c: runs here(p, d, trace, r) in a forked child and copies its
 * result back, or makes r a crash (signature from the child's stderr).
 * Used by cli_exec; 0, or -1 when fork/tmpfile failed. */
typedef int (*cli_exec_fn)(const sf_prog *p, const struct sf_driver *d, int trace, cli_run *r);
int cli_exec_forked_(const sf_prog *p, const struct sf_driver *d, int trace, cli_run *r,
                     cli_exec_fn here);

/* 1 if sig names a failure that kills the process (sanitizer, libFuzzer,
 * signal, exit): such candidates must run forked. */
int cli_sig_is_crash(const char *sig);

/* The failure signature of a report's text (sig.c, the project's only
 * implementation; `scopefuzz sig` prints it), into
 * sig[SF_INTERP_SIG_MAX + 1]:
 *   SCOPEFUZZ-SIGNATURE: S                 -> S (an oracle failure; first)
 *   else the earliest of these reports:
 *   ERROR: AddressSanitizer: KIND          -> asan:KIND:FRAME
 *   ERROR: LeakSanitizer: ...              -> lsan:leak:FRAME (first leak)
 *   WARNING/ERROR: ThreadSanitizer: KIND   -> tsan:KIND:FRAME
 *   FILE:L:C: runtime error: MSG           -> ubsan:CHECK[:FRAME]
 *   ERROR: libFuzzer: KIND                 -> libfuzzer:KIND[:FRAME]
 * KIND: the report's words up to a parenthesis or number, joined by '-'.
 * FRAME: the first function of the report's first stack that is not the
 * sanitizer's, libFuzzer's or the C library's (none when there is no
 * stack; never for libfuzzer:out-of-memory and :fuzz-target-exited).
 * CHECK: the check's name from UBSan's SUMMARY line, else the message's
 * first words (signed-integer-overflow).
 * Returns 1 found; 0 no report in text (sig ""); -1 a report whose stack
 * was not symbolized (the symbolizer failed: its warning, or a nameless /
 * <null> frame outside the system's libraries), so that no meaningful
 * signature exists (sig holds the part before the frame). */
int cli_sig_from_text(const char *text, char *sig);

/* Copies into out[n] the lines of text in which the sanitizer said that
 * symbolization failed (its warnings, or the first nameless frame). */
void cli_sig_symbolizer_words(const char *text, char *out, size_t n);

/* Prints on stderr that the sanitizer could not symbolize its report, with
 * its own words from text, and what to install; returns CLI_USAGE. */
int cli_sig_unsymbolized(const char *text);

/* The signature of a child that died with wait status `status` after
 * printing `text` (may be NULL): a report's (cli_sig_from_text), else
 * signal:NAME or exit:N, into sig[SF_INTERP_SIG_MAX + 1].  0, or -1 when
 * text holds an unsymbolized report (see cli_sig_from_text). */
int cli_crash_sig(const char *text, int status, char *sig);

/* Makes p a replay of the decisions and faults of r (strategy replay,
 * `fail` lines).  0, or -1 (out of memory, or more faults than a program
 * lists: SF_MAX_FAILS). */
int cli_to_replay(sf_prog *p, const cli_run *r);

/* ------------------------------------------------------------ output */

/* 0 if path may be written: a new path in an existing directory, or (with
 * force) an existing regular file.  Else CLI_USAGE with a message: a
 * directory, a FIFO, device or socket (never replaced), an existing file
 * without force, a missing directory.  Verbs call it before any work. */
int cli_output_ok(const char *path, int force);

/* Writes text atomically to path (temp file in the same directory, then
 * rename; the temp file never stays behind), after cli_output_ok.  force
 * 0: fails if path exists.  0, or -1 with a message. */
int cli_write_atomic(const char *path, const char *text, size_t len, int force);

/* The canonical text of p with its impl set to d's name and the expected
 * outcome of r; malloc'd, NULL on error. */
char *cli_case_text(const sf_prog *p, const char *impl, const cli_run *r);

/* Prints the interleaving of r's runtime events: one column per runtime
 * task, at most max_rows rows (0: all; CLI_MAX_ROWS without --max-rows). */
void cli_print_table(const cli_run *r, FILE *out, size_t max_rows);

/* A virtual duration in ns as text, in the largest unit that divides it
 * ("20 ms", "1500 us", "7 ns"), into buf[n] (interleaving.c). */
void cli_duration(int64_t ns, char *buf, size_t n);

/* The text of runtime event e as the event table shows it ("lock #2",
 * "start t1", "wake t2 #0"), into buf[n] (table.c). */
void cli_event_text(const sim_event *e, char *buf, size_t n);

/* Prints the interleaving of r's program ops (interleaving.c): one column per
 * program task that ran ops, rows in step order, `---` lines for context
 * switches, virtual-time jumps and the watchdog; at most
 * max_rows lines (0: all). */
void cli_print_op_table(const cli_run *r, FILE *out, size_t max_rows);

/* A start or a return of an op record of a run, placed in its event list
 * (interleaving.c, for the op table and the timeline). */
typedef struct cli_op_mark {
    size_t pos;   /* index of the event it comes before (nevents: after the last) */
    uint32_t seq; /* start_seq or end_seq */
    uint32_t rec; /* index into cli_run.oprecs */
    uint8_t end;  /* 1: the return, 0: the start */
} cli_op_mark;

/* The starts and returns of r's op records in the order they happened, each
 * placed before an event: malloc'd, *n of them (a record that never
 * returned has only its start).  NULL (and *n 0) when out of memory. */
cli_op_mark *cli_op_marks(const cli_run *r, size_t *n);

/* The switch before event i of ev (table.c, for both tables): SIM_SW_*
 * (sim.h) as the runtime recorded it on the first event after the switch,
 * SIM_SW_NONE if the task of event i also ran event i-1.  *decision gets
 * the index (from 0, as on the `schedule` line) of the decision that picked
 * the new task, or -1 when it was the only runnable task. */
uint32_t cli_switch_before(const sim_event *ev, size_t i, int64_t *decision);

/* "preempted", "yielded", "blocked", "ended" ("" for SIM_SW_NONE). */
const char *cli_switch_name(uint32_t why);

/* ------------------------------------------------------------- verbs */

/* One verb of the command line.  cli_verbs (help.c) is the one list: main.c
 * dispatches by it, the overview (`scopefuzz --help`) and the unknown-verb
 * message list it, cli_help prints its help texts. */
typedef struct cli_verb {
    const char *name;
    int (*fn)(int argc, char **argv); /* argv[0] is the verb; returns CLI_* */
    const char *usage;                /* the arguments in the overview, "" none */
    const char *summary;              /* one line in the overview */
    const char *help;                 /* `scopefuzz VERB --help`; NULL: none */
} cli_verb;

extern const cli_verb cli_verbs[];
extern const size_t cli_nverbs;

/* The verb called name, or NULL. */
const cli_verb *cli_verb_find(const char *name);

int cmd_run(int argc, char **argv);
int cmd_repro(int argc, char **argv);
int cmd_minimize(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_hash(int argc, char **argv);
int cmd_explore(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_sig(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_replay(int argc, char **argv);

#endif
