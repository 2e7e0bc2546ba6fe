/*
 * registry.h - the drivers built into this binary, by name.
 *
 * The table is generated at configure time from every sf_add_driver() call
 * (cmake/sf_drivers.cmake) and built into the static library `sf_drivers`.
 * Entries are sorted by name, so indexes are deterministic for one build.
 */
#ifndef SF_REGISTRY_H
#define SF_REGISTRY_H

#include <stddef.h>

#include "driver.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The driver whose .name is `name`, or NULL if there is none (or name is
 * NULL). */
const struct sf_driver *sf_driver_find(const char *name);

/* Number of registered drivers. */
size_t sf_driver_count(void);

/* The i-th driver in name order, or NULL if i >= sf_driver_count(). */
const struct sf_driver *sf_driver_at(size_t i);

#ifdef __cplusplus
}
#endif
#endif
