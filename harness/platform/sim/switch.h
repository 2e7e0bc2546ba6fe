/*
 * switch.h - the raw context switch under the fibers (internal).
 *
 * x86-64: a hand-written switch (switch_x86_64.S) that saves the
 * callee-saved registers, mxcsr and the x87 control word on the old stack and
 * swaps rsp.  Elsewhere (or with SF_SIM_UCONTEXT): swapcontext().
 */
#ifndef SF_SIM_SWITCH_H
#define SF_SIM_SWITCH_H

#include <stddef.h>

#if defined(__x86_64__) && !defined(SF_SIM_UCONTEXT)
#define SF_SIM_ASM_SWITCH 1
typedef struct sf_ctx {
    void *sp; /* saved stack pointer; the registers are on that stack */
} sf_ctx;
#else
#include <ucontext.h>
typedef struct sf_ctx {
    ucontext_t uc;
} sf_ctx;
#endif

#ifdef SF_SIM_ASM_SWITCH
#include <stdint.h>

void sf_ctx_switch_raw(void **save_sp, void *new_sp);
void sf_ctx_trampoline(void);

/* Prepares ctx so that the first sf_ctx_switch() into it calls entry(arg) on
 * the stack [stack, stack + size).  entry must never return. */
static inline void sf_ctx_init(sf_ctx *ctx, void *stack, size_t size, void (*entry)(void *),
                               void *arg) {
    uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
    uint64_t *f = (uint64_t *)(top - 64); /* saved rsp, 16-byte aligned */
    /* mxcsr 0x1f80 (exceptions masked, round to nearest), x87 control word
     * 0x037f (the same, 64-bit precision); plain stores, no memset(), which
     * TSan would intercept. */
    f[0] = 0x1f80u | (uint64_t)0x037fu << 32;
    f[1] = f[2] = f[5] = f[6] = 0;     /* r15, r14, rbx, rbp */
    f[3] = (uint64_t)(uintptr_t)entry; /* r13 */
    f[4] = (uint64_t)(uintptr_t)arg;   /* r12 */
    f[7] = (uint64_t)(uintptr_t)sf_ctx_trampoline;
    ctx->sp = f;
}

/* Saves the current context in *from and resumes *to.  Returns when some
 * other context switches back to *from. */
static inline void sf_ctx_switch(sf_ctx *from, sf_ctx *to) { sf_ctx_switch_raw(&from->sp, to->sp); }
#else
/* As above, on ucontext (switch_ucontext.c). */
void sf_ctx_init(sf_ctx *ctx, void *stack, size_t size, void (*entry)(void *), void *arg);
void sf_ctx_switch(sf_ctx *from, sf_ctx *to);
#endif

#endif
