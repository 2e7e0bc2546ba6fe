/* surw: the selectively uniform random walk samples the interleavings of
 * shared events uniformly once the profile knows the event counts; the
 * random walk on the same program does not.  Also: profiles merge as
 * documented, memory counts only when racy (happens-before), and surw runs
 * replay (the runtime's determinism check). */
#include "../check.h"
#include "platform.h"
#include "sim.h"

#include <stdlib.h>

enum { A_EVENTS = 2, B_EVENTS = 3, NEVENTS = A_EVENTS + B_EVENTS, NSEQ = 10 /* C(5,2) */ };

/* One log for every run: the shared object keeps its address from run to
 * run, as a program's globals do (the profile names objects by address). */
typedef struct log {
    int shared; /* the object both tasks touch */
    int n;
    char who[2 * NEVENTS]; /* a run and its replay (check_determinism) */
} log_t;

typedef struct worker {
    log_t *log;
    char name;
    int events;
} worker;

/* The tasks race on purpose: relaxed atomics, so that TSan (which sees
 * every task as a fiber of its own) takes them for what they are. */
static void work(void *p) {
    worker *w = p;
    for (int i = 0; i < w->events; i++) {
        sim_point_access((uintptr_t)&w->log->shared, 1);
        __atomic_fetch_add(&w->log->shared, 1, __ATOMIC_RELAXED);
        int at = __atomic_fetch_add(&w->log->n, 1, __ATOMIC_RELAXED);
        __atomic_store_n(&w->log->who[at], w->name, __ATOMIC_RELAXED);
    }
}

static void program(void *p) {
    log_t *l = p;
    worker a = {l, 'A', A_EVENTS}, b = {l, 'B', B_EVENTS};
    sfp_task *ta, *tb;
    CHECK(sfp_task_start(&ta, work, &a, "A") == SFP_OK);
    CHECK(sfp_task_start(&tb, work, &b, "B") == SFP_OK);
    sfp_task_join(ta);
    sfp_task_join(tb);
}

/* The index of an interleaving (which of the 5 slots hold A's 2 events). */
static int seq_index(const log_t *l) {
    int mask = 0;
    for (int i = 0; i < NEVENTS; i++)
        mask |= (__atomic_load_n(&l->who[i], __ATOMIC_RELAXED) == 'A') << i;
    int idx = 0;
    for (int m = 0; m < 1 << NEVENTS; m++) {
        if (__builtin_popcount((unsigned)m) != A_EVENTS)
            continue;
        if (m == mask)
            return idx;
        idx++;
    }
    return -1;
}

static log_t the_log;

static sim_result run(sim_strategy s, uint64_t seed, const sim_profile *prof) {
    log_t *l = &the_log;
    *l = (log_t){0};
    sim_config cfg = {.strategy = s, .seed = seed, .profile = prof};
    sim_result r;
    CHECK(sim_run(&cfg, program, l, &r) == 0);
    CHECK(r.outcome == SIM_OK);
    CHECK(__atomic_load_n(&l->n, __ATOMIC_RELAXED) == NEVENTS);
    return r;
}

/* The next seed from *next on whose SURW runs sample synchronization
 * events only (sync_only 1) or racy memory's too (0). */
static uint64_t seed_of_kind(uint64_t *next, int sync_only) {
    while (sim_surw_sync_only(*next) != sync_only)
        ++*next;
    return (*next)++;
}

/* Pearson's chi-square of the interleaving counts over `runs` runs, seeds
 * of the kind given (SURW: sim_surw_sync_only). */
static double chi2(sim_strategy s, const sim_profile *prof, int runs, int sync_only) {
    int count[NSEQ] = {0};
    uint64_t next = 1000;
    for (int i = 0; i < runs; i++) {
        sim_result r = run(s, seed_of_kind(&next, sync_only), prof);
        int k = seq_index(&the_log);
        CHECK(k >= 0 && k < NSEQ);
        if (k >= 0 && k < NSEQ)
            count[k]++;
        sim_result_free(&r);
    }
    double e = (double)runs / NSEQ, x = 0;
    for (int k = 0; k < NSEQ; k++)
        x += (count[k] - e) * (count[k] - e) / e;
    return x;
}

