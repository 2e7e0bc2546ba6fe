/* help.c - the help text of every verb (synopsis, options, exit status,
 * examples). */
#include <string.h>

#include "cli.h"

/* The overview (scopefuzz --help) is overview_head, one line per verb of
 * cli_verbs (name, usage, summary), then overview_tail. */
static const char overview_head[] =
    "usage: scopefuzz VERB [OPTIONS] [ARGS]\n"
    "\n"
    "Replays, explains, shrinks and generates scopefuzz programs (see\n"
    "harness/prog/sched-format.md for the .sched format).\n"
    "\n"
    "verbs:\n";

static const char overview_tail[] = "\n"
                                    "`scopefuzz VERB --help` gives the full help of a verb.\n"
                                    "\n"
                                    "exit status (every verb):\n"
                                    "  0  nothing failed\n"
                                    "  1  a failure was found or reproduced\n"
                                    "  2  bad usage or bad input (a message says what)\n";

#define INPUT_OPTS                                                                                 \
    "input options:\n"                                                                             \
    "  --impl NAME      implementation to run (see `scopefuzz list`); default: the\n"              \
    "                   file's `impl` line, for raw inputs `reference`\n"                          \
    "  --target T       raw inputs only: the op set of the fuzz target that made\n"                \
    "                   the input (`scopefuzz list --targets`; default mixed)\n"                   \
    "  --sched, --raw   force the input kind.  By default a file named *.sched, or\n"              \
    "                   a printable text whose first word is a .sched header word\n"               \
    "                   (impl, strategy, expect, schedule, bytes, task), is a\n"                   \
    "                   .sched program (syntax errors: exit 2 with file:line:col);\n"              \
    "                   anything else is raw fuzz bytes (libFuzzer crash-*, leak-*,\n"             \
    "                   timeout-*), decoded like the fuzz targets do.  Give one of\n"              \
    "                   the two, and --impl once (else exit 2).\n"                                 \
    "  --fork           run every program in a forked child (automatic when a\n"                   \
    "                   sanitizer report or a crash is expected)\n"

#define HANG_OPT                                                                                   \
    "  --hang-timeout MS  wall-clock limit of one run (default 10000, 1..86400000):\n"             \
    "                   a run stuck in code the runtime cannot preempt (a spin on a\n"             \
    "                   plain variable, a blocking system call such as a real\n"                   \
    "                   pthread_cond_wait) fails with signature `hang` and a report\n"             \
    "                   with the stuck task's stack; a child that does not end is\n"               \
    "                   killed 3 s later (harness/cli/watchdog.h)\n"

static const char run_help[] =
    "usage: scopefuzz run [OPTIONS] FILE|DIR...\n"
    "\n"
    "Replays each FILE (and every regular file of each DIR, in name order,\n"
    "except hidden files, README* and *.md)\n"
    "against its implementation under the deterministic runtime, with every\n"
    "oracle, each in a forked child so that a sanitizer report or a crash is\n"
    "reported, not fatal.  Prints one line per file: `ok`, or `FAIL <signature>`.\n"
    "\n"
    "options:\n"
    "  --trace          print the interleaving of each run (see `repro`)\n"
    "  --check          compare with each .sched file's `expect` line instead:\n"
    "                   a file passes when its outcome is the recorded one\n"
    "                   (`expect ok`: no failure; `expect fail SIG`: a failure\n"
    "                   with exactly signature SIG).  The regression suite runs\n"
    "                   `scopefuzz run --check` on corpus/regressions/*.sched.\n"
    "                   A case the build cannot check is skipped with a note,\n"
    "                   by the registration's rules: `expect fail asan:`,\n"
    "                   `lsan:`, `ubsan:` need an ASan build, `tsan:` a TSan\n"
    "                   build, `signal:` none; a `# requires: B...` header\n"
    "                   line names the builds (none, asan, tsan) exactly.\n" HANG_OPT INPUT_OPTS
    "  -h, --help       this text\n"
    "\n"
    "exit status:\n"
    "  0  every run passed (with --check: every outcome was the expected one)\n"
    "  1  a run failed (with --check: an outcome differed from its `expect`)\n"
    "  2  bad usage, a missing or unreadable file, an input that is not a\n"
    "     regular file (a FIFO or device: refused at once; - is standard\n"
    "     input), a DIR with nothing to run, a .sched syntax error, an\n"
    "     unknown implementation, a sanitizer report that could not be\n"
    "     symbolized (the sanitizer's words are printed)\n"
    "\n"
    "examples:\n"
    "  scopefuzz run crash-1f2e3d                 # a libFuzzer crash file\n"
    "  scopefuzz run --impl zoo_lost_wakeup case.sched\n"
    "  scopefuzz run --check corpus/regressions\n";

