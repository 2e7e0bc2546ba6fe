/*
 * scenarios.h - the conformance scenarios of the reference library
 * (include/scope/scope.h), shared by three runners: Criterion on real
 * threads, a plain executable (TSan, chaos), and the deterministic runtime.
 *
 * A scenario is a plain function that calls sc_init(), exercises one rule,
 * calls sc_shutdown(), and records failed checks with CHECK()/CHECK_EQ().
 * Checks never longjmp: they may fail on any task or thread and the scenario
 * carries on.  Every check holds in every interleaving (no timing
 * assumption), so a failure always means a broken rule.
 */
#ifndef SF_CONFORMANCE_SCENARIOS_H
#define SF_CONFORMANCE_SCENARIOS_H

#include <scope/scope.h>
#include <stddef.h>

/* ---------------------------------------------------------------- checks */

/* Records a failed check (file, line, expression, and the two values for
 * CHECK_EQ).  Safe from any task or thread, lock-free: a C11 atomic counter
 * hands out slots of a fixed buffer; failures past the buffer are counted
 * only. */
void conf_fail(const char *file, int line, const char *expr, long long a, long long b, int has_ab);

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            conf_fail(__FILE__, __LINE__, #cond, 0, 0, 0);                                         \
    } while (0)

#define CHECK_EQ(a, b)                                                                             \
    do {                                                                                           \
        long long conf_a_ = (long long)(a), conf_b_ = (long long)(b);                              \
        if (conf_a_ != conf_b_)                                                                    \
            conf_fail(__FILE__, __LINE__, #a " == " #b, conf_a_, conf_b_, 1);                      \
    } while (0)

/* Number of failed checks since the last conf_reset(). */
size_t conf_failures(void);

/* Prints the recorded failures (one per line) to `out` (a FILE *). */
void conf_print_failures(void *out);

/* Clears failures and token counters before a scenario. */
void conf_reset(void);
/* The two halves of conf_reset() (check.c, token.c). */
void conf_clear_failures(void);
void tok_reset(void);

/* --------------------------------------------------------------- scaling */

/* Size factor of the stress scenarios: large on real threads, small under
 * the deterministic runtime.  Set by the runner before running. */
extern int conf_scale;

/* ---------------------------------------------------------------- tokens */

/* Values sent on channels are heap tokens: a malloc'd int.  tok_new() counts
 * creations, tok_free() (a receiver done with it) and tok_dtor() (a
 * channel's elem_dtor) count destructions, so conservation is exact and
 * LSan catches a lost token.  tok_new() aborts on allocation failure. */
int *tok_new(int value);
void tok_free(void *tok);
void tok_dtor(void *tok);
/* Tokens created and not yet destroyed. */
long tok_live(void);
/* Tokens destroyed by tok_dtor() (by a channel) since conf_reset(). */
long tok_dtor_count(void);
/* The int a token holds. */
int tok_value(const void *tok);

/* ------------------------------------------------------------- lifecycle */

/* sc_init() with a check; returns 1 when the scenario may go on. */
int conf_init(void);
/* sc_shutdown() with a generous deadline, checked to return SC_OK; the
 * report is stored in *rep if rep != NULL. */
void conf_shutdown(sc_shutdown_report *rep);
/* Seconds in the sc_now() clock (virtual under the deterministic runtime). */
#define CONF_SEC 1000000000LL
#define CONF_MS  1000000LL

/* Runs one scenario: conf_reset(), fn(), then checks that no token leaked
 * and that the library was shut down (shutting it down if not). */
void conf_run(void (*fn)(void));

/* Set by a runner that injects faults (runner_sim.c): conf_run's own
 * sc_init() may then meet SC_ENOMEM. */
extern int conf_faults;

/* ----------------------------------------------------------------- table */

typedef struct conf_scenario {
    const char *name;
    const char *labels; /* ';'-separated, as in scenarios.def */
    void (*fn)(void);
} conf_scenario;

#define X(name, labels) void sc_test_##name(void);
#include "scenarios.def"
#undef X

/* Every scenario, in scenarios.def order; *n receives the count. */
const conf_scenario *conf_table(size_t *n);
/* The scenario named `name`, or NULL. */
const conf_scenario *conf_find(const char *name);
/* 1 if `label` is one of s->labels. */
int conf_has_label(const conf_scenario *s, const char *label);

#endif
