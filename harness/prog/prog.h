/*
 * prog.h - scopefuzz programs: their representation, the total binary
 * decoder (fuzz input bytes -> program) and its inverse, the `.sched` text
 * format (parser and canonical printer), and the restriction of a program
 * to a driver's capabilities.
 *
 * A program is a header (implementation, scheduling strategy, expected
 * outcome) and up to SF_MAX_TASKS task bodies; body 0 is the main task, run
 * in the root scope.  A body is a list of up to SF_MAX_OPS operations.
 * Operations name objects by small slot numbers, never pointers:
 *
 *   channels   c0..c7   program-wide, filled by `chan`
 *   scopes     s1..s7   program-wide, filled by `open`
 *              s0       the running task's own scope (the scope it was
 *                       spawned into; the root scope for task 0)
 *              parent   the parent of s0 (the root's parent is the root)
 *   resources  r0..r7   program-wide heap blocks, `alloc` / `free`
 *
 * An operation on a slot that is empty at run time is a defined no-op of the
 * interpreter, so every valid program can run.  Any operation marked
 * `deferred` whose kind is deferrable (cancel, spawn, chan close, free,
 * send) is not run: it is registered as a deferred cleanup of scope
 * `dscope` and runs when that scope closes.  The grammar of the text format
 * is in harness/prog/sched-format.md.
 *
 * Times (sleep, deadlines) are in virtual-time units of SF_TIME_UNIT_NS;
 * deadlines are relative to the moment the scope is opened.
 *
 * Error codes of this module: SF_PROG_OK (0) or a negative SF_PROG_E*.
 */
#ifndef SF_PROG_H
#define SF_PROG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "driver.h"     /* SF_CAP_* */
#include "faults.h"     /* sim_fault, SIM_FAULT_* */
#include "strategies.h" /* sim_strategy */

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- bounds */

#define SF_MAX_TASKS       8         /* task bodies; body 0 is main */
#define SF_MAX_OPS         32        /* operations per body */
#define SF_MAX_CHANS       8         /* channel slots c0..c7 */
#define SF_MAX_SCOPES      8         /* scope slots s0..s7 (s0: own scope) */
#define SF_MAX_RES         8         /* resource slots r0..r7 */
#define SF_MAX_CASES       4         /* cases of one select */
#define SF_MAX_CAP         8         /* channel capacity */
#define SF_MAX_TIME        255       /* sleep duration and deadline, in units */
#define SF_TIME_UNIT_NS    1000000LL /* one unit = 1 ms of virtual time */
#define SF_MAX_PCT_DEPTH   16        /* PCT bug depth */
#define SF_MAX_DECISIONS   65536     /* entries of a replay schedule */
#define SF_MAX_SCHED_BYTES 65536     /* bytes of a SIM_BYTES schedule */
#define SF_IMPL_MAX        31        /* chars of an implementation name */
#define SF_SIG_MAX         63        /* chars of an expected failure signature */
#define SF_MAX_FAILS       16        /* `fail` lines (listed faults) */
#define SF_MAX_FAULT_RATE  65535     /* `faults ... rate N` */
/* Run-time bounds the interpreter enforces (a program can spawn itself). */
#define SF_MAX_SPAWN_DEPTH 4  /* nesting of spawns from task 0 */
#define SF_MAX_SPAWNS      64 /* tasks started in one run */

/* Scope reference value meaning `parent`; 0..7 are s0..s7. */
#define SF_SCOPE_PARENT 8
#define SF_NSCOPE_REFS  9

#define SF_IMPL_DEFAULT      "reference"
#define SF_PCT_DEFAULT_DEPTH 2

/* ----------------------------------------------------------------- codes */

enum {
    SF_PROG_OK = 0,
    SF_PROG_EINVAL = -1,  /* invalid program or argument */
    SF_PROG_ENOMEM = -2,  /* out of memory */
    SF_PROG_EPARSE = -3,  /* syntax error in a .sched text (message given) */
    SF_PROG_EIO = -4,     /* file could not be read or written */
    SF_PROG_EVERSION = -5 /* binary input of a format version this build
                             cannot read (sf_prog_version_msg says which) */
};

