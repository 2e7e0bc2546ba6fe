/* Runtime oracle: the outcome of sim_run() (deadlock, task leak, livelock,
 * budgets: harness/platform/sim/sim.h), and the driver's status codes
 * (harness/driver/driver.h lists what each function may return). */
#include "internal.h"

/* harness/interpose/report.c, present when an interposed library is linked */
const char *ip_failure_sig(void) __attribute__((weak));

const char *interp_oracle_runtime(sim_outcome o) {
    switch (o) {
        case SIM_OK:
            return NULL;
        case SIM_DEADLOCK:
            return "deadlock";
        case SIM_LEAK:
            return "leak:task";
        case SIM_LIVELOCK:
            return "livelock";
        case SIM_TIME_BUDGET:
            return "budget:time";
        case SIM_TASK_BUDGET:
            return "budget:tasks";
        case SIM_NONDETERMINISTIC:
            return "nondeterministic";
        case SIM_EXIT: /* only the pthread interposition calls sim_exit_run() */
            /* an interposed library's own oracle (pthread:*, deadlock with
             * a lock cycle) ended the run: its signature, when linked */
            if (ip_failure_sig != NULL && ip_failure_sig() != NULL)
                return ip_failure_sig();
            return "runtime:exit";
    }
    return "runtime";
}

void interp_oracle_status(const char *what, int st, unsigned allowed) {
    if (st < 0 || st >= SF_NSTATUS || !(allowed & INTERP_ST(st)))
        interp_fail("driver:status", "%s returned %s (%d), which driver.h does not allow", what,
                    sf_status_name(st), st);
}