static const char repro_help[] =
    "usage: scopefuzz repro [OPTIONS] FILE\n"
    "\n"
    "Runs FILE once (in a forked child) and prints a report a person can act on:\n"
    "  1. the program, as canonical .sched text;\n"
    "  2. the interleaving of the program's ops: one column per program task\n"
    "     (header `t3 (body 1)`), rows in step order: `send c2 -> SF_OK` for\n"
    "     an op nothing interrupted, else `send c2` and later `-> SF_CLOSED`;\n"
    "     `---` lines between rows: context switches `--- switch t1 -> t3\n"
    "     (preempted, decision #4 = 2) ---` (preempted: the task switched away\n"
    "     from could have gone on; blocked; ended; decision #n = v: the choice\n"
    "     v taken at entry n, from 0, of the `schedule` line, 0 past its end),\n"
    "     clock jumps `--- clock +1 ms (now 1 ms) ---`, injected faults\n"
    "     `--- fault in t1: fail alloc #3 ---`, the watchdog's cancel\n"
    "     of a stuck run.  At most 100 columns: with too many tasks the\n"
    "     busiest keep their columns and the others share the last one as\n"
    "     `tN: op`.  A run a sanitizer kills (sanitizer builds) shows its\n"
    "     interleaving up to the report, the failing step marked `>>>` (TSan,\n"
    "     which lets the run go on: the step of its first report);\n"
    "  3. the outcome: the failure signature, the interpreter's or the\n"
    "     sanitizer's report, the task dump.\n"
    "\n"
    "options:\n" INPUT_OPTS HANG_OPT
    "  --events         show the runtime events (lock, unlock, wait, ...; one\n"
    "                   column per runtime task) instead of the program's ops\n"
    "  --max-rows N     print at most N rows of the interleaving (default 400;\n"
    "                   0: all)\n"
    "  --timeline FILE  also write the run as a picture (given once or twice):\n"
    "                   FILE.json in the Chrome trace event format (Perfetto UI,\n"
    "                   chrome://tracing), FILE.svg as a self-contained SVG.\n"
    "                   Tasks are tracks, ops and blocked/preempted stretches\n"
    "                   slices; switches (with their decisions), clock jumps\n"
    "                   and the failing step instants.  Left to right is the\n"
    "                   order of the run (JSON: 1 us per event or op start or\n"
    "                   return), virtual time is in each item's arguments\n"
    "  -h, --help       this text\n"
    "\n"
    "exit status: 0 the run passed, 1 it failed, 2 bad usage or input (also\n"
    "when a timeline could not be written).\n"
    "\n"
    "example:\n"
    "  scopefuzz repro corpus/regressions/zoo_close_wakes_one.sched | less\n"
    "  scopefuzz repro --timeline run.json --timeline run.svg case.sched\n";

