/*
 * surw.c - the selectively uniform random walk (SIM_SURW), after SURW (Zhao,
 * Wolff, Mathur, Roychoudhury, "Selectively Uniform Concurrency Testing",
 * ASPLOS 2025).
 *
 * A plain random walk picks among the runnable tasks uniformly, which makes
 * most interleavings very unlikely: a task created last, or with few steps,
 * almost never runs between two steps of the others.  URW picks a task with
 * probability proportional to the number of events it still has to perform;
 * with exact counts every interleaving of the events is equally likely.
 * SURW applies that only to the interesting events, here the events on
 * shared objects (racy memory: two of its accesses, one a store, not
 * ordered by synchronization (hb.c); synchronization objects two tasks
 * used; both are pending-event keys POS compares; and the process's exit,
 * which ends every task's run), and lets the others run as a random walk:
 *
 *  - At a scheduling point a task is drawn uniformly among the runnable ones
 *    not held back.  At an uninteresting event it simply runs.
 *  - At an interesting one, the task whose interesting event comes next (the
 *    intended task) is drawn if none is, each runnable task weighted by the
 *    interesting events it and its unborn children still have (from the
 *    profile).  The drawn task runs only if it is the intended one; else it
 *    is held back at its event until the intended task has performed its
 *    own, so the order of interesting events follows the weights.
 *  - A task's weight includes its unborn children's: starting a child moves
 *    the child's share to it, and the intention with it in proportion, so
 *    tasks started late (SCTBench reorder_N's checker) get their uniform
 *    share instead of arriving after the others finished.
 *  - If every runnable task is held (the intended one blocked or ended), the
 *    intention lapses and is drawn again.  Blocked tasks' weights count in
 *    the draw; their share goes to a runnable task other than the exit.
 *  - Memory is interesting only when racy (happens-before, hb.c), in this
 *    run or an earlier one.  The order of accesses that synchronization
 *    orders is the order of that synchronization's own events, sampled
 *    there: memory a lock guards, or handed from task to task through a
 *    lock or a join.  Counted, those accesses spread a critical section
 *    among the other tasks' events as if they could interleave, which
 *    makes the orders of the sections themselves unlikely (SCTBench
 *    account and token_ring); and the thousands of accesses to an array
 *    handed over under a mutex (qsort_mt) make a window between two lock
 *    operations too unlikely ever to be sampled.  A data race between two
 *    plain accesses needs its memory interesting (reorder_N).  The
 *    process's exit (SIM_EV_EXIT) is a shared object too.
 *  - Memory the profile knows racy counts from a run's start only if it
 *    raced in at least 1 in RACY_SHARE (8) of the runs merged; memory that
 *    raced more rarely counts from its first race in the run.  qsort_mt's
 *    array raced in 25 of 600 runs (seed 3,000,000; none hit the bug), and
 *    counted in every run after the first of them, its hundreds of
 *    accesses a run drowned the window between two lock operations that
 *    the bug needs: surw alone, seeds 1..20 x 1,000,000, 60 s each, found
 *    it in 15 of 20 trials, 1 of the finds in a run of the memory kind;
 *    with this rule in 20 of 20, 4 of them in the memory kind.
 *    reorder_N's flags race in every run.
 *  - Half of the runs (by a hash of the seed: sim_surw_sync_only) take
 *    only the synchronization objects and the exit, memory then running as
 *    the walk: for programs whose racy accesses are many and whose bug is
 *    an order of critical sections.  twostage_100's writers read a value
 *    they write under the other lock (racy, about 200 accesses a run);
 *    with a quarter of the runs of this kind surw alone took 213 mean
 *    schedules (18 of 20 trials) against 134 (19 of 20), though reorder_4
 *    and reorder_10 took 6.3 and 11 against 8.9 and 16 (SCTBench, 20
 *    trials, 2026-12-01).
 *
 * Event counts and shared objects come from earlier runs
 * of the program (cfg.profile, merged by the caller from each run's
 * res.profile): the
 * first run, with no profile, is a walk that holds nothing back at objects
 * not yet seen shared.  Decisions are recorded as picks like POS's, so
 * replays need no profile.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

enum { ROOT_SIG = 0x5eed };

typedef struct obj_cell {
    uint64_t key;   /* 0: empty */
    uint32_t first; /* the first task that touched it */
    uint32_t pre;   /* its events on it before a second task came */
    int shared;
    int racy;    /* memory: two accesses, one a store, not ordered (hb.c) */
    uint64_t wr; /* memory: the epoch (hb.c) of its last store, 0 none */
    uint64_t rd; /* and of its last load */
} obj_cell;

