/* abba_ok.c - two opposite transfers between the same accounts, correct.
 *
 * Twin of abba_bad.c: transfer() always locks the account with the lower id
 * first, so the two movers can never hold one lock each while waiting for
 * the other.  Must stay clean (exit 0) under every schedule.
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
    struct account *first = from->id < to->id ? from : to;
    struct account *second = from->id < to->id ? to : from;
    pthread_mutex_lock(&first->lock);
    pthread_mutex_lock(&second->lock);
    if (from->balance >= amount) {
        from->balance -= amount;
        to->balance += amount;
    }
    pthread_mutex_unlock(&second->lock);
    pthread_mutex_unlock(&first->lock);
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