static void uniform(void) {
    /* the first run profiles: the tasks' shared events, the shared object */
    sim_profile prof = {0};
    sim_result r = run(SIM_SURW, 1, &prof);
    CHECK(r.profile.ntasks == 3 && r.profile.nshared == 1);
    CHECK(sim_profile_merge(&prof, &r.profile) == 0);
    sim_result_free(&r);
    uint32_t events = 0, children = 0;
    for (size_t i = 0; i < prof.ntasks; i++) {
        events += prof.tasks[i].events;
        children += prof.tasks[i].children;
    }
    CHECK_MSG(events == NEVENTS && children == 2, "profile: %u events, %u children", events,
              children);
    /* 9 degrees of freedom: P(chi2 > 46) is about 1e-6 for a uniform sampler */
    double u = chi2(SIM_SURW, &prof, 20000, 0), w = chi2(SIM_RANDOM, NULL, 20000, 0);
    printf("surw: chi2 %.1f over %d interleavings; random walk: %.1f\n", u, NSEQ, w);
    CHECK_MSG(u < 46, "surw is not uniform: chi2 %.1f", u);
    CHECK_MSG(w > 46, "the random walk looked uniform (chi2 %.1f): the test cannot tell", w);
    /* without a profile nothing is known shared: a plain walk, not uniform */
    double n = chi2(SIM_SURW, NULL, 20000, 0);
    CHECK_MSG(n > 46, "surw without a profile looked uniform (chi2 %.1f)", n);
    /* the other seeds: only synchronization objects are interesting, and
     * this program has none: the walk again */
    double o = chi2(SIM_SURW, &prof, 20000, 1);
    printf("surw, synchronization events only: chi2 %.1f\n", o);
    CHECK_MSG(o > 46, "surw sampling synchronization only looked uniform (chi2 %.1f)", o);
    sim_profile_free(&prof);
}

static void replays(void) {
    sim_profile prof = {0};
    sim_result r = run(SIM_SURW, 7, &prof);
    CHECK(sim_profile_merge(&prof, &r.profile) == 0);
    sim_result_free(&r);
    for (uint64_t seed = 0; seed < 50; seed++) {
        sim_config cfg = {
            .strategy = SIM_SURW, .seed = seed, .profile = &prof, .check_determinism = 1};
        the_log = (log_t){0};
        CHECK(sim_run(&cfg, program, &the_log, &r) == 0);
        CHECK_MSG(r.outcome == SIM_OK, "seed %llu: %s", (unsigned long long)seed,
                  sim_outcome_name(r.outcome));
        sim_result_free(&r);
    }
    sim_profile_free(&prof);
}

