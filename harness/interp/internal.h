/* internal.h - the interpreter's state for one run (one run at a time). */
#ifndef SF_INTERP_INTERNAL_H
#define SF_INTERP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "interp.h"

/* A scope the program opened (index = creation order; R is 0). */
typedef struct interp_scope {
    sf_hscope h;
    int parent;           /* index, -1 for R */
    int64_t deadline;     /* effective, absolute ns; INT64_MAX none */
    uint8_t closing;      /* a close of it started */
    uint64_t close_start; /* event number of the first close call */
    uint8_t closed;       /* a close of it returned SF_OK (or its parent's did) */
    uint8_t cancelled;
    uint8_t cancel_started; /* a cancel of it was called (may not have returned) */
    uint8_t supervisor;     /* opened as a supervisor: task errors cancel nothing (S6) */
    uint8_t failed_fast;    /* surely cancelled by a task's error (oracle_error.c) */
    uint16_t errored;       /* tasks of it whose result may be an error (S4); in a
                               fail-fast scope the library may have cancelled it (S5) */
} interp_scope;

/* A channel instance (a `chan` op that succeeded). */
typedef struct interp_chan {
    sf_hchan h;
    int owner;             /* scope index */
    uint64_t closed_at;    /* event number when its close returned SF_OK; 0 open */
    unsigned cap;          /* capacity it was made with */
    uint8_t close_started; /* a close of it was called (may not have returned) */
    uint8_t destroyed;
    uint16_t recv_active; /* receiving calls on it in progress (oracle_fair.c) */
    uint32_t recv_starts; /* receiving calls on it started */
} interp_chan;

/* An interpreter task: task 0 or a spawn attempt. */
typedef struct interp_task {
    int id;
    int body;
    int scope;  /* s0 */
    int pscope; /* parent */
    int depth;
    uint8_t spawning; /* the spawn call has not returned yet */
    uint8_t spawn_ok;
    uint8_t started, done, cleaned;
    uint32_t seq; /* sends made, for FIFO */
    /* its result (oracle_error.c) */
    uint32_t rt;         /* the runtime's id of its task */
    int ret;             /* what it returned: SF_OK, SF_ERROR, SF_CANCELLED, SF_TIMEOUT */
    uint8_t ret_excused; /* a cancelled/timeout result while its scope surely was
                            cancelled or expired: surely no error (S4) */
    uint8_t judged;      /* its runtime task ended: the library has judged the result */
    uint8_t sure;        /* judged, and surely an error of its scope */
    uint8_t late;        /* a sure error of its scope was judged before it returned:
                            its result cannot be the scope's first error */
} interp_task;

/* A registered (or being registered) deferred op. */
typedef struct interp_defer {
    sf_op op;
    int task;            /* registering task */
    int producer;        /* FIFO producer id of a deferred send */
    int scope;           /* the scope it is deferred into */
    int target;          /* resolved scope operand (cancel, spawn), -1 empty */
    int chan;            /* resolved channel instance, -1 empty */
    uint64_t start, end; /* event number at the defer call and its return */
    uint8_t registered;  /* defer returned SF_OK */
    uint8_t runs;
} interp_defer;

/* A heap token sent on a channel. */
typedef struct interp_token {
    void *p;
    int chan;     /* instance it was sent on */
    int producer; /* task id, or a deferred send's own id */
    uint32_t seq;
    uint8_t accepted; /* a send returned SF_OK with it */
    uint8_t consumed; /* received or destroyed by elem_dtor, count */
    uint8_t kept;     /* the sender kept it (send failed) */
    uint8_t freed;
} interp_token;

/* A blocking driver call in progress (lives on the caller's stack). */
typedef struct interp_pending {
    const char *what;
    int task; /* -1: a deferred op */
    int scope;
    int nchan;
    int chans[SF_MAX_CASES];
    uint8_t dirs[SF_MAX_CASES]; /* SF_DIR_SEND / SF_DIR_RECV of each channel */
    uint8_t nonblocking;        /* a select with default: must never block (X5) */
    struct interp_pending *prev, *next;
} interp_pending;

/* One executed op, for the report. */
typedef struct interp_hist {
    int16_t task, body, op;
    uint8_t kind, deferred;
    int status;
} interp_hist;

#define INTERP_HIST_N 128

