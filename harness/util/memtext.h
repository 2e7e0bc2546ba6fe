/*
 * memtext.h - a text built by printing into a FILE, for the reports of
 * every layer (the runtime's, the interpreter's): a leaf below all of them
 * (harness/util, linked through sf_platform_iface), header-only so that it
 * is compiled with each user's flags (the runtime's are special under TSan).
 */
#ifndef SF_MEMTEXT_H
#define SF_MEMTEXT_H

#include <stdio.h>

/* Prints a text on f; arg is the caller's. */
typedef void (*sf_print_fn)(FILE *f, const void *arg);

/* Runs print(f, arg) on a memory stream and returns what it printed:
 * malloc'd and NUL-terminated (free it), or NULL when the stream could not
 * be opened (out of memory). */
static inline char *sf_memtext(sf_print_fn print, const void *arg) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL)
        return NULL;
    print(f, arg);
    fclose(f);
    return buf;
}

#endif
