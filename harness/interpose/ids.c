/* Thread identity comparisons, kept apart: with optimization glibc's headers
 * define pthread_equal() and thrd_equal() inline, and with the interposition
 * macros on those inline definitions would be of sf_pthread_equal() and
 * sf_thrd_equal() themselves.  A pthread_t here is the address of the
 * runtime's thread record, so equality is plain equality, inline or not. */
#define SF_INTERPOSE_RUNTIME 1
#include <pthread.h>
#include <threads.h>

int sf_pthread_equal(pthread_t a, pthread_t b);
int sf_thrd_equal(thrd_t a, thrd_t b);

int sf_pthread_equal(pthread_t a, pthread_t b) { return a == b; }

int sf_thrd_equal(thrd_t a, thrd_t b) { return a == b; }
