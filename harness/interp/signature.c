/* The first failure of a run: its signature (oracle:kind) and message. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

void ip_fail(const char *sig, const char *fmt, ...) {
    if (ip.failed)
        return;
    ip.failed = 1;
    snprintf(ip.sig, sizeof ip.sig, "%s", sig);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ip.msg, sizeof ip.msg, fmt, ap);
    va_end(ap);
}
