/*
 * chaos.h - the real-thread stress executor: the pthread backend with random
 * yields and short sleeps injected at platform calls, so that real
 * parallelism (and TSan) meets more interleavings.  Off by default.
 */
#ifndef SF_PTHREAD_CHAOS_H
#define SF_PTHREAD_CHAOS_H

#include <stdint.h>

/* Turns chaos on for every platform call made from now on: at each call,
 * with probability permille/1000, yield (half the time) or sleep up to
 * max_sleep_ns.  permille == 0 turns it off.  The environment variable
 * SF_CHAOS="seed:permille[:max_sleep_ns]" does the same at the first
 * platform call.  Returns 0, or -1 if permille > 1000 or max_sleep_ns < 0. */
int sfp_chaos_configure(uint64_t seed, unsigned permille, int64_t max_sleep_ns);

/* Number of injected yields and sleeps so far (all threads). */
uint64_t sfp_chaos_injected(void);

/* Called at the start of every platform call of this backend. */
void sfp_chaos_point(void);

#endif