/* ------------------------------------------------------------ operations */

/* The operation kinds: one list, from which the enum below and the op
 * table (ops.c: sf_op_info_of) are generated; parsing, printing,
 * validation, restriction and the codec read that table.  The order is the
 * enum's (never stored: the binary form maps its own slots, decode.c).
 * X(ID, keyword, positional operand SF_ARG_*, keyword operands SF_KW_*,
 *   deferrable, capabilities SF_CAP_* it always needs, syntax) */
#define SF_OP_MAP(X)                                                                               \
    X(OPEN, "open", SF_ARG_SLOT, SF_KW_IN | SF_KW_DEADLINE | SF_KW_SUPERVISOR, 0, SF_CAP_SCOPES,   \
      "open s<slot> [in <scope>] [deadline <num>] [supervisor]")                                   \
    X(CLOSE, "close", SF_ARG_SCOPE, 0, 0, SF_CAP_SCOPES,                                           \
      "close <scope>  (scope exit: join, run cleanups)")                                           \
    X(CANCEL, "cancel", SF_ARG_SCOPE, 0, 1, SF_CAP_CANCEL, "cancel <scope>")                       \
    X(SPAWN, "spawn", SF_ARG_BODY, SF_KW_IN, 1, 0, "spawn <body> [in <scope>]")                    \
    X(CHAN, "chan", SF_ARG_CHAN, SF_KW_CAP | SF_KW_IN, 0, 0,                                       \
      "chan c<chan> [cap <num>] [in <scope>]  (the scope owns it)")                                \
    X(CHCLOSE, "close", SF_ARG_CHAN, 0, 1, 0, "close c<chan>")                                     \
    X(DESTROY, "destroy", SF_ARG_CHAN, 0, 0, SF_CAP_DESTROY, "destroy c<chan>")                    \
    X(SEND, "send", SF_ARG_CHAN, 0, 1, 0, "send c<chan>  (a fresh heap token)")                    \
    X(RECV, "recv", SF_ARG_CHAN, 0, 0, 0, "recv c<chan>  (frees the token received)")              \
    X(TRY_SEND, "try_send", SF_ARG_CHAN, 0, 0, SF_CAP_TRY, "try_send c<chan>")                     \
    X(TRY_RECV, "try_recv", SF_ARG_CHAN, 0, 0, SF_CAP_TRY, "try_recv c<chan>")                     \
    X(SELECT, "select", SF_ARG_CASES, 0, 0, SF_CAP_SELECT, "select (send|recv c<n>)+ [default]")   \
    X(SLEEP, "sleep", SF_ARG_TIME, 0, 0, SF_CAP_SLEEP, "sleep <num>")                              \
    X(YIELD, "yield", SF_ARG_NONE, 0, 0, 0, "yield")                                               \
    X(RETURN, "return", SF_ARG_RET, 0, 0, 0, "return ok|error|cancelled|timeout  (ends the body)") \
    X(SHUTDOWN, "shutdown", SF_ARG_NONE, 0, 0, SF_CAP_SHUTDOWN, "shutdown  (process-level exit)")  \
    X(ALLOC, "alloc", SF_ARG_RES, 0, 0, 0, "alloc r<res>")                                         \
    X(FREE, "free", SF_ARG_RES, 0, 1, 0, "free r<res>")

typedef enum sf_op_kind {
    SF_OP_NONE = 0, /* never in a valid program */
#define SF_OP_ENUM_(id, name, arg, kw, deferrable, caps, syntax) SF_OP_##id,
    SF_OP_MAP(SF_OP_ENUM_)
#undef SF_OP_ENUM_
        SF_OP_NKINDS
} sf_op_kind;

typedef struct sf_case {
    uint8_t dir;  /* SF_DIR_SEND or SF_DIR_RECV (driver.h) */
    uint8_t chan; /* channel slot */
} sf_case;

/* One operation.  Fields a kind does not use are 0 (sf_prog_validate checks
 * it), so that equal programs are equal field by field. */
