/* codec.h - the binary layout shared by decode.c and encode.c (private).
 * Every format version's layout is described here; see prog.h. */
#ifndef SF_CODEC_H
#define SF_CODEC_H

#include "prog.h"

#define SF_REC       4     /* bytes per record: k x y z */
#define SF_K_KIND    31u   /* k & 31: the low bits of the kind slot */
#define SF_K_NEXT    31u   /* slot & 31 == 31: start the next body */
#define SF_K_DEFER   32u   /* k & 32: deferred (deferrable kinds only) */
#define SF_K_HIGH    64u   /* version >= 1: k & 64 adds 32 to the slot */
#define SF_K_END     0xffu /* k == 0xff: end of the program, tail follows */
#define SF_NKIND_IDX 31

/* Bytes before the first record: version 0 one header byte; version 1
 * the magic, the version byte, the strategy code and the pct depth. */
#define SF_V0_HDR 1
#define SF_V1_HDR 5

/* Version 2 (the version-1 layout): byte 4 bits 4-5 both set: no pairing. */
#define SF_V2_UNPAIRED 0x30u

/* Kind of each slot 0..30 (frequent kinds appear twice).  Version 0 has
 * these slots only; version 1 reads its slots 32..62, reserved for kinds
 * added by a later version, as slots 0..30. */
extern const uint8_t sf_codec_kinds_[SF_NKIND_IDX];

/* Strategy of header bits 0-1 (version 0) or of the strategy code & 3
 * (version 1; codes 4..255 are reserved for later versions) (bytes first:
 * the empty input fuzzes the schedule bytes). */
extern const sim_strategy sf_codec_strats_[4];

/* Version 3: strategy code 4 (and code % 5 of any code). */
#define SF_V3_NSTRATS 5
extern const sim_strategy sf_codec_strats_v3_[SF_V3_NSTRATS];

/* Version 4: the version-3 header, then the fault block: byte 5 the fault
 * kinds (bits 0-3, SIM_FAULT_*; bits 4-7 reserved; ignored with strategy
 * replay), bytes 6-7 the fault rate (u16 LE; 0: the runtime's default;
 * ignored without kinds), byte 8 the number of listed faults (modulo
 * SF_MAX_FAILS + 1), then 5 bytes per listed fault: kind (modulo the
 * number of kinds), nth - 1 (u32 LE).  Records follow. */
#define SF_V4_FAULT_HDR 4
#define SF_V4_FAIL      5

/* The strategy codes of format `version`: codes 0..n-1 name distinct
 * strategies, the others read as one of them (sf_codec_strategy_). */
static inline unsigned sf_codec_nstrats_(int version) { return version >= 3 ? SF_V3_NSTRATS : 4; }

/* The strategy that code `code` (version 0: header bits 0-1) names in
 * format `version`. */
static inline sim_strategy sf_codec_strategy_(int version, unsigned code) {
    return version >= 3 ? sf_codec_strats_v3_[code % SF_V3_NSTRATS] : sf_codec_strats_[code & 3];
}

/* The first slot of `kind` in sf_codec_kinds_ (what the encoder writes), or
 * SF_NKIND_IDX if the binary form has no slot for it. */
unsigned sf_codec_slot_(unsigned kind);

/* Version 5 (the version-4 layout): a return record's x & 3 is its flag
 * (SF_RET_*; x & 1 before), bit 1 of an open record's z is supervisor. */

#endif
