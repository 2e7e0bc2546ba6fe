/*
 * dict.h - libFuzzer dictionaries of the program formats, generated from the
 * op list (SF_OP_MAP, prog.h), the strategy list (strategies.h) and the
 * binary layout (decode.c), so that a new op kind or strategy reaches the
 * dictionaries without editing them.  `scopefuzz list --dict NAME` prints
 * them; the committed corpus/NAME.dict files are its output, and the test
 * cli.dicts fails when one is stale.
 *
 * Error codes: SF_PROG_OK, SF_PROG_EIO (a write to `out` failed).
 */
#ifndef SF_PROG_DICT_H
#define SF_PROG_DICT_H

#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Writes the dictionary of binary program inputs whose op set is `kinds`
 * (bit k keeps kind k, as sf_interp_mask_kinds): a comment naming `title`
 * (e.g. "corpus/chan.dict - libFuzzer dictionary of fuzz_chan"), then
 *   fmt_vN, fmt_vN_STRATEGY   the prefix of each format version N >= 1,
 *                             then each strategy code of N (pct: depth 2)
 *   op_KIND, op_KIND_x1       a record of each kind of the set that has a
 *                             binary slot, operands 0 and 9 1 1
 *   defer_KIND                its deferred record (deferrable kinds)
 *   next_body, end_tail       the next-body record and the end marker
 * KIND is the kind's SF_OP_MAP id in lower case ("chclose"); kinds in list
 * order.  SF_PROG_OK; SF_PROG_EIO. */
int sf_prog_dict_print(FILE *out, const char *title, uint32_t kinds);

/* Writes the dictionary of .sched texts: a comment naming `title`, then
 * the header and operand keywords, every strategy name and every op
 * keyword once, the line structure and sample slot names and numbers.
 * SF_PROG_OK; SF_PROG_EIO. */
int sf_sched_dict_print(FILE *out, const char *title);

#ifdef __cplusplus
}
#endif
#endif