static const char minimize_help[] =
    "usage: scopefuzz minimize [OPTIONS] FILE -o OUT.sched\n"
    "\n"
    "Shrinks the failing case FILE while it keeps failing with the same\n"
    "signature, and writes the result as canonical .sched text to OUT:\n"
    "  - first the schedule of FILE is made explicit: the strategy becomes\n"
    "    `replay` with the decisions the original run took;\n"
    "  - then, until nothing changes: drop whole tasks (renumbering spawns),\n"
    "    remove operations (halves, quarters, ..., single ops), simplify\n"
    "    operands (no defer, scopes to s0, numbers to 0, fewer select cases),\n"
    "    shrink the schedule (truncate it, zero decisions = fewer preemptions,\n"
    "    remove decisions, lower the others to 1);\n"
    "  - finally it verifies 1-minimality: removing any single operation or\n"
    "    zeroing any single nonzero decision makes the failure go away.\n"
    "The program is first restricted to the implementation's capabilities.\n"
    "Candidates run in this process when the failure is an oracle failure\n"
    "(deadlock, leak:task, defer:order, ...), in forked children when it is\n"
    "a sanitizer report, a crash or a hang (or with --fork).  An in-process\n"
    "candidate that hangs (--hang-timeout) ends this process, which starts\n"
    "the same command again with --fork: a stuck task cannot be unwound\n"
    "(TSan builds run every candidate forked: TSan holds signals back).\n"
    "Prints\n"
    "`ops: A -> B, tasks: C -> D, decisions: E -> F (nonzero G -> H), N runs,\n"
    "T ms` and whether the result is 1-minimal.  OUT gets the header lines\n"
    "impl, `strategy replay` + `schedule`, and `expect fail <signature>`.\n"
    "OUT is written atomically (a temporary file in the same directory, then\n"
    "a rename; never left behind) and never overwritten unless -f is given;\n"
    "it must be a new path or (with -f) a regular file: a directory, FIFO or\n"
    "device is refused before any work.  A FILE whose `expect fail SIG` line\n"
    "is not what it does (another signature, or no failure) is refused.\n"
    "\n"
    "options:\n"
    "  -o, --output OUT write the result to OUT (required)\n"
    "  -f, --force      overwrite OUT if it exists\n"
    "  --max-runs N     give up after N runs (default 200000); the result is\n"
    "                   then written but may not be 1-minimal\n"
    "  -v, --verbose    print each accepted step\n" HANG_OPT INPUT_OPTS
    "  -h, --help       this text\n"
    "\n"
    "exit status: 1 the failure was minimized and OUT written (1-minimal or\n"
    "not: see the summary line); 0 FILE does not fail, nothing written; 2 bad\n"
    "usage or input, OUT exists or is not a regular file, FILE's expect line\n"
    "is wrong, the failure does not reproduce.\n"
    "\n"
    "example:\n"
    "  scopefuzz minimize --impl zoo_lost_wakeup crash-9a8b -o lost_wakeup.sched\n"
    "  cp lost_wakeup.sched corpus/regressions/   # now a regression test\n";

static const char fmt_help[] =
    "usage: scopefuzz fmt [OPTIONS] FILE\n"
    "\n"
    "Prints FILE (a .sched text, or raw fuzz bytes decoded and masked to\n"
    "--target's op set) as canonical .sched text on standard output.  A\n"
    "canonical text is a fixed point: `fmt` of the output prints it again.\n"
    "--impl replaces the impl line.  The implementation (--impl or the impl\n"
    "line) must be one this binary has, as for run (`scopefuzz list`).\n"
    "\n"
    "options:\n" INPUT_OPTS "  -h, --help       this text\n"
    "\n"
    "exit status: 0 printed, 2 bad usage or input, an unknown implementation.\n"
    "\n"
    "example:\n"
    "  scopefuzz fmt --target chan crash-77aa > case.sched\n";

