/* timer_race.c - a lost update found while another thread sleeps (for
 * limits.sh: the replay of a PCT or POS run must not fire timers early).
 *
 * Bug: each worker reads the counter, yields, and writes it back plus one,
 * with no lock; a switch between the read and the write loses an update
 * and the assert in main fails.  The ticker sleeps 1 ms three times, so a
 * timer is pending during most of the run: a replay that fired it early
 * (one more option at decisions the run never took) would follow another
 * schedule than the run it replays.
 */
#define _DEFAULT_SOURCE
#include <assert.h>
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

static int counter;

static void *worker(void *arg) {
    (void)arg;
    int v = counter;
    sched_yield();
    counter = v + 1;
    return NULL;
}

static void *ticker(void *arg) {
    (void)arg;
    for (int i = 0; i < 3; i++)
        usleep(1000);
    return NULL;
}

int main(void) {
    pthread_t t, w1, w2;
    pthread_create(&t, NULL, ticker, NULL);
    pthread_create(&w1, NULL, worker, NULL);
    pthread_create(&w2, NULL, worker, NULL);
    pthread_join(w1, NULL);
    pthread_join(w2, NULL);
    pthread_join(t, NULL);
    assert(counter == 2);
    return 0;
}
