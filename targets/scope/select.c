/* sc_select(): one snapshot of the ready cases under the lock; a uniform
 * choice among them (sfp_choose, a scheduler decision under the sim
 * backend); otherwise one clause per case linked into the channel queues
 * and one wait.  The first peer to complete a clause commits that case and
 * unlinks all the others, so at most one case commits. */
#include "internal.h"

static int check_args(const sc_case *cases, size_t n, unsigned flags) {
    if ((flags & ~SC_SELECT_DEFAULT) || n > SC_SELECT_MAX || (n == 0 && !flags) || (n && !cases))
        return SC_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (cases[i].op != SC_SEND && cases[i].op != SC_RECV)
            return SC_EINVAL;
    return SC_OK;
}

static int resolve(const sc_case *cases, size_t n, struct chan **chs) {
    for (size_t i = 0; i < n; i++)
        if (!(chs[i] = sci_chan_get(cases[i].chan)))
            return SC_EBADF;
    return SC_OK;
}

static int ready(const sc_case *k, struct chan *ch) {
    return k->op == SC_SEND ? sci_chan_send_ready(ch) : sci_chan_recv_ready(ch);
}

/* Commits case i, which the snapshot found ready. */
static int commit(sc_case *k, struct chan *ch, size_t i) {
    void *v = NULL;
    k->status =
        k->op == SC_SEND ? sci_chan_send_locked(ch, k->value) : sci_chan_recv_locked(ch, &v);
    if (k->op == SC_RECV && k->status == SC_OK)
        k->value = v;
    return (int)i;
}

/* The index of a ready case chosen uniformly, or -1 if none is ready. */
static int pick(const sc_case *cases, size_t n, struct chan **chs) {
    uint8_t idx[SC_SELECT_MAX];
    uint32_t nready = 0;
    for (size_t i = 0; i < n; i++)
        if (ready(&cases[i], chs[i]))
            idx[nready++] = (uint8_t)i;
    if (nready == 0)
        return -1;
    return idx[nready > 1 ? sfp_choose(nready) : 0];
}

static int block(struct scope *s, sc_case *cases, size_t n, struct chan **chs) {
    struct waiter w;
    struct clause cl[SC_SELECT_MAX];
    sci_waiter_init(&w, s, "select", cases[0].chan.h, s->deadline, SC_ETIMEDOUT);
    for (size_t i = 0; i < n; i++) {
        cl[i] = (struct clause){.ch = chs[i], .op = cases[i].op, .index = i};
        cl[i].val = cases[i].op == SC_SEND ? cases[i].value : NULL;
        sci_clause_link(&w, &cl[i]);
    }
    int rc = sci_waiter_wait(&w);
    if (rc < 0)
        return rc;
    cases[rc].status = cl[rc].status;
    if (cases[rc].op == SC_RECV && cl[rc].status == SC_OK)
        cases[rc].value = cl[rc].val;
    return rc;
}

static int select_locked(struct scope *s, sc_case *cases, size_t n, unsigned flags) {
    struct chan *chs[SC_SELECT_MAX];
    int rc = !s ? SC_EBADF : resolve(cases, n, chs);
    if (rc == SC_OK)
        rc = sci_scope_state(s);
    if (rc != SC_OK)
        return rc;
    int i = pick(cases, n, chs);
    if (i >= 0)
        return commit(&cases[i], chs[i], (size_t)i);
    if (flags & SC_SELECT_DEFAULT)
        return SC_EAGAIN;
    return block(s, cases, n, chs);
}

int sc_select(sc_scope scope, sc_case *cases, size_t n, unsigned flags) {
    int rc = check_args(cases, n, flags);
    if (rc != SC_OK)
        return rc;
    if (!sci_lib.inited)
        return SC_EBADF;
    sci_lock();
    rc = select_locked(sci_scope_get(scope), cases, n, flags);
    sci_unlock();
    return rc;
}