struct sim_surw {
    const sim_profile *prof;
    uint64_t *subtree; /* per profile task: its events and its descendants' */
    int64_t intended;  /* the task whose interesting event comes next, -1 none */
    int sync_only;     /* interesting: synchronization objects and the exit only */
    obj_cell *cells;   /* every object touched this run (open addressing) */
    size_t cap, used;
    uint32_t *cand; /* sim_surw_pick's candidates (runq indices) */
    size_t cap_cand;
};

/* Pending-event keys are memory addresses, or with bit 63 set the
 * synchronization objects and the exit (SIM_KEY_EXIT). */
static int is_memory(uint64_t key) { return !(key >> 63); }

static uint64_t child_sig(uint64_t parent, uint32_t k) {
    return sim_mix64(parent * 0x9e3779b97f4a7c15ull + k + 1);
}

/* ---- the profile ---- */

static int64_t prof_find(const sim_profile *p, uint64_t sig) {
    size_t lo = 0, hi = p ? p->ntasks : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->tasks[mid].sig < sig)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < (p ? p->ntasks : 0) && p->tasks[lo].sig == sig ? (int64_t)lo : -1;
}

/* The object at `key` if the profile knows it shared, else NULL. */
static const sim_profile_obj *prof_obj(const sim_profile *p, uint64_t key) {
    size_t lo = 0, hi = p ? p->nshared : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->shared[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < (p ? p->nshared : 0) && p->shared[lo].key == key ? &p->shared[lo] : NULL;
}

/* The interesting events expected of the task at `sig` and of everything it
 * starts (0 for a task the profile does not know).  Memoized; a cycle (two
 * signatures colliding) counts a task once. */
static uint64_t subtree(struct sim_surw *W, uint64_t sig) {
    int64_t i = prof_find(W->prof, sig);
    if (i < 0)
        return 0;
    if (W->subtree[i] != UINT64_MAX)
        return W->subtree[i];
    const sim_profile_task *pt = &W->prof->tasks[i];
    uint64_t sum = W->sync_only ? pt->sync : pt->events;
    W->subtree[i] = sum; /* while the children are counted */
    for (uint32_t k = 0; k < pt->children; k++)
        sum += subtree(W, child_sig(sig, k));
    return W->subtree[i] = sum;
}

int sim_surw_sync_only(uint64_t seed) { return (int)(sim_mix64(seed ^ 0x5e1ec7) & 1); }

void sim_surw_init(sim_state *S) {
    struct sim_surw *W = sim_xrealloc(NULL, sizeof *W);
    *W = (struct sim_surw){.prof = S->cfg.profile,
                           .intended = -1,
                           .sync_only = sim_surw_sync_only(S->cfg.seed),
                           .cap = 64};
    size_t n = W->prof ? W->prof->ntasks : 0;
    W->subtree = sim_xrealloc(NULL, (n ? n : 1) * sizeof *W->subtree);
    for (size_t i = 0; i < n; i++)
        W->subtree[i] = UINT64_MAX;
    W->cells = sim_xrealloc(NULL, W->cap * sizeof *W->cells);
    memset(W->cells, 0, W->cap * sizeof *W->cells);
    S->surw = W;
    sim_hb_init(S);
}

/* ---- objects touched this run ---- */

static obj_cell *cell_slot(obj_cell *cells, size_t cap, uint64_t key) {
    size_t i = sim_mix64(key) & (cap - 1);
    while (cells[i].key && cells[i].key != key)
        i = (i + 1) & (cap - 1);
    return &cells[i];
}

static void cells_grow(struct sim_surw *W) {
    size_t cap = 2 * W->cap;
    obj_cell *c = sim_xrealloc(NULL, cap * sizeof *c);
    memset(c, 0, cap * sizeof *c);
    for (size_t i = 0; i < W->cap; i++)
        if (W->cells[i].key)
            *cell_slot(c, cap, W->cells[i].key) = W->cells[i];
    sim_free(W->cells);
    W->cells = c;
    W->cap = cap;
}

/* The object's cell, made on its first event of the run. */
static obj_cell *cell_get(struct sim_surw *W, uint64_t key, uint32_t task) {
    if (2 * (W->used + 1) > W->cap)
        cells_grow(W);
    obj_cell *c = cell_slot(W->cells, W->cap, key);
    if (!c->key) {
        *c = (obj_cell){.key = key, .first = task, .shared = key == SIM_KEY_EXIT};
        W->used++;
    }
    return c;
}

/* Memory the profile knows racy counts from the start of a run only if it
 * raced in at least 1 in RACY_SHARE of the runs merged (the header). */
enum { RACY_SHARE = 8 };

/* Whether events on the object count: the exit; a synchronization object
 * two tasks used; memory racy in this run, or often racy in earlier ones.
 * o: the profile's entry or NULL; c: the object's cell, or an empty one. */
static int counts(const struct sim_surw *W, const obj_cell *c, uint64_t key,
                  const sim_profile_obj *o) {
    if (key == SIM_KEY_EXIT || (o && !is_memory(key)))
        return 1;
    if (o && (uint64_t)o->racy * RACY_SHARE >= W->prof->runs)
        return 1;
    return c->key == key && (is_memory(key) ? c->racy : c->shared);
}

/* counts() for the object at key, as this run and the profile know it. */
static int key_counts(const struct sim_surw *W, uint64_t key) {
    return counts(W, cell_slot(W->cells, W->cap, key), key, prof_obj(W->prof, key));
}

static int interesting(const struct sim_surw *W, const struct sfp_task *t) {
    uint64_t key = t->pend.key;
    if (!key || (W->sync_only && is_memory(key)))
        return 0;
    return key_counts(W, key);
}

/* ---- the walk ---- */

void sim_surw_task_started(sim_state *S, struct sfp_task *t) {
    struct sim_surw *W = S->surw;
    struct sfp_task *parent = S->cur;
    t->urw.sig = parent ? child_sig(parent->urw.sig, parent->urw.children++) : ROOT_SIG;
    uint64_t w = subtree(W, t->urw.sig);
    t->urw.weight = w;
    if (!parent)
        return;
    uint64_t pw = parent->urw.weight;
    parent->urw.weight = pw > w ? pw - w : 0;
    /* the intended event was one of the parent's subtree: it is the child's
     * with the child's share of it */
    if (W->intended == (int64_t)parent->id && w && 1 + sim_rng_below64(&S->rng, pw ? pw : 1) <= w)
        W->intended = t->id;
}

static void release_held(sim_state *S) {
    for (uint32_t i = 0; i < S->nrun; i++)
        S->runq[i]->urw.held = 0;
    S->surw->intended = -1;
}

/* Draws among the candidates (runq indices) by weight, skipping those at
 * the exit if skip_exit; 0 if their weights are all 0. */
static int draw_among(sim_state *S, const uint32_t *cand, uint32_t n, int skip_exit) {
    uint64_t total = 0;
    for (uint32_t i = 0; i < n; i++) {
        const struct sfp_task *t = S->runq[cand[i]];
        if (!skip_exit || t->pend.key != SIM_KEY_EXIT)
            total += t->urw.weight;
    }
    if (total == 0)
        return 0;
    uint64_t r = sim_rng_below64(&S->rng, total);
    for (uint32_t i = 0; i < n; i++) {
        const struct sfp_task *t = S->runq[cand[i]];
        if (skip_exit && t->pend.key == SIM_KEY_EXIT)
            continue;
        if (r < t->urw.weight) {
            S->surw->intended = t->id;
            return 1;
        }
        r -= t->urw.weight;
    }
    return 0;
}

/* The intended task, drawn among the runnable tasks not held back by their
 * weights (cand: their runq indices).  Blocked tasks have their share too:
 * when their events come next, some runnable task's event must come first
 * to unblock them, and never the exit's, which ends the run (without this
 * an exit competes only with a lock's holder, not with its waiters, and
 * comes first far more often than its uniform share). */
static void draw_intended(sim_state *S, const uint32_t *cand, uint32_t n) {
    uint64_t run = 0, blocked = 0;
    for (uint32_t i = 0; i < n; i++)
        run += S->runq[cand[i]]->urw.weight;
    for (uint32_t i = 0; i < S->ntasks; i++)
        if (S->tasks[i]->state == TASK_BLOCKED)
            blocked += S->tasks[i]->urw.weight;
    if (sim_rng_below64(&S->rng, run + blocked) < run || !draw_among(S, cand, n, 1))
        draw_among(S, cand, n, 0);
}

uint32_t sim_surw_pick(sim_state *S) {
    struct sim_surw *W = S->surw;
    if (W->cap_cand < S->nrun) {
        W->cap_cand = S->cap_tasks;
        W->cand = sim_xrealloc(W->cand, W->cap_cand * sizeof *W->cand);
    }
    uint32_t *cand = W->cand, pick;
    for (;;) {
        uint32_t n = 0;
        for (uint32_t i = 0; i < S->nrun; i++)
            if (!S->runq[i]->urw.held)
                cand[n++] = i;
        if (n == 0) { /* the intended task cannot go on: draw again */
            release_held(S);
            continue;
        }
        pick = cand[sim_rng_below(&S->rng, n)];
        struct sfp_task *t = S->runq[pick];
        if (t->urw.done || !interesting(W, t))
            break;
        if (t->urw.weight == 0)
            t->urw.weight = 1; /* more events than the profile knew */
        if (W->intended < 0)
            draw_intended(S, cand, n);
        if (W->intended == (int64_t)t->id)
            break;
        t->urw.held = 1;
    }
    return pick;
}

/* t's access to the memory of cell c races with the last store (or, for a
 * store, the last load) of another task: not ordered by synchronization.
 * Records it as the last.  Only the last load is kept, so a race with an
 * earlier one may go unseen in this run. */
static int races(sim_state *S, obj_cell *c, const struct sfp_task *t) {
    int store = t->pend.write;
    int r = (c->wr && !sim_hb_ordered(S, c->wr, t->id)) ||
            (store && c->rd && !sim_hb_ordered(S, c->rd, t->id));
    *(store ? &c->wr : &c->rd) = sim_hb_epoch(S, t->id);
    return r;
}

/* t performs its pending event: count it for the profile, and end the
 * intention it fulfils. */
void sim_surw_ran(sim_state *S, struct sfp_task *t) {
    struct sim_surw *W = S->surw;
    uint64_t key = t->pend.key;
    if (t->urw.done) /* resumed after blocking in it: counted once */
        return;
    t->urw.done = 1;
    if (!key)
        return;
    obj_cell *c = cell_get(W, key, t->id);
    if (is_memory(key) && races(S, c, t))
        c->racy = 1;
    if (!c->shared && c->first != t->id) {
        c->shared = 1;
        /* the first task's events before: memory's count if it raced */
        if (!is_memory(key) || c->racy)
            S->tasks[c->first]->urw.events += c->pre;
        if (!is_memory(key))
            S->tasks[c->first]->urw.sync += c->pre;
        c->pre = 0;
    }
    if (!counts(W, c, key, prof_obj(W->prof, key))) {
        if (!c->shared)
            c->pre++;
        return;
    }
    /* counted in every run, the weights use the run's own kind */
    t->urw.events++;
    if (!is_memory(key))
        t->urw.sync++;
    else if (W->sync_only)
        return;
    if (t->urw.weight)
        t->urw.weight--;
    if (W->intended == (int64_t)t->id)
        release_held(S);
}

static int cmp_task(const void *a, const void *b) {
    uint64_t x = ((const sim_profile_task *)a)->sig, y = ((const sim_profile_task *)b)->sig;
    return x < y ? -1 : x > y;
}

static int cmp_obj(const void *a, const void *b) {
    uint64_t x = ((const sim_profile_obj *)a)->key, y = ((const sim_profile_obj *)b)->key;
    return x < y ? -1 : x > y;
}

/* Whether the event t has pending, not yet performed, is one on racy
 * memory that counts. */
static int pending_racy(const struct sim_surw *W, const struct sfp_task *t) {
    uint64_t key = t->pend.key;
    return key && !t->urw.done && is_memory(key) && key_counts(W, key);
}

void sim_surw_finish(sim_state *S) {
    struct sim_surw *W = S->surw;
    if (!W)
        return;
    sim_profile *p = &S->res->profile;
    p->tasks = sim_xrealloc(NULL, (S->ntasks ? S->ntasks : 1) * sizeof *p->tasks);
    for (uint32_t i = 0; i < S->ntasks; i++) {
        const struct sfp_task *t = S->tasks[i];
        /* a task the process's exit cut short: its count is a lower bound,
         * and it had at least one event to come (its pending one if that
         * counts, else one taken as synchronization).  Counted as seen,
         * tasks the exit cut short inside a critical section, at an access
         * that is no event, learned one event too few, the exit outweighed
         * them and they rarely finished: SCTBench, mem build, surw alone,
         * 20 trials: token_ring 46 -> 23 mean schedules, account 48 -> 20
         * (token_ring's sync build, where the pending event is the
         * unlock, took 16). */
        int whole = t->state == TASK_DONE || (S->outcome == SIM_EXIT && t == S->cur);
        uint32_t more = !whole, more_sync = more && !pending_racy(W, t);
        p->tasks[p->ntasks++] = (sim_profile_task){t->urw.sig,
                                                   t->urw.events + more,
                                                   t->urw.children,
                                                   (uint32_t)whole,
                                                   whole ? t->urw.events : 0,
                                                   t->urw.sync + more_sync,
                                                   whole ? t->urw.sync : 0};
    }
    qsort(p->tasks, p->ntasks, sizeof *p->tasks, cmp_task);
    size_t k = 0; /* colliding signatures: one task of them */
    for (size_t i = 0; i < p->ntasks; i++)
        if (k == 0 || p->tasks[k - 1].sig != p->tasks[i].sig)
            p->tasks[k++] = p->tasks[i];
    p->ntasks = k;
    p->shared = sim_xrealloc(NULL, (W->used ? W->used : 1) * sizeof *p->shared);
    for (size_t i = 0; i < W->cap; i++) {
        const obj_cell *c = &W->cells[i];
        if (c->key && c->shared && (!is_memory(c->key) || c->racy))
            p->shared[p->nshared++] = (sim_profile_obj){c->key, (uint32_t)c->racy};
    }
    qsort(p->shared, p->nshared, sizeof *p->shared, cmp_obj);
    p->runs = 1;
    sim_free(W->subtree);
    sim_free(W->cells);
    sim_free(W->cand);
    sim_free(W);
    S->surw = NULL;
    sim_hb_free(S);
}

/* ---- merging profiles ---- */

static uint32_t sat_add(uint32_t a, uint32_t b) { return a > UINT32_MAX - b ? UINT32_MAX : a + b; }

/* total / runs, rounded half up (runs > 0). */
static uint32_t mean(uint64_t total, uint32_t runs) {
    return (uint32_t)((total + runs / 2) / runs);
}

/* Events: the mean over the runs the task finished, from the exact sum (a
 * running mean kept rounded would stick at its first values); while it has
 * none, the most seen (runs cut short are lower bounds, and would drag a
 * mean down: the exit that cut them would then look likelier to come
 * first). */
static sim_profile_task merge_task(sim_profile_task a, const sim_profile_task *b) {
    if (b->runs == 0) {
        if (a.runs == 0 && b->events > a.events)
            a.events = b->events;
        if (a.runs == 0 && b->sync > a.sync)
            a.sync = b->sync;
    } else {
        uint64_t runs = (uint64_t)a.runs + b->runs;
        a.total = (a.runs ? a.total : 0) + b->total;
        a.sync_total = (a.runs ? a.sync_total : 0) + b->sync_total;
        a.runs = runs > UINT32_MAX / 2 ? UINT32_MAX / 2 : (uint32_t)runs;
        a.events = mean(a.total, a.runs);
        a.sync = mean(a.sync_total, a.runs);
    }
    a.children = a.children > b->children ? a.children : b->children;
    return a;
}

int sim_profile_merge(sim_profile *into, const sim_profile *run) {
    size_t nt = into->ntasks + run->ntasks, ns = into->nshared + run->nshared;
    sim_profile_task *t = malloc((nt ? nt : 1) * sizeof *t);
    sim_profile_obj *s = malloc((ns ? ns : 1) * sizeof *s);
    if (!t || !s) {
        free(t);
        free(s);
        return -1;
    }
    size_t i = 0, j = 0, n = 0;
    while (i < into->ntasks || j < run->ntasks) {
        if (j == run->ntasks || (i < into->ntasks && into->tasks[i].sig < run->tasks[j].sig))
            t[n++] = into->tasks[i++];
        else if (i == into->ntasks || run->tasks[j].sig < into->tasks[i].sig) {
            if (into->ntasks + (n - i) < SIM_PROFILE_MAX_TASKS) /* room for a new task */
                t[n++] = run->tasks[j];
            j++;
        } else
            t[n++] = merge_task(into->tasks[i++], &run->tasks[j++]);
    }
    size_t m = 0;
    for (i = 0, j = 0; i < into->nshared || j < run->nshared;) {
        sim_profile_obj o;
        if (j == run->nshared || (i < into->nshared && into->shared[i].key < run->shared[j].key))
            o = into->shared[i++];
        else if (i == into->nshared || run->shared[j].key < into->shared[i].key)
            o = run->shared[j++];
        else { /* in both */
            o = into->shared[i++];
            o.racy = sat_add(o.racy, run->shared[j++].racy);
        }
        if (m < SIM_PROFILE_MAX_SHARED)
            s[m++] = o;
    }
    free(into->tasks);
    free(into->shared);
    *into = (sim_profile){t, n, s, m, sat_add(into->runs, run->runs)};
    return 0;
}

void sim_profile_free(sim_profile *p) {
    if (!p)
        return;
    free(p->tasks);
    free(p->shared);
    memset(p, 0, sizeof *p);
}
