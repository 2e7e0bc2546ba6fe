/*
 * timeline.h - a run as a picture: tasks are tracks; ops and blocking are
 * slices; switches, clock jumps, injected faults and the failing step are
 * instants (`scopefuzz repro|replay --timeline FILE.json|FILE.svg`).
 *
 * timeline.c builds the model from a run (the runtime's events, sim.h, and
 * for interpreter runs the op records, interp.h); tl_json.c writes it in
 * the Chrome trace event format (chrome://tracing, Perfetto UI), tl_svg.c as
 * one self-contained SVG.  Both formats show the same items.
 *
 * The time axis is the order of the run, not a clock: every runtime event
 * and every op start or return takes one tick, in the order they happened
 * (JSON: 1 tick = 1 us).  Virtual time is in each item's vtime (and the
 * clock instants).
 */
#ifndef SF_CLI_TIMELINE_H
#define SF_CLI_TIMELINE_H

#include <stdint.h>
#include <stdio.h>

#include "cli.h"

/* Item categories, one definition: X(ID, name in both formats, instant,
 * what it is).  TL_FAULT: an injected fault (SIM_EV_FAULT, faults.h). */
#define TL_CATEGORIES(X)                                                                           \
    X(TL_OP, "op", 0, "an op of the program, start to return")                                     \
    X(TL_CALL, "call", 0, "a runtime call of a thread (lock, wait, signal, ...)")                  \
    X(TL_BLOCKED, "blocked", 0, "the task blocked, until it ran again")                            \
    X(TL_READY, "preempted", 0, "the task could run but another was chosen")                       \
    X(TL_SWITCH, "switch", 1, "a context switch to this task, with its decision")                  \
    X(TL_CLOCK, "clock", 1, "the virtual clock jumped")                                            \
    X(TL_FAULT, "fault", 1, "an injected fault")                                                   \
    X(TL_FAILURE, "failure", 1, "the failing step")

typedef enum tl_cat {
#define TL_ENUM(id, name, instant, what) id,
    TL_CATEGORIES(TL_ENUM)
#undef TL_ENUM
        TL_NCATS
} tl_cat;

/* The name of category c ("op", "blocked", ...). */
const char *tl_cat_name(tl_cat c);
/* 1 if items of category c are instants (no duration). */
int tl_cat_instant(tl_cat c);

typedef struct tl_track {
    uint32_t rt;   /* runtime task (sim_event.task) */
    char name[48]; /* "t1 (body 1)", "t0 (main)", "watchdog" */
} tl_track;

typedef struct tl_item {
    tl_cat cat;
    uint32_t track;   /* index into timeline.tracks */
    uint64_t t0, t1;  /* ticks; t1 == t0 for instants */
    uint64_t step;    /* the runtime step where it starts */
    int64_t vtime;    /* virtual ns there */
    int64_t decision; /* switches: decision index, -1 none */
    uint32_t from;    /* switches: the track switched away from */
    char name[96];
    char detail[160]; /* one line: status, why, what it waited on */
} tl_item;

typedef struct timeline {
    char title[160];
    char sig[SF_INTERP_SIG_MAX + 1]; /* "" passed */
    char note[160];                  /* e.g. why there are no events */
    tl_track *tracks;
    size_t ntracks;
    tl_item *items;
    size_t nitems, cap;
    uint64_t end; /* ticks */
} timeline;

/* The timeline of a run of the interpreter (repro): its events and op
 * records (r->oprecs; runtime calls are not slices then, the ops are),
 * tracks named by program task.  0, or -1 when out of memory (*tl then
 * needs tl_free all the same). */
int tl_from_run(const cli_run *r, const char *title, timeline *tl);

/* The timeline of a pthread run (replay): events only, the threads' runtime
 * calls as slices, tracks "t0 (main)", "t1", ...  failed/sig: the verdict.
 * 0 or -1 as tl_from_run. */
int tl_from_events(const sim_event *ev, size_t n, const uint32_t *dec, size_t ndec, int failed,
                   const char *sig, const char *title, timeline *tl);

void tl_free(timeline *tl);

/* The JSON (Chrome trace event format, object form) of tl on out. */
void tl_write_json(const timeline *tl, FILE *out);

/* tl as a self-contained SVG on out: one <g class="track"> per track. */
void tl_write_svg(const timeline *tl, FILE *out);

/* `--timeline PATH` of repro and replay (given once or twice: a .json and
 * a .svg).  TL_OPT is its getopt id; tl_opt takes one, checks it
 * (tl_check_path) and keeps it: 1, or CLI_USAGE with a message. */
enum { TL_OPT = 1200, TL_MAX_PATHS = 2 };
typedef struct tl_paths {
    const char *path[TL_MAX_PATHS];
    int n;
} tl_paths;
int tl_opt(tl_paths *p, const char *path);

/* Writes tl to every path of p (tl_write_file): 0, or CLI_USAGE when one
 * could not be written (message printed). */
int tl_write_all(const timeline *tl, const tl_paths *p);

/* `--timeline PATH` of repro and replay: 0 if PATH ends in .json or .svg
 * and may be written (cli_output_ok, overwriting a regular file), else
 * CLI_USAGE with a message.  Checked before the run. */
int tl_check_path(const char *path);

/* Writes tl to path in the format its extension names, atomically.  0, or
 * CLI_USAGE with a message. */
int tl_write_file(const timeline *tl, const char *path);

#endif
