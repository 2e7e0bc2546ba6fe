/* Deadlock and task-leak reports name the tasks (by spawn site) and what
 * they wait on; the runtime is reusable after such runs. */
#include "../check.h"
#include "platform.h"
#include "sim.h"

#include <string.h>

typedef struct two_locks {
    sfp_mutex a, b;
} two_locks;

static void lock_ab(void *p) {
    two_locks *s = p;
    sfp_mutex_lock(&s->a);
    sfp_task_note("lock-b", 0xb, 0x5c);
    sfp_mutex_lock(&s->b);
    sfp_task_note(NULL, 0, 0);
    sfp_mutex_unlock(&s->b);
    sfp_mutex_unlock(&s->a);
}

static void lock_ba(void *p) {
    two_locks *s = p;
    sfp_mutex_lock(&s->b);
    sfp_mutex_lock(&s->a);
    sfp_mutex_unlock(&s->a);
    sfp_mutex_unlock(&s->b);
}

static void lock_order_inversion(void *arg) {
    two_locks *s = arg;
    sfp_mutex_init(&s->a);
    sfp_mutex_init(&s->b);
    sfp_task *t1, *t2;
    sfp_task_start(&t1, lock_ab, s, "lock_ab@reports.c:10");
    sfp_task_start(&t2, lock_ba, s, "lock_ba@reports.c:20");
    sfp_task_join(t1);
    sfp_task_join(t2);
}

static void deadlock_report(void) {
    int found = 0, ok = 0;
    for (uint64_t seed = 0; seed < 200 && !found; seed++) {
        two_locks s;
        sim_config cfg = {.strategy = SIM_RANDOM, .seed = seed};
        sim_result r;
        CHECK(sim_run(&cfg, lock_order_inversion, &s, &r) == 0);
        ok += r.outcome == SIM_OK;
        if (r.outcome == SIM_DEADLOCK) {
            found = 1;
            const char *rep = r.report;
            CHECK(rep && strstr(rep, "all tasks are asleep - deadlock!"));
            CHECK(rep && strstr(rep, "blocked in join task 1 \"lock_ab@"));
            CHECK(rep && strstr(rep, "\"lock_ab@reports.c:10\": blocked in lock mutex #2 "
                                     "(held by task 2 \"lock_ba@reports.c:20\")"));
            CHECK(rep && strstr(rep, "note: lock-b object=0xb scope=0x5c"));
            CHECK(rep && strstr(rep, "\"lock_ba@reports.c:20\": blocked in lock mutex #1 "
                                     "(held by task 1"));
            if (check_failures)
                sim_result_print(&r, stderr);
        } else {
            CHECK(r.outcome == SIM_OK && r.report == NULL);
        }
        sim_result_free(&r);
    }
    CHECK(found);
    CHECK(ok > 0);
}

typedef struct waiter {
    sfp_mutex m;
    sfp_cond c;
    int ready;
} waiter;

static void wait_forever(void *p) {
    waiter *w = p;
    sfp_mutex_lock(&w->m);
    sfp_task_note("recv", 0x42, 0x7);
    while (!w->ready)
        sfp_cond_wait(&w->c, &w->m);
    sfp_mutex_unlock(&w->m);
}

/* Main returns without joining a task that waits forever. */
static void leaky(void *arg) {
    waiter *w = arg;
    sfp_mutex_init(&w->m);
    sfp_cond_init(&w->c);
    sfp_task *t;
    sfp_task_start(&t, wait_forever, w, "receiver@leak.c:7");
    sfp_yield();
    sfp_yield();
}

static void leak_report(void) {
    waiter w = {0};
    sim_config cfg = {.strategy = SIM_BYTES}; /* always task 0 first... */
    uint8_t bytes[] = {1, 1, 1, 1, 1, 1};     /* ...no: the receiver first */
    cfg.bytes = bytes;
    cfg.nbytes = sizeof bytes;
    sim_result r;
    CHECK(sim_run(&cfg, leaky, &w, &r) == 0);
    CHECK(r.outcome == SIM_LEAK);
    const char *rep = r.report;
    CHECK(rep && strstr(rep, "task leak: 1 task(s) still alive when main returned"));
    CHECK(rep && strstr(rep, "task 1 \"receiver@leak.c:7\": blocked in wait cond #1 (mutex #1)"));
    CHECK(rep && strstr(rep, "note: recv object=0x42 scope=0x7"));
    CHECK(rep && strstr(rep, "task 0 \"main\": done (ran last)"));
    if (check_failures)
        sim_result_print(&r, stderr);
    sim_result_free(&r);
}

/* A wait nobody signals, with main joining: deadlock through a condition. */
static void lost_wakeup(void *arg) {
    waiter *w = arg;
    sfp_mutex_init(&w->m);
    sfp_cond_init(&w->c);
    sfp_task *t;
    sfp_task_start(&t, wait_forever, w, "receiver@lost.c:3");
    sfp_task_join(t);
}

static void cond_deadlock_report(void) {
    for (int i = 0; i < 3; i++) { /* also: runs after failed runs are fine */
        waiter w = {0};
        sim_config cfg = {.strategy = SIM_RANDOM, .seed = (uint64_t)i};
        sim_result r;
        CHECK(sim_run(&cfg, lost_wakeup, &w, &r) == 0);
        CHECK(r.outcome == SIM_DEADLOCK);
        CHECK(r.report && strstr(r.report, "\"receiver@lost.c:3\": blocked in wait "
                                           "cond #1 (mutex #1); note: recv"));
        CHECK(r.report && strstr(r.report, "\"main\": blocked in join task 1"));
        if (check_failures)
            sim_result_print(&r, stderr);
        sim_result_free(&r);
    }
}

int main(void) {
    deadlock_report();
    leak_report();
    cond_deadlock_report();
    return check_report("test_reports");
}
