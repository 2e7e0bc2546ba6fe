/*
 * faults.h - the faults the runtime can inject: one list, everything else
 * generated from it (the enum, names, the `.sched` words, parsing).
 *
 * A leaf header like strategies.h: the runtime (sim.h), the program model
 * (harness/prog/prog.h), the .sched format and the CLI take their fault
 * knowledge from here.  A fault is a decision of the run, like a switch: at
 * each fault point of an enabled kind the strategy decides whether the call
 * fails, and the run records which points failed as (kind, n): "the n-th
 * point of this kind in the run" (syzkaller's fail_nth), which replay
 * injects again exactly.  Adding a kind: one X() line below and its fault
 * point in the runtime (and the interposition).
 *
 * X(ID, name, summary):
 *   ID      SIM_FAULT_<ID> in enum sim_fault_kind (values in list order;
 *           never stored in binary inputs except through codec.h)
 *   name    the word in .sched files (`faults alloc`, `fail alloc #3`)
 *   summary what the injected fault does (documentation)
 */
#ifndef SF_SIM_FAULTS_H
#define SF_SIM_FAULTS_H

#include <stddef.h>
#include <string.h>

#define SIM_FAULT_MAP(X)                                                                           \
    X(ALLOC, "alloc",                                                                              \
      "an allocation of the library (sfp_malloc, sfp_calloc, sfp_realloc; malloc & co in "         \
      "interposed programs) returns NULL")                                                         \
    X(SPAWN, "spawn",                                                                              \
      "a task cannot be started: sfp_task_start returns SFP_ENOMEM, pthread_create EAGAIN")        \
    X(WAKE, "wake",                                                                                \
      "a condition wait returns at once without a signal (a spurious wakeup), which POSIX "        \
      "allows; never twice in a row for one task (the wait after it can block)")                   \
    X(TIMEOUT, "timeout",                                                                          \
      "a timed wait times out now: the clock jumps to its deadline, as if every running task "     \
      "were slow (only when no other timer is due earlier, and at most 1 s ahead)")

typedef enum sim_fault_kind {
#define SIM_FAULT_ENUM_(id, name, summary) SIM_FAULT_##id,
    SIM_FAULT_MAP(SIM_FAULT_ENUM_)
#undef SIM_FAULT_ENUM_
        SIM_NFAULT_KINDS
} sim_fault_kind;

/* Every kind, as a mask of (1u << kind) bits. */
#define SIM_FAULT_ALL ((1u << SIM_NFAULT_KINDS) - 1)

/* One injected fault: the nth (1-based) fault point of `kind` in the run. */
typedef struct sim_fault {
    unsigned kind; /* sim_fault_kind */
    unsigned nth;  /* >= 1 */
} sim_fault;

/* The row of fault kind k in the list (NULL for a value out of range). */
typedef struct sim_fault_row {
    const char *name, *summary;
} sim_fault_row;

static inline const sim_fault_row *sim_fault_row_of(unsigned k) {
    static const sim_fault_row rows[] = {
#define SIM_FAULT_ROW_(id, name, summary) {name, summary},
        SIM_FAULT_MAP(SIM_FAULT_ROW_)
#undef SIM_FAULT_ROW_
    };
    return k < SIM_NFAULT_KINDS ? &rows[k] : NULL;
}

/* The name of fault kind k ("alloc", ...), or "?" for a value out of range. */
static inline const char *sim_fault_name(unsigned k) {
    const sim_fault_row *r = sim_fault_row_of(k);
    return r ? r->name : "?";
}

/* The summary of fault kind k, or "" for a value out of range. */
static inline const char *sim_fault_summary(unsigned k) {
    const sim_fault_row *r = sim_fault_row_of(k);
    return r ? r->summary : "";
}

/* The kind named `name` (n bytes; need not be NUL-terminated): 0 and *out
 * set, or -1 for an unknown name. */
static inline int sim_fault_parse_n(const char *name, size_t n, unsigned *out) {
    for (unsigned k = 0; k < SIM_NFAULT_KINDS; k++) {
        const char *s = sim_fault_name(k);
        if (strlen(s) == n && memcmp(s, name, n) == 0) {
            *out = k;
            return 0;
        }
    }
    return -1;
}

#endif