static void merge(void) {
    sim_profile_task t1[] = {{1, 4, 1, 1, 4, 2, 2}, {5, 2, 0, 1, 2, 0, 0}},
                     t2[] = {{1, 7, 2, 1, 7, 3, 3}, {3, 1, 0, 1, 1, 0, 0}};
    sim_profile_obj s1[] = {{10, 0}, {30, 1}}, s2[] = {{20, 1}, {30, 1}};
    sim_profile run1 = {t1, 2, s1, 2, 1}, run2 = {t2, 2, s2, 2, 1}, p = {0};
    CHECK(sim_profile_merge(&p, &run1) == 0);
    CHECK(sim_profile_merge(&p, &run2) == 0);
    CHECK(p.ntasks == 3 && p.nshared == 3);
    if (p.ntasks == 3) {
        CHECK(p.tasks[0].sig == 1 && p.tasks[1].sig == 3 && p.tasks[2].sig == 5);
        /* mean of 4 and 7, rounded half up; children: the most; runs counted;
         * the synchronization events' mean apart (2 and 3) */
        CHECK(p.tasks[0].events == 6 && p.tasks[0].children == 2 && p.tasks[0].runs == 2);
        CHECK(p.tasks[0].sync == 3 && p.tasks[0].sync_total == 5);
        CHECK(p.tasks[1].events == 1 && p.tasks[1].runs == 1);
        CHECK(p.tasks[2].events == 2 && p.tasks[2].runs == 1);
    }
    /* objects: the union, the runs each raced in summed; runs summed */
    if (p.nshared == 3) {
        CHECK(p.shared[0].key == 10 && p.shared[1].key == 20 && p.shared[2].key == 30);
        CHECK(p.shared[0].racy == 0 && p.shared[1].racy == 1 && p.shared[2].racy == 2);
    }
    CHECK(p.runs == 2);
    /* a third run weighs a third */
    sim_profile_task t3[] = {{1, 0, 0, 1, 0, 0, 0}};
    sim_profile run3 = {t3, 1, NULL, 0, 1};
    CHECK(sim_profile_merge(&p, &run3) == 0);
    CHECK(p.tasks[0].events == 4 && p.tasks[0].runs == 3); /* (4 + 7 + 0) / 3 */
    /* a run the exit cut short (runs 0) counts no mean: its count is a lower
     * bound; the most of them stands until a run finishes the task */
    sim_profile_task t4[] = {{1, 0, 0, 0, 0, 0, 0}, {7, 3, 0, 0, 0, 0, 0}},
                     t5[] = {{7, 5, 0, 0, 0, 0, 0}}, t6[] = {{7, 1, 0, 0, 0, 0, 0}},
                     t7[] = {{7, 2, 0, 1, 2, 0, 0}};
    sim_profile run4 = {t4, 2, NULL, 0, 1}, run5 = {t5, 1, NULL, 0, 1}, run6 = {t6, 1, NULL, 0, 1},
                run7 = {t7, 1, NULL, 0, 1};
    CHECK(sim_profile_merge(&p, &run4) == 0);
    CHECK(p.tasks[0].events == 4 && p.tasks[0].runs == 3);
    CHECK(p.ntasks == 4 && p.tasks[3].sig == 7 && p.tasks[3].events == 3 && p.tasks[3].runs == 0);
    CHECK(sim_profile_merge(&p, &run5) == 0 && sim_profile_merge(&p, &run6) == 0);
    CHECK(p.tasks[3].events == 5 && p.tasks[3].runs == 0);
    CHECK(sim_profile_merge(&p, &run7) == 0);
    CHECK(p.tasks[3].events == 2 && p.tasks[3].runs == 1);
    /* the mean comes from the sum: after two runs of 2, nine of 3 make the
     * mean of the eleven 2.8, so 3 (a mean kept rounded run by run stays
     * at 2: (2 * 2 + 3) / 3 rounds to 2, and so on) */
    sim_profile_task t8[] = {{7, 3, 0, 1, 3, 0, 0}};
    sim_profile run8 = {t8, 1, NULL, 0, 1};
    CHECK(sim_profile_merge(&p, &run7) == 0);
    for (int i = 0; i < 9; i++)
        CHECK(sim_profile_merge(&p, &run8) == 0);
    CHECK_MSG(p.tasks[3].events == 3 && p.tasks[3].runs == 11 && p.tasks[3].total == 31,
              "%u events over %u runs", p.tasks[3].events, p.tasks[3].runs);
    /* bounded: a run with more tasks than the cap adds only up to it */
    size_t n = SIM_PROFILE_MAX_TASKS + 100;
    sim_profile_task *big = calloc(n, sizeof *big);
    sim_profile_obj *keys = calloc(SIM_PROFILE_MAX_SHARED + 100, sizeof *keys);
    for (size_t i = 0; i < n; i++)
        big[i] = (sim_profile_task){100 + i, 1, 0, 1, 1, 0, 0};
    for (size_t i = 0; i < SIM_PROFILE_MAX_SHARED + 100; i++)
        keys[i].key = 100 + i;
    sim_profile huge = {big, n, keys, SIM_PROFILE_MAX_SHARED + 100, 1};
    CHECK(sim_profile_merge(&p, &huge) == 0);
    CHECK_MSG(p.ntasks == SIM_PROFILE_MAX_TASKS, "%zu tasks", p.ntasks);
    CHECK_MSG(p.nshared == SIM_PROFILE_MAX_SHARED, "%zu shared", p.nshared);
    for (size_t i = 1; i < p.ntasks; i++)
        CHECK(p.tasks[i - 1].sig < p.tasks[i].sig);
    free(big);
    free(keys);
    sim_profile_free(&p);
    CHECK(p.ntasks == 0 && p.tasks == NULL);
}

/* ---- the exit's share when tasks wait on a lock ---- */

enum { LOCKED_EVENTS = 2, NLOCKERS = 2 };

typedef struct exit_log {
    int held, shared, done, done_at_exit, held_at_exit;
    int publish; /* the lockers tell the runtime their lock orders (sim_acquire) */
    sim_waitq q;
} exit_log;

/* A lock made of a flag and a wait queue, as a frontend makes one (the
 * pthread interposition); relaxed atomics, as in work(): TSan sees each
 * task as a fiber of its own. */
