/*
 * strategies.h - the scheduling strategies: one list, everything else
 * generated from it (the enum, names, parsing, what each strategy reads).
 *
 * A leaf header (no includes, no other module): the runtime (sim.h), the
 * program model (harness/prog/prog.h), the .sched format, the pthread runner
 * and the CLI all take their strategy knowledge from here.  Adding a
 * strategy: one X() line below and its decisions in sim/strategy.c.
 *
 * X(ID, name, flags, summary):
 *   ID      SIM_<ID> in enum sim_strategy (values in list order; stored
 *           binary inputs map their own codes, see harness/prog/codec.h)
 *   name    the word in .sched files, --strategy options, case files
 *   flags   SIM_SF_*: what the strategy reads
 *   summary what it does (documentation)
 */
#ifndef SF_SIM_STRATEGIES_H
#define SF_SIM_STRATEGIES_H

#include <string.h>

enum {
    SIM_SF_SEED = 1,       /* drawn from cfg.seed (`seed N` in .sched) */
    SIM_SF_DEPTH = 2,      /* reads cfg.pct_depth (`depth D`) */
    SIM_SF_PRIORITY = 4,   /* picks by its own rule, not one drawn index: no eager timer firing */
    SIM_SF_BYTES = 8,      /* reads cfg.bytes as one choice per byte group */
    SIM_SF_DECISIONS = 16, /* reads cfg.bytes as recorded u32 decisions */
    SIM_SF_PROFILE = 32    /* learns from earlier runs of the same program (cfg.profile): for
                              runners that run a program again and again (`scopefuzz test`),
                              not for programs (.sched files, stored inputs) */
};

#define SIM_STRATEGY_MAP(X)                                                                        \
    X(RANDOM, "random", SIM_SF_SEED, "uniform random walk over the runnable tasks")                \
    X(PCT, "pct", SIM_SF_SEED | SIM_SF_DEPTH | SIM_SF_PRIORITY,                                    \
      "PCT: random task priorities and depth-1 priority change points")                            \
    X(POS, "pos", SIM_SF_SEED | SIM_SF_PRIORITY,                                                   \
      "partial order sampling: a random priority per pending event, redrawn for events "           \
      "that conflict with the one just run")                                                       \
    X(SURW, "surw", SIM_SF_SEED | SIM_SF_PRIORITY | SIM_SF_PROFILE,                                \
      "selectively uniform random walk: the next event on a shared object comes from a task "      \
      "drawn by its remaining such events, as profiled in earlier runs (cfg.profile)")             \
    X(BYTES, "bytes", SIM_SF_BYTES, "choices read from input bytes (0 when exhausted)")            \
    X(REPLAY, "replay", SIM_SF_DECISIONS, "the recorded decisions of an earlier run")

typedef enum sim_strategy {
#define SIM_STRATEGY_ENUM_(id, name, flags, summary) SIM_##id,
    SIM_STRATEGY_MAP(SIM_STRATEGY_ENUM_)
#undef SIM_STRATEGY_ENUM_
        SIM_NSTRATEGIES
} sim_strategy;

/* The row of strategy s in the list (NULL for a value out of range). */
typedef struct sim_strategy_row {
    const char *name;
    unsigned flags;
} sim_strategy_row;

static inline const sim_strategy_row *sim_strategy_row_of(sim_strategy s) {
    static const sim_strategy_row rows[] = {
#define SIM_STRATEGY_ROW_(id, name, flags, summary) {name, flags},
        SIM_STRATEGY_MAP(SIM_STRATEGY_ROW_)
#undef SIM_STRATEGY_ROW_
    };
    return (unsigned)s < SIM_NSTRATEGIES ? &rows[s] : NULL;
}

/* The name of strategy s ("random", ...), or "?" for a value out of range. */
static inline const char *sim_strategy_name(sim_strategy s) {
    const sim_strategy_row *r = sim_strategy_row_of(s);
    return r ? r->name : "?";
}

/* The SIM_SF_* flags of strategy s; 0 for a value out of range. */
static inline unsigned sim_strategy_flags(sim_strategy s) {
    const sim_strategy_row *r = sim_strategy_row_of(s);
    return r ? r->flags : 0;
}

/* The strategy named `name` (n bytes; need not be NUL-terminated): 0 and
 * *out set, or -1 for an unknown name. */
static inline int sim_strategy_parse_n(const char *name, size_t n, sim_strategy *out) {
    for (unsigned i = 0; i < SIM_NSTRATEGIES; i++) {
        const char *s = sim_strategy_name((sim_strategy)i);
        if (strlen(s) == n && memcmp(s, name, n) == 0) {
            *out = (sim_strategy)i;
            return 0;
        }
    }
    return -1;
}

/* sim_strategy_parse_n() of a NUL-terminated name. */
static inline int sim_strategy_parse(const char *name, sim_strategy *out) {
    return sim_strategy_parse_n(name, strlen(name), out);
}

/* The strategy named `name` (NUL-terminated) if its flags include one of
 * `any_of` (0: any strategy): 0 and *out set (out may be NULL), or -1 for
 * an unknown name or a strategy without those flags. */
static inline int sim_strategy_parse_if(const char *name, unsigned any_of, sim_strategy *out) {
    sim_strategy s;
    if (sim_strategy_parse(name, &s) != 0 || (any_of && !(sim_strategy_flags(s) & any_of)))
        return -1;
    if (out != NULL)
        *out = s;
    return 0;
}

/* The names of every strategy whose flags include all of `need` and none of
 * `exclude`, joined by ", " into buf (for usage messages); returns buf. */
static inline const char *sim_strategy_list(unsigned need, unsigned exclude, char *buf, size_t n) {
    size_t used = 0;
    if (n == 0)
        return buf;
    buf[0] = '\0';
    for (unsigned i = 0; i < SIM_NSTRATEGIES; i++) {
        unsigned f = sim_strategy_flags((sim_strategy)i);
        if ((f & need) != need || (f & exclude))
            continue;
        const char *s = sim_strategy_name((sim_strategy)i);
        size_t len = strlen(s) + (used ? 2 : 0);
        if (used + len + 1 > n)
            break;
        memcpy(buf + used, used ? ", " : "", used ? 2 : 0);
        memcpy(buf + used + (used ? 2 : 0), s, strlen(s) + 1);
        used += len;
    }
    return buf;
}

#endif
