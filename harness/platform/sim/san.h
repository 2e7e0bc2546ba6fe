/*
 * san.h - the sanitizer hooks of the runtime (internal), no-ops when the
 * sanitizer is off.
 *
 * ASan: every switch is announced (start/finish_switch_fiber).
 * TSan (SF_TSAN; the runtime's own files are built without
 * -fsanitize=thread, so only these calls reach TSan): each fiber is a TSan
 * fiber, switched with no_sync; the library's synchronization is replayed
 * with sim_tsan_acquire/release; runtime allocations made inside fibers are
 * ignored so that a free in another fiber is no race.
 */
#ifndef SF_SIM_SAN_H
#define SF_SIM_SAN_H

#include <stddef.h>

#if defined(__SANITIZE_ADDRESS__)
#define SF_SIM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SF_SIM_ASAN 1
#endif
#endif

#ifdef SF_SIM_ASAN
void __sanitizer_start_switch_fiber(void **fake_stack_save, const void *bottom, size_t size);
void __sanitizer_finish_switch_fiber(void *fake_stack_save, const void **bottom_old,
                                     size_t *size_old);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#endif

#ifdef SF_TSAN
void *__tsan_get_current_fiber(void);
void *__tsan_create_fiber(unsigned flags);
void __tsan_destroy_fiber(void *fiber);
void __tsan_switch_to_fiber(void *fiber, unsigned flags);
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
void AnnotateIgnoreWritesBegin(const char *file, int line);
void AnnotateIgnoreWritesEnd(const char *file, int line);
enum { SIM_TSAN_NO_SYNC = 1 };

static inline void sim_tsan_acquire(void *a) { __tsan_acquire(a); }
static inline void sim_tsan_release(void *a) { __tsan_release(a); }
static inline void sim_tsan_ignore_begin(void) { AnnotateIgnoreWritesBegin(__FILE__, __LINE__); }
static inline void sim_tsan_ignore_end(void) { AnnotateIgnoreWritesEnd(__FILE__, __LINE__); }
#else
static inline void sim_tsan_acquire(void *a) { (void)a; }
static inline void sim_tsan_release(void *a) { (void)a; }
static inline void sim_tsan_ignore_begin(void) {}
static inline void sim_tsan_ignore_end(void) {}
#endif

#endif
