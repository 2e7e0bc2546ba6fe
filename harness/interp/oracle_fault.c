/* Error-path oracle (docs/semantics.md R6): a call that saw an injected
 * allocation or task-start fault must return the out-of-memory error.
 * Everything else a fault must not break (leaks, cleanups, joins) is
 * checked by the other oracles, which run unchanged under faults. */
#include "internal.h"

#define ENOMEM_FAULTS ((1u << SIM_FAULT_ALLOC) | (1u << SIM_FAULT_SPAWN))

uint32_t interp_faults_mark(void) { return sim_current_task_faults(ENOMEM_FAULTS); }

int interp_faults_since(uint32_t mark) { return interp_faults_mark() != mark; }

/* Only the calls that allocate: open, spawn, chan, defer (registering).
 * The others may see faults of calls they make for the program (a close
 * running a deferred spawn), which are judged there. */
void interp_oracle_fault(const sf_op *op, int registering, uint32_t mark, int st) {
    int allocating =
        registering || op->kind == SF_OP_OPEN || op->kind == SF_OP_SPAWN || op->kind == SF_OP_CHAN;
    if (!allocating || st < 0 || st == SF_ERROR || !interp_faults_since(mark))
        return;
    interp_fail("fault:status",
                "%s%s saw an injected allocation or task-start fault and returned %s, not "
                "SF_ERROR (SC_ENOMEM)",
                registering ? "defer " : "", sf_op_name(op->kind), sf_status_name(st));
}
