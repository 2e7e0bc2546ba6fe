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

/* Interleaving feedback (opt-in, default off).  With it on, each run of
 * sf_fuzz_run() also counts interleaving features in an array of 8-bit
 * counters that libFuzzer treats as coverage (the section
 * __libfuzzer_extra_counters, which libFuzzer clears before each input and
 * reads after it), so inputs that reach a new interleaving are kept even
 * when they reach no new code:
 *   SF_FEEDBACK_READS_FROM  a load at code site L in one thread read the
 *       value last stored at the same address by a store at site S in
 *       another thread: the pair (L, S), as RFF (Wolff et al., ASPLOS 2024).
 *       Needs memory-access points (scopefuzz-cc --preempt-memory,
 *       sf_interpose(T PREEMPT_MEMORY)); accesses to the running thread's
 *       own stack are not counted.
 *   SF_FEEDBACK_LOCKS  a thread acquired a mutex (pthread or C11) that
 *       another thread released last: the pair (release site, acquire
 *       site); a release inside a condition wait counts with site 0.
 * A site is a code address relative to the executable's start, so the same
 * input sets the same counters in every process of the same binary.  The
 * environment variable SCOPEFUZZ_FEEDBACK picks the kinds when
 * sf_fuzz_set_feedback() was not called: `rf`, `locks`, `all` (or `1`),
 * `none` (or `0`, or unset), or a comma-separated list; any other value
 * stops the program with a message and exit status 2 at the first
 * sf_fuzz_run().  Whether it pays: bench/feedback_bench.py. */
#define SF_FEEDBACK_READS_FROM 1u
#define SF_FEEDBACK_LOCKS      2u

/* Sets the feedback kinds for the following runs (an OR of SF_FEEDBACK_*,
 * 0 turns it off); overrides SCOPEFUZZ_FEEDBACK.  Returns 0; -1 (nothing
 * changed) when kinds has other bits or when called inside a run. */
int sf_fuzz_set_feedback(unsigned kinds);

/* The feedback counters as the last run left them (all zero when feedback
 * is off): sets *n to their number and returns them.  For tests and
 * inspection; never fails. */
const uint8_t *sf_fuzz_feedback_counters(size_t *n);

#ifdef __cplusplus
}
#endif
#endif
