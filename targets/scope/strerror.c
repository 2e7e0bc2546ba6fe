/* sc_strerror(). */
#include "internal.h"

static const char *const names[] = {
    "SC_OK: success",
    "SC_ECLOSED: the channel is closed",
    "SC_ECANCELED: the scope or an ancestor was cancelled",
    "SC_ETIMEDOUT: the effective deadline of the scope passed",
    "SC_EAGAIN: the operation would block",
    "SC_ESCOPE: the scope is cancelled or closing",
    "SC_EBADF: stale or invalid handle",
    "SC_EALREADY: already done or in progress",
    "SC_EBUSY: tasks are blocked on the channel",
    "SC_EINVAL: invalid argument",
    "SC_ENOMEM: out of memory or task slots",
    "SC_EPERM: operation not permitted",
    "SC_ELEAK: tasks still running at the shutdown deadline",
};

const char *sc_strerror(int status) {
    if (status > 0 || status < SC_ELEAK)
        return "unknown status";
    return names[-status];
}
