/* min_try.c - run one candidate; the chunked pass every phase builds on. */
#include "min_int.h"

int min_stopped(const min_ctx *m) { return m->err != 0 || m->runs >= m->max_runs; }

int min_try(min_ctx *m, sf_prog *c, const char *phase) {
    if (min_stopped(m) || sf_prog_validate(c, NULL, 0) != SF_PROG_OK) {
        sf_prog_free(c);
        return 0;
    }
    m->runs++;
    int r = m->pred(c, m->ctx);
    if (r < 0)
        m->err = SF_MIN_EPRED;
    if (r <= 0) {
        sf_prog_free(c);
        return 0;
    }
    sf_prog_free(&m->cur);
    m->cur = *c; /* takes ownership of c's arrays */
    sf_prog_init(c);
    if (m->opts != NULL && m->opts->progress != NULL)
        m->opts->progress(phase, &m->cur, m->ctx);
    return 1;
}

/* One chunk at [lo, lo+size): 1 if the edit was accepted. */
static int try_chunk(min_ctx *m, min_edit edit, size_t lo, size_t size, const char *phase) {
    sf_prog c;
    if (sf_prog_copy(&c, &m->cur) != SF_PROG_OK) {
        m->err = SF_MIN_ENOMEM;
        return 0;
    }
    if (!edit(&c, lo, lo + size)) {
        sf_prog_free(&c);
        return 0;
    }
    return min_try(m, &c, phase);
}

int min_chunks(min_ctx *m, min_count count, min_edit edit, const char *phase) {
    int accepted = 0;
    size_t n = count(&m->cur);
    for (size_t size = n / 2 ? n / 2 : 1; size >= 1 && !min_stopped(m); size /= 2) {
        for (size_t lo = 0; lo < count(&m->cur) && !min_stopped(m);) {
            size_t hi = lo + size;
            size_t len = hi > count(&m->cur) ? count(&m->cur) - lo : size;
            if (try_chunk(m, edit, lo, len, phase))
                accepted++; /* the items moved down: retry at lo */
            else
                lo += size;
        }
    }
    return accepted;
}