typedef struct sf_op {
    uint8_t kind;     /* sf_op_kind */
    uint8_t deferred; /* 1: registered as a cleanup of dscope, not run now */
    uint8_t dscope;   /* scope ref the cleanup is deferred into */
    uint8_t scope;    /* scope ref: close/cancel target, spawn target,
                         open parent, chan owner */
    uint8_t slot;     /* open: the scope slot filled, 1..7 */
    uint8_t body;     /* spawn: the task body */
    uint8_t chan;     /* channel slot */
    uint8_t res;      /* resource slot */
    uint8_t flag;     /* return: SF_RET_*; select: 1 = with default;
                         open: 1 = supervisor */
    uint8_t ncases;   /* select: 1..SF_MAX_CASES */
    uint16_t num;     /* chan: capacity; open: deadline (0: none); sleep */
    sf_case cases[SF_MAX_CASES];
} sf_op;

typedef struct sf_body {
    uint8_t nops;
    sf_op ops[SF_MAX_OPS];
} sf_body;

/* Operand kinds of the op table (the positional operand after the name). */
enum {
    SF_ARG_NONE = 0,
    SF_ARG_SLOT,  /* s1..s7 -> slot */
    SF_ARG_SCOPE, /* s0..s7 | parent -> scope */
    SF_ARG_BODY,  /* 0..7 -> body */
    SF_ARG_CHAN,  /* c0..c7 -> chan */
    SF_ARG_RES,   /* r0..r7 -> res */
    SF_ARG_TIME,  /* 0..SF_MAX_TIME -> num */
    SF_ARG_RET,   /* ok | error | cancelled | timeout -> flag (SF_RET_*) */
    SF_ARG_CASES  /* (send|recv c<n>)+ [default] -> cases, ncases, flag */
};

/* Keyword operands an op accepts after the positional one. */
#define SF_KW_IN         1u /* in <scope> -> scope */
#define SF_KW_CAP        2u /* cap <n> -> num (0..SF_MAX_CAP) */
#define SF_KW_DEADLINE   4u /* deadline <n> -> num (0..SF_MAX_TIME) */
#define SF_KW_SUPERVISOR 8u /* supervisor (no value) -> flag 1 */

/* What a `return` gives back (op->flag): the task's result.  cancelled and
 * timeout are the statuses a blocking call of the task's scope returns
 * (a task passing on the SF_CANCELLED or SF_TIMEOUT it got); the library
 * excuses them while the scope is cancelled or expired (docs/semantics.md
 * S4), else they are errors like `error`. */
enum { SF_RET_OK = 0, SF_RET_ERROR, SF_RET_CANCELLED, SF_RET_TIMEOUT, SF_NRET };

/* The word of return flag `flag` ("ok", "error", "cancelled", "timeout"),
 * or "?" out of range. */
const char *sf_ret_name(unsigned flag);

typedef struct sf_op_info {
    const char *name;   /* text keyword; "close" names two kinds */
    uint8_t arg;        /* SF_ARG_* */
    uint8_t kw;         /* SF_KW_* */
    uint8_t deferrable; /* may carry `defer` */
    unsigned caps;      /* SF_CAP_* the kind always needs */
    const char *syntax; /* the .sched form, for help texts */
} sf_op_info;

/* The table entry of `kind`, or NULL if kind is not a valid sf_op_kind
 * (SF_OP_NONE included).  Never fails otherwise. */
const sf_op_info *sf_op_info_of(unsigned kind);

/* The text keyword of `kind` ("send", ...), or "?" for an invalid kind. */
const char *sf_op_name(unsigned kind);

/* Every capability `op` needs: its kind's, SF_CAP_DEFER if deferred,
 * SF_CAP_SCOPES if it names a scope other than s0, SF_CAP_DEADLINE for an
 * open with a deadline, SF_CAP_SUPERVISOR for a supervisor open.  0 for an
 * invalid kind. */
unsigned sf_op_caps(const sf_op *op);

/* The name of one capability bit ("scopes", "cancel", ...), or NULL. */
const char *sf_cap_name(unsigned cap_bit);

