/* Executing one task body: the op loop, spawns, the op trace. */
#include "internal.h"

void ip_trace_op(const ip_task *t, const sf_op *op, int index, int status) {
    ip_trace *e = &ip.trace[ip.ntrace++ % IP_TRACE_N];
    *e = (ip_trace){.task = (int16_t)(t ? t->id : -1),
                    .body = (int16_t)(t ? t->body : -1),
                    .op = (int16_t)index,
                    .kind = op->kind,
                    .deferred = op->deferred,
                    .status = status};
}

/* One op; returns 1 if the body ends here. */
static int step(ip_task *t, const sf_op *op, int *st) {
    if (op->deferred)
        return *st = ip_op_defer(t, op), 0;
    switch (op->kind) {
        case SF_OP_OPEN:
            *st = ip_op_open(t, op);
            break;
        case SF_OP_CLOSE:
            *st = ip_op_close(t, ip_scope_ref(t, op->scope));
            break;
        case SF_OP_CANCEL:
            *st = ip_op_cancel(ip_scope_ref(t, op->scope));
            break;
        case SF_OP_SPAWN:
            *st = ip_spawn(op->body, ip_scope_ref(t, op->scope), t->depth + 1);
            break;
        case SF_OP_CHAN:
            *st = ip_op_chan(t, op);
            break;
        case SF_OP_CHCLOSE:
            *st = ip_op_chclose(ip_chan_ref(op->chan));
            break;
        case SF_OP_DESTROY:
            *st = ip_op_destroy(ip_chan_ref(op->chan));
            break;
        case SF_OP_SEND:
            *st = ip_op_send(t->id, t->id, t->seq++, t->scope, ip_chan_ref(op->chan));
            break;
        case SF_OP_RECV:
            *st = ip_op_recv(t, ip_chan_ref(op->chan));
            break;
        case SF_OP_TRY_SEND:
            *st = ip_op_try_send(t, ip_chan_ref(op->chan));
            break;
        case SF_OP_TRY_RECV:
            *st = ip_op_try_recv(t, ip_chan_ref(op->chan));
            break;
        case SF_OP_SELECT:
            *st = ip_op_select(t, op);
            break;
        case SF_OP_SLEEP:
            *st = ip_op_sleep(t, op->num);
            break;
        case SF_OP_YIELD:
            ip.d->yield();
            break;
        case SF_OP_RETURN:
            return 1;
        case SF_OP_SHUTDOWN:
            if (t->id != 0)
                break;
            *st = ip_op_shutdown();
            return 1;
        case SF_OP_ALLOC:
            ip_free(ip.res_slot[op->res]);
            ip.res_slot[op->res] = ip_alloc(32);
            break;
        case SF_OP_FREE:
            ip_free(ip.res_slot[op->res]);
            ip.res_slot[op->res] = NULL;
            break;
        default:
            break;
    }
    return 0;
}

/* Runs the body of t; returns the task's result (1 after `return error`). */
static int run(ip_task *t) {
    const sf_body *b = &ip.prog->bodies[t->body];
    for (int i = 0; i < b->nops; i++) {
        const sf_op *op = &b->ops[i];
        int st = -1;
        ip_oracle_zombie(t);
        ip.clock++;
        ip.ops++;
        size_t h = ip.record ? ip_rec_begin(SF_INTERP_REC_OP, t, op, i, NULL) : IP_REC_NONE;
        int end = step(t, op, &st);
        if (h != IP_REC_NONE)
            ip_rec_end(h, st);
        ip_trace_op(t, op, i, st);
        if (end)
            return op->kind == SF_OP_RETURN && op->flag ? 1 : 0;
    }
    return 0;
}

void ip_run_body(ip_task *t) {
    run(t);
    t->done = 1;
}

int ip_task_fn(sf_hscope s, void *arg) {
    ip_task *t = arg;
    ip_oracle_task_start(t, s);
    int rc = run(t);
    t->done = 1;
    if (rc != 0)
        ip.scopes[t->scope].errored = 1; /* the library cancels it when we return */
    if (ip.joining)
        sim_unpark_all(&ip.joinq); /* task 0 waits for the tasks (run.c) */
    return rc;
}

static void arg_cleanup(void *arg) {
    ip_task *t = arg;
    t->cleaned++;
}

/* Starts `body` as a new task in scope index `scope` (bounds: depth and
 * count, else a no-op: -1).  Returns the driver status. */
int ip_spawn(int body, int scope, int depth) {
    if (scope < 0 || depth > SF_MAX_SPAWN_DEPTH || ip.ntasks > SF_MAX_SPAWNS)
        return -1;
    ip_task *t = &ip.tasks[ip.ntasks];
    *t = (ip_task){.id = ip.ntasks,
                   .body = body,
                   .scope = scope,
                   .pscope = ip.scopes[scope].parent >= 0 ? ip.scopes[scope].parent : scope,
                   .depth = depth,
                   .spawning = 1};
    ip.ntasks++;
    int st = ip.d->spawn(ip.scopes[scope].h, ip_task_fn, t, arg_cleanup);
    ip.clock++;
    t->spawning = 0;
    t->spawn_ok = st == SF_OK;
    ip_oracle_status("spawn", st,
                     IP_ST(SF_OK) | IP_ST(SF_BADF) | IP_ST(SF_CANCELLED) | IP_ST(SF_REFUSED) |
                         IP_ST(SF_ERROR));
    ip_oracle_spawn_return(t, st);
    return st;
}
