/* syscall(): passes through, except a raw futex, which the runtime cannot
 * schedule (it would block the one OS thread every thread runs on). */
#define SF_INTERPOSE_RUNTIME 1
#include "internal.h"

#include <stdarg.h>
#include <sys/syscall.h>

long sf_syscall(long nr, ...);

long sf_syscall(long nr, ...) {
    va_list ap;
    long a[6];
    va_start(ap, nr);
    for (int i = 0; i < 6; i++)
        a[i] = va_arg(ap, long);
    va_end(ap);
    if (nr == SYS_futex && sim_active())
        ip_fail("unsupported:futex",
                "syscall(SYS_futex, ...): raw futexes cannot run on the deterministic runtime "
                "(use pthread or C11 synchronization; docs/pthread.md)");
    return syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}