static const char hash_help[] =
    "usage: scopefuzz hash [OPTIONS] FILE\n"
    "\n"
    "Runs FILE once and prints its trace hash (16 hex digits: the runtime's\n"
    "hash of every decision and event), then `ok` or `FAIL <signature>`.\n"
    "The same program and schedule always give the same hash.\n"
    "\n"
    "options:\n" INPUT_OPTS HANG_OPT "  -h, --help       this text\n"
    "\n"
    "exit status: 0 the run passed, 1 it failed, 2 bad usage or input.\n"
    "\n"
    "example:\n"
    "  scopefuzz hash corpus/sched/basic.sched\n";

static const char explore_help[] =
    "usage: scopefuzz explore [OPTIONS]\n"
    "\n"
    "Generates random programs and runs them, without libFuzzer: a\n"
    "deterministic generator seeded by --seed makes random byte strings that\n"
    "are decoded (sf_prog_decode), three in four paired (sf_prog_pair: a\n"
    "partner task per channel-making body sends what receives miss, then\n"
    "closes, so that most programs can finish) and masked to --target's op\n"
    "set; each runs under --strategy.  On the first failure, writes the\n"
    "failing case as canonical .sched (header: impl, the strategy and seed,\n"
    "`expect fail SIG`) into DIR as <impl>-<signature>-<hash>.sched (never\n"
    "overwriting; written atomically) and exits 1.  Prints runs, failures,\n"
    "justified runs and runs/s at the end: a justified run blocked only where\n"
    "the channel rules allow (a receive nobody sends to: docs/semantics.md\n"
    "R4), was unblocked by the interpreter's watchdog and passed; it is not a\n"
    "failure.\n"
    "Runs are made in this process inside a forked worker; a run that kills\n"
    "the worker (a sanitizer report) is recorded and the worker restarted.\n"
    "In ASan builds a run that leaves the heap larger than it found it is\n"
    "checked by LeakSanitizer, and a leak is that run's failure\n"
    "(lsan:leak:FRAME).\n"
    "The parent is the worker's wall-clock watchdog: a run older than\n"
    "--hang-timeout (code the runtime cannot preempt) is stopped, recorded\n"
    "as a `hang` failure (its case written) and a new worker goes on.  The\n"
    "summary is always printed; explore ends at most --hang-timeout + 3.5 s\n"
    "after --seconds (the watchdog looks every 200 ms at most; a worker that\n"
    "ignores the signal is killed 3 s later).\n"
    "\n"
    "Without --strategy and --target, explore runs a portfolio: every other\n"
    "program uses every op (mixed), the others the narrower op sets of the\n"
    "fuzz targets in turn; within each, the programs run under POS (partial\n"
    "order sampling), the random walk, POS and PCT in turn, PCT at depth 2,\n"
    "3, 5 in turn (deterministic for a seed; a written case records its\n"
    "strategy, depth and seed).  Drivers without scopes, cancel or sleep\n"
    "(polling libraries, which PCT and POS drive into livelock) get the\n"
    "random walk only.  Give\n"
    "--strategy or --target to fix either.  One program in four (--faults)\n"
    "also lets the strategy inject faults (allocation failures, failed task\n"
    "starts, spurious wakeups, early timeouts: `faults all rate N` in the\n"
    "case, N = 4, 16 or 64); a case lists the faults it needs as `fail` lines.\n"
    "\n"
    "options:\n"
    "  --impl NAME      implementation (default reference)\n"
    "  --strategy S     random | pct | pos (default: the portfolio, below)\n"
    "  --depth D        PCT bug depth, 1..16 (default 2)\n"
    "  --seconds S      stop after S seconds (default 10 unless --runs)\n"
    "  --runs N         stop after N programs\n"
    "  --seed X         generator seed (default 1); same seed, same programs\n"
    "  --target T       op set of a fuzz target (`scopefuzz list --targets`;\n"
    "                   default: the portfolio, below)\n"
    "  --size N         random bytes per program, 1..4096 (default 64)\n"
    "  --faults F       none | some (one program in four, the default) | all, or\n"
    "                   every program with the kinds listed (alloc,spawn,wake,timeout)\n"
    "  --keep-going     do not stop at the first failure; write the first case\n"
    "                   of each signature, count the others (printed at the end)\n"
    "  --keep-all       --keep-going, writing every failing case\n"
    "  -o DIR           where failing cases go (default .); must be an existing\n"
    "                   writable directory, checked before any run\n" HANG_OPT
    "  -h, --help       this text\n"
    "\n"
    "exit status: 0 no failure, 1 a failure found (and written), 2 bad usage.\n"
    "\n"
    "examples:\n"
    "  scopefuzz explore --impl zoo_lost_wakeup --strategy pct --depth 3 --runs 20000\n"
    "  scopefuzz explore --impl reference --seconds 60 -o /tmp/found\n";

