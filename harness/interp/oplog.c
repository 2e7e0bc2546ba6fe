/* Op records for the interleaving of `scopefuzz repro`: which runtime task
 * ran which op, from which step to which step, with which status.  Only
 * with sf_interp_opts.record_ops (fuzzing pays one branch per op). */
#include <stdio.h>
#include <string.h>

#include "internal.h"

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
        sf_op_text(op, e->text, sizeof e->text);
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
