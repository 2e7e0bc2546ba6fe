/* The select op: one token per send case, checks of the commit (X4). */
#include "internal.h"

#define UNTOUCHED (-77)

static char sentinel;

/* At most the chosen case was written, with SF_OK or SF_CLOSED (X4, X8);
 * SF_CLOSED only on a channel somebody closed (X4, C7). */
static void check_commit(const sf_select_case *cs, const int *ci, size_t n, size_t chosen) {
    if (chosen >= n) {
        ip_fail("select:index", "select chose case %zu of %zu", chosen, n);
        return;
    }
    if (cs[chosen].status != SF_OK && cs[chosen].status != SF_CLOSED)
        ip_fail("select:status", "select: chosen case %zu has status %d", chosen,
                cs[chosen].status);
    else
        ip_model_status_chan("status:select", ci[chosen], cs[chosen].status);
    for (size_t i = 0; i < n; i++)
        if (i != chosen &&
            (cs[i].status != UNTOUCHED || (cs[i].dir == SF_DIR_RECV && cs[i].value != &sentinel)))
            ip_fail("select:double", "select chose case %zu but also wrote case %zu", chosen, i);
}

/* Accounts every case's token or value after the call. */
static void settle(ip_task *t, const sf_select_case *cs, const int *ci, const size_t *tok, size_t n,
                   int st, size_t chosen, uint64_t start) {
    for (size_t i = 0; i < n; i++) {
        int won = st == SF_OK && i == chosen;
        if (cs[i].dir == SF_DIR_SEND) {
            if (won && cs[i].status == SF_OK) {
                ip_token_accepted(tok[i]);
                ip_check_closed_send(ci[i], start, "select send");
            } else {
                ip_token_keep(tok[i], won ? "conservation:dup" : "select:double");
            }
        } else if (won && cs[i].status == SF_OK) {
            ip_token_received(cs[i].value, ci[i], t->id);
        }
    }
}

int ip_op_select(ip_task *t, const sf_op *op) {
    sf_select_case cs[SF_MAX_CASES];
    int ci[SF_MAX_CASES];
    size_t tok[SF_MAX_CASES] = {0};
    size_t n = 0;
    if (!ip.d->select)
        return -1;
    for (int i = 0; i < op->ncases; i++) {
        int c = ip_chan_ref(op->cases[i].chan);
        if (c < 0)
            continue;
        ci[n] = c;
        cs[n] = (sf_select_case){.chan = ip.chans[c].h,
                                 .dir = op->cases[i].dir,
                                 .value = &sentinel,
                                 .status = UNTOUCHED};
        if (cs[n].dir == SF_DIR_SEND) {
            tok[n] = ip_token_new(c, t->id, t->seq++);
            cs[n].value = ip.tokens[tok[n]].p;
        }
        n++;
    }
    if (n == 0 && !op->flag)
        return -1;
    ip_pending pd = {.nchan = (int)n, .nonblocking = op->flag};
    for (size_t i = 0; i < n; i++)
        pd.chans[i] = ci[i], pd.dirs[i] = (uint8_t)cs[i].dir;
    ip_pending_push(&pd, "select", t->id, t->scope);
    int flags = ip_oracle_blocking_start(t->scope);
    uint64_t start = ++ip.clock;
    size_t chosen = 0;
    int st = ip.d->select(ip.scopes[t->scope].h, cs, n, op->flag, &chosen);
    ip.clock++;
    ip_pending_pop(&pd);
    ip_oracle_status("select", st,
                     IP_ST(SF_OK) | (op->flag ? IP_ST(SF_AGAIN) : 0) | IP_ST(SF_CANCELLED) |
                         IP_ST(SF_TIMEOUT) | IP_ST(SF_BADF) | IP_ST(SF_ERROR));
    ip_oracle_blocking_end(t->scope, flags, st, "select");
    if (st == SF_ERROR) /* the interpreter's selects are valid (X1) */
        ip_fail("status:select",
                "a valid select (%zu case(s)%s) returned SF_ERROR: only a bad argument may", n,
                op->flag ? ", default" : "");
    if (st == SF_OK)
        check_commit(cs, ci, n, chosen);
    if (st == SF_OK && chosen >= n)
        st = SF_ERROR;
    settle(t, cs, ci, tok, n, st, chosen, start);
    return st;
}
