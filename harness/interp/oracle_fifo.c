/* FIFO oracle (docs/semantics.md C5): values of one producer on one channel
 * reach one receiver in the order they were sent.  Only per (receiver,
 * channel, producer): the global order of returns would give false alarms. */
#include "internal.h"

struct ip_fifo {
    int receiver, chan, producer;
    uint32_t last;
};

void ip_oracle_fifo(int receiver, int chan, const ip_token *k) {
    for (size_t i = 0; i < ip.nfifo; i++) {
        struct ip_fifo *f = &ip.fifo[i];
        if (f->receiver != receiver || f->chan != chan || f->producer != k->producer)
            continue;
        if (k->seq <= f->last)
            ip_fail("fifo",
                    "task %d received on channel #%d value %u of producer %d after "
                    "value %u",
                    receiver, chan, k->seq, k->producer, f->last);
        f->last = k->seq;
        return;
    }
    ip_grow((void **)&ip.fifo, &ip.cap_fifo, ip.nfifo + 1, sizeof *ip.fifo);
    ip.fifo[ip.nfifo++] = (struct ip_fifo){receiver, chan, k->producer, k->seq};
}
