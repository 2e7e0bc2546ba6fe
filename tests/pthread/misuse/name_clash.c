/* name_clash.c - a program that defines functions named like the runtime's
 * internals (ip_*, sim_*, sfp_*): scopefuzz-cc's runtime keeps those local,
 * so this links, runs clean, and calls its own functions. */
#include <pthread.h>
#include <stdio.h>

int ip_fail(int x);
int sim_run(int x);
int sfp_now(int x);

int ip_fail(int x) { return x + 1; }
int sim_run(int x) { return x * 2; }
int sfp_now(int x) { return x - 3; }

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int hits;

static void *worker(void *arg) {
    pthread_mutex_lock(&m);
    hits++;
    pthread_mutex_unlock(&m);
    return arg;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    worker(NULL);
    pthread_join(t, NULL);
    printf("%d %d %d %d\n", ip_fail(1), sim_run(2), sfp_now(3), hits);
    return ip_fail(1) == 2 && sim_run(2) == 4 && sfp_now(3) == 0 && hits == 2 ? 0 : 1;
}