typedef struct interp_state {
    const sf_prog *prog;
    const struct sf_driver *d;
    sf_hscope root, watch;
    int have_watch;
    int have_run_scope;
    uint64_t event_seq; /* events so far: one per op start and driver return */
    size_t ops;

    interp_scope *scopes;
    size_t nscopes, cap_scopes;
    interp_chan *chans;
    size_t nchans, cap_chans;
    interp_token *tokens;
    size_t ntokens, cap_tokens;
    interp_defer **defers;
    size_t ndefers, cap_defers;
    struct interp_fifo *fifo;
    size_t nfifo, cap_fifo;

    interp_task tasks[SF_MAX_SPAWNS + 1];
    int ntasks;

    int chan_slot[SF_MAX_CHANS];   /* channel instance, -1 empty */
    int scope_slot[SF_MAX_SCOPES]; /* scope index, -1 empty (slot 0 unused) */
    void *res_slot[SF_MAX_RES];

    interp_pending *pending;
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
    int unjudged;  /* tasks returned whose runtime task had not ended when last
                      looked at (oracle_error.c) */
    /* the fairness statistic (oracle_fair.c) */
    uint64_t fair_odds; /* product of the counted selects' ready cases */
    uint32_t fair_n;    /* selects counted */
    int fair_off;       /* a counted select chose another case than the first */

    /* first failure */
    int failed;
    char sig[SF_INTERP_SIG_MAX + 1];
    char msg[512];

    interp_hist hist[INTERP_HIST_N]; /* the last ops run, for the report */
    size_t nhist;

    /* op records (sf_interp_opts.record_ops) */
    int record;
    sf_interp_result *live; /* the result being filled, during sim_run */
    sf_interp_oprec *recs;
    size_t nrecs, cap_recs;
    uint32_t rec_seq;
} interp_state;

/* The state of the run in progress on this thread (set by sf_interp_run;
 * the interpreter runs one program at a time per thread). */
extern _Thread_local interp_state *interp;

