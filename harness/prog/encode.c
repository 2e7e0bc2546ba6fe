/* encode.c - program -> bytes in format SF_PROG_FORMAT_VERSION (1; 3 for
 * pos, 4 with faults, 5 for what only version 5 says), the inverse of
 * decode.c (see its layout). */
#include <stdlib.h>
#include <string.h>

#include "codec.h"

/* Output buffer with a fixed capacity computed up front. */
typedef struct outbuf {
    uint8_t *b;
    size_t n;
} outbuf;

static unsigned strat_code(sim_strategy s) {
    for (unsigned i = 0; i < SF_V3_NSTRATS; i++) {
        if (sf_codec_strats_v3_[i] == s)
            return i;
    }
    return 0;
}

static uint8_t case_nibble(const sf_case *c) {
    return (uint8_t)(c->chan | (c->dir == SF_DIR_SEND ? 8 : 0));
}

static void encode_cases(const sf_op *op, uint8_t r[SF_REC]) {
    uint8_t nib[SF_MAX_CASES] = {0};
    for (unsigned i = 0; i < op->ncases; i++)
        nib[i] = case_nibble(&op->cases[i]);
    r[1] = (uint8_t)((op->ncases - 1) | op->flag << 2);
    r[2] = (uint8_t)(nib[0] | nib[1] << 4);
    r[3] = (uint8_t)(nib[2] | nib[3] << 4);
}

static void encode_arg(const sf_op *op, const sf_op_info *info, uint8_t r[SF_REC]) {
    switch (info->arg) {
        case SF_ARG_SLOT:
            r[1] = (uint8_t)(op->slot - 1);
            break;
        case SF_ARG_SCOPE:
            r[1] = op->scope;
            break;
        case SF_ARG_BODY:
            r[1] = op->body;
            break;
        case SF_ARG_CHAN:
            r[1] = op->chan;
            break;
        case SF_ARG_RES:
            r[1] = op->res;
            break;
        case SF_ARG_TIME:
            r[2] = (uint8_t)op->num;
            break;
        case SF_ARG_RET:
            r[1] = op->flag;
            break;
        case SF_ARG_CASES:
            encode_cases(op, r);
            break;
        default:
            break;
    }
}

static void encode_op(const sf_op *op, uint8_t r[SF_REC]) {
    const sf_op_info *info = sf_op_info_of(op->kind);
    memset(r, 0, SF_REC);
    r[0] = (uint8_t)sf_codec_slot_(op->kind); /* every kind has a slot (decode.c) */
    encode_arg(op, info, r);
    if (info->kw & SF_KW_IN)
        r[1] |= (uint8_t)(op->scope << 3);
    if (info->kw & (SF_KW_CAP | SF_KW_DEADLINE))
        r[2] = (uint8_t)op->num;
    if ((info->kw & SF_KW_DEADLINE) && op->num != 0)
        r[3] = 1;
    if ((info->kw & SF_KW_SUPERVISOR) && op->flag != 0)
        r[3] |= 2;
    if (op->deferred) {
        r[0] |= SF_K_DEFER;
        r[3] = op->dscope;
    }
}

static void put(outbuf *o, const void *src, size_t n) {
    memcpy(o->b + o->n, src, n);
    o->n += n;
}

static void encode_bodies(const sf_prog *p, outbuf *o) {
    for (unsigned b = 0; b < p->nbodies; b++) {
        if (b > 0) {
            uint8_t next[SF_REC] = {SF_K_NEXT, 0, 0, 0};
            put(o, next, SF_REC);
        }
        for (unsigned i = 0; i < p->bodies[b].nops; i++) {
            uint8_t r[SF_REC];
            encode_op(&p->bodies[b].ops[i], r);
            put(o, r, SF_REC);
        }
    }
}

static void encode_tail(const sf_prog *p, outbuf *o) {
    uint8_t end = SF_K_END;
    if (p->strategy == SIM_BYTES && p->nsched > 0) {
        put(o, &end, 1);
        put(o, p->sched, p->nsched);
    } else if (p->strategy == SIM_REPLAY && p->ndecisions > 0) {
        put(o, &end, 1);
        for (size_t i = 0; i < p->ndecisions; i++) {
            uint32_t d = p->decisions[i];
            uint8_t le[4] = {(uint8_t)d, (uint8_t)(d >> 8), (uint8_t)(d >> 16), (uint8_t)(d >> 24)};
            put(o, le, 4);
        }
    } else if (p->seed != 0) {
        put(o, &end, 1);
        for (uint64_t s = p->seed; s != 0; s >>= 8) {
            uint8_t byte = (uint8_t)s;
            put(o, &byte, 1);
        }
    }
}

/* Version 4's fault block (codec.h). */
static void encode_faults(const sf_prog *p, outbuf *o) {
    uint8_t h[SF_V4_FAULT_HDR] = {(uint8_t)p->fault_kinds, (uint8_t)p->fault_rate,
                                  (uint8_t)(p->fault_rate >> 8), p->nfails};
    put(o, h, sizeof h);
    for (unsigned i = 0; i < p->nfails; i++) {
        uint32_t v = p->fails[i].nth - 1;
        uint8_t f[SF_V4_FAIL] = {(uint8_t)p->fails[i].kind, (uint8_t)v, (uint8_t)(v >> 8),
                                 (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
        put(o, f, sizeof f);
    }
}

/* 1 if p says what only version 5 can: a cancelled or timeout return, a
 * supervisor open. */
static int needs_v5(const sf_prog *p) {
    for (unsigned b = 0; b < p->nbodies; b++) {
        for (unsigned i = 0; i < p->bodies[b].nops; i++) {
            const sf_op *op = &p->bodies[b].ops[i];
            if ((op->kind == SF_OP_RETURN && op->flag > SF_RET_ERROR) ||
                (op->kind == SF_OP_OPEN && op->flag != 0))
                return 1;
        }
    }
    return 0;
}

int sf_prog_encode(const sf_prog *p, uint8_t **out, size_t *n) {
    if (sf_prog_validate(p, NULL, 0) != SF_PROG_OK)
        return SF_PROG_EINVAL;
    size_t cap = SF_V1_HDR + SF_V4_FAULT_HDR + SF_V4_FAIL * p->nfails +
                 SF_REC * (sf_prog_nops(p) + p->nbodies) + 1 + 8 + p->nsched + 4 * p->ndecisions;
    outbuf o = {malloc(cap), 0};
    if (o.b == NULL)
        return SF_PROG_ENOMEM;
    unsigned code = strat_code(p->strategy);
    int faults = p->fault_kinds || p->nfails;
    /* version 1 names codes 0..3; pos needs version 3, faults version 4,
     * the version-5 ops version 5 (its fault block may be empty), all
     * written unpaired */
    uint8_t version = needs_v5(p) ? 5 : faults ? 4 : code < 4 ? SF_PROG_FORMAT_VERSION : 3;
    uint8_t hdr[SF_V1_HDR] = {SF_PROG_MAGIC0, SF_PROG_MAGIC1, version, (uint8_t)code,
                              version > 1 ? SF_V2_UNPAIRED : 0};
    if (p->strategy == SIM_PCT)
        hdr[4] |= (uint8_t)(p->pct_depth - 1);
    put(&o, hdr, SF_V1_HDR);
    if (version >= 4)
        encode_faults(p, &o);
    encode_bodies(p, &o);
    encode_tail(p, &o);
    *out = o.b;
    *n = o.n;
    return SF_PROG_OK;
}
