/* Op records for the interleaving of `scopefuzz repro`: which runtime task
 * ran which op, from which step to which step, with which status.  Only
 * with sf_interp_opts.record_ops (fuzzing pays one branch per op). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Appends printf output to buf (length *len, size n), truncating. */
static void add(char *buf, size_t n, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void add(char *buf, size_t n, size_t *len, const char *fmt, ...) {
    if (*len + 1 >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + *len, n - *len, fmt, ap);
    va_end(ap);
    if (k > 0)
        *len = *len + (size_t)k < n ? *len + (size_t)k : n - 1;
}

static void add_sref(char *buf, size_t n, size_t *len, unsigned ref) {
    if (ref == SF_SCOPE_PARENT)
        add(buf, n, len, "parent");
    else
        add(buf, n, len, "s%u", ref);
}

/* The positional operand, as harness/prog/sched_print.c prints it. */
static void add_arg(char *buf, size_t n, size_t *len, const sf_op *op, unsigned arg) {
    switch (arg) {
        case SF_ARG_SLOT:
            add(buf, n, len, " s%u", op->slot);
            break;
        case SF_ARG_SCOPE:
            add(buf, n, len, " ");
            add_sref(buf, n, len, op->scope);
            break;
        case SF_ARG_BODY:
            add(buf, n, len, " %u", op->body);
            break;
        case SF_ARG_CHAN:
            add(buf, n, len, " c%u", op->chan);
            break;
        case SF_ARG_RES:
            add(buf, n, len, " r%u", op->res);
            break;
        case SF_ARG_TIME:
            add(buf, n, len, " %u", op->num);
            break;
        case SF_ARG_RET:
            add(buf, n, len, op->flag ? " error" : " ok");
            break;
        case SF_ARG_CASES:
            for (unsigned i = 0; i < op->ncases; i++)
                add(buf, n, len, " %s c%u", op->cases[i].dir == SF_DIR_SEND ? "send" : "recv",
                    op->cases[i].chan);
            if (op->flag)
                add(buf, n, len, " default");
            break;
        default:
            break;
    }
}

/* The canonical .sched text of op, without indentation ("send c2",
 * "defer in s1 close c0"), into buf[n]. */
void interp_op_text(const sf_op *op, char *buf, size_t n) {
    const sf_op_info *info = sf_op_info_of(op->kind);
    size_t len = 0;
    buf[0] = '\0';
    if (info == NULL) {
        add(buf, n, &len, "?");
        return;
    }
    if (op->deferred) {
        add(buf, n, &len, "defer ");
        if (op->dscope != 0) {
            add(buf, n, &len, "in ");
            add_sref(buf, n, &len, op->dscope);
            add(buf, n, &len, " ");
        }
    }
    add(buf, n, &len, "%s", info->name);
    add_arg(buf, n, &len, op, info->arg);
    if ((info->kw & SF_KW_CAP) && op->num != 0)
        add(buf, n, &len, " cap %u", op->num);
    if ((info->kw & SF_KW_DEADLINE) && op->num != 0)
        add(buf, n, &len, " deadline %u", op->num);
    if ((info->kw & SF_KW_IN) && op->scope != 0) {
        add(buf, n, &len, " in ");
        add_sref(buf, n, &len, op->scope);
    }
}

size_t interp_rec_begin(int kind, const interp_task *t, const sf_op *op, int index,
                        const char *text) {
    if (!interp->record)
        return INTERP_REC_NONE;
    interp_grow((void **)&interp->recs, &interp->cap_recs, interp->nrecs + 1, sizeof *interp->recs);
    sf_interp_oprec *e = &interp->recs[interp->nrecs];
    *e = (sf_interp_oprec){.start_step = sim_current_step(),
                           .start_event = sim_current_event(),
                           .start_seq = interp->rec_seq++,
                           .rt_task = sim_current_task(),
                           .task = t ? t->id : -1,
                           .body = (int16_t)(t ? t->body : -1),
                           .index = (int16_t)index,
                           .kind = (uint8_t)kind,
                           .op = op ? op->kind : SF_OP_NONE,
                           .status = -1};
    if (text != NULL)
        snprintf(e->text, sizeof e->text, "%s", text);
    else
        interp_op_text(op, e->text, sizeof e->text);
    return interp->nrecs++;
}

void interp_rec_end(size_t h, int status) {
    if (h == INTERP_REC_NONE || h >= interp->nrecs)
        return;
    sf_interp_oprec *e = &interp->recs[h];
    e->end_step = sim_current_step();
    e->end_event = sim_current_event();
    e->end_seq = interp->rec_seq++;
    e->done = 1;
    e->status = status;
}

void interp_recs_take(sf_interp_result *r) {
    r->op_recs = interp->recs;
    r->nop_recs = interp->nrecs;
    interp->recs = NULL;
    interp->nrecs = interp->cap_recs = 0;
}
