/* FIFO oracle (docs/semantics.md C5): values of one producer on one channel
 * reach one receiver in the order they were sent.  Only per (receiver,
 * channel, producer): the global order of returns would give false alarms. */
#include "internal.h"

struct interp_fifo {
    int receiver, chan, producer;
    uint32_t last;
};

void interp_oracle_fifo(int receiver, int chan, const interp_token *k) {
    for (size_t i = 0; i < interp->nfifo; i++) {
        struct interp_fifo *f = &interp->fifo[i];
        if (f->receiver != receiver || f->chan != chan || f->producer != k->producer)
            continue;
        if (k->seq <= f->last)
            interp_fail("fifo",
                        "task %d received on channel #%d value %u of producer %d after "
                        "value %u",
                        receiver, chan, k->seq, k->producer, f->last);
        f->last = k->seq;
        return;
    }
    interp_grow((void **)&interp->fifo, &interp->cap_fifo, interp->nfifo + 1, sizeof *interp->fifo);
    interp->fifo[interp->nfifo++] = (struct interp_fifo){receiver, chan, k->producer, k->seq};
}
