/* The first failure of a run: its signature (oracle:kind) and message. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

void interp_fail(const char *sig, const char *fmt, ...) {
    if (interp->failed)
        return;
    interp->failed = 1;
    snprintf(interp->sig, sizeof interp->sig, "%s", sig);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(interp->msg, sizeof interp->msg, fmt, ap);
    va_end(ap);
}