static const char sig_help[] =
    "usage: scopefuzz sig [--json] LOG...\n"
    "\n"
    "Prints the failure signature of each LOG (a sanitizer report, a libFuzzer\n"
    "crash log, anything a fuzz target or a forked run printed; - is standard\n"
    "input), as run, minimize and the regression suite compute it, and as\n"
    "ci/campaign deduplicates by (harness/cli/sig.c is the one implementation):\n"
    "  SCOPEFUZZ-SIGNATURE: S               S (an oracle failure; wins)\n"
    "  ERROR: AddressSanitizer: KIND        asan:KIND:FRAME\n"
    "  ERROR: LeakSanitizer: ...            lsan:leak:FRAME (allocation site)\n"
    "  WARNING: ThreadSanitizer: KIND       tsan:KIND:FRAME\n"
    "  F:L:C: runtime error: ...            ubsan:CHECK[:FRAME]\n"
    "  ERROR: libFuzzer: KIND               libfuzzer:KIND[:FRAME] (no frame for\n"
    "                                       out-of-memory, fuzz-target-exited)\n"
    "the earliest report in the log counts.  FRAME is the first function of the\n"
    "report's first stack that is not the sanitizer's, libFuzzer's or libc's.\n"
    "With one LOG prints the signature alone, with several `LOG: SIG` lines.\n"
    "A report the sanitizer could not symbolize (\"invalid path to external\n"
    "symbolizer\", <null> or nameless frames) has no meaningful signature: the\n"
    "sanitizer's words are printed on stderr and the status is 2.\n"
    "\n"
    "options:\n"
    "  --json           a JSON array, one object per LOG: log, status (found,\n"
    "                   none, unsymbolized, unreadable), signature (or null),\n"
    "                   symbolizer (the sanitizer's words, when unsymbolized)\n"
    "  -h, --help       this text\n"
    "\n"
    "exit status: 0 every LOG has a signature; 1 some LOG holds no failure\n"
    "report; 2 bad usage, an unreadable LOG, an unsymbolized report.\n"
    "\n"
    "example:\n"
    "  scopefuzz sig campaign/*/failures/*/repro.log\n";

