/*
 * switch_x86_64.S - context switch for x86-64 System V.
 *
 * Frame saved on the old stack (low to high address):
 *   [0] mxcsr (4 bytes), [4] x87 control word (2 bytes), padding
 *   [8] r15, [16] r14, [24] r13, [32] r12, [40] rbx, [48] rbp, [56] return rip
 * The saved rsp is 16-byte aligned; a fresh context (sf_ctx_init) holds the
 * same frame with r12 = arg, r13 = entry and the return address pointing at
 * sf_ctx_trampoline, which calls entry(arg) with rsp % 16 == 8 at entry.
 */
#if defined(__x86_64__) && !defined(SF_SIM_UCONTEXT)
    .text

/* void sf_ctx_switch_raw(void **save_sp, void *new_sp) */
    .globl sf_ctx_switch_raw
    .hidden sf_ctx_switch_raw
    .type sf_ctx_switch_raw, @function
    .p2align 4
sf_ctx_switch_raw:
    .cfi_startproc
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .cfi_endproc
    .size sf_ctx_switch_raw, .-sf_ctx_switch_raw

/* First code of a fresh context: entry(arg); entry never returns. */
    .globl sf_ctx_trampoline
    .hidden sf_ctx_trampoline
    .type sf_ctx_trampoline, @function
    .p2align 4
sf_ctx_trampoline:
    .cfi_startproc
    .cfi_undefined rip
    xorl %ebp, %ebp
    movq %r12, %rdi
    callq *%r13
    ud2
    .cfi_endproc
    .size sf_ctx_trampoline, .-sf_ctx_trampoline
#endif
    .section .note.GNU-stack,"",@progbits