/* --------------------------------------------------------------- program */

/* The strategy of a program: enum sim_strategy, one list for the runtime,
 * the formats and the CLI (harness/platform/sim/strategies.h). */

typedef struct sf_prog {
    char impl[SF_IMPL_MAX + 1]; /* driver name: [A-Za-z0-9_.-]+ */
    sim_strategy strategy;
    uint64_t seed;       /* random, pct; else 0 */
    uint32_t pct_depth;  /* pct: 1..SF_MAX_PCT_DEPTH; else 0 */
    uint32_t *decisions; /* replay only (`schedule` lines) */
    size_t ndecisions;
    uint8_t *sched; /* bytes only (`bytes` lines) */
    size_t nsched;
    /* Faults (harness/platform/sim/faults.h).  `faults K... [rate N]`: the
     * kinds (bits 1u << SIM_FAULT_*) whose points the strategy may fail, one
     * in fault_rate (0: the runtime's default); only with a strategy that
     * decides (not replay), and fault_rate only with kinds.  `fail K #N`:
     * the faults injected whatever the strategy, sorted by (kind, nth), no
     * duplicates, nth >= 1. */
    unsigned fault_kinds;
    uint32_t fault_rate;
    uint8_t nfails;
    sim_fault fails[SF_MAX_FAILS];
    int expect_fail;                 /* 0: expect ok; 1: expect fail <sig> */
    char expect_sig[SF_SIG_MAX + 1]; /* printable, no space or '#'; "" if ok */
    uint8_t nbodies;                 /* 1..SF_MAX_TASKS */
    sf_body bodies[SF_MAX_TASKS];
    size_t cap_decisions_, cap_sched_; /* private: allocated sizes */
} sf_prog;

/* Makes *p the smallest valid program: impl "reference", strategy random
 * seed 0, expect ok, one empty body.  Never fails; allocates nothing. */
void sf_prog_init(sf_prog *p);

/* Frees what *p owns and re-initializes it (sf_prog_init).  Safe to call
 * twice. */
void sf_prog_free(sf_prog *p);

/* Makes *dst a deep copy of *src (dst is overwritten, not freed first: it
 * must be initialized-and-freed or fresh).  SF_PROG_OK; SF_PROG_ENOMEM
 * (dst is then initialized). */
int sf_prog_copy(sf_prog *dst, const sf_prog *src);

/* Appends n decisions / n schedule bytes.  SF_PROG_OK; SF_PROG_EINVAL the
 * total would exceed SF_MAX_DECISIONS / SF_MAX_SCHED_BYTES; SF_PROG_ENOMEM.
 * Nothing changes on error. */
int sf_prog_add_decisions(sf_prog *p, const uint32_t *d, size_t n);
int sf_prog_add_sched(sf_prog *p, const uint8_t *b, size_t n);

/* Writes the fault lines of a .sched header (also used by pthread case
 * files): `faults KIND... [rate N]` when kinds != 0 (rate 0: omitted), then
 * `fail KIND #N` for each of fails[n].  Never fails (errors: ferror(f)). */
void sf_faults_print(FILE *f, unsigned kinds, uint32_t rate, const sim_fault *fails, size_t n);

/* Adds the listed fault (kind, nth) in its sorted place.  SF_PROG_OK (also
 * when it is listed already: nothing changes); SF_PROG_EINVAL for a kind out
 * of range, nth 0, or SF_MAX_FAILS faults listed (nothing changes). */
int sf_prog_add_fail(sf_prog *p, unsigned kind, uint32_t nth);

/* Sets impl (or the expected failure signature; NULL or "" means expect
 * ok).  SF_PROG_OK; SF_PROG_EINVAL bad characters or too long (nothing
 * changes). */
int sf_prog_set_impl(sf_prog *p, const char *impl);
int sf_prog_set_expect(sf_prog *p, const char *fail_sig);

/* Checks every bound and rule of this header.  SF_PROG_OK, or
 * SF_PROG_EINVAL with a one-line reason in why[n] (why may be NULL). */
