/* internal.h - the interpreter's state for one run (one run at a time). */
#ifndef SF_INTERP_INTERNAL_H
#define SF_INTERP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "interp.h"

/* A scope the program opened (index = creation order; R is 0). */
typedef struct ip_scope {
    sf_hscope h;
    int parent;           /* index, -1 for R */
    int64_t deadline;     /* effective, absolute ns; INT64_MAX none */
    uint8_t closing;      /* a close of it started */
    uint64_t close_start; /* event clock of the first close call */
    uint8_t closed;       /* a close of it returned SF_OK (or its parent's did) */
    uint8_t cancelled;
    uint8_t cancel_started; /* a cancel of it was called (may not have returned) */
    uint8_t errored;        /* a task of it returned an error: fail-fast cancels it (S5) */
} ip_scope;

/* A channel instance (a `chan` op that succeeded). */
typedef struct ip_chan {
    sf_hchan h;
    int owner;             /* scope index */
    uint64_t closed_at;    /* event clock when its close returned SF_OK; 0 open */
    unsigned cap;          /* capacity it was made with */
    uint8_t close_started; /* a close of it was called (may not have returned) */
    uint8_t destroyed;
} ip_chan;

/* An interpreter task: task 0 or a spawn attempt. */
typedef struct ip_task {
    int id;
    int body;
    int scope;  /* s0 */
    int pscope; /* parent */
    int depth;
    uint8_t spawning; /* the spawn call has not returned yet */
    uint8_t spawn_ok;
    uint8_t started, done, cleaned;
    uint32_t seq; /* sends made, for FIFO */
} ip_task;

/* A registered (or being registered) deferred op. */
typedef struct ip_defer {
    sf_op op;
    int task;            /* registering task */
    int producer;        /* FIFO producer id of a deferred send */
    int depth;           /* spawn depth of the registering task */
    int scope;           /* the scope it is deferred into */
    int target;          /* resolved scope operand (cancel, spawn), -1 empty */
    int chan;            /* resolved channel instance, -1 empty */
    uint64_t start, end; /* event clock at the defer call and its return */
    uint8_t registered;  /* defer returned SF_OK */
    uint8_t runs;
} ip_defer;

/* A heap token sent on a channel. */
typedef struct ip_token {
    void *p;
    int chan;     /* instance it was sent on */
    int producer; /* task id, or a deferred send's own id */
    uint32_t seq;
    uint8_t accepted; /* a send returned SF_OK with it */
    uint8_t consumed; /* received or destroyed by elem_dtor, count */
    uint8_t kept;     /* the sender kept it (send failed) */
    uint8_t freed;
} ip_token;

/* A blocking driver call in progress (lives on the caller's stack). */
typedef struct ip_pending {
    const char *what;
    int task; /* -1: a deferred op */
    int scope;
    int nchan;
    int chans[SF_MAX_CASES];
    uint8_t dirs[SF_MAX_CASES]; /* SF_DIR_SEND / SF_DIR_RECV of each channel */
    uint8_t nonblocking;        /* a select with default: must never block (X5) */
    struct ip_pending *prev, *next;
} ip_pending;

/* One executed op, for the report. */
typedef struct ip_trace {
    int16_t task, body, op;
    uint8_t kind, deferred;
    int status;
} ip_trace;

#define IP_TRACE_N 128

typedef struct ip_state {
    const sf_prog *prog;
    const struct sf_driver *d;
    sf_hscope root, watch;
    int have_watch;
    int have_run_scope;
    uint64_t clock; /* event counter: one per op start and driver return */
    size_t ops;

    ip_scope *scopes;
    size_t nscopes, cap_scopes;
    ip_chan *chans;
    size_t nchans, cap_chans;
    ip_token *tokens;
    size_t ntokens, cap_tokens;
    ip_defer **defers;
    size_t ndefers, cap_defers;
    struct ip_fifo *fifo;
    size_t nfifo, cap_fifo;

    ip_task tasks[SF_MAX_SPAWNS + 1];
    int ntasks;

    int chan_slot[SF_MAX_CHANS];   /* channel instance, -1 empty */
    int scope_slot[SF_MAX_SCOPES]; /* scope index, -1 empty (slot 0 unused) */
    void *res_slot[SF_MAX_RES];

    ip_pending *pending;
    int finishing; /* fini()/shutdown() in progress or done */
    uint64_t finish_start;
    int shut_down; /* shutdown() returned SF_OK */

    /* the watchdog of drivers without scopes, cancel or sleep (run.c) */
    int gw_on;      /* started */
    uint32_t gw_id; /* its runtime task id */
    int gw_stop;    /* task 0 asks it to return */
    int gw_done;    /* it has returned */
    int joining;    /* task 0 waits in `joinq` for the spawned tasks */
    sim_waitq joinq;
    int unblocked; /* the watchdog found every task blocked, each block
                      justified by the channel model, and unblocked them */

    /* first failure */
    int failed;
    char sig[SF_INTERP_SIG_MAX + 1];
    char msg[512];

    ip_trace trace[IP_TRACE_N];
    size_t ntrace;

    /* op records (sf_interp_opts.record_ops) */
    int record;
    sf_interp_result *live; /* the result being filled, during sim_run */
    sf_interp_oprec *recs;
    size_t nrecs, cap_recs;
    uint32_t rec_seq;
} ip_state;

extern ip_state ip;

