/*
 * scopefuzz/fuzz.h - schedules from libFuzzer for your own pthread code.
 *
 * In a libFuzzer target built with scopefuzz-cc (or sf_interpose(T NO_MAIN)
 * in CMake), the target's threads run on scopefuzz's deterministic runtime,
 * and the interleaving comes from bytes of the fuzz input, so libFuzzer
 * mutates the operations and the schedule together and keeps inputs that
 * reach new code under new interleavings:
 *
 *   static void body(void *arg) {            // the first thread of the run
 *       const struct input *in = arg;
 *       ... pthread_create / lock / wait / join as usual, driven by `in` ...
 *   }
 *   int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
 *       struct input in;
 *       size_t used = parse_ops(data, size, &in);        // your operations
 *       sf_fuzz_run(data + used, size - used, body, &in); // the rest: schedule
 *       return 0;
 *   }
 *
 * Every oracle of `scopefuzz test` applies (deadlock with its lock cycle,
 * thread-leak when body returns with threads alive, pthread:* misuse,
 * livelock, sanitizers); a failure prints a report with the line
 * `SCOPEFUZZ-SIGNATURE: <signature>` (what `scopefuzz sig` and ci/campaign
 * deduplicate by) and aborts, so libFuzzer saves the input.  Replaying the
 * saved input replays the same interleaving.  Runs are in-process: the
 * target's own globals must not carry state from one input to the next, as
 * for any libFuzzer target.  targets/fuzz/fuzz_pthread_queue.c is a
 * complete example.
 */
#ifndef SCOPEFUZZ_FUZZ_H
#define SCOPEFUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Runs body(arg) as the main thread of one deterministic run whose
 * scheduling decisions are read from sched[0..n) (each decision takes 1, 2
 * or 4 bytes by the number of choices; past the end every decision is 0:
 * keep running the current thread).  Returns 0 when the run passed; on any
 * failure prints the report on stderr and calls abort().  Returns -1
 * (nothing run) when called inside a run or with body NULL. */
int sf_fuzz_run(const uint8_t *sched, size_t n, void (*body)(void *), void *arg);

#ifdef __cplusplus
}
#endif
#endif