static const char test_help[] =
    "usage: scopefuzz test [--schedules N | --seconds S]\n"
    "                      [--strategy random|pct|pos|surw|portfolio]\n"
    "                      [--depth D] [--seed X] [-o DIR] [--hang-timeout MS]\n"
    "                      [--allow-thread-leak] [--faults none|some|all] [-q]\n"
    "                      -- PROG [ARGS]\n"
    "\n"
    "Runs PROG, an unmodified pthread / C11-threads program built with\n"
    "scopefuzz-cc (or CMake's sf_interpose()), under one deterministic schedule\n"
    "after another: PROG's main is the first thread, every thread a task of the\n"
    "deterministic runtime, each run a fresh forked child of PROG (globals start\n"
    "clean).  docs/pthread.md says what is intercepted and the limits.\n"
    "\n"
    "Oracles: assert/abort and signals, ASan/LSan/UBSan/TSan reports, deadlock\n"
    "(with the lock cycle), thread-leak (a thread alive when main returns or\n"
    "exit is called), pthread:* misuse (destroying a locked mutex or a\n"
    "condition with waiters, a lock held at thread exit, unlocking a mutex\n"
    "another thread holds, joining a detached or joined thread), livelock and\n"
    "time-budget, hang (the wall-clock watchdog), exit:N (nonzero exit status).\n"
    "\n"
    "On the first failure prints its signature, report, thread dump and\n"
    "output, checks that replaying its decisions fails the same way, writes a\n"
    "case file DIR/<prog>-<signature>.ptcase (program, args, strategy, seed,\n"
    "decisions, expected signature) and exits 1.\n"
    "\n"
    "  --schedules N      runs to try (default 1000)\n"
    "  --seconds S        or: run for S seconds\n"
    "  --strategy S       random (walk), pct (--depth D, default 3), pos (partial\n"
    "                     order sampling), surw (selectively uniform walk: event\n"
    "                     counts learnt from the earlier runs), or portfolio\n"
    "                     (default: surw, pos, surw, pct 3, surw, random in turn)\n"
    "  --seed X           first seed (run i uses X + i)\n"
    "  -o DIR             where the case file goes (an existing directory; .)\n"
    "  --hang-timeout MS  wall-clock limit per run (default 10000): code the\n"
    "                     runtime cannot preempt becomes a `hang` failure\n"
    "  --allow-thread-leak  threads may outlive main (daemons)\n"
    "  --faults F         none (default), some (every fourth round of the\n"
    "                     portfolio) or all runs let the strategy inject faults,\n"
    "                     or every run, of the kinds listed (e.g. wake,timeout):\n"
    "                     malloc/calloc/realloc return NULL, pthread_create\n"
    "                     EAGAIN, a condition wait wakes spuriously or times out\n"
    "                     early; the case lists them as `fail KIND #N` lines\n"
    "  -q                 print only the signature and the case path\n"
    "\n"
    "exit status: 0 no failure, 1 a failure (case written), 2 bad usage, or\n"
    "PROG is not a scopefuzz-cc program.\n"
    "\n"
    "example:\n"
    "  build/asan/bin/scopefuzz-cc -O1 -g prog.c -o prog\n"
    "  build/asan/bin/scopefuzz test --seconds 10 -- ./prog\n";

static const char replay_help[] =
    "usage: scopefuzz replay [--max-rows N] [--timeline FILE.json|FILE.svg] CASE\n"
    "\n"
    "Reruns the schedule of a pthread case (written by `scopefuzz test` or\n"
    "`scopefuzz minimize`) and shows: the signature, the runtime's report\n"
    "(oracle message; every thread with where it was created, what it waits\n"
    "on and which locks it holds; the lock cycle of a deadlock), the\n"
    "interleaving with one column per thread (at most N rows, 0: all), and\n"
    "the program's output with any sanitizer report.  A MISMATCH line says\n"
    "when the failure differs from the case's `expect fail` line.\n"
    "\n"
    "--timeline FILE (once or twice) also writes the interleaving as a\n"
    "picture, threads as tracks, their runtime calls and blocked stretches as\n"
    "slices: FILE.json (Chrome trace event format: Perfetto UI,\n"
    "chrome://tracing) or FILE.svg (as `scopefuzz repro --help` says).  A run\n"
    "killed by a signal or a sanitizer sends no events: its timeline holds\n"
    "only the failure.\n"
    "\n"
    "`scopefuzz minimize CASE -o OUT` shrinks the case's schedule.\n"
    "\n"
    "exit status: 1 the run failed, 0 it passed, 2 bad usage or input.\n";