/* signature.c: records the first failure (later ones are ignored). */
void interp_fail(const char *sig, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* mem.c: growth of the state arrays, blocks (both abort on out of
 * memory) (hidden from TSan: tokens change fibers). */
void interp_grow(void **arr, size_t *cap, size_t need, size_t elem);
void *interp_alloc(size_t n);
void interp_free(void *p);

/* slots.c: records and operand resolution. */
int interp_scope_new(sf_hscope h, int parent, int64_t deadline);
int interp_scope_ref(const interp_task *t, unsigned ref); /* -1 empty */
int interp_scope_in(int s, int ancestor);                 /* s == ancestor or below */
int interp_scope_cancelled(int s);                        /* s or an ancestor */
void interp_scope_mark_closed(int s);                     /* s and descendants */
int interp_chan_new(sf_hchan h, int owner);
int interp_chan_ref(unsigned slot); /* -1 empty */
int64_t interp_now(void);

/* ledger.c: tokens. */
size_t interp_token_new(int chan, int producer, uint32_t seq); /* index */
interp_token *interp_token_find(const void *p);
void interp_token_accepted(size_t i);
void interp_token_keep(size_t i, const char *sig); /* send failed: sender frees */
void interp_token_received(void *p, int chan, int receiver);
void interp_elem_dtor(void *p);
void interp_tokens_end(int check);

/* ledger.c: defers. */
interp_defer *interp_defer_new(void);
void interp_defers_end(void);

/* task.c */
void interp_run_body(interp_task *t);
int interp_task_fn(sf_hscope s, void *arg);
int interp_spawn(int body, int scope, int depth);
void interp_history_add(const interp_task *t, const sf_op *op, int index, int status);

/* One op being run: by a task's body, or as a cleanup of the scope it was
 * deferred into (its operands then resolved when it was deferred). */
typedef struct interp_call {
    interp_task *t;            /* the task running it; a cleanup: the task that deferred it */
    const sf_op *op;           /* run as if op->deferred were 0 */
    const interp_defer *defer; /* a cleanup: its record; NULL in a body */
    int scope;                 /* the scope operand (SF_ARG_SCOPE, `in`), -1 empty or none */
    int chan;                  /* the channel of op->chan (SF_ARG_CHAN), -1 empty or none */
    uint8_t end;               /* set by the handler: the body ends after this op */
    uint8_t error;             /* with end: the body's result, SF_OK or an error
                                  (SF_ERROR, SF_CANCELLED, SF_TIMEOUT: sf_task_fn) */
} interp_call;

/* The handler of each op kind, one per row X(ID, ...) of SF_OP_MAP (prog.h),
 * called by the op loop (task.c) through a table made from that list:
 * interp_exec_OPEN in op_scope.c, ..._SEND in op_chan.c, ..._SELECT in
 * op_select.c, ..._SPAWN in task.c, ..._SLEEP and the ops without objects
 * in op_misc.c.  Deferrable kinds also run as cleanups (call->defer set).
 * Returns the driver status, or -1 for a no-op (an empty slot, a call the
 * driver lacks, an op that calls nothing). */
#define INTERP_EXEC_DECL_(id, name, arg, kw, deferrable, caps, syntax)                             \
    int interp_exec_##id(interp_call *call);
SF_OP_MAP(INTERP_EXEC_DECL_)
#undef INTERP_EXEC_DECL_

/* The calls behind close, cancel and close c, also made at the end of a run
 * (run.c) on scope / channel index s / c (-1: a no-op); driver status. */
int interp_op_close(interp_task *t, int s);
int interp_op_cancel(int s);
int interp_op_chclose(int c);
void interp_check_closed_send(int c, uint64_t start, const char *what);

/* pending.c: blocking calls in progress. */
void interp_pending_push(interp_pending *p, const char *what, int task, int scope);
void interp_pending_pop(interp_pending *p);

/* oracle_*.c */
void interp_oracle_close(int s);                 /* close returned SF_OK */
void interp_oracle_zombie(const interp_task *t); /* before each op */
void interp_oracle_spawn_return(const interp_task *t, int st);
void interp_oracle_task_start(interp_task *t, sf_hscope s);
int interp_oracle_defer_run(interp_defer *r); /* 0: do not run it again */
void interp_oracle_defer_return(const interp_defer *r);
void interp_oracle_defers_done(int s); /* every defer of s ran */
void interp_oracle_fifo(int receiver, int chan, const interp_token *k);
void interp_oracle_wake(void);
/* oracle_model.c: the channel model (docs/semantics.md C2, C3, X2, X5)
 * judges a state where every task is blocked: a blocked call that the
 * rules say must have completed is a failure (wake:rendezvous, wake:space,
 * wake:value, wake:default).  Returns 1 when every block is justified. */
int interp_model_blocked(void);
/* The statuses the model allows: `st` returned by op `what` on channel c
 * (SF_CLOSED needs a close of c to have been called: status:<what>). */
void interp_model_status_chan(const char *sig, int c, int st);
/* A blocking call (`what`: send, recv, select, sleep) may return
 * SF_TIMEOUT only when its scope has a deadline, SF_CANCELLED only when a
 * cancel, a task error (fail-fast) or the end of the run may have
 * cancelled it (status:<what>). */
void interp_model_status_blocking(int scope, int st, const char *what);
/* Buffered values of channel instance c in the model (accepted sends not
 * yet received or destroyed). */
unsigned interp_model_buffered(int c);
int interp_oracle_blocking_start(int scope); /* state flags for the call */
void interp_oracle_blocking_end(int scope, int flags, int st, const char *what);
void interp_oracle_end(const char *task_sig); /* whole-run checks */
/* oracle_fault.c: a mark of the calling task's allocation and task-start
 * faults; 1 if one was injected since the mark; the R6 check of an op
 * (registering: a defer registration) that returned st. */
uint32_t interp_faults_mark(void);
/* oracle_model.c: T2, a sleep of ns from `start` that returned st. */
void interp_oracle_sleep(const char *who, int64_t start, int64_t ns, int st);
int interp_faults_since(uint32_t mark);
void interp_oracle_fault(const sf_op *op, int registering, uint32_t mark, int st);
void interp_oracle_status(const char *what, int st, unsigned allowed);
/* oracle_fair.c: the fairness statistic of select (docs/semantics.md X3).
 * A snapshot taken before the driver's select call, judged after it. */
typedef struct interp_fair_snap {
    size_t n;
    const int *ci;       /* channel instance of each case */
    const uint8_t *recv; /* 1: a recv case */
    uint8_t closed[SF_MAX_CASES];
    unsigned buffered[SF_MAX_CASES], active[SF_MAX_CASES];
    uint32_t starts[SF_MAX_CASES];
    uint32_t chooses; /* the task's sfp_choose decisions so far */
} interp_fair_snap;
void interp_fair_begin(interp_fair_snap *f, const int *ci, const uint8_t *recv, size_t n);
void interp_fair_end(const interp_fair_snap *f, int st, size_t chosen);
void interp_fair_recv(int c, int delta); /* a receiving call on c starts (+1) or ends (-1) */
/* oracle_error.c: error propagation (docs/semantics.md S4, S5, S6). */
void interp_oracle_task_return(interp_task *t, int rc); /* rc: SF_OK or an error */
void interp_oracle_first_error(int s, int first);       /* close of s returned SF_OK */
void interp_error_settle(void);                 /* notes the results the library has judged */
int interp_error_failed_fast(int s);            /* s or an ancestor surely cancelled by an error */
int interp_error_supervised(int s);             /* a supervisor scope on s's path had an error */
const interp_task *interp_error_culprit(int s); /* the task that failed s fast, or NULL */
const char *interp_oracle_runtime(sim_outcome o);

/* oplog.c: op records.  interp_rec_begin() returns a handle for interp_rec_end()
 * (INTERP_REC_NONE when not recording); `text` NULL: the op's own text. */
#define INTERP_REC_NONE ((size_t)-1)
size_t interp_rec_begin(int kind, const interp_task *t, const sf_op *op, int index,
                        const char *text);
void interp_rec_end(size_t h, int status);
void interp_recs_take(sf_interp_result *r); /* moves the records into r */

/* report.c */
char *interp_report_build(const sf_interp_result *r);

#define INTERP_ST(x) (1u << (x))

#endif
