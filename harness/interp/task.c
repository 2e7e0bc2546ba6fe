/* Executing ops: a task body's op loop, spawns, deferred ops (registered
 * as cleanups, run when their scope closes: a cleanup may spawn, a body may
 * defer, so both live here), the op history. */
#include "internal.h"

void interp_history_add(const interp_task *t, const sf_op *op, int index, int status) {
    interp_hist *e = &interp->hist[interp->nhist++ % INTERP_HIST_N];
    *e = (interp_hist){.task = (int16_t)(t ? t->id : -1),
                       .body = (int16_t)(t ? t->body : -1),
                       .op = (int16_t)index,
                       .kind = op->kind,
                       .deferred = op->deferred,
                       .status = status};
}

/* Each kind's handler, from the op list (SF_OP_MAP, prog.h). */
static int (*const exec_kind[SF_OP_NKINDS])(interp_call *) = {
#define INTERP_EXEC_ROW_(id, name, arg, kw, deferrable, caps, syntax)                              \
    [SF_OP_##id] = interp_exec_##id,
    SF_OP_MAP(INTERP_EXEC_ROW_)
#undef INTERP_EXEC_ROW_
};

/* Runs call->op by its kind's handler; -1 for a kind without one. */
static int exec(interp_call *call) {
    unsigned k = call->op->kind;
    return k < SF_OP_NKINDS && exec_kind[k] ? exec_kind[k](call) : -1;
}

/* Resolves the scope and channel operands of op for task t. */
static void resolve(interp_call *call, interp_task *t, const sf_op *op) {
    const sf_op_info *info = sf_op_info_of(op->kind);
    int scoped = info && (info->arg == SF_ARG_SCOPE || (info->kw & SF_KW_IN));
    *call =
        (interp_call){.t = t,
                      .op = op,
                      .scope = scoped ? interp_scope_ref(t, op->scope) : -1,
                      .chan = info && info->arg == SF_ARG_CHAN ? interp_chan_ref(op->chan) : -1};
}

/* The cleanup itself, run by the library when the scope closes. */
static void run_deferred(void *arg) {
    interp_defer *r = arg;
    if (!interp_oracle_defer_run(r))
        return;
    interp->event_seq++;
    interp->ops++;
    sf_op plain = r->op;
    plain.deferred = 0, plain.dscope = 0;
    interp_task *t = &interp->tasks[r->task];
    size_t h = interp_rec_begin(SF_INTERP_REC_CLEANUP, t, &plain, -1, NULL);
    uint32_t mark = interp_faults_mark();
    interp_call call = {.t = t, .op = &plain, .defer = r, .scope = r->target, .chan = r->chan};
    int st = exec(&call);
    interp_oracle_fault(&plain, 0, mark, st);
    interp_rec_end(h, st);
    interp_history_add(t, &r->op, -1, st);
}

/* Registers call->op as a cleanup of its dscope, with the operands resolved
 * now. */
static int op_defer(const interp_call *call) {
    int s = interp_scope_ref(call->t, call->op->dscope);
    if (s < 0 || !interp->d->defer)
        return -1;
    interp_defer *r = interp_defer_new();
    r->op = *call->op;
    r->task = call->t->id;
    r->producer = -(int)interp->ndefers; /* a producer of its own (FIFO) */
    r->scope = s;
    r->target = call->scope;
    r->chan = call->chan;
    r->start = ++interp->event_seq;
    int st = interp->d->defer(interp->scopes[s].h, run_deferred, r);
    r->end = ++interp->event_seq;
    r->registered = st == SF_OK;
    interp_oracle_status("defer", st, INTERP_ST(SF_OK) | INTERP_ST(SF_BADF) | INTERP_ST(SF_ERROR));
    interp_oracle_defer_return(r);
    return st;
}

/* Runs the body of t; returns the task's result (SF_OK, or the error of
 * its `return`: interp_exec_RETURN). */
static int run(interp_task *t) {
    const sf_body *b = &interp->prog->bodies[t->body];
    for (int i = 0; i < b->nops; i++) {
        const sf_op *op = &b->ops[i];
        interp_oracle_zombie(t);
        interp->event_seq++;
        interp->ops++;
        size_t h =
            interp->record ? interp_rec_begin(SF_INTERP_REC_OP, t, op, i, NULL) : INTERP_REC_NONE;
        uint32_t mark = interp_faults_mark();
        interp_call call;
        resolve(&call, t, op);
        int st = op->deferred ? op_defer(&call) : exec(&call);
        interp_oracle_fault(op, op->deferred, mark, st);
        if (h != INTERP_REC_NONE)
            interp_rec_end(h, st);
        interp_history_add(t, op, i, st);
        if (call.end)
            return call.error;
    }
    return SF_OK;
}

void interp_run_body(interp_task *t) {
    run(t);
    t->done = 1;
}

int interp_task_fn(sf_hscope s, void *arg) {
    interp_task *t = arg;
    interp_oracle_task_start(t, s);
    int rc = run(t);
    interp_oracle_task_return(t, rc); /* t->done */
    if (interp->joining)
        sim_unpark_all(&interp->joinq); /* task 0 waits for the tasks (run.c) */
    return rc;
}

static void arg_cleanup(void *arg) {
    interp_task *t = arg;
    t->cleaned++;
}

/* Starts `body` as a new task in scope index `scope` (bounds: depth and
 * count, else a no-op: -1).  Returns the driver status. */
int interp_spawn(int body, int scope, int depth) {
    if (scope < 0 || depth > SF_MAX_SPAWN_DEPTH || interp->ntasks > SF_MAX_SPAWNS)
        return -1;
    interp_task *t = &interp->tasks[interp->ntasks];
    *t = (interp_task){.id = interp->ntasks,
                       .body = body,
                       .scope = scope,
                       .pscope =
                           interp->scopes[scope].parent >= 0 ? interp->scopes[scope].parent : scope,
                       .depth = depth,
                       .spawning = 1};
    interp->ntasks++;
    int st = interp->d->spawn(interp->scopes[scope].h, interp_task_fn, t, arg_cleanup);
    interp->event_seq++;
    t->spawning = 0;
    t->spawn_ok = st == SF_OK;
    interp_oracle_status("spawn", st,
                         INTERP_ST(SF_OK) | INTERP_ST(SF_BADF) | INTERP_ST(SF_CANCELLED) |
                             INTERP_ST(SF_REFUSED) | INTERP_ST(SF_ERROR));
    interp_oracle_spawn_return(t, st);
    return st;
}

int interp_exec_SPAWN(interp_call *call) {
    return interp_spawn(call->op->body, call->scope, call->t->depth + 1);
}
