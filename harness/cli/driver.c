/* driver.c - pick the implementation: --impl, the file's impl line. */
#include <string.h>

#include "cli.h"
#include "registry.h"

const struct sf_driver *cli_driver(const sf_prog *p, const cli_common *c) {
    const char *name = c->impl != NULL ? c->impl : p != NULL ? p->impl : SF_IMPL_DEFAULT;
    const struct sf_driver *d = sf_driver_find(name);
    if (d != NULL)
        return d;
    fprintf(stderr, "scopefuzz: unknown implementation '%s'; known:", name);
    for (size_t i = 0; i < sf_driver_count(); i++)
        fprintf(stderr, " %s", sf_driver_at(i)->name);
    fprintf(stderr, " (see: scopefuzz list)\n");
    return NULL;
}
