/*
 * decode.c - total decoding: any byte string is a valid, bounded program.
 *
 * Version 0 (no prefix): byte 0 is the header (bits 0-1 strategy, bits 2-5
 * pct depth - 1, bits 6-7 ignored).  Version 1: bytes 0-2 are
 * SF_PROG_MAGIC0 SF_PROG_MAGIC1 1, byte 3 the strategy code (code & 3 in
 * this version: codes 4..255 are reserved), byte 4 the pct depth - 1 (bits
 * 0-3; bits 4-7 reserved).  Then, in both, 4-byte records k x y z, then
 * optionally 0xff at a record start and the tail (schedule bytes, replay
 * decisions as u32 LE, or the seed as u64 LE).  A missing header byte or a
 * short last record reads as zeros.  In a record the kind slot is k & 31
 * (version 1: plus 32 when k & 64; slots 32..62 are reserved for kinds a
 * later version adds and read as slots 0..30 now; bit 7 is reserved),
 * slot 31 / 63 starts the next body, k & 32 is the defer flag.  Version 1
 * therefore reads records exactly as version 0 does: dictionaries of
 * records serve both.  Version 2 is version 1 followed by sf_prog_pair()
 * (a partner task per channel-making body), unless bits 4-5 of byte 4
 * are both set (SF_V2_UNPAIRED: a quarter of random headers stay as
 * decoded, the odd programs).  Version 3 adds strategy code 4 (pos),
 * version 4 the fault block (codec.h).  Version 5 reads a return's x & 3
 * (ok, error, cancelled, timeout: x & 1 before) and bit 1 of an open's z
 * (supervisor; ignored before).
 *
 * Fields are taken from fixed bits and reduced modulo their range, so a
 * flipped bit changes one operand of one op, an inserted or erased record
 * inserts or erases one op, and a shorter input is a smaller program.
 * Records past SF_MAX_OPS in a body and body starts past SF_MAX_TASKS are
 * ignored, so decoding is O(n) with a fixed-size result.
 */
#include <stdio.h>
#include <string.h>

#include "codec.h"

const uint8_t sf_codec_kinds_[SF_NKIND_IDX] = {
    SF_OP_SEND,  SF_OP_RECV,   SF_OP_SPAWN, SF_OP_CHAN,   SF_OP_CHCLOSE,  SF_OP_SELECT,
    SF_OP_YIELD, SF_OP_OPEN,   SF_OP_CLOSE, SF_OP_CANCEL, SF_OP_TRY_SEND, SF_OP_TRY_RECV,
    SF_OP_SLEEP, SF_OP_RETURN, SF_OP_ALLOC, SF_OP_FREE,   SF_OP_DESTROY,  SF_OP_SHUTDOWN,
    SF_OP_SEND,  SF_OP_RECV,   SF_OP_SPAWN, SF_OP_CHAN,   SF_OP_CHCLOSE,  SF_OP_SELECT,
    SF_OP_YIELD, SF_OP_OPEN,   SF_OP_CLOSE, SF_OP_CANCEL, SF_OP_SEND,     SF_OP_RECV,
    SF_OP_SLEEP};

const sim_strategy sf_codec_strats_[4] = {SIM_BYTES, SIM_RANDOM, SIM_PCT, SIM_REPLAY};
const sim_strategy sf_codec_strats_v3_[SF_V3_NSTRATS] = {SIM_BYTES, SIM_RANDOM, SIM_PCT, SIM_REPLAY,
                                                         SIM_POS};

unsigned sf_codec_slot_(unsigned kind) {
    for (unsigned i = 0; i < SF_NKIND_IDX; i++) {
        if (sf_codec_kinds_[i] == kind)
            return i;
    }
    return SF_NKIND_IDX;
}

/* Offset of the end marker (a record start holding 0xff), or n. */
static size_t find_end(const uint8_t *data, size_t n, size_t first) {
    for (size_t i = first; i < n; i += SF_REC) {
        if (data[i] == SF_K_END)
            return i;
    }
    return n;
}

