/* The select op: one token per send case, checks of the commit (X4). */
#include "internal.h"

#define UNTOUCHED (-77)

static char sentinel;

/* At most the chosen case was written, with SF_OK or SF_CLOSED (X4, X8);
 * SF_CLOSED only on a channel somebody closed (X4, C7). */
static void check_commit(const sf_select_case *cs, const int *ci, size_t n, size_t chosen) {
    if (chosen >= n) {
        interp_fail("select:index", "select chose case %zu of %zu", chosen, n);
        return;
    }
    if (cs[chosen].status != SF_OK && cs[chosen].status != SF_CLOSED)
        interp_fail("select:status", "select: chosen case %zu has status %d", chosen,
                    cs[chosen].status);
    else
        interp_model_status_chan("status:select", ci[chosen], cs[chosen].status);
    for (size_t i = 0; i < n; i++)
        if (i != chosen &&
            (cs[i].status != UNTOUCHED || (cs[i].dir == SF_DIR_RECV && cs[i].value != &sentinel)))
            interp_fail("select:double", "select chose case %zu but also wrote case %zu", chosen,
                        i);
}

/* Accounts every case's token or value after the call. */
static void settle(interp_task *t, const sf_select_case *cs, const int *ci, const size_t *tok,
                   size_t n, int st, size_t chosen, uint64_t start) {
    for (size_t i = 0; i < n; i++) {
        int won = st == SF_OK && i == chosen;
        if (cs[i].dir == SF_DIR_SEND) {
            if (won && cs[i].status == SF_OK) {
                interp_token_accepted(tok[i]);
                interp_check_closed_send(ci[i], start, "select send");
            } else {
                interp_token_keep(tok[i], won ? "conservation:dup" : "select:double");
            }
        } else if (won && cs[i].status == SF_OK) {
            interp_token_received(cs[i].value, ci[i], t->id);
        }
    }
}

int interp_exec_SELECT(interp_call *call) {
    interp_task *t = call->t;
    const sf_op *op = call->op;
    sf_select_case cs[SF_MAX_CASES];
    int ci[SF_MAX_CASES];
    size_t tok[SF_MAX_CASES] = {0};
    size_t n = 0;
    if (!interp->d->select)
        return -1;
    for (int i = 0; i < op->ncases; i++) {
        int c = interp_chan_ref(op->cases[i].chan);
        if (c < 0)
            continue;
        ci[n] = c;
        cs[n] = (sf_select_case){.chan = interp->chans[c].h,
                                 .dir = op->cases[i].dir,
                                 .value = &sentinel,
                                 .status = UNTOUCHED};
        if (cs[n].dir == SF_DIR_SEND) {
            tok[n] = interp_token_new(c, t->id, t->seq++);
            cs[n].value = interp->tokens[tok[n]].p;
        }
        n++;
    }
    if (n == 0 && !op->flag)
        return -1;
    interp_pending pd = {.nchan = (int)n, .nonblocking = op->flag};
    uint8_t recv[SF_MAX_CASES];
    for (size_t i = 0; i < n; i++) {
        pd.chans[i] = ci[i], pd.dirs[i] = (uint8_t)cs[i].dir;
        recv[i] = cs[i].dir == SF_DIR_RECV;
    }
    interp_pending_push(&pd, "select", t->id, t->scope);
    int flags = interp_oracle_blocking_start(t->scope);
    interp_fair_snap fair;
    interp_fair_begin(&fair, ci, recv, n);
    uint64_t start = ++interp->event_seq;
    size_t chosen = 0;
    int st = interp->d->select(interp->scopes[t->scope].h, cs, n, op->flag, &chosen);
    interp->event_seq++;
    interp_pending_pop(&pd);
    interp_fair_end(&fair, st, chosen);
    interp_oracle_status("select", st,
                         INTERP_ST(SF_OK) | (op->flag ? INTERP_ST(SF_AGAIN) : 0) |
                             INTERP_ST(SF_CANCELLED) | INTERP_ST(SF_TIMEOUT) | INTERP_ST(SF_BADF) |
                             INTERP_ST(SF_ERROR));
    interp_oracle_blocking_end(t->scope, flags, st, "select");
    if (st == SF_ERROR) /* the interpreter's selects are valid (X1) */
        interp_fail("status:select",
                    "a valid select (%zu case(s)%s) returned SF_ERROR: only a bad argument may", n,
                    op->flag ? ", default" : "");
    if (st == SF_OK)
        check_commit(cs, ci, n, chosen);
    if (st == SF_OK && chosen >= n)
        st = SF_ERROR;
    settle(t, cs, ci, tok, n, st, chosen, start);
    return st;
}