static void locker(void *p) {
    exit_log *e = p;
    sim_point(SIM_EV_LOCK, 1);
    while (__atomic_load_n(&e->held, __ATOMIC_RELAXED))
        sim_park(&e->q, INT64_MAX, "lock", 1);
    __atomic_store_n(&e->held, 1, __ATOMIC_RELAXED);
    if (e->publish)
        sim_acquire(&e->held);
    for (int i = 0; i < LOCKED_EVENTS; i++) {
        sim_point_access((uintptr_t)&e->shared, 1);
        __atomic_fetch_add(&e->shared, 1, __ATOMIC_RELAXED);
    }
    if (e->publish)
        sim_release(&e->held);
    sim_point(SIM_EV_UNLOCK, 1);
    __atomic_store_n(&e->held, 0, __ATOMIC_RELAXED);
    sim_unpark_one(&e->q);
    __atomic_fetch_add(&e->done, 1, __ATOMIC_RELAXED);
}

/* main starts the lockers and exits without waiting for them */
static void exiting_program(void *p) {
    exit_log *e = p;
    for (int i = 0; i < NLOCKERS; i++)
        CHECK(sim_spawn(locker, e, "locker", NULL) == 0);
    sim_point(SIM_EV_EXIT, 0);
    __atomic_store_n(&e->done_at_exit, __atomic_load_n(&e->done, __ATOMIC_RELAXED),
                     __ATOMIC_RELAXED);
    __atomic_store_n(&e->held_at_exit, __atomic_load_n(&e->held, __ATOMIC_RELAXED),
                     __ATOMIC_RELAXED);
    sim_exit_run();
}

static exit_log the_exit_log;

/* The share of runs in which every locker finished before the exit; seeds
 * of the kind given (sim_surw_sync_only), or of both when kind < 0. */
static double all_done_share(const sim_profile *prof, sim_profile *learn, int runs, int publish,
                             int kind) {
    int all = 0;
    uint64_t next = 5000;
    for (int i = 0; i < runs; i++) {
        the_exit_log = (exit_log){.publish = publish};
        uint64_t seed = kind < 0 ? next++ : seed_of_kind(&next, kind);
        sim_config cfg = {.strategy = SIM_SURW, .seed = seed, .profile = prof};
        sim_result r;
        CHECK(sim_run(&cfg, exiting_program, &the_exit_log, &r) == 0);
        CHECK(r.outcome == SIM_EXIT);
        all += __atomic_load_n(&the_exit_log.done_at_exit, __ATOMIC_RELAXED) == NLOCKERS;
        if (learn)
            CHECK(sim_profile_merge(learn, &r.profile) == 0);
        sim_result_free(&r);
    }
    return (double)all / runs;
}

/* Each locker has LOCKED_EVENTS + 2 shared events (lock, accesses, unlock;
 * a wait inside the lock is part of the lock's event) and main one, the
 * exit.  The exit can come anywhere among the others' orders, so in a
 * uniform sample of the N = 9 events' interleavings it comes last in 1/N
 * of the runs.  Measured with each part undone: the waiters' weights left
 * out of the draw, 0.055 (the exit competes with the holder only); the
 * wait counted as an event of its own (counts then vary with contention,
 * and a task runs out of weight before its last event), 0.030; runs the
 * exit cut short averaged in, 0.0001.  Runs of the other kind sample the
 * synchronization events only (2 per locker and the exit: 5), memory then
 * runs as the walk. */
static uint32_t exit_share(int publish, int sync_only) {
    sim_profile prof = {0};
    /* learns as the pthread runner does, from runs of either kind */
    (void)all_done_share(&prof, &prof, 200, publish, -1);
    uint32_t events = 0;
    for (size_t i = 0; i < prof.ntasks; i++)
        events += sync_only ? prof.tasks[i].sync : prof.tasks[i].events;
    double share = all_done_share(&prof, NULL, 20000, publish, sync_only), want = 1.0 / events;
    printf("surw%s%s: %u shared events; the exit came last in %.4f of the runs (uniform: %.4f)\n",
           publish ? " (lock's order published)" : "", sync_only ? " (synchronization only)" : "",
           events, share, want);
    CHECK_MSG(share > 0.8 * want && share < 1.2 * want, "exit last in %.4f of the runs, want %.4f",
              share, want);
    sim_profile_free(&prof);
    return events;
}

