/* cmd_ptmin.c - `scopefuzz minimize CASE -o OUT` for pthread cases: shrinks
 * the schedule (delta debugging over the decisions: truncate, zero chunks,
 * then single decisions, lower the rest to 1, then merge two switches into
 * one placed anywhere after the first) while the replay still fails with
 * the same signature, then drops the listed faults it does not need, until
 * 1-minimal: zeroing any single nonzero decision (0 = the current thread
 * goes on: fewer preemptions) or dropping any listed fault makes the
 * failure go away. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ptrun.h"

typedef struct ptmin {
    pt_server *s;
    const char *sig;
    const char *made_by; /* the strategy whose decisions these are */
    unsigned long runs, max_runs;
    uint64_t preemptions;          /* of the current best */
    sim_fault fails[SF_MAX_FAILS]; /* the listed faults every replay injects */
    size_t nfails;
} ptmin;

/* 1 if replaying dec[n] fails with the signature, 0 if not, -1 on error. */
static int fails(ptmin *m, const uint32_t *dec, size_t n) {
    if (m->runs >= m->max_runs)
        return 0;
    m->runs++;
    pt_req rq = {.strategy = "replay",
                 .replay_of = m->made_by,
                 .hang_ms = 10000,
                 .dec = dec,
                 .ndec = n,
                 .fails = m->fails,
                 .nfails = m->nfails};
    pt_result r;
    if (pt_run(m->s, &rq, &r) != 0)
        return -1;
    int ok = r.failed && strcmp(r.sig, m->sig) == 0;
    if (ok)
        m->preemptions = r.preemptions;
    pt_result_free(&r);
    return ok;
}

static size_t nonzero(const uint32_t *d, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += d[i] != 0;
    return k;
}

/* One round; returns 1 if anything shrank, 0 if not, -1 on error. */
static int round_once(ptmin *m, uint32_t *dec, size_t *n, uint32_t *tmp) {
    int changed = 0, r;
    /* shortest failing prefix (decisions past the end replay as 0) */
    for (size_t len = *n / 2; len > 0 && len < *n; len = *n / 2) {
        if ((r = fails(m, dec, len)) < 0)
            return -1;
        if (!r)
            break;
        *n = len;
        changed = 1;
    }
    for (size_t chunk = *n / 2 ? *n / 2 : 1;; chunk /= 2) {
        for (size_t at = 0; at < *n; at += chunk) {
            size_t end = at + chunk < *n ? at + chunk : *n;
            if (nonzero(dec + at, end - at) == 0)
                continue;
            memcpy(tmp, dec, *n * sizeof *dec);
            memset(tmp + at, 0, (end - at) * sizeof *tmp);
            if ((r = fails(m, tmp, *n)) < 0)
                return -1;
            if (r) {
                memcpy(dec, tmp, *n * sizeof *dec);
                changed = 1;
            }
        }
        if (chunk == 1)
            break;
    }
    for (size_t i = 0; i < *n; i++) {
        if (dec[i] <= 1)
            continue;
        uint32_t v = dec[i];
        dec[i] = 1;
        if ((r = fails(m, dec, *n)) < 0)
            return -1;
        if (r)
            changed = 1;
        else
            dec[i] = v;
    }
    while (*n > 0 && dec[*n - 1] == 0)
        (*n)--;
    return changed;
}

/* Decisions a merged switch may land on past the end of the schedule (the
 * replay takes 0 for every decision past it). */
#define MERGE_SLACK 64

/* Two switches become one: zeroing one switch changes what every later
 * decision means, so zeroing alone stops where two switches only work
 * together (ABBA: a switch at a thread start and one between the two lock
 * calls), while one switch at a third place would do.  Tries, for each pair
 * of nonzero decisions, a single 1 at every place from the first of them
 * up to MERGE_SLACK past the end (and within cap, the entries dec and tmp
 * hold).  1 if it merged a pair, 0 if not, -1 on error. */
static int merge_pass(ptmin *m, uint32_t *dec, size_t *n, uint32_t *tmp, size_t cap) {
    for (size_t i = 0; i < *n; i++) {
        for (size_t k = i + 1; dec[i] && k < *n; k++) {
            if (!dec[k])
                continue;
            size_t lim = *n + MERGE_SLACK < cap ? *n + MERGE_SLACK : cap;
            memset(tmp, 0, lim * sizeof *tmp);
            memcpy(tmp, dec, *n * sizeof *dec);
            tmp[i] = tmp[k] = 0;
            for (size_t j = i; j < lim; j++) {
                if (tmp[j])
                    continue;
                tmp[j] = 1;
                int r = fails(m, tmp, j + 1 > *n ? j + 1 : *n);
                if (r < 0)
                    return -1;
                if (r) {
                    *n = j + 1 > *n ? j + 1 : *n;
                    memcpy(dec, tmp, *n * sizeof *dec);
                    return 1;
                }
                tmp[j] = 0;
            }
        }
    }
    return 0;
}

/* Fault i of the list removed: 1 if the replay still fails (it stays
 * removed), 0 if not (put back), -1 on error. */
static int drop_fault(ptmin *m, size_t i, const uint32_t *dec, size_t n) {
    sim_fault f = m->fails[i];
    memmove(&m->fails[i], &m->fails[i + 1], (m->nfails - i - 1) * sizeof f);
    m->nfails--;
    int r = fails(m, dec, n);
    if (r != 1) {
        memmove(&m->fails[i + 1], &m->fails[i], (m->nfails - i) * sizeof f);
        m->fails[i] = f;
        m->nfails++;
    }
    return r;
}