int sf_prog_validate(const sf_prog *p, char *why, size_t n);

/* 1 if a and b are the same program (header, bodies, every op field), else
 * 0. */
int sf_prog_equal(const sf_prog *a, const sf_prog *b);

/* Number of operations over all bodies. */
size_t sf_prog_nops(const sf_prog *p);

/* Restricts a valid program to the capabilities `caps`, deterministically
 * and in place: an op is kept, rewritten into a supported one (select
 * without SF_CAP_SELECT -> its first case as send/recv, or try_* with a
 * default; try_* without SF_CAP_TRY -> a one-case select with default;
 * sleep -> yield; shutdown -> return ok; scope refs -> s0 without
 * SF_CAP_SCOPES; deadline dropped without SF_CAP_DEADLINE, supervisor
 * without SF_CAP_SUPERVISOR) or dropped.
 * Afterwards every op satisfies (sf_op_caps(op) & ~caps) == 0 and the
 * program is valid.  Returns the number of ops rewritten or dropped (>= 0),
 * or SF_PROG_EINVAL if p is invalid (nothing changes). */
int sf_prog_restrict(sf_prog *p, unsigned caps);

/* Gives the program's channels partners, so that it can finish on a correct
 * library (generated programs otherwise mostly block by construction: a
 * receive nobody sends to).  For each body B that makes channels (`chan
 * cK`, B the first body making slot K), while a body is free: a new body
 * that sends the values the program's receives miss (or receives the
 * values its sends leave over beyond the capacity), then closes each of
 * those channels; B spawns it right after its last such `chan` op.
 * Counted per slot: the blocking `send`/`recv` ops of the bodies task 0
 * can reach by spawns, before their first `return`/`shutdown`, after the
 * `chan` op in B.  Bodies without room (SF_MAX_OPS ops)
 * are left alone; sends and receives beyond a partner's op budget are
 * dropped from it, closes never.  Deterministic; the program stays valid.
 * Returns the number of partner bodies added (>= 0), or SF_PROG_EINVAL if
 * p is invalid (nothing changes). */
int sf_prog_pair(sf_prog *p);

/* ------------------------------------------------------- binary encoding */

/* Binary format versions.  An input that starts with the two magic bytes
 * and a third byte V declares format version V; any other input is version
 * 0 (the unversioned format of the corpora made before versions existed,
 * decoded exactly as then).  A change of what any byte string means is a
 * new version: the decoder keeps reading every earlier one the same way.
 * Layouts in harness/prog/sched-format.md ("Binary form") and decode.c. */
#define SF_PROG_MAGIC0         0xc5u
#define SF_PROG_MAGIC1         0xf1u
#define SF_PROG_FORMAT_VERSION 1 /* what sf_prog_encode writes (3 pos, 4 faults, 5 v5 ops) */
#define SF_PROG_READ_VERSION   5 /* the newest version sf_prog_decode reads */

/* The format version `data` declares: 0 unprefixed, else its version byte
 * (which may be one this build cannot read: > SF_PROG_READ_VERSION, or
 * 0 after the magic).  Never fails. */
int sf_prog_format_version(const uint8_t *data, size_t n);

/* Writes into buf[len] a one-line message for an input sf_prog_decode()
 * rejected with SF_PROG_EVERSION: "binary format version V: this build
 * reads versions 0 (unprefixed) to N".  Returns buf. */
const char *sf_prog_version_msg(const uint8_t *data, size_t n, char *buf, size_t len);