static unsigned count_bodies(const uint8_t *data, size_t first, size_t end) {
    unsigned nb = 1;
    for (size_t i = first; i < end && nb < SF_MAX_TASKS; i += SF_REC) {
        if ((data[i] & SF_K_KIND) == SF_K_NEXT)
            nb++;
    }
    return nb;
}

static void decode_cases(sf_op *op, uint8_t x, uint8_t y, uint8_t z) {
    uint8_t nib[SF_MAX_CASES] = {y & 15, y >> 4, z & 15, z >> 4};
    op->ncases = 1 + (x & 3);
    op->flag = (x >> 2) & 1;
    for (unsigned i = 0; i < op->ncases; i++) {
        op->cases[i].chan = nib[i] & 7;
        op->cases[i].dir = (nib[i] & 8) ? SF_DIR_SEND : SF_DIR_RECV;
    }
}

static void decode_arg(sf_op *op, const sf_op_info *info, const uint8_t r[SF_REC], unsigned nb,
                       int version) {
    uint8_t x = r[1], y = r[2], z = r[3];
    switch (info->arg) {
        case SF_ARG_SLOT:
            op->slot = 1 + (x & 7) % (SF_MAX_SCOPES - 1);
            break;
        case SF_ARG_SCOPE:
            op->scope = x % SF_NSCOPE_REFS;
            break;
        case SF_ARG_BODY:
            op->body = (x & 7) % nb;
            break;
        case SF_ARG_CHAN:
            op->chan = x & 7;
            break;
        case SF_ARG_RES:
            op->res = x & 7;
            break;
        case SF_ARG_TIME:
            op->num = y;
            break;
        case SF_ARG_RET:
            op->flag = x & (version >= 5 ? 3 : 1);
            break;
        case SF_ARG_CASES:
            decode_cases(op, x, y, z);
            break;
        default:
            break;
    }
}

static void decode_op(const uint8_t r[SF_REC], unsigned nb, int version, sf_op *op) {
    memset(op, 0, sizeof *op);
    op->kind = sf_codec_kinds_[r[0] & SF_K_KIND];
    const sf_op_info *info = sf_op_info_of(op->kind);
    decode_arg(op, info, r, nb, version);
    if (info->kw & SF_KW_IN)
        op->scope = (r[1] >> 3) % SF_NSCOPE_REFS;
    if (info->kw & SF_KW_CAP)
        op->num = r[2] % (SF_MAX_CAP + 1);
    if (info->kw & SF_KW_DEADLINE)
        op->num = (r[3] & 1) ? r[2] : 0;
    if ((info->kw & SF_KW_SUPERVISOR) && version >= 5)
        op->flag = (r[3] >> 1) & 1;
    if ((r[0] & SF_K_DEFER) && info->deferrable) {
        op->deferred = 1;
        op->dscope = r[3] % SF_NSCOPE_REFS;
    }
}

static void decode_bodies(const uint8_t *data, size_t first, size_t end, int version, sf_prog *p) {
    unsigned b = 0;
    p->nbodies = (uint8_t)count_bodies(data, first, end);
    for (size_t i = first; i < end; i += SF_REC) {
        uint8_t r[SF_REC] = {0};
        memcpy(r, data + i, end - i < SF_REC ? end - i : SF_REC);
        if ((r[0] & SF_K_KIND) == SF_K_NEXT) {
            b += b + 1 < p->nbodies;
            continue;
        }
        sf_body *body = &p->bodies[b];
        if (body->nops < SF_MAX_OPS)
            decode_op(r, p->nbodies, version, &body->ops[body->nops++]);
    }
}