/* Racy memory only: once the lockers tell the runtime that their lock
 * orders them (sim_release, sim_acquire), their accesses are no
 * interesting events, so each locker has two (lock, unlock); and the exit
 * still gets its uniform share of the fewer events. */
static void exit_share_locks(void) {
    CHECK(exit_share(0, 0) == NLOCKERS * (LOCKED_EVENTS + 2) + 1);
    uint32_t fewer = exit_share(1, 0);
    CHECK_MSG(fewer == NLOCKERS * 2 + 1, "%u shared events with the lock's order", fewer);
    CHECK(exit_share(0, 1) == NLOCKERS * 2 + 1);
}

/* The exit cuts a locker short inside its section, at an access that is
 * no event (the lockers publish their lock's order): it performed its lock
 * and has its unlock to come.  Its count, a lower bound, includes one
 * event more: 2, not 1.  Counted 1, lockers the exit kept cutting short
 * learned 1, the exit outweighed them, and they rarely finished
 * (SCTBench token_ring in the mem build: SURW took 46 mean schedules, 23
 * with this). */
static void cut_short(void) {
    sim_profile prof = {0};
    (void)all_done_share(&prof, &prof, 50, 1, -1); /* the lock is known shared */
    int seen = 0;
    for (uint64_t seed = 9000; seed < 9200; seed++) {
        the_exit_log = (exit_log){.publish = 1};
        sim_config cfg = {.strategy = SIM_SURW, .seed = seed, .profile = &prof};
        sim_result r;
        CHECK(sim_run(&cfg, exiting_program, &the_exit_log, &r) == 0);
        if (__atomic_load_n(&the_exit_log.held_at_exit, __ATOMIC_RELAXED)) {
            uint32_t most = 0;
            for (size_t i = 0; i < r.profile.ntasks; i++)
                if (r.profile.tasks[i].runs == 0 && r.profile.tasks[i].events > most)
                    most = r.profile.tasks[i].events;
            CHECK_MSG(most == 2, "seed %llu: a locker cut short holding the lock counts %u",
                      (unsigned long long)seed, most);
            seen++;
        }
        sim_result_free(&r);
    }
    CHECK_MSG(seen >= 10, "%d runs cut a locker short holding the lock", seen);
    sim_profile_free(&prof);
}

/* The events one run counts in which every locker finished, the lockers
 * publishing their lock's order (their accesses are then not racy in the
 * run itself): 9 when the profile's memory counts, else 5. */
static uint32_t events_published(const sim_profile *prof) {
    uint32_t events = 0;
    for (uint64_t seed = 7000; seed < 7100 && !events; seed++) {
        the_exit_log = (exit_log){.publish = 1};
        sim_config cfg = {.strategy = SIM_SURW, .seed = seed, .profile = prof};
        sim_result r;
        CHECK(sim_run(&cfg, exiting_program, &the_exit_log, &r) == 0);
        if (__atomic_load_n(&the_exit_log.done_at_exit, __ATOMIC_RELAXED) == NLOCKERS)
            for (size_t i = 0; i < r.profile.ntasks; i++)
                events += r.profile.tasks[i].events;
        sim_result_free(&r);
    }
    return events;
}

/* The runs merged into prof in which the lockers' accesses raced. */
static uint32_t racy_runs(const sim_profile *prof) {
    for (size_t i = 0; i < prof->nshared; i++)
        if (prof->shared[i].key == (uintptr_t)&the_exit_log.shared)
            return prof->shared[i].racy;
    return 0;
}

/* Racy often, racy in every run: once runs saw the lockers' accesses
 * unordered (those of the 50 in which both got to them), a run in which
 * the lock orders them still counts all of them (9 events), not none (5:
 * racy only in the run that saw it), as long as those runs are at least an
 * eighth of the runs merged; after runs without the race up to exactly an
 * eighth they still are, after one more no longer. */
