/* min_check.c - verify 1-minimality: no single removal or zeroing helps. */
#include "min_int.h"

/* Runs pred on c (then frees it): 1 still fails, 0 not, < 0 error. */
static int still_fails(sf_prog *c, sf_min_pred pred, void *ctx, unsigned long *runs) {
    int r = 0;
    if (sf_prog_validate(c, NULL, 0) == SF_PROG_OK) {
        if (runs != NULL)
            (*runs)++;
        r = pred(c, ctx);
    }
    sf_prog_free(c);
    return r < 0 ? SF_MIN_EPRED : r > 0;
}

/* Checks item i of kind `zero` (0: remove op i, 1: zero decision i). */
static int check_one(const sf_prog *p, size_t i, int zero, sf_min_pred pred, void *ctx,
                     unsigned long *runs) {
    sf_prog c;
    if (sf_prog_copy(&c, p) != SF_PROG_OK)
        return SF_MIN_ENOMEM;
    if (zero)
        c.decisions[i] = 0;
    else
        min_remove_ops(&c, i, i + 1);
    return still_fails(&c, pred, ctx, runs);
}

int sf_min_is_1minimal(const sf_prog *p, sf_min_pred pred, void *ctx, unsigned long *runs) {
    for (size_t i = 0; i < sf_prog_nops(p); i++) {
        int r = check_one(p, i, 0, pred, ctx, runs);
        if (r != 0)
            return r < 0 ? r : 0;
    }
    for (size_t i = 0; i < p->nfails; i++) {
        int r = min_fault_needed(p, i, pred, ctx, runs);
        if (r != 1)
            return r < 0 ? r : 0;
    }
    for (size_t i = 0; p->strategy == SIM_REPLAY && i < p->ndecisions; i++) {
        if (p->decisions[i] == 0)
            continue;
        int r = check_one(p, i, 1, pred, ctx, runs);
        if (r != 0)
            return r < 0 ? r : 0;
    }
    return 1;
}