static uint32_t le32(const uint8_t *b) {
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static int decode_tail(const uint8_t *t, size_t n, sf_prog *p) {
    if (p->strategy == SIM_BYTES)
        return sf_prog_add_sched(p, t, n < SF_MAX_SCHED_BYTES ? n : SF_MAX_SCHED_BYTES);
    if (p->strategy == SIM_REPLAY) {
        for (size_t i = 0; i + 4 <= n && p->ndecisions < SF_MAX_DECISIONS; i += 4) {
            uint32_t d = le32(t + i);
            int rc = sf_prog_add_decisions(p, &d, 1);
            if (rc != SF_PROG_OK)
                return rc;
        }
        return SF_PROG_OK;
    }
    for (size_t i = 0; i < n && i < 8; i++)
        p->seed |= (uint64_t)t[i] << (8 * i);
    return SF_PROG_OK;
}

int sf_prog_format_version(const uint8_t *data, size_t n) {
    if (n >= 3 && data[0] == SF_PROG_MAGIC0 && data[1] == SF_PROG_MAGIC1)
        return data[2];
    return 0;
}

const char *sf_prog_version_msg(const uint8_t *data, size_t n, char *buf, size_t len) {
    int v = sf_prog_format_version(data, n);
    if (len > 0)
        snprintf(buf, len,
                 "binary format version %d%s: this build reads versions 0 (unprefixed) to %d", v,
                 v == 0 ? " (prefixed)" : "", SF_PROG_READ_VERSION);
    return buf;
}

/* Header byte i (zero if the input is shorter). */
static uint8_t byte_at(const uint8_t *data, size_t n, size_t i) { return i < n ? data[i] : 0; }

/* Version 4's fault block at data[at]; returns the offset after it. */
static size_t decode_faults(const uint8_t *data, size_t n, size_t at, sf_prog *p) {
    unsigned kinds = byte_at(data, n, at) & SIM_FAULT_ALL;
    if (sim_strategy_flags(p->strategy) & SIM_SF_DECISIONS)
        kinds = 0;
    p->fault_kinds = kinds;
    p->fault_rate = kinds ? (uint32_t)byte_at(data, n, at + 1) | byte_at(data, n, at + 2) << 8 : 0;
    unsigned nf = byte_at(data, n, at + 3) % (SF_MAX_FAILS + 1);
    at += SF_V4_FAULT_HDR;
    for (unsigned i = 0; i < nf; i++, at += SF_V4_FAIL) {
        uint32_t v = 0;
        for (unsigned j = 0; j < 4; j++)
            v |= (uint32_t)byte_at(data, n, at + 1 + j) << (8 * j);
        sf_prog_add_fail(p, byte_at(data, n, at) % SIM_NFAULT_KINDS,
                         v == UINT32_MAX ? v : v + 1); /* a repeat adds nothing */
    }
    return at;
}

int sf_prog_decode(const uint8_t *data, size_t n, sf_prog *out) {
    sf_prog_init(out);
    int version = sf_prog_format_version(data, n);
    size_t first = SF_V0_HDR;
    unsigned code = byte_at(data, n, 0), depth = byte_at(data, n, 0) >> 2;
    if (n >= 3 && data[0] == SF_PROG_MAGIC0 && data[1] == SF_PROG_MAGIC1) {
        if (version < 1 || version > SF_PROG_READ_VERSION)
            return SF_PROG_EVERSION;
        first = SF_V1_HDR;
        code = byte_at(data, n, 3);
        depth = byte_at(data, n, 4);
    }
    out->strategy = sf_codec_strategy_(version, code);
    if (out->strategy == SIM_PCT)
        out->pct_depth = 1 + (depth & 15);
    if (version >= 4)
        first = decode_faults(data, n, SF_V1_HDR, out);
    size_t end = n > first ? find_end(data, n, first) : n;
    decode_bodies(data, first, end, version, out);
    size_t tail = end < n ? end + 1 : n;
    if (tail < n && decode_tail(data + tail, n - tail, out) != SF_PROG_OK) {
        sf_prog_free(out);
        return SF_PROG_ENOMEM;
    }
    if (version >= 2 && (depth & SF_V2_UNPAIRED) != SF_V2_UNPAIRED)
        sf_prog_pair(out);
    return SF_PROG_OK;
}