static void racy_kept(void) {
    sim_profile prof = {0};
    (void)all_done_share(&prof, &prof, 50, 0, -1);
    uint32_t racy = racy_runs(&prof), events = events_published(&prof);
    CHECK_MSG(racy > 0 && prof.runs == 50, "racy in %u of %u runs", racy, prof.runs);
    CHECK_MSG(events == NLOCKERS * (LOCKED_EVENTS + 2) + 1, "%u events", events);
    (void)all_done_share(&prof, &prof, (int)(8 * racy - prof.runs), 1, -1);
    events = events_published(&prof);
    CHECK_MSG(racy_runs(&prof) == racy && prof.runs == 8 * racy, "racy in %u of %u runs",
              racy_runs(&prof), prof.runs);
    CHECK_MSG(events == NLOCKERS * (LOCKED_EVENTS + 2) + 1, "%u events, racy in 1 of 8", events);
    (void)all_done_share(&prof, &prof, 1, 1, -1);
    events = events_published(&prof);
    CHECK_MSG(events == NLOCKERS * 2 + 1, "%u events, racy in %u of %u runs", events, racy,
              prof.runs);
    sim_profile_free(&prof);
}

/* ---- racy memory: accesses no synchronization orders ---- */

enum { HAND_RACE, HAND_EDGE, HAND_MUTEX, HAND_JOIN };

typedef struct hand {
    int how; /* HAND_*: what orders second's access after first's */
    int x, flag;
    sfp_mutex m;
} hand;

/* Relaxed atomics, as in work(): the race is the test's subject. */
static void put(hand *h, int v) {
    sim_point_access((uintptr_t)&h->x, 1);
    __atomic_store_n(&h->x, v, __ATOMIC_RELAXED);
}

static void first(void *p) {
    hand *h = p;
    if (h->how == HAND_MUTEX)
        sfp_mutex_lock(&h->m);
    put(h, 1);
    if (h->how == HAND_MUTEX)
        sfp_mutex_unlock(&h->m);
    if (h->how == HAND_EDGE)
        sim_release(&h->flag);
    __atomic_store_n(&h->flag, 1, __ATOMIC_RELAXED);
}

/* waits for first's access, so that the two never meet in other orders */
static void second(void *p) {
    hand *h = p;
    while (!__atomic_load_n(&h->flag, __ATOMIC_RELAXED))
        sfp_yield();
    if (h->how == HAND_EDGE)
        sim_acquire(&h->flag);
    if (h->how == HAND_MUTEX)
        sfp_mutex_lock(&h->m);
    put(h, 2);
    if (h->how == HAND_MUTEX)
        sfp_mutex_unlock(&h->m);
}

static void handing_program(void *p) {
    hand *h = p;
    sfp_task *a, *b;
    sfp_mutex_init(&h->m);
    CHECK(sfp_task_start(&a, first, h, "first") == SFP_OK);
    if (h->how == HAND_JOIN)
        sfp_task_join(a);
    CHECK(sfp_task_start(&b, second, h, "second") == SFP_OK);
    if (h->how != HAND_JOIN)
        sfp_task_join(a);
    sfp_task_join(b);
    sfp_mutex_destroy(&h->m);
}

static hand the_hand;

/* Whether a SURW run of handing_program reported x racy (in its profile). */
static int x_racy(int how, uint64_t seed) {
    the_hand = (hand){.how = how};
    sim_config cfg = {.strategy = SIM_SURW, .seed = seed};
    sim_result r;
    CHECK(sim_run(&cfg, handing_program, &the_hand, &r) == 0);
    CHECK(r.outcome == SIM_OK);
    int racy = 0;
    for (size_t i = 0; i < r.profile.nshared; i++)
        racy |= r.profile.shared[i].key == (uintptr_t)&the_hand.x;
    sim_result_free(&r);
    return racy;
}

/* Two tasks store to x one after the other in every run.  Only when
 * nothing orders the stores is x racy: an edge through sim_release and
 * sim_acquire, a mutex both hold, or a join before the second task's start
 * makes it memory handed over, no interesting event (qsort_mt's array). */
static void racy_memory(void) {
    for (uint64_t seed = 1; seed <= 20; seed++) {
        CHECK_MSG(x_racy(HAND_RACE, seed), "seed %llu: unordered stores not racy",
                  (unsigned long long)seed);
        CHECK_MSG(!x_racy(HAND_EDGE, seed), "seed %llu: racy across sim_release/acquire",
                  (unsigned long long)seed);
        CHECK_MSG(!x_racy(HAND_MUTEX, seed), "seed %llu: racy under a mutex",
                  (unsigned long long)seed);
        CHECK_MSG(!x_racy(HAND_JOIN, seed), "seed %llu: racy across join and start",
                  (unsigned long long)seed);
    }
}

int main(void) {
    racy_memory();
    exit_share_locks();
    cut_short();
    racy_kept();
    merge();
    replays();
    uniform();
    return check_report("runtime.test_surw");
}
