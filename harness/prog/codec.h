/* codec.h - the binary layout shared by decode.c and encode.c (private). */
#ifndef SF_CODEC_H
#define SF_CODEC_H

#include "prog.h"

#define SF_REC       4     /* bytes per record: k x y z */
#define SF_K_KIND    31u   /* k & 31: index into sf_codec_kinds_, or NEXT */
#define SF_K_NEXT    31u   /* k & 31 == 31: start the next body */
#define SF_K_DEFER   32u   /* k & 32: deferred (deferrable kinds only) */
#define SF_K_END     0xffu /* k == 0xff: end of the program, tail follows */
#define SF_NKIND_IDX 31

/* Kind of each k & 31 value (frequent kinds appear twice). */
extern const uint8_t sf_codec_kinds_[SF_NKIND_IDX];

/* Strategy of header bits 0-1 (bytes first: the empty input fuzzes the
 * schedule bytes). */
extern const sf_strategy sf_codec_strats_[4];

#endif
