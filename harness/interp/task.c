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

/* The cleanup itself, run by the library when the scope closes. */
static void run_deferred(void *arg) {
    interp_defer *r = arg;
    if (!interp_oracle_defer_run(r))
        return;
    int st = -1;
    interp->event_seq++;
    interp->ops++;
    sf_op plain = r->op;
    plain.deferred = 0, plain.dscope = 0;
    size_t h = interp_rec_begin(SF_INTERP_REC_CLEANUP, &interp->tasks[r->task], &plain, -1, NULL);
    uint32_t mark = interp_faults_mark();
    switch (r->op.kind) {
        case SF_OP_CANCEL:
            st = interp_op_cancel(r->target);
            break;
        case SF_OP_SPAWN:
            st = interp_spawn(r->op.body, r->target, r->depth + 1);
            break;
        case SF_OP_CHCLOSE:
            st = interp_op_chclose(r->chan);
            break;
        case SF_OP_SEND:
            st = interp_op_send(-1, r->producer, 0, r->scope, r->chan);
            break;
        case SF_OP_FREE:
            interp_free(interp->res_slot[r->op.res]);
            interp->res_slot[r->op.res] = NULL;
            break;
        default:
            break;
    }
    interp_oracle_fault(&plain, 0, mark, st);
    interp_rec_end(h, st);
    interp_history_add(&interp->tasks[r->task], &r->op, -1, st);
}

/* Registers op as a cleanup of its dscope; operands are resolved now. */
static int op_defer(interp_task *t, const sf_op *op) {
    int s = interp_scope_ref(t, op->dscope);
    if (s < 0 || !interp->d->defer)
        return -1;
    interp_defer *r = interp_defer_new();
    r->op = *op;
    r->task = t->id;
    r->producer = -(int)interp->ndefers; /* a producer of its own (FIFO) */
    r->depth = t->depth;
    r->scope = s;
    r->target =
        op->kind == SF_OP_CANCEL || op->kind == SF_OP_SPAWN ? interp_scope_ref(t, op->scope) : -1;
    r->chan = op->kind == SF_OP_CHCLOSE || op->kind == SF_OP_SEND ? interp_chan_ref(op->chan) : -1;
    r->start = ++interp->event_seq;
    int st = interp->d->defer(interp->scopes[s].h, run_deferred, r);
    r->end = ++interp->event_seq;
    r->registered = st == SF_OK;
    interp_oracle_status("defer", st, INTERP_ST(SF_OK) | INTERP_ST(SF_BADF) | INTERP_ST(SF_ERROR));
    interp_oracle_defer_return(r);
    return st;
}

/* One op; returns 1 if the body ends here. */
static int step(interp_task *t, const sf_op *op, int *st) {
    if (op->deferred)
        return *st = op_defer(t, op), 0;
    switch (op->kind) {
        case SF_OP_OPEN:
            *st = interp_op_open(t, op);
            break;
        case SF_OP_CLOSE:
            *st = interp_op_close(t, interp_scope_ref(t, op->scope));
            break;
        case SF_OP_CANCEL:
            *st = interp_op_cancel(interp_scope_ref(t, op->scope));
            break;
        case SF_OP_SPAWN:
            *st = interp_spawn(op->body, interp_scope_ref(t, op->scope), t->depth + 1);
            break;
        case SF_OP_CHAN:
            *st = interp_op_chan(t, op);
            break;
        case SF_OP_CHCLOSE:
            *st = interp_op_chclose(interp_chan_ref(op->chan));
            break;
        case SF_OP_DESTROY:
            *st = interp_op_destroy(interp_chan_ref(op->chan));
            break;
        case SF_OP_SEND:
            *st = interp_op_send(t->id, t->id, t->seq++, t->scope, interp_chan_ref(op->chan));
            break;
        case SF_OP_RECV:
            *st = interp_op_recv(t, interp_chan_ref(op->chan));
            break;
        case SF_OP_TRY_SEND:
            *st = interp_op_try_send(t, interp_chan_ref(op->chan));
            break;
        case SF_OP_TRY_RECV:
            *st = interp_op_try_recv(t, interp_chan_ref(op->chan));
            break;
        case SF_OP_SELECT:
            *st = interp_op_select(t, op);
            break;
        case SF_OP_SLEEP:
            *st = interp_op_sleep(t, op->num);
            break;
        case SF_OP_YIELD:
            interp->d->yield();
            break;
        case SF_OP_RETURN:
            return 1;
        case SF_OP_SHUTDOWN:
            if (t->id != 0)
                break;
            *st = interp_op_shutdown();
            return 1;
        case SF_OP_ALLOC:
            interp_free(interp->res_slot[op->res]);
            interp->res_slot[op->res] = interp_alloc(32);
            break;
        case SF_OP_FREE:
            interp_free(interp->res_slot[op->res]);
            interp->res_slot[op->res] = NULL;
            break;
        default:
            break;
    }
    return 0;
}

/* Runs the body of t; returns the task's result (1 after `return error`). */
static int run(interp_task *t) {
    const sf_body *b = &interp->prog->bodies[t->body];
    for (int i = 0; i < b->nops; i++) {
        const sf_op *op = &b->ops[i];
        int st = -1;
        interp_oracle_zombie(t);
        interp->event_seq++;
        interp->ops++;
        size_t h =
            interp->record ? interp_rec_begin(SF_INTERP_REC_OP, t, op, i, NULL) : INTERP_REC_NONE;
        uint32_t mark = interp_faults_mark();
        int end = step(t, op, &st);
        interp_oracle_fault(op, op->deferred, mark, st);
        if (h != INTERP_REC_NONE)
            interp_rec_end(h, st);
        interp_history_add(t, op, i, st);
        if (end)
            return op->kind == SF_OP_RETURN && op->flag ? 1 : 0;
    }
    return 0;
}

void interp_run_body(interp_task *t) {
    run(t);
    t->done = 1;
}

int interp_task_fn(sf_hscope s, void *arg) {
    interp_task *t = arg;
    interp_oracle_task_start(t, s);
    int rc = run(t);
    t->done = 1;
    if (rc != 0)
        interp->scopes[t->scope].errored = 1; /* the library cancels it when we return */
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
