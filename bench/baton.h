/* baton.h - a real-thread baton handoff for the switch benchmark. */
#ifndef SF_BENCH_BATON_H
#define SF_BENCH_BATON_H

#include <stdint.h>

/* Passes a baton between two threads `rounds` times (futex handoff); returns
 * the number of handoffs, or 0 on failure.  Built without TSan: TSan would
 * see every handoff as synchronization. */
uint64_t baton_pingpong(uint64_t rounds);

#endif
