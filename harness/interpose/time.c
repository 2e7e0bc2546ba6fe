/* Clocks and sleeps in virtual time.  The virtual monotonic clock starts at
 * IP_MONO_BASE, the virtual wall clock at IP_REAL_BASE (2026-01-01 UTC), so
 * runs are repeatable; both advance only when every thread waits. */
#include "internal.h"

#include <errno.h>
#include <sys/time.h>

#define IP_NS        1000000000LL
#define IP_MONO_BASE (1000000LL * IP_NS)
#define IP_REAL_BASE (1767225600LL * IP_NS)

int ip_timespec_ok(const struct timespec *ts) {
    return ts && ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < IP_NS;
}

static int64_t ts_ns(const struct timespec *ts) {
    if (ts->tv_sec > INT64_MAX / IP_NS - 1)
        return INT64_MAX;
    return (int64_t)ts->tv_sec * IP_NS + ts->tv_nsec;
}

static int clock_base(clockid_t c, int64_t *base) {
    switch (c) {
        case CLOCK_REALTIME:
        case CLOCK_REALTIME_COARSE:
        case CLOCK_TAI:
            *base = IP_REAL_BASE;
            return 0;
        case CLOCK_MONOTONIC:
        case CLOCK_MONOTONIC_RAW:
        case CLOCK_MONOTONIC_COARSE:
        case CLOCK_BOOTTIME:
            *base = IP_MONO_BASE;
            return 0;
        case CLOCK_PROCESS_CPUTIME_ID:
        case CLOCK_THREAD_CPUTIME_ID:
            *base = 0;
            return 0;
        default:
            return EINVAL;
    }
}

int64_t ip_deadline(clockid_t c, const struct timespec *abs) {
    int64_t base = 0, t = ts_ns(abs);
    clock_base(c, &base);
    return t == INT64_MAX ? INT64_MAX : t - base;
}

int sf_clock_gettime(clockid_t c, struct timespec *ts) {
    int64_t base;
    if (clock_base(c, &base) != 0) {
        errno = EINVAL;
        return -1;
    }
    sim_point(SIM_EV_YIELD, 0);
    int64_t t = base + sim_vtime();
    ts->tv_sec = t / IP_NS;
    ts->tv_nsec = t % IP_NS;
    return 0;
}

time_t sf_time(time_t *out) {
    sim_point(SIM_EV_YIELD, 0);
    time_t t = (time_t)((IP_REAL_BASE + sim_vtime()) / IP_NS);
    if (out)
        *out = t;
    return t;
}

int sf_gettimeofday(struct timeval *tv, void *tz) {
    (void)tz;
    sim_point(SIM_EV_YIELD, 0);
    int64_t t = IP_REAL_BASE + sim_vtime();
    tv->tv_sec = t / IP_NS;
    tv->tv_usec = (t % IP_NS) / 1000;
    return 0;
}

/* Sleeps until virtual time `until`; a cancellation point. */
static void sleep_until(int64_t until, const char *what) {
    ip_cancel_point();
    if (ip_park(NULL, until, what, NULL, 1) == SIM_PARK_INTERRUPTED)
        ip_cancel_point();
}

static int64_t after(int64_t ns) {
    int64_t now = sim_vtime();
    return ns > INT64_MAX - now ? INT64_MAX - 1 : now + ns;
}

int sf_clock_nanosleep(clockid_t c, int flags, const struct timespec *req, struct timespec *rem) {
    int64_t base;
    if (clock_base(c, &base) != 0 || c == CLOCK_THREAD_CPUTIME_ID || !ip_timespec_ok(req))
        return EINVAL;
    int64_t until = (flags & TIMER_ABSTIME) ? ts_ns(req) - base : after(ts_ns(req));
    sleep_until(until, "clock_nanosleep");
    if (rem)
        *rem = (struct timespec){0, 0};
    return 0;
}

int sf_nanosleep(const struct timespec *req, struct timespec *rem) {
    if (!ip_timespec_ok(req)) {
        errno = EINVAL;
        return -1;
    }
    sleep_until(after(ts_ns(req)), "nanosleep");
    if (rem)
        *rem = (struct timespec){0, 0};
    return 0;
}

unsigned sf_sleep(unsigned s) {
    sleep_until(after((int64_t)s * IP_NS), "sleep");
    return 0;
}

int sf_usleep(useconds_t us) {
    sleep_until(after((int64_t)us * 1000), "usleep");
    return 0;
}

int sf_sched_yield(void) {
    sim_point(SIM_EV_YIELD, 0);
    return 0;
}
