/* Real threads handing a baton over a futex (no pthread mutex: TSan would
 * intercept it even in this uninstrumented file). */
#include "baton.h"

#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

typedef struct baton {
    int turn; /* 0 or 1: whose turn */
    uint64_t rounds;
} baton;

static void wait_turn(baton *b, int me) {
    int t;
    while ((t = __atomic_load_n(&b->turn, __ATOMIC_ACQUIRE)) != me)
        syscall(SYS_futex, &b->turn, FUTEX_WAIT_PRIVATE, t, NULL, NULL, 0);
}

static void pass(baton *b, int to) {
    __atomic_store_n(&b->turn, to, __ATOMIC_RELEASE);
    syscall(SYS_futex, &b->turn, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void player(baton *b, int me) {
    for (uint64_t i = 0; i < b->rounds; i++) {
        wait_turn(b, me);
        pass(b, !me);
    }
}

static void *other(void *p) {
    player(p, 1);
    return NULL;
}

uint64_t baton_pingpong(uint64_t rounds) {
    baton b = {0, rounds};
    pthread_t t;
    if (pthread_create(&t, NULL, other, &b) != 0)
        return 0;
    player(&b, 0);
    pthread_join(t, NULL);
    return 2 * rounds;
}