static const char list_help[] =
    "usage: scopefuzz list [--caps | --targets | --dict NAME]\n"
    "\n"
    "Prints the implementations built into this binary, one per line: the\n"
    "name (what --impl and the `impl` line take), then a short description.\n"
    "`reference` is the reference library; `zoo_*` are seeded bugs\n"
    "(targets/zoo/*/README.md); others are adapters of other libraries.\n"
    "\n"
    "--caps prints each implementation's name, then the capabilities its driver\n"
    "declares (SF_CAP_* of harness/driver/driver.h, lowercase, without SF_CAP_),\n"
    "or (none): a program run against it keeps only the operations these allow\n"
    "(sf_prog_restrict maps or drops the others before the run).\n"
    "\n"
    "--targets prints the program fuzz targets instead (harness/interp/\n"
    "targets.h), one per line: NAME (what --target takes), the libFuzzer\n"
    "binary fuzz_NAME, then the op set.  ci/campaign reads it to decode and\n"
    "minimize each crash with the target that found it.\n"
    "\n"
    "--dict NAME prints the libFuzzer dictionary of fuzz_NAME: a program target\n"
    "of --targets (format prefixes and the op records of its op set) or sched\n"
    "(the .sched keywords), generated from the op and strategy lists.  The\n"
    "committed corpus/NAME.dict files are this output (the test cli.dicts\n"
    "fails when one is stale): after changing an op kind, a strategy or the\n"
    "binary layout, regenerate them with\n"
    "  scopefuzz list --dict NAME > corpus/NAME.dict\n"
    "\n"
    "exit status: 0, or 2 on bad usage.\n";

/* `scopefuzz help [VERB]` */
static int cmd_help(int argc, char **argv) { return cli_help(argc > 1 ? argv[1] : NULL, stdout); }

const cli_verb cli_verbs[] = {
    {"run", cmd_run, "FILE|DIR...", "replay .sched files or raw fuzz inputs", run_help},
    {"repro", cmd_repro, "FILE", "a readable report: program, interleaving, failure", repro_help},
    {"minimize", cmd_minimize, "FILE -o OUT", "shrink a failing case to a 1-minimal .sched",
     minimize_help},
    {"fmt", cmd_fmt, "FILE", "print any input as canonical .sched", fmt_help},
    {"hash", cmd_hash, "FILE", "print the trace hash of a run", hash_help},
    {"explore", cmd_explore, "--impl NAME", "generate and run random programs", explore_help},
    {"list", cmd_list, "", "the implementations, one per line", list_help},
    {"sig", cmd_sig, "LOG...", "the failure signature of sanitizer/libFuzzer logs", sig_help},
    {"test", cmd_test, "-- PROG [ARGS]", "run a scopefuzz-cc program under many schedules",
     test_help},
    {"replay", cmd_replay, "CASE", "rerun a pthread case from `test`, with the interleaving",
     replay_help},
    {"help", cmd_help, "[VERB]", "this text, or the help of VERB", NULL},
};
const size_t cli_nverbs = sizeof cli_verbs / sizeof cli_verbs[0];

const cli_verb *cli_verb_find(const char *name) {
    for (size_t i = 0; i < cli_nverbs; i++)
        if (strcmp(name, cli_verbs[i].name) == 0)
            return &cli_verbs[i];
    return NULL;
}

static void print_overview(FILE *out) {
    fputs(overview_head, out);
    for (size_t i = 0; i < cli_nverbs; i++) {
        char head[64];
        const cli_verb *v = &cli_verbs[i];
        snprintf(head, sizeof head, "%s%s%s", v->name, *v->usage ? " " : "", v->usage);
        fprintf(out, "  %-22s %s\n", head, v->summary);
    }
    fputs(overview_tail, out);
}

int cli_help(const char *verb, FILE *out) {
    if (verb == NULL) {
        print_overview(out);
        return 0;
    }
    const cli_verb *v = cli_verb_find(verb);
    if (v == NULL || v->help == NULL)
        return cli_usage_error("unknown verb '%s' (see scopefuzz --help)", verb);
    fputs(v->help, out);
    return 0;
}
