/* abba_bad.c - two opposite transfers between the same accounts (ABBA).
 *
 * Bug: transfer(from, to) locks `from`, then `to`.  One thread moves money
 * from account 0 to 1 while another moves it from 1 to 0.  If each takes its
 * first lock before the other takes its second, both wait forever and main
 * waits forever in pthread_join.  Needs that interleaving (a switch between
 * the two lock calls); most schedules pass.
 * Oracle: deadlock, signature `deadlock`; the report's `lock cycle:` line
 * names the two account locks.
 * Twin: abba_ok.c locks the two accounts in one global order (by id).
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>

struct account {
    pthread_mutex_t lock;
    int id;
    long balance;
};

static struct account accounts[2] = {
    {PTHREAD_MUTEX_INITIALIZER, 0, 100},
    {PTHREAD_MUTEX_INITIALIZER, 1, 100},
};

struct mover {
    struct account *from, *to;
    long amount;
    int times;
};

static void transfer(struct account *from, struct account *to, long amount) {
    pthread_mutex_lock(&from->lock); /* BUG: lock order depends on the direction */
    pthread_mutex_lock(&to->lock);
    if (from->balance >= amount) {
        from->balance -= amount;
        to->balance += amount;
    }
    pthread_mutex_unlock(&to->lock);
    pthread_mutex_unlock(&from->lock);
}

static void *mover(void *arg) {
    struct mover *m = arg;
    for (int i = 0; i < m->times; i++)
        transfer(m->from, m->to, m->amount);
    return NULL;
}

int main(void) {
    struct mover there = {&accounts[0], &accounts[1], 10, 3};
    struct mover back = {&accounts[1], &accounts[0], 7, 3};
    pthread_t t1, t2;
    if (pthread_create(&t1, NULL, mover, &there) != 0 ||
        pthread_create(&t2, NULL, mover, &back) != 0)
        return 2;
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    long total = accounts[0].balance + accounts[1].balance;
    printf("balances %ld %ld\n", accounts[0].balance, accounts[1].balance);
    return total == 200 ? 0 : 1;
}