/* Decodes any byte string (data may be NULL when n == 0) into a valid
 * program, deterministically, in O(n) time and bounded memory, unless it
 * declares a format version this build cannot read.  *out is overwritten
 * (not freed first).  Layout (details in decode.c):
 *   version 0  byte 0          strategy (bits 0-1), pct depth - 1 (bits 2-5)
 *   version 1  bytes 0-2       SF_PROG_MAGIC0 SF_PROG_MAGIC1 1
 *              byte 3          strategy code (0..3; 4..255 reserved)
 *              byte 4          pct depth - 1 (bits 0-3; bits 4-7 reserved)
 *   version 2  as version 1 (byte 2 is 2), then sf_prog_pair() unless
 *              bits 4-5 of byte 4 are both set (bits 6-7 reserved)
 *   version 3  as version 2 (byte 2 is 3); strategy code 4 is pos and
 *              codes 5..255 are read modulo 5 (room for later versions)
 *   version 4  as version 3 (byte 2 is 4), then the fault block: kinds,
 *              rate, listed faults (codec.h)
 *   version 5  as version 4 (byte 2 is 5); a return's x & 3 (ok, error,
 *              cancelled, timeout; x & 1 before) and bit 1 of an open's
 *              z (supervisor; ignored before)
 *   then       4-byte records  k x y z: an op (kind slot k & 31, or
 *                              (k & 31) + 32 with k & 64 in version 1;
 *                              k & 32 the defer flag), slot 31 / 63 starts
 *                              the next body, k == 0xff ends the program:
 *                              the rest is the tail
 *   tail                       bytes: the schedule bytes; replay: u32 LE
 *                              decisions; random/pct: the seed (u64 LE)
 * The impl is SF_IMPL_DEFAULT and the expectation `ok` (neither is encoded).
 * SF_PROG_OK; SF_PROG_EVERSION (*out is the initial program); SF_PROG_ENOMEM
 * (*out is then the initial program). */
int sf_prog_decode(const uint8_t *data, size_t n, sf_prog *out);

/* Encodes a valid program in format SF_PROG_FORMAT_VERSION (version 3,
 * unpaired, for strategy pos, which version 1 cannot name; version 4,
 * unpaired, for a program with faults; version 5, unpaired, for a program
 * with a cancelled or timeout return or a supervisor open) so that
 * sf_prog_decode() gives it back (impl and expectation aside): the way a
 * minimized .sched becomes a fuzz input.  *out is malloc'd, *n its length.
 * SF_PROG_OK; SF_PROG_EINVAL invalid program; SF_PROG_ENOMEM. */
int sf_prog_encode(const sf_prog *p, uint8_t **out, size_t *n);

/* ----------------------------------------------------------- .sched text */

#define SF_SCHED_MAX_LINE 1024 /* bytes per line, newline excluded */

/* Parses a .sched text of `len` bytes (any bytes: NULs, no final newline)
 * into *out (overwritten, not freed first).  On a syntax error, err[errlen]
 * receives the first error as "file:line:col: message" (file NULL gives
 * "<input>"; columns count bytes from 1) and *out is the initial program.
 * Errors are reported in file order, except the checks that need the whole
 * file (missing task bodies, spawn of an undefined task), made at the end.
 * SF_PROG_OK; SF_PROG_EPARSE; SF_PROG_ENOMEM. */
int sf_sched_parse(const char *text, size_t len, const char *file, sf_prog *out, char *err,
                   size_t errlen);

/* sf_sched_parse() of the file at `path` (named `path` in messages).
 * Also SF_PROG_EIO if it cannot be read (err says why). */
int sf_sched_parse_file(const char *path, sf_prog *out, char *err, size_t errlen);

/* The canonical text of one op of a valid program, its line of
 * sf_sched_print without the indentation ("send c2", "defer in s1 close
 * c0"; "?" for an invalid kind), into buf[n] (cut to n - 1 bytes; nothing
 * when n is 0).  SF_OP_TEXT_MAX bytes always hold it.  Returns buf. */
#define SF_OP_TEXT_MAX 72
char *sf_op_text(const sf_op *op, char *buf, size_t n);

/* Prints the canonical text of a valid program: parsing it gives an equal
 * program.  SF_PROG_OK; SF_PROG_EINVAL invalid program (nothing printed);
 * SF_PROG_EIO write error. */
int sf_sched_print(const sf_prog *p, FILE *out);

/* The canonical text as a malloc'd NUL-terminated string (length in *len if
 * len != NULL), or NULL if p is invalid or memory ran out. */
char *sf_sched_print_str(const sf_prog *p, size_t *len);

#ifdef __cplusplus
}
#endif
#endif
