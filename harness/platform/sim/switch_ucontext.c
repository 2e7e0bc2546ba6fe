/* Portable context switch on ucontext (used when not on x86-64). */
#include "switch.h"

#ifndef SF_SIM_ASM_SWITCH
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* makecontext() passes int arguments only: the pointers travel in halves. */
static void start(unsigned elo, unsigned ehi, unsigned alo, unsigned ahi) {
    void (*entry)(void *) = (void (*)(void *))(((uintptr_t)ehi << 32) | elo);
    void *arg = (void *)(((uintptr_t)ahi << 32) | alo);
    entry(arg);
    abort(); /* entry never returns */
}

void sf_ctx_init(sf_ctx *ctx, void *stack, size_t size, void (*entry)(void *), void *arg) {
    if (getcontext(&ctx->uc) != 0) {
        fputs("scopefuzz sim: getcontext failed\n", stderr);
        abort();
    }
    ctx->uc.uc_stack.ss_sp = stack;
    ctx->uc.uc_stack.ss_size = size;
    ctx->uc.uc_link = NULL;
    uint64_t e = (uint64_t)(uintptr_t)entry, a = (uint64_t)(uintptr_t)arg;
    makecontext(&ctx->uc, (void (*)(void))start, 4, (unsigned)e, (unsigned)(e >> 32), (unsigned)a,
                (unsigned)(a >> 32));
}

void sf_ctx_switch(sf_ctx *from, sf_ctx *to) {
    if (swapcontext(&from->uc, &to->uc) != 0) {
        fputs("scopefuzz sim: swapcontext failed\n", stderr);
        abort();
    }
}
#else
typedef int sf_switch_ucontext_unused; /* ISO C: no empty translation unit */
#endif
