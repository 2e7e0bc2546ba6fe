/*
 * targets.h - the fuzz targets of program inputs and the op set of each:
 * the one table every reader uses.
 *
 *   targets/fuzz/fuzz_prog.c         one libFuzzer binary fuzz_NAME per row
 *   targets/fuzz/CMakeLists.txt      reads the X(NAME, ...) rows of this file
 *   harness/cli (--target NAME)      decodes raw inputs like fuzz_NAME does
 *   scopefuzz list --targets         prints the table; ci/campaign reads it
 *                                    to pass the right --target to minimize
 *
 * A raw fuzz input decodes to a program (sf_prog_decode) and is then masked
 * to its target's op set (sf_interp_mask_kinds): the same bytes are a
 * different program under another target, so a crash must be reproduced
 * and minimized with the target that found it.  Corpus and dictionary of
 * fuzz_NAME are corpus/NAME/ and corpus/NAME.dict.
 *
 * Adding a target: one X row below, its corpus/NAME/ seeds and its
 * dictionary (scopefuzz list --dict NAME > corpus/NAME.dict).
 */
#ifndef SF_TARGETS_H
#define SF_TARGETS_H

#include <stdint.h>

#include "prog.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Op sets (masks for sf_interp_mask_kinds: bit k keeps kind k). */
#define SF_KIND(k) (1u << (k))
#define SF_KINDS_SCOPE                                                                             \
    (SF_KIND(SF_OP_OPEN) | SF_KIND(SF_OP_CLOSE) | SF_KIND(SF_OP_CANCEL) | SF_KIND(SF_OP_SPAWN) |   \
     SF_KIND(SF_OP_RETURN) | SF_KIND(SF_OP_SHUTDOWN) | SF_KIND(SF_OP_SLEEP) |                      \
     SF_KIND(SF_OP_YIELD) | SF_KIND(SF_OP_ALLOC) | SF_KIND(SF_OP_FREE))
#define SF_KINDS_CHAN                                                                              \
    (SF_KIND(SF_OP_SPAWN) | SF_KIND(SF_OP_CHAN) | SF_KIND(SF_OP_CHCLOSE) |                         \
     SF_KIND(SF_OP_DESTROY) | SF_KIND(SF_OP_SEND) | SF_KIND(SF_OP_RECV) |                          \
     SF_KIND(SF_OP_TRY_SEND) | SF_KIND(SF_OP_TRY_RECV) | SF_KIND(SF_OP_SELECT) |                   \
     SF_KIND(SF_OP_SLEEP) | SF_KIND(SF_OP_YIELD) | SF_KIND(SF_OP_RETURN))
#define SF_KINDS_ALL 0xffffffffu

/* X(NAME, KINDS, SUMMARY): one row per target, the first is the default of
 * the CLI's --target.  Keep each row on one line: CMake reads them. */
/* clang-format off */
#define SF_FUZZ_TARGETS(X)                                                                         \
    X(mixed, SF_KINDS_ALL, "full programs: every op")                                              \
    X(scope, SF_KINDS_SCOPE, "scope lifecycle: open, close, cancel, spawn, defer, return, shutdown, sleep, yield, alloc, free") \
    X(chan, SF_KINDS_CHAN, "channels with select: chan, close c, destroy, send, recv, try_*, select, spawn, sleep, yield, return")
/* clang-format on */

/* SF_TARGET_mixed, SF_TARGET_scope, ...: the row indexes. */
enum {
#define SF_TARGET_ENUM_(name, kinds, summary) SF_TARGET_##name,
    SF_FUZZ_TARGETS(SF_TARGET_ENUM_)
#undef SF_TARGET_ENUM_
        SF_NTARGETS
};

typedef struct sf_fuzz_target {
    const char *name;    /* "scope": the binary is fuzz_scope */
    uint32_t kinds;      /* op set (SF_KIND bits) */
    const char *summary; /* one line */
} sf_fuzz_target;

/* Row i of the table, or NULL when i >= SF_NTARGETS. */
const sf_fuzz_target *sf_fuzz_target_at(unsigned i);

/* The row named `name` ("scope") or named by its binary ("fuzz_scope", also
 * a path ending in it), or NULL: no such target (name NULL included). */
const sf_fuzz_target *sf_fuzz_target_find(const char *name);

/* The names of all rows separated by `sep` ("mixed, scope, chan" for ", "),
 * for messages; a static buffer. */
const char *sf_fuzz_target_names(const char *sep);

#ifdef __cplusplus
}
#endif
#endif
