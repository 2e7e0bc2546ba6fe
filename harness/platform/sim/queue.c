/* Queues: the run queue (runnable tasks by id), blocking and waking, and the
 * FIFO wait queues every blocking primitive parks tasks on. */
#include "internal.h"

void sim_runq_add(sim_state *S, struct sfp_task *t) {
    uint32_t i = S->nrun;
    while (i > 0 && S->runq[i - 1]->id > t->id) {
        S->runq[i] = S->runq[i - 1];
        i--;
    }
    S->runq[i] = t;
    S->nrun++;
}

void sim_runq_remove(sim_state *S, struct sfp_task *t) {
    for (uint32_t i = 0; i < S->nrun; i++) {
        if (S->runq[i] != t)
            continue;
        /* A plain loop: memmove() would be intercepted by TSan. */
        for (S->nrun--; i < S->nrun; i++)
            S->runq[i] = S->runq[i + 1];
        return;
    }
}

void sim_block(sim_state *S, sim_wait_kind w) {
    struct sfp_task *t = S->cur;
    t->state = TASK_BLOCKED;
    t->wait = w;
    sim_runq_remove(S, t);
}

void sim_wake(sim_state *S, struct sfp_task *t) {
    t->state = TASK_RUNNABLE;
    t->wait = WAIT_NONE;
    sim_strategy_woken(S, t);
    sim_runq_add(S, t);
}

void sim_queue_push(sim_queue *q, struct sfp_task *t) {
    t->qnext = NULL;
    if (q->tail)
        q->tail->qnext = t;
    else
        q->head = t;
    q->tail = t;
}

uint32_t sim_queue_len(const sim_queue *q) {
    uint32_t n = 0;
    for (struct sfp_task *t = q->head; t; t = t->qnext)
        n++;
    return n;
}

void sim_queue_remove(sim_queue *q, struct sfp_task *t) {
    struct sfp_task *prev = NULL;
    for (struct sfp_task *x = q->head; x; prev = x, x = x->qnext) {
        if (x != t)
            continue;
        if (prev)
            prev->qnext = x->qnext;
        else
            q->head = x->qnext;
        if (q->tail == x)
            q->tail = prev;
        x->qnext = NULL;
        return;
    }
}

struct sfp_task *sim_queue_take(sim_queue *q, uint32_t index) {
    struct sfp_task *t = q->head;
    while (t && index-- > 0)
        t = t->qnext;
    if (t)
        sim_queue_remove(q, t);
    return t;
}
