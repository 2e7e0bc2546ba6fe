/* raw_futex.c - a raw futex wait through syscall(): not supported; must
 * fail at once with unsupported:futex, never hang. */
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

static int word;

int main(void) {
    syscall(SYS_futex, &word, FUTEX_WAIT, 0, NULL, NULL, 0);
    return 0;
}