/* Drops every listed fault the failure does not need; 1 if one went. */
static int faults_pass(ptmin *m, const uint32_t *dec, size_t n) {
    int changed = 0;
    for (size_t i = m->nfails; i-- > 0;) {
        int r = drop_fault(m, i, dec, n);
        if (r < 0)
            return -1;
        changed |= r;
    }
    return changed;
}

/* 1 if zeroing any single nonzero decision or dropping any listed fault
 * loses the failure. */
static int one_minimal(ptmin *m, uint32_t *dec, size_t n) {
    for (size_t i = 0; i < m->nfails; i++) {
        int r = drop_fault(m, i, dec, n);
        if (r != 0)
            return r < 0 ? -1 : 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (!dec[i])
            continue;
        uint32_t v = dec[i];
        dec[i] = 0;
        int r = fails(m, dec, n);
        dec[i] = v;
        if (r != 0)
            return r < 0 ? -1 : 0;
    }
    return 1;
}

int pt_case_start(const char *path, const char *text, pt_case *c, pt_server *s) {
    int rc = pt_case_parse(path, text, c);
    if (rc == 0) { /* the program's runs read it (exit.c) */
        if (c->allow_leak)
            setenv("SCOPEFUZZ_ALLOW_THREAD_LEAK", "1", 1);
        else
            unsetenv("SCOPEFUZZ_ALLOW_THREAD_LEAK");
    }
    if (rc == 0 && (rc = pt_start(s, c->argv)) != 0)
        pt_case_free(c);
    return rc;
}

static int first_run(pt_server *s, pt_case *c, pt_result *r) {
    pt_req rq = pt_case_request(c, 0);
    return pt_run(s, &rq, r);
}

int cli_pt_minimize(const char *in, const char *text, const char *out, int force,
                    uint64_t max_runs) {
    pt_case c;
    pt_server s;
    int rc = pt_case_start(in, text, &c, &s);
    if (rc != 0)
        return rc;
    pt_result r;
    rc = CLI_USAGE;
    if (first_run(&s, &c, &r) != 0)
        goto out;
    if (!r.failed || r.truncated) {
        fprintf(stderr, "scopefuzz: minimize: %s %s: nothing to minimize\n", in,
                r.failed ? "has more decisions than a case can hold" : "does not fail");
        rc = r.failed ? CLI_USAGE : CLI_PASS;
        pt_result_free(&r);
        goto out;
    }
    if (c.expect[0] && strcmp(c.expect, r.sig) != 0) {
        fprintf(stderr,
                "scopefuzz: minimize: %s expects '%s' but fails with '%s': minimizing for '%s'\n",
                in, c.expect, r.sig, r.sig);
    }
    snprintf(c.expect, sizeof c.expect, "%s", r.sig);
    size_t n = r.ndec, nz0 = nonzero(r.dec, n), n0 = n;
    uint64_t pre0 = r.preemptions;
    uint32_t *dec = calloc(n + MERGE_SLACK + 1, sizeof *dec),
             *tmp = calloc(n + MERGE_SLACK + 1, sizeof *tmp);
    if (dec)
        memcpy(dec, r.dec, n * sizeof *dec);
    ptmin m = {.s = &s,
               .sig = c.expect,
               .made_by = c.strategy,
               .max_runs = max_runs ? max_runs : 20000,
               .preemptions = r.preemptions};
    /* the run's faults, listed (a seeded case's strategy made them) */
    for (size_t i = 0; i < r.nfaults && i < SF_MAX_FAILS; i++)
        m.fails[m.nfails++] = r.faults[i];
    size_t nf0 = m.nfails;
    int ch, minimal = 0;
    /* shrink, then merge pairs of switches, shrinking again after each;
     * then drop faults, and again */
    while (dec && tmp &&
           ((ch = round_once(&m, dec, &n, tmp)) > 0 ||
            (ch == 0 && merge_pass(&m, dec, &n, tmp, n0 + MERGE_SLACK) > 0) ||
            (ch == 0 && faults_pass(&m, dec, n) > 0))) {
    }
    if (dec && tmp && (minimal = one_minimal(&m, dec, n)) >= 0 && fails(&m, dec, n) == 1) {
        free(c.dec);
        c.dec = dec;
        c.ndec = n;
        memcpy(c.fails, m.fails, m.nfails * sizeof *m.fails);
        c.nfails = m.nfails;
        dec = NULL; /* c.strategy stays: it says how the replay treats timers */
        char *t = pt_case_text(&c);
        if (t && cli_write_atomic(out, t, strlen(t), force) == 0) {
            printf("minimize: %s: decisions %zu -> %zu (nonzero %zu -> %zu), preemptions %" PRIu64
                   " -> %" PRIu64 ", %lu runs%s\n",
                   c.expect, n0, n, nz0, nonzero(c.dec, n), pre0, m.preemptions, m.runs,
                   minimal == 1 ? ", 1-minimal" : " (budget reached: not checked 1-minimal)");
            if (nf0)
                printf("minimize: faults %zu -> %zu listed\n", nf0, m.nfails);
            printf("scopefuzz: minimized case written to %s\n", out);
            rc = CLI_FAIL;
        }
        free(t);
    }
    free(dec);
    free(tmp);
    pt_result_free(&r);
out:
    pt_stop(&s);
    pt_case_free(&c);
    return rc;
}