/* signature.c: records the first failure (later ones are ignored). */
void ip_fail(const char *sig, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* mem.c: growth of the state arrays, blocks (both abort on out of
 * memory) (hidden from TSan: tokens change fibers). */
void ip_grow(void **arr, size_t *cap, size_t need, size_t elem);
void *ip_alloc(size_t n);
void ip_free(void *p);

/* slots.c: records and operand resolution. */
int ip_scope_new(sf_hscope h, int parent, int64_t deadline);
int ip_scope_ref(const ip_task *t, unsigned ref); /* -1 empty */
int ip_scope_in(int s, int ancestor);             /* s == ancestor or below */
int ip_scope_cancelled(int s);                    /* s or an ancestor */
void ip_scope_mark_closed(int s);                 /* s and descendants */
int ip_chan_new(sf_hchan h, int owner);
int ip_chan_ref(unsigned slot); /* -1 empty */
int64_t ip_now(void);

/* ledger.c: tokens. */
size_t ip_token_new(int chan, int producer, uint32_t seq); /* index */
ip_token *ip_token_find(const void *p);
void ip_token_accepted(size_t i);
void ip_token_keep(size_t i, const char *sig); /* send failed: sender frees */
void ip_token_received(void *p, int chan, int receiver);
void ip_elem_dtor(void *p);
void ip_tokens_end(int check);

/* ledger.c: defers. */
ip_defer *ip_defer_new(void);
void ip_defers_end(void);

/* task.c */
void ip_run_body(ip_task *t);
int ip_task_fn(sf_hscope s, void *arg);
int ip_spawn(int body, int scope, int depth);
void ip_trace_op(const ip_task *t, const sf_op *op, int index, int status);

/* op_scope.c / op_chan.c / op_misc.c: one op each; return the driver status
 * (or -1 for a no-op). */
int ip_op_open(ip_task *t, const sf_op *op);
int ip_op_close(ip_task *t, int s);
int ip_op_cancel(int s);
int ip_op_shutdown(void);
int ip_op_chan(ip_task *t, const sf_op *op);
int ip_op_chclose(int c);
int ip_op_destroy(int c);
int ip_op_send(int task, int producer, uint32_t seq, int scope, int c);
int ip_op_recv(ip_task *t, int c);
int ip_op_try_send(ip_task *t, int c);
int ip_op_try_recv(ip_task *t, int c);
int ip_op_select(ip_task *t, const sf_op *op);
int ip_op_sleep(ip_task *t, unsigned units);
int ip_op_defer(ip_task *t, const sf_op *op);
void ip_defer_fn(void *arg);
void ip_check_closed_send(int c, uint64_t start, const char *what);

/* pending.c: blocking calls in progress. */
void ip_pending_push(ip_pending *p, const char *what, int task, int scope);
void ip_pending_pop(ip_pending *p);

/* oracle_*.c */
void ip_oracle_close(int s);             /* close returned SF_OK */
void ip_oracle_zombie(const ip_task *t); /* before each op */
void ip_oracle_spawn_return(const ip_task *t, int st);
void ip_oracle_task_start(ip_task *t, sf_hscope s);
int ip_oracle_defer_run(ip_defer *r); /* 0: do not run it again */
void ip_oracle_defer_return(const ip_defer *r);
void ip_oracle_defers_done(int s); /* every defer of s ran */
void ip_oracle_fifo(int receiver, int chan, const ip_token *k);
void ip_oracle_wake(void);
/* oracle_model.c: the channel model (docs/semantics.md C2, C3, X2, X5)
 * judges a state where every task is blocked: a blocked call that the
 * rules say must have completed is a failure (wake:rendezvous, wake:space,
 * wake:value, wake:default).  Returns 1 when every block is justified. */
int ip_model_blocked(void);
/* The statuses the model allows: `st` returned by op `what` on channel c
 * (SF_CLOSED needs a close of c to have been called: status:<what>). */
void ip_model_status_chan(const char *sig, int c, int st);
/* A blocking call (`what`: send, recv, select, sleep) may return
 * SF_TIMEOUT only when its scope has a deadline, SF_CANCELLED only when a
 * cancel, a task error (fail-fast) or the end of the run may have
 * cancelled it (status:<what>). */
void ip_model_status_blocking(int scope, int st, const char *what);
/* Buffered values of channel instance c in the model (accepted sends not
 * yet received or destroyed). */
unsigned ip_model_buffered(int c);
int ip_oracle_blocking_start(int scope); /* state flags for the call */
void ip_oracle_blocking_end(int scope, int flags, int st, const char *what);
void ip_oracle_end(const char *task_sig); /* whole-run checks */
void ip_oracle_status(const char *what, int st, unsigned allowed);
const char *ip_oracle_runtime(sim_outcome o);

/* oplog.c: op records.  ip_rec_begin() returns a handle for ip_rec_end()
 * (IP_REC_NONE when not recording); `text` NULL: the op's own text. */
#define IP_REC_NONE ((size_t)-1)
size_t ip_rec_begin(int kind, const ip_task *t, const sf_op *op, int index, const char *text);
void ip_rec_end(size_t h, int status);
void ip_recs_take(sf_interp_result *r); /* moves the records into r */
void ip_op_text(const sf_op *op, char *buf, size_t n);

/* report.c */
char *ip_report_build(const sf_interp_result *r);

#define IP_ST(x) (1u << (x))

#endif
