/*
 * internal.h - the reference library's shared state and internal functions.
 *
 * Design (see docs/semantics.md, "Implementation"):
 * - One library-wide lock (sci_lib.lock) guards every scope, task, channel
 *   and waiter.  Every function below whose name ends in _locked, and every
 *   function taking a struct pointer, is called with the lock held.
 * - Objects are named by handles: slot index + 1 in the low 32 bits, the
 *   slot's generation in the high 32 bits (handle.c).
 * - Every blocking call blocks the same way: a struct waiter on the caller's
 *   stack, with its own condition variable, zero or more clauses linked into
 *   channel queues, registered on the caller's scope for cancellation
 *   (wait.c).  Wakers complete the operation on the waiter's behalf.
 *
 * Files are split by concept so that a seeded-bug variant (targets/zoo: a
 * patch applied to copies of these files) stays a small patch on one or two.
 */
#ifndef SCOPE_INTERNAL_H
#define SCOPE_INTERNAL_H

#include "platform.h"
#include "scope/scope.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum { SCI_FREE = 0, SCI_SCOPE = 1, SCI_CHAN = 2 };

struct waiter;
struct chan;
struct scope;

/* One channel operation of a blocked call (one per select case). */
struct clause {
    struct waiter *w;
    struct chan *ch;
    struct clause *prev, *next; /* in ch->sendq or ch->recvq while linked */
    void *val;                  /* SC_SEND: value to send; SC_RECV: received */
    size_t index;               /* case index: the waiter's result */
    int op;                     /* SC_SEND or SC_RECV */
    int status;                 /* SC_OK or SC_ECLOSED once completed */
    int linked;
};

/* A blocked caller.  Lives on the caller's stack for one blocking call. */
struct waiter {
    sfp_cond cond;
    struct scope *scope;          /* registered on it while `registered` */
    struct waiter *sprev, *snext; /* in scope->waiters */
    struct clause *clauses;
    size_t nclauses;
    int64_t deadline;   /* absolute; SC_NO_DEADLINE for none */
    int timeout_result; /* result when the deadline passes */
    const char *op;     /* for task notes and dumps */
    uint64_t object;
    int done;
    int result; /* >= 0: index of the completed clause; < 0: status */
    int registered;
};

struct cqueue {
    struct clause *head, *tail;
};

struct chan {
    uint64_t h;
    struct scope *owner;
    struct chan *oprev, *onext; /* in owner->chans */
    void **buf;                 /* ring of cap values */
    size_t cap, len, head;
    sc_dtor_fn dtor;
    struct cqueue sendq, recvq;
    int closed;
};

struct defer {
    struct defer *next;
    sc_cleanup_fn fn;
    void *arg;
};

struct task {
    struct task *prev, *next; /* live: sci_lib.live; ended: scope->ended */
    struct scope *scope;
    uint64_t scope_h;
    sfp_task *t;
    sc_task_fn fn;
    void *arg;
    const char *site;
    uint64_t id;
};

struct scope {
    uint64_t h;
    struct scope *parent;
    struct scope *children;      /* newest first */
    struct scope *cprev, *cnext; /* siblings */
    const char *name;
    int64_t deadline; /* effective */
    unsigned flags;
    int cancelled; /* own flag; "cancelled" means self or an ancestor */
    int reason;
    int closing;
    int tasks_done; /* close: every task ended and was joined */
    int first_error;
    size_t live_tasks;
    struct task *ended;     /* ended, not yet joined */
    struct defer *defers;   /* top of the LIFO stack */
    struct chan *chans;     /* owned */
    struct waiter *waiters; /* blocked calls that passed this scope */
    struct waiter *closer;  /* the close in progress, while it waits */
};

struct slot {
    uint32_t gen;
    uint32_t kind;
    uint32_t next_free; /* index + 1 of the next free slot, 0: none */
    void *obj;
};

struct sci_counts {
    size_t joined, scopes, defers, chans;
};

struct sci_lib {
    sfp_mutex lock;
    int inited;
    int shutting;
    struct slot *slots;
    uint32_t nslots, cap, free_head;
    struct scope *root;
    struct task *live; /* live tasks, oldest first */
    struct task *live_tail;
    size_t live_tasks;
    uint64_t next_task_id;
    struct waiter *shutdown_w;
    struct sci_counts count; /* cumulative, for the shutdown report */
};

extern struct sci_lib sci_lib;

/* lib.c */
void sci_lock(void);
void sci_unlock(void);
int sci_cond_wait(sfp_cond *c, int64_t deadline);

/* handle.c */
uint64_t sci_handle_new(uint32_t kind, void *obj); /* 0: no memory */
void *sci_handle_get(uint64_t h, uint32_t kind);   /* NULL: stale */
void sci_handle_release(uint64_t h);
void sci_handles_free(void);

/* scope.c */
struct scope *sci_scope_get(sc_scope s);
int sci_scope_state(const struct scope *s);
void sci_scope_cancel_locked(struct scope *s, int reason);

/* close.c */
int sci_close_tree(struct scope *top);

/* task.c */
void sci_tasks_join(struct task *list);

/* defer.c */
void sci_defers_run(struct scope *s);

/* wait.c */
void sci_waiter_init(struct waiter *w, struct scope *s, const char *op, uint64_t object,
                     int64_t deadline, int timeout_result);
void sci_clause_link(struct waiter *w, struct clause *c);
int sci_waiter_wait(struct waiter *w);
void sci_waiter_complete(struct waiter *w, int result);
struct clause *sci_queue_first(struct cqueue *q);

/* chan.c */
struct chan *sci_chan_get(sc_chan c);
void sci_chan_detach(struct chan *ch);
void sci_chan_free(struct chan *ch);

/* chan_ops.c */
int sci_chan_send_locked(struct chan *ch, void *val);
int sci_chan_recv_locked(struct chan *ch, void **val);
int sci_chan_send_ready(const struct chan *ch);
int sci_chan_recv_ready(const struct chan *ch);

/* dump.c */
size_t sci_dump_locked(FILE *out);

#endif
